"""Slow work off the GUI thread, through one helper.

``run_in_pool(fn, on_done, on_error, on_progress)`` runs ``fn`` in a QThreadPool;
the callbacks always run on the GUI thread. ``fn`` receives a ``Task`` whose
``progress(value)`` reports back and whose ``cancelled`` flag it should poll.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; its queued signals carry results back there."""

    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)


class Task(QRunnable):
    def __init__(self, fn: Callable[[Task], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.relay = _Relay()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, value: Any) -> None:
        if not self.cancelled:
            self.relay.progressed.emit(value)

    def run(self) -> None:
        try:
            result = self.fn(self)
        except BaseException as exc:  # noqa: BLE001 - reported on the GUI thread
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


_pool: QThreadPool | None = None
_writer: QThreadPool | None = None
_running: set[Task] = set()


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
    return _pool


def writer_pool() -> QThreadPool:
    """One thread for every write to the user's database: one writer, in order."""
    global _writer
    if _writer is None:
        _writer = QThreadPool()
        _writer.setMaxThreadCount(1)
    return _writer


def run_in_pool(
    fn: Callable[[Task], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    *,
    writer: bool = False,
) -> Task:
    task = Task(fn)
    _running.add(task)

    def finished(result: Any) -> None:
        _running.discard(task)
        if on_done is not None and not task.cancelled:
            on_done(result)

    def failed(exc: BaseException) -> None:
        _running.discard(task)
        if on_error is not None:
            on_error(exc)
        else:
            log.error("background task failed", exc_info=exc)

    task.relay.done.connect(finished)
    task.relay.failed.connect(failed)
    if on_progress is not None:
        task.relay.progressed.connect(on_progress)
    (writer_pool() if writer else pool()).start(task)
    return task


def wait_all(msecs: int = 30000) -> None:
    """Let running work finish (at quit, and in tests)."""
    for p in (_pool, _writer):
        if p is not None:
            p.waitForDone(msecs)
