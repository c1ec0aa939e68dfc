"""The whole protocol between Python and the reader page, in one place.

The page (web/reader.js) sees one object, ``reader``, over QWebChannel: Python
talks to it only through this Bridge's signals, and it answers only through its
slots; no JavaScript is ever built from strings. What travels is JSON whose keys
are named once here (``Key``) and once in reader.js (``KEY``); a test checks that
the two lists, the signals the page listens to and the slots it calls all agree.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from reader.core.text.model import AnnotatedSentence, Token, Word

if TYPE_CHECKING:
    from reader.core.vocabulary.coverage import StatusView

log = logging.getLogger(__name__)


class Key:
    """The keys of the sentences and words sent to the page (short: a long article is
    hundreds of thousands of words)."""

    INDEX = "i"  # a sentence's index in the article
    PARAGRAPH = "p"  # the input line it is on: sentences of one line share a paragraph
    KIND = "kind"  # "text", "heading" or "list"
    WORDS = "words"  # the sentence's words and the spaces between them, in order
    ONE_UNKNOWN = "n1"  # 1: exactly one word of it is not yet known (i+1)
    RUBY = "r"  # [[text, reading], ...], the readings "" where there is no furigana
    WORD = "w"  # 1: a word the user can look up and save
    STATUS = "s"  # a word's colour: "new", "learning" or "known" (vocabulary/status.py)
    LEVEL = "j"  # a word's JLPT level, 5 (N5) .. 1 (N1), when listed


def keys() -> dict[str, str]:
    """Key's names and values, for the test that compares them with reader.js."""
    return {name: value for name, value in vars(Key).items() if name.isupper()}


Unit = Word | Token  # what the page shows of a sentence: a word, or a space between


def units(sentence: AnnotatedSentence) -> list[Unit]:
    """A sentence as the page shows it: its words, and the spaces between them, in order;
    page events name a unit by its index here."""
    out: list[Unit] = []
    k = 0
    tokens = sentence.tokens
    for word in sentence.words:
        if word.first > k:
            out.extend(tokens[k : word.first])
        out.append(word)
        k = word.first + len(word.tokens)
    out.extend(tokens[k:])
    return out


def unit_payload(
    unit: Unit, view: StatusView, display_class: Callable[[str], str], level_of: Callable[[Any], int | None]
) -> dict[str, object]:
    out: dict[str, object] = {Key.RUBY: [[seg.text, seg.reading] for seg in unit.ruby]}
    if isinstance(unit, Word) and unit.content:
        out[Key.WORD] = 1
        out[Key.STATUS] = display_class(view.status(unit))
        if level := level_of(unit):
            out[Key.LEVEL] = level
    return out


def sentences_payload(
    generation: int, first: int, sentences: list[AnnotatedSentence], statuses: Mapping[tuple[str, str], str]
) -> str:
    """The JSON the page's ``sentencesAdded`` expects (pure: safe on a worker thread)."""
    # Imported here, once per batch: the pipeline loads after the page has started, and
    # an import per word would go through PySide's import hook every time.
    from reader.core.dictionaries.wordinfo import word_level
    from reader.core.vocabulary.coverage import StatusView
    from reader.core.vocabulary.status import display_class

    view = StatusView(statuses)
    out = []
    for k, s in enumerate(sentences):
        out.append({
            Key.INDEX: first + k,
            Key.PARAGRAPH: s.sentence.paragraph,
            Key.KIND: s.sentence.kind,
            Key.WORDS: [unit_payload(u, view, display_class, word_level) for u in units(s)],
            Key.ONE_UNKNOWN: 1 if len(view.unknown_in(s)) == 1 else 0,
        })
    return json.dumps({"generation": generation, "sentences": out}, ensure_ascii=False)


def word_info(word: Word, user_dicts: Any = None) -> dict[str, object]:
    """What the hover popup shows (imported dictionaries looked up on the GUI thread: ~0.1 ms)."""
    from reader.core.dictionaries import wordinfo

    return wordinfo.popup_info(word, wordinfo.extras(word, user_dicts))


class Bridge(QObject):
    """The object the page sees as ``reader``."""

    # Python -> page (reader.js's `handlers`)
    articleStarted = Signal(str)  # noqa: N815 - {generation, title, meta, total, scrollTo}
    sentencesAdded = Signal(str)  # noqa: N815 - {generation, sentences: [...]}
    articleFinished = Signal(str)  # noqa: N815 - {generation}
    settingsChanged = Signal(str)  # noqa: N815 - {furigana, furiganaLevel, theme, ...}
    highlightSentence = Signal(int, bool)  # noqa: N815 - sentence, scroll to it
    statusChanged = Signal(str)  # noqa: N815 - {places: [[sentence, unit], ...], status}
    copyRequested = Signal(int, str)  # noqa: N815 - request id, "plain" or "brackets"
    popupRequested = Signal(int, int)  # noqa: N815 - show a word's popup (screenshots)
    titleChanged = Signal(str)  # noqa: N815 - the article on screen was renamed
    infoChanged = Signal()  # noqa: N815 - what popups say changed (Anki's state): ask again
    translationsChanged = Signal(str)  # noqa: N815 - {generation, english: {i: text}, model, reset}
    pitchShown = Signal(str)  # noqa: N815 - {sentence, phrases: [{text, morae, high, drop, ...}]}

    # page -> Python, re-emitted for the view
    ready = Signal()
    hovered = Signal(int, int)
    popup_hidden = Signal()
    popup_key = Signal(str)
    clicked = Signal(int, int)
    kanji_clicked = Signal(int, int, str)
    sentence_clicked = Signal(int)
    position = Signal(int, float)
    current = Signal(int)
    copied = Signal(int, str)

    #: The signals the page listens to (reader.js's ``handlers``).
    TO_PAGE = (
        "articleStarted", "sentencesAdded", "articleFinished", "settingsChanged",
        "highlightSentence", "statusChanged", "copyRequested", "popupRequested",
        "titleChanged", "infoChanged", "translationsChanged", "pitchShown",
    )

    def __init__(self, parent: QObject, word_info: Callable[[int, int], str]) -> None:
        super().__init__(parent)
        self._word_info = word_info

    @Slot()
    def pageReady(self) -> None:  # noqa: N802 - names are the page's API
        self.ready.emit()

    @Slot(int, int)
    def wordHovered(self, s: int, t: int) -> None:  # noqa: N802
        self.hovered.emit(s, t)

    @Slot()
    def popupHidden(self) -> None:  # noqa: N802
        self.popup_hidden.emit()

    @Slot(str)
    def popupKey(self, key: str) -> None:  # noqa: N802 - s, k, i, e or a (say it) while the popup shows
        self.popup_key.emit(key[:1])

    @Slot(int, int)
    def wordClicked(self, s: int, t: int) -> None:  # noqa: N802
        self.clicked.emit(s, t)

    @Slot(int, int, str)
    def kanjiClicked(self, s: int, t: int, kanji: str) -> None:  # noqa: N802
        self.kanji_clicked.emit(s, t, kanji[:1])

    @Slot(int)
    def sentenceClicked(self, s: int) -> None:  # noqa: N802
        self.sentence_clicked.emit(s)

    @Slot(int, float)
    def positionChanged(self, s: int, fraction: float) -> None:  # noqa: N802
        self.position.emit(s, fraction)

    @Slot(int)
    def currentSentenceChanged(self, s: int) -> None:  # noqa: N802
        self.current.emit(s)

    @Slot(int, str)
    def textCopied(self, request: int, text: str) -> None:  # noqa: N802 - answers copyRequested
        self.copied.emit(request, text)

    @Slot(int, int, result=str)
    def wordInfo(self, s: int, u: int) -> str:  # noqa: N802
        return self._word_info(s, u)
