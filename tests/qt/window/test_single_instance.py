"""A second reader hands its file to the running window, or brings it to the front;
only when that window cannot be reached is it refused with the old message.

The server lives in this process, on this event loop, so every client runs on a
thread while qtbot spins the loop: a blocking client on the GUI thread would wait
for an answer that loop cannot give.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.core import paths
from reader.core.errors import ReaderError
from reader.qt import instance
from reader.qt.startup import acquire_or_forward, acquire_single_instance, handed_over
from tests.conftest import ROOT

TEXT = "私の記事\n\n今日は晴れです。"


def in_thread(qtbot, fn, timeout: int = 10000):
    """Run ``fn`` on a thread while the event loop runs; its result, or its exception."""
    box: list = []

    def work() -> None:
        try:
            box.append(("value", fn()))
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box.append(("error", exc))

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    thread.join()
    kind, value = box[0]
    if kind == "error":
        raise value
    return value


def raw_send(data: bytes) -> bytes:
    """Whatever bytes a misbehaving process might write; the reply, if any, until the
    server hangs up. Nothing to send: connect and go."""
    socket = QLocalSocket()
    socket.connectToServer(instance.server_name())
    assert socket.waitForConnected(2000)
    reply = b""
    if data:
        socket.write(data)
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline and socket.state() == QLocalSocket.LocalSocketState.ConnectedState:
            socket.waitForReadyRead(10)  # short: PySide holds the GIL while it waits
            reply += socket.readAll().data()
            time.sleep(0.001)
        assert socket.state() != QLocalSocket.LocalSocketState.ConnectedState, "the server kept the line"
    socket.abort()
    return reply


@pytest.fixture
def served(window):
    server = instance.serve(window)  # named after the scratch data folder
    assert server.is_listening()
    yield server
    server.close()


def imported(window) -> list[str]:
    return [info.id for info in window.library.articles.all()]


# --- the message, without Qt's event loop -------------------------------------------


def test_a_relative_path_is_sent_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert instance.decode(instance.encode("mine.txt")) == instance.Request(str(tmp_path / "mine.txt"))
    assert instance.decode(instance.encode(tmp_path / "日本語 の.txt")).path == str(tmp_path / "日本語 の.txt")
    assert instance.decode(instance.encode(None)) == instance.Request(None)


@pytest.mark.parametrize(
    "line",
    [
        b"",
        b"\xff\xfe\x00garbage",
        b"not json",
        b"[1, 2]",
        b"{}",
        b'{"open": 3}',
        b'{"open": ""}',
        b'{"open": "relative.txt"}',
        b'{"open": "/tmp/a\\u0000b"}',
        b'{"activate": false}',
        b'{"activate": "yes"}',
        b'{"close": true}',
        b'{"open": "/' + b"a" * instance.MAX_LINE + b'"}',
    ],
)
def test_malformed_requests_are_refused(line):
    assert instance.decode(line) is None


def test_each_data_folder_has_its_own_name(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    assert instance.server_name(a) != instance.server_name(b)
    assert instance.server_name(a) == instance.server_name(tmp_path / "b" / ".." / "a")
    assert instance.server_name() == instance.server_name(paths.data_dir())


def test_nobody_listening_is_a_false_not_a_hang_or_traceback():
    started = time.monotonic()
    assert instance.send(instance.encode(None), instance.server_name()) is False
    assert time.monotonic() - started < 2


# --- a running window ------------------------------------------------------------------


def test_a_sent_file_is_imported_and_opened(qtbot, window, served, tmp_path, monkeypatch):
    (tmp_path / "mine.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the second process's working directory, not the window's
    raised = []
    monkeypatch.setattr(window, "activateWindow", lambda: raised.append(True))
    assert imported(window) == []
    assert in_thread(qtbot, lambda: instance.send(instance.encode("mine.txt"), served.name)) is True
    qtbot.waitUntil(lambda: len(imported(window)) == 1, timeout=20000)
    mine = imported(window)[0]
    qtbot.waitUntil(lambda: window.current_id == mine, timeout=20000)
    assert "晴れ" in window.library.articles.get(mine).text
    assert raised


def test_activate_brings_the_window_back(qtbot, window, served):
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=5000)
    raised = []
    window.activateWindow = lambda: raised.append(True)
    assert in_thread(qtbot, lambda: instance.send(instance.encode(None), served.name)) is True
    qtbot.waitUntil(lambda: bool(raised), timeout=5000)
    assert not window.isMinimized()
    assert imported(window) == []


def test_garbage_on_the_socket_is_dropped(qtbot, window, served, tmp_path):
    (tmp_path / "mine.txt").write_text(TEXT, encoding="utf-8")
    for data in (
        b"\xff\xfe\x00garbage\n",
        b"not json\n",
        b'{"open": "mine.txt"}\n',  # relative: whose working directory?
        b"[\"open\", \"" + str(tmp_path / "mine.txt").encode() + b"\"]\n",
        b"x" * (instance.MAX_LINE + 10),  # no newline, ever
        b"",  # connects, says nothing, goes
    ):
        assert in_thread(qtbot, lambda data=data: raw_send(data)) == b""
    # still serving, and nothing was imported nor an error shown
    assert in_thread(qtbot, lambda: instance.send(instance.encode(None), served.name)) is True
    qtbot.wait(200)
    assert imported(window) == []
    assert not [box for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_a_leftover_socket_of_a_killed_reader_is_taken_over(qtbot, window):
    name = instance.server_name()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import time; from PySide6.QtCore import QCoreApplication; "
         "from PySide6.QtNetwork import QLocalServer; app = QCoreApplication([]); s = QLocalServer(); "
         f"assert s.listen({name!r}); print('listening', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "listening"
    finally:
        holder.kill()  # no cleanup: its socket file stays behind
        holder.wait()
    if sys.platform != "win32":
        assert (Path(QDir.tempPath()) / name).exists()
    server = instance.serve(window)
    try:
        assert server.is_listening()
        assert in_thread(qtbot, lambda: instance.send(instance.encode(None), name)) is True
    finally:
        server.close()


# --- the second process --------------------------------------------------------------


def test_the_lock_holder_gets_the_file(qtbot, window, served, tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text(TEXT, encoding="utf-8")
    lock = acquire_single_instance()  # this process is the running reader
    try:
        assert in_thread(qtbot, lambda: acquire_or_forward(path)) is None
        qtbot.waitUntil(lambda: len(imported(window)) == 1, timeout=20000)
    finally:
        lock.unlock()
    assert handed_over(path) == f"reader is already running: sent {path} to it"


def test_with_no_one_to_answer_the_old_message_stays(qtbot):
    lock = acquire_single_instance()
    try:
        with pytest.raises(ReaderError, match="already running"):
            in_thread(qtbot, lambda: acquire_or_forward(None))
    finally:
        lock.unlock()


def test_the_window_shows_the_old_message_when_no_one_answers(qtbot, monkeypatch, tmp_path):
    import reader.qt.errors
    from reader.qt import app

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(reader.qt.errors, "setup_logging", lambda: None)  # no log handler left behind
    qapp = QApplication.instance()
    names = qapp.applicationName(), qapp.applicationDisplayName()
    lock = acquire_single_instance()
    try:
        assert app.run(open_path=tmp_path / "mine.txt") == 1
    finally:
        lock.unlock()
        qapp.setApplicationName(names[0])  # run() named the test's application
        qapp.setApplicationDisplayName(names[1])
    assert len(shown) == 1 and "already running" in shown[0]


def test_reader_open_in_a_second_process(qtbot, window, served, tmp_path):
    """`reader open FILE` as a user types it: exit 0, one line, the file in the window."""
    path = tmp_path / "mine.txt"
    path.write_text(TEXT, encoding="utf-8")
    lock = acquire_single_instance()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    second = subprocess.Popen(
        [sys.executable, "-m", "reader", "open", "mine.txt"],
        cwd=tmp_path, env=env | {"PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30000)
        out, err = second.communicate()
        assert second.returncode == 0, err
        assert out.strip() == "reader is already running: sent mine.txt to it"
        qtbot.waitUntil(lambda: len(imported(window)) == 1, timeout=20000)
    finally:
        if second.poll() is None:
            second.kill()
            second.wait()
        lock.unlock()
