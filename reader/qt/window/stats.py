"""Reading statistics in the window: a ReadingTracker (core/library/stats.py) told of
input, the reading position and whether the window is active; its sessions written
every minute on the writer thread; Words → Statistics shows the figures.

Input is noticed by an event filter on the window's QWindow that only sets a flag (keys,
mouse buttons, the wheel, the pointer moving); a timer hands it to the tracker every TICK_MS.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer

from reader.core.library.stats import ReadingLog, ReadingTracker, summarize
from reader.core.storage.clock import utc

if TYPE_CHECKING:
    from reader.qt.window.main_window import MainWindow

TICK_MS = 5_000
SAVE_EVERY = 12  # ticks: a minute
#: Scrolled this close to the end, the article's last sentences count as read.
AT_END = 0.999
_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.MouseMove,
    QEvent.Type.TouchBegin,
})


class InputWatcher(QObject):
    """Notes that the user did something, whatever it was and wherever."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if not self.seen and event.type() in _INPUT:
            self.seen = True
        return False


class StatsController(QObject):
    def __init__(self, window: MainWindow, clock: Callable[[], datetime] = utc) -> None:
        super().__init__(window)
        self.window = window
        self.log = ReadingLog(window.store)
        self.tracker = ReadingTracker(clock)
        self.dialog: Any = None
        self._prefix: list[int] = [0]  # characters before each sentence of the document
        self._prefix_of = -1  # the document generation _prefix is for
        self._ticks = 0
        self.watcher = InputWatcher(self)
        self._watching: QObject | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        QTimer.singleShot(0, self._watch)
        window.reader_view.positionChanged.connect(self.position_changed)

    # --- what the tracker is told ------------------------------------------------------
    def position_changed(self, sentence: int, fraction: float) -> None:
        document = self.window.reader_view.document
        if not document.article_id:
            return
        if self._watching is None:
            self._watch()
        self.tracker.open(document.article_id)
        self.tracker.moved(self.chars_before(sentence, fraction))

    def chars_before(self, sentence: int, fraction: float = 0.0) -> int:
        """Characters in the sentences before ``sentence``; the whole article once it
        is annotated and scrolled to its end."""
        document = self.window.reader_view.document
        sentences = document.sentences
        if self._prefix_of != document.generation:
            self._prefix, self._prefix_of = [0], document.generation
        prefix = self._prefix
        for s in sentences[len(prefix) - 1 :]:
            prefix.append(prefix[-1] + len(s.sentence.text))
        if document.finished and fraction >= AT_END:
            return prefix[-1]
        return prefix[max(0, min(sentence, len(prefix) - 1))]

    def _watch(self) -> None:
        """Watch the window's QWindow, through which all its input passes (a filter on the
        whole application would see every object's events, and crashed PySide here)."""
        handle = self.window.windowHandle()
        if handle is not None and handle is not self._watching:
            handle.installEventFilter(self.watcher)
            self._watching = handle

    def tick(self) -> None:
        self._watch()
        self.tracker.set_active(self.window.isActiveWindow())
        if self.watcher.seen:
            self.watcher.seen = False
            self.tracker.input()
        self._ticks += 1
        if self._ticks % SAVE_EVERY == 0:
            self.save()

    # --- writing and showing -------------------------------------------------------------
    def save(self, then: Callable[[], None] | None = None) -> None:
        """Write the sessions changed since the last time (on the writer thread)."""
        sessions = self.tracker.take()
        if sessions:
            self.window.write(lambda: self.log.save(sessions), (lambda _none: then()) if then else None)
        elif then is not None:
            then()

    def goal(self) -> int:
        return max(1, int(self.window.settings.get("reading/daily_goal")))

    def set_goal(self, goal: int) -> None:
        self.window.settings.set("reading/daily_goal", max(1, int(goal)))

    def summary(self):  # noqa: ANN201 - core/library/stats.Summary
        return summarize(self.log.sessions(), self.goal())

    def open_dialog(self) -> None:
        """Words → Statistics, with the reading so far written first."""
        from reader.qt.dialogs.statistics import StatisticsDialog

        def show() -> None:
            if self.dialog is not None:
                self.dialog.close()
                self.dialog.deleteLater()
            self.dialog = StatisticsDialog(self.summary(), self.window, on_goal=self._goal_changed)
            self.dialog.show()

        self.save(show)

    def _goal_changed(self, goal: int) -> None:
        self.set_goal(goal)
        if self.dialog is not None:
            self.dialog.show_summary(self.summary())
