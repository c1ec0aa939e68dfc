"""Reviewing due words (FSRS): the word in its saved sentence, rated from the keyboard.

Space shows the answer (reading and meanings); F shows furigana on the sentence
on demand; 1 Again, 2 Hard, 3 Good, 4 Easy. Every answer is stored at once.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from reader.core.storage.store import Store
from reader.core.vocabulary.review import Reviewer
from reader.core.vocabulary.words import Words
from reader.qt.window.commands import Write

RATINGS = ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy"))


def sentence_html(context: dict | None, word: str) -> str:
    if not context:
        return f"<b>{escape(word)}</b>"
    text, start, end = context["sentence"], context["start"], context["end"]
    return f"{escape(text[:start])}<b>{escape(text[start:end])}</b>{escape(text[end:])}"


class ReviewDialog(QDialog):
    def __init__(self, store: Store, write: Write, parent: QWidget | None = None, annotator=None) -> None:
        """``write(fn)`` runs a write on the window's writer thread (answers are saved there)."""
        super().__init__(parent)
        self.write = write
        self.annotator = annotator  # a callable giving an Annotator, for furigana on demand
        self.context: dict | None = None
        self.setWindowTitle("Review")
        self.setObjectName("reviewDialog")
        self.resize(560, 360)
        self.reviewer = Reviewer(store)
        self.store = store
        self.queue = self.reviewer.due_cards()
        self.done_count = 0
        self.shown = False
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
        buttons = QHBoxLayout()
        self.rate_buttons = []
        for rating, title in RATINGS:
            button = QPushButton(f"{rating} {title}", self)
            button.clicked.connect(lambda _=False, r=rating: self.rate(r))
            button.setEnabled(False)
            buttons.addWidget(button)
            self.rate_buttons.append(button)
        layout = QVBoxLayout(self)
        for widget in (self.progress, self.word_label, self.sentence_label, self.answer_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.show_button)
        layout.addLayout(buttons)
        self.next_card()

    @property
    def current(self) -> dict | None:
        return self.queue[0] if self.queue else None

    def next_card(self) -> None:
        self.shown = False
        for button in self.rate_buttons:
            button.setEnabled(False)
        self.answer_label.setText("")
        word = self.current
        if word is None:
            self.word_label.setText("<h2>Nothing is due.</h2>")
            self.sentence_label.setText(f"{self.done_count} reviewed in this session.")
            self.show_button.setEnabled(False)
            self.progress.setText("")
            return
        self.progress.setText(f"{len(self.queue)} due")
        self.word_label.setText(f"<h1>{escape(word['base'])}</h1>")
        contexts = Words(self.store).word_contexts(word["id"])
        self.context = contexts[0] if contexts else None
        self.sentence_label.setText(sentence_html(self.context, word["base"]))
        self.show_button.setEnabled(True)

    def show_furigana(self) -> None:
        """The sentence with readings in brackets: 停戦[ていせん]は…"""
        if self.context is None or self.annotator is None:
            return
        from reader.core.text.furigana import bracketed
        from reader.core.text.sentences import split_sentences

        annotator = self.annotator()
        parts = []
        for sentence in split_sentences(self.context["sentence"]):
            for token in annotator.annotate_sentence(sentence).tokens:
                parts.append(escape(bracketed(token.ruby)))  # furigana as MeCab reads each piece
        self.sentence_label.setText("".join(parts))

    def reveal(self) -> None:
        word = self.current
        if word is None:
            return
        self.shown = True
        glosses = "; ".join(word.get("glosses") or []) or "(no meanings saved)"
        note = f"<p><i>{escape(word['note'])}</i></p>" if word.get("note") else ""
        self.answer_label.setText(f"<h3>{escape(word['reading'])}</h3><p>{escape(glosses)}</p>{note}")
        for button in self.rate_buttons:
            button.setEnabled(True)

    def rate(self, rating: int) -> None:
        word = self.current
        if word is None or not self.shown:
            return
        word_id, reviewer = word["id"], self.reviewer
        self.write(lambda: reviewer.review(word_id, rating))
        self.queue.pop(0)
        self.done_count += 1
        self.next_card()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        if key == Qt.Key.Key_Space:
            self.reveal()
        elif key == Qt.Key.Key_F:
            self.show_furigana()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_4:
            self.rate(key - Qt.Key.Key_0)
        else:
            super().keyPressEvent(event)
