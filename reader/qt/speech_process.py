"""Synthesis in a process of its own, so the window's GUI thread never waits for the GIL
while Open JTalk speaks (on the speech thread it added tens of milliseconds to the
window's stalls while reading aloud).

The process starts at the first thing said and serves one request at a time: the
window's speech thread sends ``(text, voice, rate, volume)`` and waits (without the
GIL) for ``("ok", samples, sample_rate)`` or ``("error", kind, message, advice)``.
This module imports no Qt: the process loads only reader.core.audio.
Where the process cannot start, synthesis runs on the speech thread itself.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from typing import Any

log = logging.getLogger(__name__)

_CHILD = "from reader.qt.speech_process import main; main()"


def serve(conn: Any) -> None:
    """The process's loop: one request in, one reply out, until the window hangs up."""
    from reader.core.audio.speech import synthesize
    from reader.core.errors import ReaderError

    try:
        os.nice(5)  # the window comes first when the CPU is busy
    except (AttributeError, OSError):
        pass
    while True:
        try:
            text, voice, rate, volume = conn.recv()
        except (EOFError, OSError):
            return
        try:
            audio = synthesize(text, voice=voice, rate=rate, volume=volume)
            reply: tuple = ("ok", audio.samples, audio.sample_rate)
        except ReaderError as exc:
            kind = "unavailable" if type(exc).__name__ == "SpeechUnavailable" else "reader"
            reply = ("error", kind, exc.message, exc.advice)
        except Exception as exc:  # noqa: BLE001 - reported to the window, the process goes on
            reply = ("error", "other", f"{type(exc).__name__}: {exc}", "")
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return


def main() -> None:
    from multiprocessing.connection import Connection

    serve(Connection(int(sys.argv[1])))


def _spawn() -> tuple[Any, Any]:
    """Our end of the connection and the process (see child_process.py)."""
    from reader.qt.child_process import spawn

    return spawn(serve, _CHILD, "reader-speech")


class SpeechProcess:
    """``synthesize`` as reader.core.audio.speech has it, done in the speech process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conn: Any = None
        self._process: Any = None
        self.failed = False  # the process could not start: synthesis runs in this process

    def synthesize(self, text: str, voice: str, rate: float, volume: float) -> Any:
        from reader.core.audio.speech import Audio, SpeechUnavailable, synthesize
        from reader.core.errors import ReaderError

        with self._lock:
            if self.failed:
                return synthesize(text, voice=voice, rate=rate, volume=volume)
            if self._conn is None:
                try:
                    self._conn, self._process = _spawn()
                except (OSError, ValueError) as exc:
                    log.warning("could not start the speech process (%s): speaking on a thread", exc)
                    self.failed = True
                    return synthesize(text, voice=voice, rate=rate, volume=volume)
            try:
                self._conn.send((text, voice, rate, volume))
                reply = self._conn.recv()
            except (EOFError, OSError):
                self._close()
                raise SpeechUnavailable("the speech process ended unexpectedly", "try again") from None
        if reply[0] == "ok":
            return Audio(reply[1], reply[2])
        _, kind, message, advice = reply
        if kind == "unavailable":
            raise SpeechUnavailable(message, advice)
        if kind == "reader":
            raise ReaderError(message, advice)
        raise RuntimeError(message)

    def _close(self) -> None:
        conn, process, self._conn, self._process = self._conn, self._process, None, None
        if conn is not None:
            conn.close()
        if process is not None:
            try:
                process.terminate()
                (process.wait if hasattr(process, "wait") else process.join)(2)
            except (OSError, AttributeError, subprocess.TimeoutExpired):
                pass

    def close(self) -> None:
        """Hang up: the process ends (at quit)."""
        with self._lock:
            self._close()


_shared: SpeechProcess | None = None


def shared() -> SpeechProcess:
    global _shared
    if _shared is None:
        _shared = SpeechProcess()
    return _shared
