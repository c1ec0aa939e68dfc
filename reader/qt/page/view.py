"""The reader view: our own page in a QWebEngineView, talking to Python only
through QWebChannel.

The page is one document built from ``reader/qt/page/web/`` with a per-load nonce
and a strict Content-Security-Policy; a request interceptor blocks every URL
that is not local, so nothing an imported article holds can reach the network.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView

from reader.core.library.model import ArticleInfo
from reader.core.text.model import AnnotatedSentence, Token

log = logging.getLogger(__name__)

#: Schemes the page may load: our inlined document and Qt's own resources.
ALLOWED_SCHEMES = frozenset({"qrc", "data", "about", "blob"})
BASE_URL = QUrl("qrc:/reader/")


class LocalOnlyInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request that would leave the machine (or read local files)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt API
        url = info.requestUrl()
        if url.scheme() not in ALLOWED_SCHEMES:
            info.block(True)
            self.blocked.append(url.toString())
            log.warning("blocked a request from the reader page: %s", url.toString())


_profile: QWebEngineProfile | None = None


def shared_profile() -> QWebEngineProfile:
    """One off-the-record profile (no disk cache, no cookies) for all reader pages.

    It belongs to the application, so it outlives every page that uses it, as
    Qt requires; the interceptor is installed on it once.
    """
    global _profile
    if _profile is None:
        from PySide6.QtWidgets import QApplication

        _profile = QWebEngineProfile(QApplication.instance())
        interceptor = LocalOnlyInterceptor(_profile)
        _profile.setUrlRequestInterceptor(interceptor)
        _profile.reader_interceptor = interceptor  # type: ignore[attr-defined]
    return _profile


def _web_file(name: str) -> str:
    return resources.files("reader.qt.page").joinpath("web", name).read_text(encoding="utf-8")


def _qwebchannel_js() -> str:
    f = QFile(":/qtwebchannel/qwebchannel.js")
    if not f.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError("Qt's qwebchannel.js resource is missing")
    try:
        return bytes(f.readAll().data()).decode("utf-8")
    finally:
        f.close()


def build_page() -> str:
    """The page as one document: our HTML with its CSS and JS inlined under a nonce."""
    nonce = secrets.token_urlsafe(18)
    html = _web_file("reader.html")
    for key, value in (
        ("{{CSS}}", _web_file("reader.css")),
        ("{{QWEBCHANNEL_JS}}", _qwebchannel_js()),
        ("{{JS}}", _web_file("reader.js")),
    ):
        html = html.replace(key, value)
    return html.replace("{{NONCE}}", nonce)


def token_payload(token: Token, statuses: dict[tuple[str, str], str], is_word, level_of) -> dict[str, object]:
    """A token for the page: ruby, whether it is a word, the user's status and JLPT level."""
    status = statuses.get((token.base, token.base_reading), "")
    out: dict[str, object] = {
        "r": [[seg.text, seg.reading] for seg in token.ruby],
        "w": 1 if is_word(token.lexeme) else 0,
        "k": 1 if status in ("known", "ignored") else 0,
        "l": 1 if status == "learning" else 0,
    }
    if out["w"] and (level := level_of(token.lexeme)):
        out["j"] = level
    return out


def sentence_payload(
    index: int, s: AnnotatedSentence, known: dict[tuple[str, str], str], is_word, level_of
) -> dict[str, object]:
    tokens = [token_payload(t, known, is_word, level_of) for t in s.tokens]
    unknown = sum(1 for t in tokens if t["w"] and not t["k"])
    return {
        "i": index,
        "p": s.sentence.paragraph,
        "kind": s.sentence.kind,
        "tokens": tokens,
        "n1": 1 if unknown == 1 else 0,  # i+1: exactly one word not yet known
    }


def sentences_payload(
    generation: int, first: int, sentences: list[AnnotatedSentence], known: dict[tuple[str, str], str]
) -> str:
    """The JSON the page's ``sentencesAdded`` expects (pure: safe on a worker thread)."""
    # Imported here, once per batch: the pipeline loads after the page has started, and
    # an import per token would go through PySide's import hook every time.
    from reader.core.dictionaries.levels import lexeme_level
    from reader.core.text.pipeline import wants_gloss

    payload = {
        "generation": generation,
        "sentences": [
            sentence_payload(first + k, s, known, wants_gloss, lexeme_level) for k, s in enumerate(sentences)
        ],
    }
    return json.dumps(payload, ensure_ascii=False)


def token_info(token: Token, user_dicts=None) -> dict[str, object]:
    """What the hover popup shows (imported dictionaries looked up on the GUI thread: ~0.1 ms)."""
    from reader.core.dictionaries import wordinfo

    return wordinfo.popup_info(token, wordinfo.extras(token, user_dicts))


class Bridge(QObject):
    """The object the page sees as ``reader`` over QWebChannel."""

    # Python -> page
    articleStarted = Signal(str)  # noqa: N815 - names are the page's API
    sentencesAdded = Signal(str)  # noqa: N815
    articleFinished = Signal(str)  # noqa: N815
    settingsChanged = Signal(str)  # noqa: N815
    highlightSentence = Signal(int, bool)  # noqa: N815

    # page -> Python, re-emitted for the view
    ready = Signal()
    hovered = Signal(int, int)
    clicked = Signal(int, int)
    kanji_clicked = Signal(int, int, str)
    save = Signal(int, int)
    sentence_clicked = Signal(int)
    position = Signal(int, float)
    current = Signal(int)

    def __init__(self, view: ReaderView) -> None:
        super().__init__(view)
        self._view = view

    @Slot()
    def pageReady(self) -> None:  # noqa: N802
        self.ready.emit()

    @Slot(int, int)
    def wordHovered(self, s: int, t: int) -> None:  # noqa: N802
        self.hovered.emit(s, t)

    @Slot(int, int)
    def wordClicked(self, s: int, t: int) -> None:  # noqa: N802
        self.clicked.emit(s, t)

    @Slot(int, int, str)
    def kanjiClicked(self, s: int, t: int, kanji: str) -> None:  # noqa: N802
        self.kanji_clicked.emit(s, t, kanji[:1])

    @Slot(int, int)
    def wordSaveRequested(self, s: int, t: int) -> None:  # noqa: N802
        self.save.emit(s, t)

    @Slot(int)
    def sentenceClicked(self, s: int) -> None:  # noqa: N802
        self.sentence_clicked.emit(s)

    @Slot(int, float)
    def positionChanged(self, s: int, fraction: float) -> None:  # noqa: N802
        self.position.emit(s, fraction)

    @Slot(int)
    def currentSentenceChanged(self, s: int) -> None:  # noqa: N802
        self.current.emit(s)

    @Slot(int, int, result=str)
    def tokenInfo(self, s: int, t: int) -> str:  # noqa: N802
        found = self._view.token_at(s, t)
        if not found:
            return "{}"
        try:
            info = token_info(found[1], self._view.user_dicts())
        except Exception:  # noqa: BLE001 - a popup must never take the page down
            log.exception("popup lookup failed")
            info = token_info(found[1])
        return json.dumps(info, ensure_ascii=False)


@dataclass
class Document:
    """The article on screen: what the page shows, so page events map back to tokens."""

    generation: int = 0
    article_id: str = ""
    info: ArticleInfo | None = None
    text: str = ""
    sentences: list[AnnotatedSentence] = field(default_factory=list)
    finished: bool = False


class ReaderView(QWebEngineView):
    """Shows one article at a time; emits what the user does with its words."""

    pageLoaded = Signal()  # noqa: N815
    tokenHovered = Signal(object, object)  # noqa: N815 - (Token, AnnotatedSentence)
    tokenClicked = Signal(object, object)  # noqa: N815
    kanjiClicked = Signal(object, object, str)  # noqa: N815 - (Token, AnnotatedSentence, kanji)
    saveRequested = Signal(object, object)  # noqa: N815 - "s" on the hover popup
    sentenceActivated = Signal(int)  # noqa: N815
    positionChanged = Signal(int, float)  # noqa: N815

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(False)  # files dropped on the text go to the main window
        self.profile = shared_profile()
        self.interceptor: LocalOnlyInterceptor = self.profile.reader_interceptor  # type: ignore[attr-defined]
        page = QWebEnginePage(self.profile, self)
        self.setPage(page)
        self.bridge = Bridge(self)
        self.channel = QWebChannel(page)
        self.channel.registerObject("reader", self.bridge)
        page.setWebChannel(self.channel)
        self.document = Document()
        self.known: dict[tuple[str, str], str] = {}  # (base, reading) -> the user's status
        # Imported Yomitan dictionaries for the popup: the window supplies a UserDictionaries.
        self.user_dicts: Callable[[], Any] = lambda: None
        self.ready = False
        self._pending: list[tuple[Signal, tuple]] = []
        self._settings: dict[str, object] = {}
        self.bridge.ready.connect(self._on_ready)
        self.bridge.hovered.connect(lambda s, t: self._emit_token(self.tokenHovered, s, t))
        self.bridge.clicked.connect(lambda s, t: self._emit_token(self.tokenClicked, s, t))
        self.bridge.kanji_clicked.connect(self._emit_kanji)
        self.bridge.save.connect(lambda s, t: self._emit_token(self.saveRequested, s, t))
        self.bridge.sentence_clicked.connect(self.sentenceActivated)
        self.bridge.current.connect(self.sentenceActivated)
        self.bridge.position.connect(self.positionChanged)
        page.setHtml(build_page(), BASE_URL)

    # --- page lifecycle -------------------------------------------------------------
    def _on_ready(self) -> None:
        self.ready = True
        pending, self._pending = self._pending, []
        if self._settings:
            self.bridge.settingsChanged.emit(json.dumps(self._settings))
        for signal, args in pending:
            signal.emit(*args)
        self.pageLoaded.emit()

    def _send(self, signal: Signal, *args: object) -> None:
        """Emit to the page, or queue until it is ready."""
        if self.ready:
            signal.emit(*args)
        else:
            self._pending.append((signal, args))

    # --- what Python tells the page ------------------------------------------------
    def apply_settings(self, settings: dict[str, object]) -> None:
        self._settings = dict(settings)
        if self.ready:
            self.bridge.settingsChanged.emit(json.dumps(self._settings))

    def start_article(
        self, generation: int, article_id: str, info: ArticleInfo, text: str, total: int, scroll_to: dict | None
    ) -> None:
        self.document = Document(generation, article_id, info, text)
        self._pending = [p for p in self._pending if p[0] is self.bridge.settingsChanged]
        meta = " · ".join(x for x in (info.author, info.date, info.source) if x)
        payload = {"generation": generation, "title": info.title, "meta": meta, "total": total, "scrollTo": scroll_to}
        self._send(self.bridge.articleStarted, json.dumps(payload, ensure_ascii=False))

    def add_sentences(self, generation: int, sentences: list[AnnotatedSentence], payload: str | None = None) -> bool:
        """Append annotated sentences; False (and nothing shown) if they are stale.

        ``payload`` is the page's JSON for them, built off the GUI thread by
        :func:`sentences_payload` when the caller can; built here otherwise.
        """
        if generation != self.document.generation:
            return False
        first = len(self.document.sentences)
        self.document.sentences.extend(sentences)
        if payload is None:
            payload = sentences_payload(generation, first, sentences, self.known)
        self._send(self.bridge.sentencesAdded, payload)
        return True

    def finish_article(self, generation: int) -> None:
        if generation == self.document.generation:
            self.document.finished = True
            self._send(self.bridge.articleFinished, json.dumps({"generation": generation}))

    def highlight(self, index: int, scroll: bool = True) -> None:
        self._send(self.bridge.highlightSentence, index, scroll)

    def set_word_status(self, base: str, reading: str, status: str) -> int:
        """Retint every token of one word on the page, without re-rendering it."""
        self.known[(base, reading)] = status
        places = [
            [i, j]
            for i, s in enumerate(self.document.sentences)
            for j, t in enumerate(s.tokens)
            if t.base == base and t.base_reading == reading
        ]
        if places:
            self.run_js(f"window.reader && window.reader.setStatus({json.dumps(places)}, {json.dumps(status)})")
        return len(places)

    # --- page events back to tokens -------------------------------------------------
    def token_at(self, s: int, t: int) -> tuple[AnnotatedSentence, Token] | None:
        sentences = self.document.sentences
        if 0 <= s < len(sentences) and 0 <= t < len(sentences[s].tokens):
            return sentences[s], sentences[s].tokens[t]
        return None

    def _emit_token(self, signal: Signal, s: int, t: int) -> None:
        found = self.token_at(s, t)
        if found is not None:
            signal.emit(found[1], found[0])

    def _emit_kanji(self, s: int, t: int, kanji: str) -> None:
        found = self.token_at(s, t)
        if found is not None and kanji in found[1].surface:
            self.kanjiClicked.emit(found[1], found[0], kanji)

    # --- JavaScript helpers ------------------------------------------------------------
    def run_js(self, code: str, callback=None) -> None:
        if callback is None:
            self.page().runJavaScript(code, 0)
        else:
            self.page().runJavaScript(code, 0, callback)

    def copy_text(self, mode: str, callback) -> None:
        self.run_js(f"window.reader ? window.reader.copyText({json.dumps(mode)}) : ''", callback)
