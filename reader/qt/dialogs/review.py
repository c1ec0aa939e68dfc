"""Reviewing due words (FSRS): the word in its saved sentence, rated from the keyboard.

Space shows the answer (reading and meanings, and furigana on the sentence); F
turns furigana on the sentence on and off; A (or ▶) then says the word; 1 Again, 2 Hard, 3 Good, 4 Easy, each
button saying when the word would come back. Every answer is stored at once.

As in Anki, a word that an answer makes due again within the learn-ahead limit
(Again, a new word's first steps) comes back later in the same session; the
session ends when nothing is due within that limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from reader.core.storage.clock import iso
from reader.core.storage.store import Store
from reader.core.vocabulary.review import Reviewer, format_interval
from reader.core.vocabulary.status import LEARNING, NEW
from reader.core.vocabulary.words import Words
from reader.qt.window.commands import Write

RATINGS = ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy"))
#: Anki's default learn-ahead limit: a word due again within it comes back in this session.
LEARN_AHEAD = timedelta(minutes=20)
#: How a reading is shown after its kanji: Qt's rich text has no <ruby>.
READING_STYLE = "font-size:small; font-weight:normal; color:#888"


def sentence_html(context: dict | None, word: str) -> str:
    if not context:
        return f"<b>{escape(word)}</b>"
    text, start, end = context["sentence"], context["start"], context["end"]
    return f"{escape(text[:start])}<b>{escape(text[start:end])}</b>{escape(text[end:])}"


def furigana_html(context: dict, tokens: Iterable[Any]) -> str:
    """The context sentence with each kanji run's reading after it, small and grey:
    停戦（ていせん）は… The saved word stays bold (its readings in normal weight).

    ``tokens`` are the annotator's tokens over ``context["sentence"]`` (``start``
    an offset in it, ``ruby`` its segments); text between tokens is kept as is.
    """
    text, start, end = context["sentence"], context["start"], context["end"]
    pieces: list[tuple[str, bool]] = []  # (html, inside the saved word)

    def plain(a: int, b: int) -> None:
        for lo, hi, inside in ((a, min(b, start), False), (max(a, start), min(b, end), True),
                               (max(a, end), b, False)):
            if lo < hi:
                pieces.append((escape(text[lo:hi]), inside))

    position = 0
    for token in tokens:
        if token.start < position:
            continue  # overlaps what is written already
        plain(position, token.start)
        offset, token_end = token.start, token.start + len(token.surface)
        for segment in token.ruby or ():
            segment_end = min(offset + len(segment.text), token_end)
            plain(offset, segment_end)
            if segment.reading:
                inside = start <= offset and segment_end <= end
                pieces.append((f'<span style="{READING_STYLE}">（{escape(segment.reading)}）</span>', inside))
            offset = segment_end
        plain(offset, token_end)  # whatever the segments left (none when they spell the token)
        position = token_end
    plain(position, len(text))
    html, bold = [], False
    for piece, inside in pieces:
        if inside != bold:
            html.append("<b>" if inside else "</b>")
            bold = inside
        html.append(piece)
    if bold:
        html.append("</b>")
    return "".join(html)


class ReviewDialog(QDialog):
    def __init__(
        self, store: Store, write: Write, parent: QWidget | None = None, annotator=None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """``write(fn)`` runs a write on the window's writer thread (answers are saved there);
        ``clock`` gives the time (UTC) answers are recorded at."""
        super().__init__(parent)
        self.write = write
        self.annotator = annotator  # a callable giving an Annotator, for furigana on demand
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.context: dict | None = None
        self.setWindowTitle("Review")
        self.setObjectName("reviewDialog")
        self.resize(560, 360)
        self.reviewer = Reviewer(store)
        self.store = store
        # Each entry: the word (as Words.word gives it) and "card", its FSRS card as this
        # session knows it (answers are computed here at once and written behind).
        self.reviewer.scheduler  # noqa: B018 - made here, not by two threads at once
        self.queue = self.reviewer.due_cards(self.clock())
        for word in self.queue:
            word["card"] = self.reviewer.card(word["id"])
        self.done_count = 0
        self.shown = False
        self.furigana = False
        self._furigana_html: str | None = None  # the current sentence with furigana, once made
        self.intervals: dict[int, timedelta] = {}
        self.word_label = QLabel(self)
        self.word_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sentence_label = QLabel(self)
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setTextFormat(Qt.TextFormat.RichText)
        self.answer_label = QLabel(self)
        self.answer_label.setWordWrap(True)
        self.answer_label.setTextFormat(Qt.TextFormat.RichText)
        self.progress = QLabel(self)
        self.show_button = QPushButton("Show answer (Space)", self)
        self.show_button.clicked.connect(self.reveal)
        #: Says text (the window's speech, window/audio.py); None: no ▶.
        self.speak: Callable[..., None] | None = getattr(getattr(parent, "audio", None), "say", None)
        self.play_button = QPushButton("▶ Listen (A)", self)
        self.play_button.setObjectName("reviewListen")
        self.play_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.play_button.clicked.connect(self.play_word)
        self.play_button.setVisible(False)
        buttons = QHBoxLayout()
        self.rate_buttons = []
        for rating, title in RATINGS:
            button = QPushButton(f"{rating} {title}", self)
            button.clicked.connect(lambda _=False, r=rating: self.rate(r))
            button.setEnabled(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the dialog
            buttons.addWidget(button)
            self.rate_buttons.append(button)
        layout = QVBoxLayout(self)
        for widget in (self.progress, self.word_label, self.sentence_label, self.answer_label):
            layout.addWidget(widget)
        layout.addWidget(self.play_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        layout.addWidget(self.show_button)
        layout.addLayout(buttons)
        self.next_card()

    @property
    def current(self) -> dict | None:
        return self.queue[0] if self.queue else None

    def _order(self, now: datetime) -> None:
        """Words back from an answer first once due, then the rest due now in their order,
        then those due within the learn-ahead limit, soonest first (shown early, as Anki
        does when nothing else is due)."""
        def key(word: dict) -> tuple[int, datetime]:
            due = word["card"].due
            if due > now:
                return 2, due
            return (0 if word.get("answered") else 1), due

        self.queue.sort(key=key)  # stable: words due at the start keep their order
        self.queue = [w for w in self.queue if w["card"].due <= now + LEARN_AHEAD]

    def next_card(self) -> None:
        self.shown = False
        self.furigana = False
        self._furigana_html = None
        self.intervals = {}
        self._order(self.clock())
        for (rating, title), button in zip(RATINGS, self.rate_buttons):
            button.setText(f"{rating} {title}")
            button.setEnabled(False)
            button.setVisible(False)
        self.answer_label.setText("")
        self.play_button.setVisible(False)
        word = self.current
        if word is None:
            self.context = None
            self.word_label.setText("<h2>Nothing is due.</h2>")
            self.sentence_label.setText(f"{self.done_count} reviewed in this session.")
            self.show_button.setEnabled(False)
            self.show_button.setVisible(False)
            self.progress.setText("")
            return
        self.progress.setText(f"{len(self.queue)} to review · {self.done_count} done")
        self.word_label.setText(f"<h1>{escape(word['base'])}</h1>")
        contexts = Words(self.store).word_contexts(word["id"])
        self.context = contexts[0] if contexts else None
        self.show_sentence()
        self.show_button.setEnabled(True)
        self.show_button.setVisible(True)

    def show_sentence(self) -> None:
        """The sentence, with furigana when they are on (and can be made)."""
        word = self.current
        if word is None:
            return
        html = self.furigana_sentence() if self.furigana else None
        self.sentence_label.setText(html or sentence_html(self.context, word["base"]))

    def furigana_sentence(self) -> str | None:
        """The context sentence with readings after its kanji; None without one."""
        if self.context is None or self.annotator is None:
            return None
        if self._furigana_html is None:
            from reader.core.text.sentences import split_sentences

            annotator = self.annotator()
            tokens = [
                token
                for sentence in split_sentences(self.context["sentence"])
                for token in annotator.annotate_sentence(sentence).tokens
            ]
            self._furigana_html = furigana_html(self.context, tokens)
        return self._furigana_html

    def toggle_furigana(self) -> None:
        if self.current is None:
            return
        self.furigana = not self.furigana
        self.show_sentence()

    def reveal(self) -> None:
        word = self.current
        if word is None or self.shown:
            return
        self.shown = True
        glosses = "; ".join(word.get("glosses") or []) or "(no meanings saved)"
        note = f"<p><i>{escape(word['note'])}</i></p>" if word.get("note") else ""
        self.answer_label.setText(f"<h3>{escape(word['reading'])}</h3><p>{escape(glosses)}</p>{note}")
        self.furigana = True  # the answer shows the reading of the whole sentence too
        self.show_sentence()
        self.intervals = self.reviewer.intervals(word["card"], self.clock())
        for (rating, title), button in zip(RATINGS, self.rate_buttons):
            button.setText(f"{rating} {title}\n{format_interval(self.intervals[rating], LEARN_AHEAD)}")
            button.setEnabled(True)
            button.setVisible(True)
        self.show_button.setVisible(False)
        self.play_button.setVisible(self.speak is not None)

    def play_word(self) -> None:
        """A, or ▶, once the answer shows: the word said aloud."""
        word = self.current
        if word is not None and self.shown and self.speak is not None:
            self.speak(word["base"])

    def rate(self, rating: int) -> None:
        word = self.current
        if word is None or not self.shown:
            return
        word_id, reviewer, now = word["id"], self.reviewer, self.clock()
        self.write(lambda: reviewer.review(word_id, rating, now))
        self.queue.pop(0)
        self.done_count += 1
        # The same answer, computed here: the session goes on without waiting for the write.
        card = reviewer.schedule(word["card"], rating, now)
        if card.due <= now + LEARN_AHEAD:
            status = LEARNING if word.get("status") == NEW else word.get("status")
            self.queue.append({**word, "card": card, "due": iso(card.due), "status": status,
                               "answered": True})
        self.next_card()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        if key == Qt.Key.Key_Space:
            self.reveal()
        elif key == Qt.Key.Key_F:
            self.toggle_furigana()
        elif key == Qt.Key.Key_A:
            self.play_word()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_4:
            self.rate(key - Qt.Key.Key_0)
        else:
            super().keyPressEvent(event)
