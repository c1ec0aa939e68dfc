"""A second ``reader`` hands its file to the running window, as desktop apps do.

The instance lock (startup.py) still decides who owns the data; only a process
refused the lock talks to the one holding it, over a QLocalServer named after the
data folder, so two readers on two data folders (tests on scratch folders) never
meet. The client sends one UTF-8 JSON line, ``{"open": "/abs/path"}`` or
``{"activate": true}``, and waits for ``ok``. Anything else on the socket is
dropped without a word: the socket is reachable by every process of the user, and
nothing it says may crash the window or import a file nobody asked for.

The message format and the client are plain functions that the tests call
directly; the server is a QObject that turns a request into a signal.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QWidget

from reader.core import paths

if TYPE_CHECKING:
    from reader.qt.window.main_window import MainWindow

log = logging.getLogger(__name__)

#: The longest request line taken: a path, with room to spare; more is garbage.
MAX_LINE = 64 * 1024
#: How long the second process waits for the running one; it answers at once when
#: its event loop runs, and a hung window should not hang the command line too.
CLIENT_TIMEOUT_MS = 2000
#: How long the server keeps a connection that has not sent a whole line.
SERVER_TIMEOUT_MS = 5000
OK = b"ok\n"
#: The longest single blocking wait of the client (see send).
WAIT_SLICE_MS = 20


@dataclass(frozen=True)
class Request:
    """What a second ``reader`` asked for: a file to open, or (``path`` None) only
    to bring the window to the front."""

    path: str | None = None


def server_name(folder: Path | None = None) -> str:
    """The local socket's name for this user's data folder.

    Hashed, because the name becomes a file name (Unix) or a pipe name (Windows)
    with a length limit, and a folder path can be long and hold any character.
    The user is part of it so that two users sharing a folder path (/tmp) do not
    reach each other's window.
    """
    where = str((folder or paths.data_dir()).resolve())
    user = str(os.getuid()) if hasattr(os, "getuid") else getpass.getuser()
    digest = hashlib.sha1(f"{user}\0{where}".encode()).hexdigest()[:16]
    return f"reader-{digest}"


def encode(path: str | Path | None) -> bytes:
    """The request line for ``path`` (None: just activate). The path is made absolute
    here, since the running reader has its own working directory."""
    if path is None:
        message: dict[str, object] = {"activate": True}
    else:
        message = {"open": os.path.abspath(os.path.expanduser(os.fspath(path)))}
    return json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"


def decode(line: bytes) -> Request | None:
    """The request in one line, or None for anything malformed: not UTF-8 JSON, not an
    object, a relative or empty path, neither key."""
    if len(line) > MAX_LINE:
        return None
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(message, dict):
        return None
    if "open" in message:
        path = message["open"]
        if isinstance(path, str) and path and "\0" not in path and os.path.isabs(path):
            return Request(path)
        return None
    if message.get("activate") is True:
        return Request()
    return None


def send(message: bytes, name: str, timeout_ms: int = CLIENT_TIMEOUT_MS) -> bool:
    """Deliver one request line to the server ``name``; True once it answered ``ok``.

    Blocking, with no event loop needed: the second process has nothing else to do.
    False when nobody listens (a reader from before this existed, or one whose
    server could not start), or no answer came in time.

    The waits are cut in short slices with a sleep between them: PySide holds the GIL
    through a blocking wait, and a server in this same process (the tests) could not
    run its Python slot to answer until the whole wait had run out.
    """
    deadline = time.monotonic() + timeout_ms / 1000

    def wait(step: Callable[[int], bool], done: Callable[[], bool]) -> bool:
        while not done():
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0:
                return False
            if not step(min(left, WAIT_SLICE_MS)) and socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                return done()
            time.sleep(0.001)
        return True

    socket = QLocalSocket()
    connected = QLocalSocket.LocalSocketState.ConnectedState
    socket.connectToServer(name)
    if not wait(socket.waitForConnected, lambda: socket.state() == connected):
        socket.abort()
        return False
    reply = bytearray()

    def answered() -> bool:
        reply.extend(socket.readAll().data())
        return b"\n" in reply or len(reply) > MAX_LINE

    try:
        socket.write(message)
        socket.flush()
        wait(socket.waitForBytesWritten, lambda: not socket.bytesToWrite())
        wait(socket.waitForReadyRead, answered)
        return bytes(reply.split(b"\n", 1)[0]) + b"\n" == OK
    finally:
        socket.abort()


class InstanceServer(QObject):
    """Listens for second readers; each well-formed request becomes a signal."""

    openRequested = Signal(str)  # noqa: N815 - Qt's naming
    activateRequested = Signal()  # noqa: N815

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server = QLocalServer(self)
        # Only this user's processes may connect (Unix socket permissions).
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening; False (logged) when the name cannot be taken, and the window
        works on: a second reader then shows the old "already running" message.

        Call it only while holding the instance lock: a server file left by a crashed
        reader is removed first, and only the lock holder may do that.
        """
        QLocalServer.removeServer(self.name)
        if self._server.listen(self.name):
            return True
        log.warning("cannot listen for other reader processes on %s: %s", self.name, self._server.errorString())
        return False

    def is_listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            self._serve(socket)

    def _serve(self, socket: QLocalSocket) -> None:
        buffer = bytearray()

        def drop(what: str) -> None:
            log.info("ignored %s from another process", what)
            socket.abort()
            socket.deleteLater()

        # A client that never finishes its line is dropped; the timer dies with the socket.
        timer = QTimer(socket)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: drop("a request that never ended"))
        timer.start(SERVER_TIMEOUT_MS)
        socket.disconnected.connect(socket.deleteLater)

        def read() -> None:
            if socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
                return
            buffer.extend(socket.readAll().data())
            if b"\n" not in buffer:
                if len(buffer) > MAX_LINE:
                    drop("an overlong request")
                return
            request = decode(bytes(buffer.split(b"\n", 1)[0]))
            if request is None:
                drop("a malformed request")
                return
            timer.stop()
            socket.write(OK)
            socket.disconnectFromServer()  # after the reply is written
            # Acted on from the event loop, not inside this socket's slot: opening a
            # file may show a dialog with an event loop of its own.
            QTimer.singleShot(0, self, lambda: self._deliver(request))

        socket.readyRead.connect(read)
        if socket.bytesAvailable():
            read()

    def _deliver(self, request: Request) -> None:
        if request.path is None:
            self.activateRequested.emit()
        else:
            self.openRequested.emit(request.path)


def bring_to_front(window: QWidget) -> None:
    """Show, un-minimize (keeping a maximized window maximized), raise and activate.

    Window managers may refuse to hand focus to a window the user did not click;
    the taskbar entry then asks for attention instead.
    """
    if window.isHidden():
        window.show()
    window.setWindowState((window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.raise_()
    window.activateWindow()
    QApplication.alert(window)


def serve(window: MainWindow, name: str | None = None) -> InstanceServer:
    """Listen for second readers on behalf of ``window``: a file sent is imported as
    ``reader open FILE`` would, and the window comes to the front."""
    server = InstanceServer(name, window)

    def open_file(path: str) -> None:
        window.library.import_path(path)
        bring_to_front(window)

    server.openRequested.connect(open_file)
    server.activateRequested.connect(lambda: bring_to_front(window))
    server.listen()
    return server
