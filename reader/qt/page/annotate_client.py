"""The window's side of the annotation process (annotate_process.py): starting it,
talking to it, and noticing when it dies.

Two threads of ours do the talking, so the GUI thread never waits on the socket:
one sends requests in order (an article's text may not fit the socket's buffer
while the process is busy), one receives the process's messages and hands them
to the GUI thread as a queued signal. The receiving one closes the socket, once
the process has ended and the sending one has stopped: no thread ever uses a
closed descriptor.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

_CHILD = "from reader.qt.page.annotate_process import main; main()"


def _spawn() -> tuple[Any, Any]:
    """The process and our end of its connection (see child_process.py)."""
    from reader.qt.child_process import spawn
    from reader.qt.page.annotate_process import serve

    return spawn(serve, _CHILD, "reader-annotate")


class AnnotateProcess(QObject):
    """A running annotation process; ``received`` carries its messages (tuples, see
    annotate_process.py) to the GUI thread, ``died`` says it ended unasked."""

    received = Signal(object)
    died = Signal()
    _ended = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        """Starts the process; raises OSError where it cannot be started."""
        super().__init__(parent)
        self._conn, self._process = _spawn()
        self.pid: int = self._process.pid
        self.alive = True
        self._closing = False
        self._outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._ended.connect(self._on_ended)
        outbox, process = self._outbox, self._process
        sender = threading.Thread(target=_send_loop, args=(self._conn, outbox), daemon=True, name="annotate-send")
        sender.start()
        threading.Thread(
            target=_receive_loop, args=(self._conn, process, sender, outbox, self), daemon=True, name="annotate-receive"
        ).start()
        def end(*_: object) -> None:  # not a method: self is being deleted
            outbox.put(None)
            _end(process)

        # Deleted with its window without close(): the process and our threads end too.
        self.destroyed.connect(end)

    def send(self, *request: Any) -> None:
        if self.alive:
            self._outbox.put(request)

    def close(self) -> None:
        """End the process (the window closes): no ``died`` follows."""
        if self._closing:
            return
        self._closing = True
        self.alive = False
        self._outbox.put(None)
        _end(self._process)

    def kill(self) -> None:
        """End the process as a crash would (tests)."""
        _end(self._process)

    def _on_ended(self) -> None:
        self.alive = False
        if not self._closing:
            code = self._process.exitcode if hasattr(self._process, "exitcode") else self._process.returncode
            log.warning("the annotation process ended (exit code %s): annotating in the window's process", code)
            self.died.emit()


def _send_loop(conn: Any, outbox: queue.SimpleQueue) -> None:
    while (request := outbox.get()) is not None:
        try:
            conn.send(request)
        except (OSError, ValueError):  # the process has gone: the receiver says so
            return


def _receive_loop(
    conn: Any, process: Any, sender: threading.Thread, outbox: queue.SimpleQueue, relay: AnnotateProcess
) -> None:
    """Hand the process's messages to the GUI thread until it ends (or the window
    does); then end it, reap it, and close the socket once the sender has stopped."""
    try:
        while True:
            relay.received.emit(conn.recv())
    except (EOFError, OSError, RuntimeError):  # gone, or the window with it
        pass
    except Exception:  # noqa: BLE001 - a message we cannot read: as good as dead
        log.exception("unreadable message from the annotation process")
    _end(process)
    try:
        process.wait(5) if hasattr(process, "returncode") else process.join(5)
    except Exception:  # noqa: BLE001 - only reaping it
        pass
    outbox.put(None)
    sender.join(5)
    conn.close()  # neither thread uses it now
    try:
        relay._ended.emit()
    except RuntimeError:  # the window is gone
        pass


def _end(process: Any) -> None:
    try:
        process.kill()
    except (OSError, ValueError, AttributeError):
        pass
