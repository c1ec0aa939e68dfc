"""The reader view: our own page in a QWebEngineView, talking to Python only through
the Bridge (bridge.py), over QWebChannel.

The page is one document built from ``reader/qt/page/web/`` with a per-load nonce
and a strict Content-Security-Policy; a request interceptor blocks every URL
that is not local, so nothing an imported article holds can reach the network.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject, QUrl, Signal
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView

from reader.core.library.model import ArticleInfo
from reader.core.text.model import AnnotatedSentence, Word
from reader.qt.page.bridge import Bridge, sentences_payload, units, word_info

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


#: The page's own scripts, in the order they run (they share one global scope).
SCRIPTS = ("page.js", "render.js", "position.js", "popup.js", "input.js", "copy.js", "bilingual.js", "main.js")


def build_page() -> str:
    """The page as one document: our HTML with its CSS and scripts inlined under a nonce."""
    nonce = secrets.token_urlsafe(18)
    scripts = "\n".join(f'<script nonce="{{{{NONCE}}}}">{_web_file(name)}</script>' for name in SCRIPTS)
    html = _web_file("reader.html")
    for key, value in (
        ("{{CSS}}", _web_file("reader.css")),
        ("{{QWEBCHANNEL_JS}}", _qwebchannel_js()),
        ("{{SCRIPTS}}", scripts),
    ):
        html = html.replace(key, value)
    return html.replace("{{NONCE}}", nonce)


@dataclass
class Document:
    """The article on screen: what the page shows, so page events map back to words."""

    generation: int = 0
    article_id: str = ""
    info: ArticleInfo | None = None
    text: str = ""
    sentences: list[AnnotatedSentence] = field(default_factory=list)
    finished: bool = False


class ReaderView(QWebEngineView):
    """Shows one article at a time; emits what the user does with its words."""

    pageLoaded = Signal()  # noqa: N815
    wordHovered = Signal(object, object)  # noqa: N815 - (Word, AnnotatedSentence)
    wordClicked = Signal(object, object)  # noqa: N815
    kanjiClicked = Signal(object, object, str)  # noqa: N815 - (Word, AnnotatedSentence, kanji)
    popupChanged = Signal()  # noqa: N815 - a popup shows, or hides (popup_word)
    popupKeyPressed = Signal(str)  # noqa: N815 - s, k or i while the page has the focus
    sentenceActivated = Signal(int)  # noqa: N815
    positionChanged = Signal(int, float)  # noqa: N815

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(False)  # files dropped on the text go to the main window
        self.profile = shared_profile()
        self.interceptor: LocalOnlyInterceptor = self.profile.reader_interceptor  # type: ignore[attr-defined]
        page = QWebEnginePage(self.profile, self)
        self.setPage(page)
        self.bridge = Bridge(self, self._word_info)
        self.channel = QWebChannel(page)
        self.channel.registerObject("reader", self.bridge)
        page.setWebChannel(self.channel)
        self.document = Document()
        self.statuses: dict[tuple[str, str], str] = {}  # the user's stored word statuses
        # Imported Yomitan dictionaries for the popup: the window supplies a UserDictionaries.
        self.user_dicts: Callable[[], Any] = lambda: None
        #: (base, reading) -> "new"/"learning"/"known" in Anki, for the popup (window/anki.py).
        self.anki_statuses: dict[tuple[str, str], str] = {}
        self.ready = False
        self._pending: list[tuple[Signal, tuple]] = []
        self._settings: dict[str, object] = {}
        self.bridge.ready.connect(self._on_ready)
        self.bridge.hovered.connect(self._hovered)
        self.bridge.popup_hidden.connect(self._popup_hidden)
        self.bridge.popup_key.connect(self.popupKeyPressed)
        #: The word whose popup shows, and its sentence: the popup's keys act on it.
        self.popup_word: tuple[Word, AnnotatedSentence] | None = None
        self.bridge.clicked.connect(lambda s, u: self._emit_word(self.wordClicked, s, u))
        self.bridge.kanji_clicked.connect(self._emit_kanji)
        self.bridge.sentence_clicked.connect(self.sentenceActivated)
        self.bridge.current.connect(self.sentenceActivated)
        self.bridge.position.connect(self.positionChanged)
        self.bridge.copied.connect(self._copied)
        self._copy_requests: dict[int, Callable[[str], None]] = {}
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
        self.popup_word = None
        self._pending = [p for p in self._pending if p[0] is self.bridge.settingsChanged]
        meta = " · ".join(x for x in (info.author, info.date, info.source) if x)
        payload = {"generation": generation, "title": info.title, "meta": meta, "total": total, "scrollTo": scroll_to}
        self._send(self.bridge.articleStarted, json.dumps(payload, ensure_ascii=False))

    def set_title(self, title: str) -> None:
        """The article on screen was renamed: its heading follows."""
        if self.document.info is not None:
            self.document.info = dataclasses.replace(self.document.info, title=title)
        self._send(self.bridge.titleChanged, title)

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
            payload = sentences_payload(generation, first, sentences, self.statuses)
        self._send(self.bridge.sentencesAdded, payload)
        return True

    def finish_article(self, generation: int) -> None:
        if generation == self.document.generation:
            self.document.finished = True
            self._send(self.bridge.articleFinished, json.dumps({"generation": generation}))

    def set_translations(
        self, generation: int, english: dict[int, str], model: bool | None = None, reset: bool = False
    ) -> None:
        """The English of sentences (index -> text, "" for none) for the bilingual modes;
        the page keeps it, and draws it only while a mode is on (window/bilingual.py)."""
        payload: dict[str, object] = {"generation": generation, "english": english, "reset": reset}
        if model is not None:
            payload["model"] = model
        self._send(self.bridge.translationsChanged, json.dumps(payload, ensure_ascii=False))

    def highlight(self, index: int, scroll: bool = True) -> None:
        self._send(self.bridge.highlightSentence, index, scroll)

    def set_word_status(self, base: str, reading: str, status: str) -> int:
        """Recolour every place of one word on the page, without re-rendering it; a
        status stored without a reading ("") stands for every reading of ``base``.
        Words are matched by their dictionary entry (Word.key)."""
        from reader.core.vocabulary.coverage import StatusView
        from reader.core.vocabulary.status import display_class

        self.statuses[(base, reading)] = status
        view = StatusView(self.statuses)
        places: dict[str, list[list[int]]] = {}
        for i, s in enumerate(self.document.sentences):
            if not any(w.key[0] == base for w in s.words):
                continue
            for j, unit in enumerate(units(s)):
                if isinstance(unit, Word) and unit.content and unit.key[0] == base and (
                    not reading or unit.key[1] == reading
                ):
                    places.setdefault(display_class(view.status(unit)), []).append([i, j])
        for shown, where in places.items():
            self._send(self.bridge.statusChanged, json.dumps({"places": where, "status": shown}))
        return sum(len(where) for where in places.values())

    def show_popup(self, s: int, u: int) -> None:
        """The popup of one word (unit ``u`` of sentence ``s``, see bridge.units), as if
        the pointer rested on it (screenshots, tests)."""
        self._send(self.bridge.popupRequested, s, u)

    def refresh_popup(self) -> None:
        """The page asks again what its popups say (their Anki state changed), and the
        popup that shows is redrawn: a status change that recolours nothing."""
        self._send(self.bridge.infoChanged)

    # --- page events back to words ---------------------------------------------------
    def word_at(self, s: int, u: int) -> tuple[AnnotatedSentence, Word] | None:
        """The word the page calls unit ``u`` of sentence ``s`` (None for a space)."""
        sentences = self.document.sentences
        if not 0 <= s < len(sentences):
            return None
        shown = units(sentences[s])
        if 0 <= u < len(shown) and isinstance(shown[u], Word):
            return sentences[s], shown[u]
        return None

    def place_of(self, s: int, text: str) -> int | None:
        """The unit index of the first word of sentence ``s`` written ``text`` (tests,
        screenshots)."""
        for u, unit in enumerate(units(self.document.sentences[s])):
            if isinstance(unit, Word) and unit.text == text:
                return u
        return None

    def _hovered(self, s: int, u: int) -> None:
        found = self.word_at(s, u)
        self.popup_word = (found[1], found[0]) if found is not None else None
        self.popupChanged.emit()
        if found is not None:
            self.wordHovered.emit(found[1], found[0])

    def _popup_hidden(self) -> None:
        self.popup_word = None
        self.popupChanged.emit()

    def _emit_word(self, signal: Signal, s: int, u: int) -> None:
        found = self.word_at(s, u)
        if found is not None:
            signal.emit(found[1], found[0])

    def _emit_kanji(self, s: int, u: int, kanji: str) -> None:
        found = self.word_at(s, u)
        if found is not None and kanji in found[1].text:
            self.kanjiClicked.emit(found[1], found[0], kanji)

    def _word_info(self, s: int, u: int) -> str:
        found = self.word_at(s, u)
        if not found:
            return "{}"
        try:
            info = word_info(found[1], self.user_dicts())
        except Exception:  # noqa: BLE001 - a popup must never take the page down
            log.exception("popup lookup failed")
            info = word_info(found[1])
        if found[1].content:  # its status, so the popup can say it is saved already
            from reader.core.vocabulary.status import status_of

            info["status"] = status_of(self.statuses, found[1].key)
            if anki := self.anki_statuses.get(found[1].key):
                info["anki"] = anki
        return json.dumps(info, ensure_ascii=False)

    # --- copying -----------------------------------------------------------------------
    def copy_text(self, mode: str, callback: Callable[[str], None]) -> None:
        """The selected text, without furigana ("plain") or with it in brackets, to
        ``callback`` once the page has answered."""
        request = len(self._copy_requests) + 1
        while request in self._copy_requests:
            request += 1
        self._copy_requests[request] = callback
        self._send(self.bridge.copyRequested, request, mode)

    def _copied(self, request: int, text: str) -> None:
        callback = self._copy_requests.pop(request, None)
        if callback is not None:
            callback(text)
