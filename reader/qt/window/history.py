"""The lookup history side of the window: every popup and Word-panel lookup of a content
word is recorded (unless View → Private Mode is on), and Words → History lists them.

On the GUI thread a lookup costs a debounce check and an append (LookupRecorder); the
lookups are written in batches on the writer thread, FLUSH_MS after the first of a batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from reader.core.text.model import AnnotatedSentence, Word
from reader.core.vocabulary.history import LookupHistory, LookupRecorder

if TYPE_CHECKING:
    from reader.qt.window.main_window import MainWindow

FLUSH_MS = 2_000


class HistoryController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.history = LookupHistory(window.store)
        self.recorder = LookupRecorder()
        self.private = bool(window.settings.get("privacy/private"))
        self.dialog: Any = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(lambda: self.flush())
        view = window.reader_view
        view.wordHovered.connect(self.looked_up)  # the page asks for the popup right after
        view.wordClicked.connect(self.looked_up)  # the Word panel
        view.kanjiClicked.connect(self.looked_up)

    def looked_up(self, word: Word, sentence: AnnotatedSentence, *_kanji: str) -> None:
        """A popup or the Word panel shows ``word``: recorded, unless private."""
        if self.private or not word.content:
            return
        if self.recorder.add(word.key, word.text, self.window.current_id, sentence.sentence.text):
            if not self._timer.isActive():
                self._timer.start()

    def flush(self, then: Callable[[], None] | None = None) -> None:
        """Write the lookups waiting (on the writer thread), then ``then()``."""
        self._timer.stop()
        batch = self.recorder.take()
        if batch:
            self.window.write(lambda: self.history.record_many(batch), (lambda _n: then()) if then else None)
        elif then is not None:
            then()

    def set_private(self, on: bool) -> None:
        """View → Private Mode: while on, nothing is recorded."""
        self.private = bool(on)
        self.window.settings.set("privacy/private", self.private)
        self.window.statusBar().showMessage(
            "Private mode: lookups are not recorded" if on else "Lookups are recorded in Words → History", 4000
        )

    def open_dialog(self) -> None:
        """Words → History: the lookups written first, so that the list holds them all."""
        from reader.qt.dialogs.history import HistoryDialog

        if self.dialog is None:
            self.dialog = HistoryDialog(self, self.window)
        self.flush(self.dialog.reload)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def save(self, rows: list, then: Callable[[], None] | None = None) -> None:
        """Save words of the history to the vocabulary (the vocabulary controller does it)."""
        self.window.vocabulary.save_looked_up(rows, then)

    def clear(self, then: Callable[[], None] | None = None) -> None:
        """Forget every lookup, those waiting to be written too."""
        self.recorder.take()
        self.recorder.forget()
        self.window.write(self.history.clear, (lambda _n: then()) if then else None)
