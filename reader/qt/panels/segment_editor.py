"""The open segment: its Japanese, the draft being written, and what can help write it
(the machine translation, translation-memory matches, the glossary's terms).

The pane lays it over the current row of the segment list and tells it what to show;
it tells the pane when its height changes and when the draft is typed in.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

MAX_MATCHES = 3
HIGHLIGHT = "#ffd36b"


class DraftEdit(QPlainTextEdit):
    """The draft: as tall as its text (never a scroll bar), Enter goes on to the next
    segment (Shift+Enter: a new line), Ctrl+Z is the window's undo of whole edits."""

    heightChanged = Signal()  # noqa: N815
    flushRequested = Signal()  # noqa: N815 - commit what was typed, now
    nextRequested = Signal()  # noqa: N815

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("draftEdit")
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)  # one undo: the window's, edit by edit
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setPlaceholderText("Your English… (Ctrl+Enter: take the machine translation)")
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self.fit())
        self.fit()

    def fit(self) -> None:
        lines = max(2, int(self.document().documentLayout().documentSize().height()))
        margins = self.contentsMargins()
        height = (lines * self.fontMetrics().lineSpacing() + int(2 * self.document().documentMargin())
                  + margins.top() + margins.bottom() + 2)
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
            self.heightChanged.emit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and (
            event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
        ):
            self.flushRequested.emit()  # the typing becomes an edit; the window's undo takes it back
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.nextRequested.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.flushRequested.emit()
        super().focusOutEvent(event)


def _label(parent: QWidget, name: str, rich: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def highlighted(text: str, spans) -> str:
    """``text`` as HTML, with the characters in ``spans`` ((start, end), …) marked."""
    out, at = [], 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        out.append(escape(text[at:start]))
        out.append(f'<span style="background:{HIGHLIGHT}; color:#000">{escape(text[start:end])}</span>')
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


class SegmentEditor(QFrame):
    """One segment opened for editing. The pane fills it (show, set_matches, set_terms)."""

    heightChanged = Signal()  # noqa: N815

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("segmentEditor")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#segmentEditor { border: 2px solid palette(highlight); border-radius: 3px;"
            " background: palette(base); }"
            "QLabel#segmentHeader, QLabel#matchesLabel { color: palette(placeholder-text); }"
        )
        self.header = _label(self, "segmentHeader")
        self.source = _label(self, "segmentSource", rich=True)
        self.draft = DraftEdit(self)
        self.machine = _label(self, "segmentMachine", rich=True)
        self.match_labels = [_label(self, f"tmMatch{i + 1}", rich=True) for i in range(MAX_MATCHES)]
        self.terms = _label(self, "segmentTerms", rich=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(7, 5, 7, 6)
        layout.setSpacing(4)
        for widget in (self.header, self.source, self.draft, self.machine, *self.match_labels, self.terms):
            layout.addWidget(widget)
        for label in (*self.match_labels, self.terms):
            label.hide()
        self.draft.heightChanged.connect(self.heightChanged)
        self.matches: list = []

    def height_for(self, width: int) -> int:
        return self.layout().totalHeightForWidth(width)

    # --- what it shows -------------------------------------------------------------------
    def show_segment(self, number: int, status: str, source: str, draft: str, machine: str, glosses: str) -> None:
        self.set_status(number, status)
        self.set_source_plain(source)
        self._show_source([])
        self.set_draft_text(draft)
        self.set_machine(machine, glosses)

    def set_status(self, number: int, status: str) -> None:
        self.header.setText(f"Sentence {number} · {status} — Ctrl+R reviewed · Ctrl+↓ next")

    def set_draft_text(self, text: str) -> None:
        """Put text in the draft (from the model: an undo, the MT taken, a TM match)."""
        if self.draft.toPlainText() != text:
            self.draft.blockSignals(True)
            self.draft.setPlainText(text)
            self.draft.blockSignals(False)
            self.draft.moveCursor(self.draft.textCursor().MoveOperation.End)
            self.draft.fit()

    def set_machine(self, machine: str, glosses: str) -> None:
        if machine:
            self.machine.setText(f"<b>MT</b> <small>(Ctrl+Enter)</small> {escape(machine)}")
        elif glosses:
            self.machine.setText(f"<b>Glosses</b> <small>(not a translation)</small> {escape(glosses)}")
        else:
            self.machine.setText("<small>No machine translation yet.</small>")
        self.heightChanged.emit()

    def set_matches(self, matches: list | None) -> None:
        """Translation-memory matches: None while searching, then up to three, each with
        the characters of this sentence that differ from the match highlighted."""
        self.matches = list(matches or [])[:MAX_MATCHES]
        for i, label in enumerate(self.match_labels):
            if i < len(self.matches):
                m = self.matches[i]
                label.setText(
                    f"<b>Ctrl+{i + 1}</b> TM {round(m.score)}% — {escape(m.target)}"
                    f"<br><small>{highlighted(self._source_text(), m.diff)}</small>"
                )
                label.setToolTip(f"Memory source: {m.source}\nArticle: {m.article_id}  {m.updated}")
                label.show()
            else:
                label.hide()
        self.heightChanged.emit()

    def set_terms(self, found: list[tuple[str, str]], missing: list[tuple[str, str]]) -> None:
        if not found:
            self.terms.hide()
        else:
            gone = {t for t, _ in missing}
            parts = [
                f'{escape(t)} → <b style="color:#c87800">{escape(e)} ⚠</b>' if t in gone else f"{escape(t)} → <b>{escape(e)}</b>"
                for t, e in found
            ]
            self.terms.setText("Glossary: " + " · ".join(parts))
            self.terms.show()
        self._show_source([t for t, _ in found])
        self.heightChanged.emit()

    def _show_source(self, terms: list[str]) -> None:
        """The Japanese, a little larger, its glossary terms tinted."""
        text, spans = self._source_text(), []
        for term in terms:
            at = text.find(term)
            while at >= 0:
                spans.append((at, at + len(term)))
                at = text.find(term, at + len(term))
        self.source.setText(f'<span style="font-size:large">{highlighted(text, spans)}</span>')

    def _source_text(self) -> str:
        return self.source.property("plain") or ""

    def set_source_plain(self, text: str) -> None:
        self.source.setProperty("plain", text)
