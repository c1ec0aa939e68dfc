"""The word panel: the full dictionary entry of a clicked word, and saving it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ..core.models import AnnotatedSentence, Token


def context_html(token: Token, sentence: AnnotatedSentence) -> str:
    """The sentence the word came from, the word in bold."""
    text, start = sentence.sentence.text, token.start - sentence.sentence.start
    before, word, after = text[:start], text[start : start + len(token.surface)], text[start + len(token.surface) :]
    return f"{escape(before)}<b>{escape(word)}</b>{escape(after)}"


def entry_html(token: Token) -> str:
    """The entry as simple rich text (QTextBrowser); every piece of text escaped."""
    parts = [f"<h2>{escape(token.base)} <small>【{escape(token.base_reading or token.reading)}】</small></h2>"]
    parts.append(f"<p><i>{escape(token.pos)}</i></p>")
    if not token.entries:
        parts.append("<p>No dictionary entry.</p>")
    for entry in token.entries[:3]:
        badges = []
        if entry.common:
            badges.append("common")
        if entry.nf:
            badges.append(f"nf{entry.nf:02d}")
        head = escape(entry.word) + (f"【{escape(entry.reading)}】" if entry.reading != entry.word else "")
        parts.append(f"<h3>{head} <small>{escape(' · '.join(badges))}</small></h3><ol>")
        for sense in entry.senses:
            pos = f"<br><small><i>{escape(', '.join(sense.pos))}</i></small>" if sense.pos else ""
            parts.append(f"<li>{escape('; '.join(sense.glosses))}{pos}</li>")
        parts.append("</ol>")
    return "".join(parts)


class WordPanel(QWidget):
    saveRequested = Signal(object, object)  # noqa: N815 - (Token, AnnotatedSentence)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.token: Token | None = None
        self.sentence: AnnotatedSentence | None = None
        self.context = QLabel(self)
        self.context.setWordWrap(True)
        self.context.setTextFormat(Qt.TextFormat.RichText)
        self.context.setObjectName("wordContext")
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setObjectName("wordEntry")
        self.save_button = QPushButton("Save to vocabulary", self)
        self.save_button.setObjectName("saveWord")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.context)
        layout.addWidget(self.save_button)
        self.browser.setHtml("<p>Click a word in the text to see its entry.</p>")

    def show_token(self, token: Token, sentence: AnnotatedSentence) -> None:
        self.token, self.sentence = token, sentence
        self.browser.setHtml(entry_html(token))
        self.context.setText(context_html(token, sentence))
        self.save_button.setEnabled(True)
        self.save_button.setText("Save to vocabulary")

    def mark_saved(self) -> None:
        self.save_button.setText("Saved ✓")

    def _save(self) -> None:
        if self.token is not None and self.sentence is not None:
            self.saveRequested.emit(self.token, self.sentence)
