"""Playing speech: a Player that synthesizes off the GUI thread and plays through a sink
(audio_sinks.py: QtMultimedia, the operating system's voice, or a recorder for tests).

The Player turns a list of (sentence index, text) items into pieces (long sentences are
cut at phrase boundaries by ``reader.core.audio.speech.chunks``), synthesizes them on the
speech thread (in the speech process, speech_process.py) a couple ahead of what plays, and plays them in order, with an optional gap
after each sentence (shadowing). It says ``sentence_started(index)`` as each sentence
begins, and ``problem(message, advice)`` instead of failing when there is no voice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from reader.core.errors import ReaderError
from reader.qt.audio_sinks import (  # noqa: F401 - the sinks, importable from here too
    QtAudioSink,
    RecordingSink,
    SystemVoiceSink,
    system_voices,
)
from reader.qt.workers import Task

log = logging.getLogger(__name__)

#: The settings' voice value that means the operating system's Japanese voice.
SYSTEM_VOICE = "system"
#: How many pieces are synthesized ahead of the one playing.
AHEAD = 2
STOPPED, PLAYING, PAUSED = "stopped", "playing", "paused"


# --- the speech thread ---------------------------------------------------------------------
_pool: QThreadPool | None = None
_running: set[Task] = set()


def speech_pool() -> QThreadPool:
    """One thread for synthesis: the voice speaks one piece at a time anyway, and the
    GUI thread keeps the other core."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


def _lower_priority() -> None:
    """Synthesis yields the CPU to the GUI thread (Linux: a per-thread nice value)."""
    import os
    import threading

    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 5)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        pass


def run_speech(fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> Task:
    """``fn`` on the speech thread; the callbacks on the GUI thread (workers.run_in_pool's
    contract, on a pool of its own)."""

    def work(task: Task) -> Any:
        _lower_priority()
        return None if task.cancelled else fn()

    task = Task(work)
    _running.add(task)

    def done(result: Any) -> None:
        _running.discard(task)
        if not task.cancelled:
            on_done(result)

    def failed(exc: BaseException) -> None:
        _running.discard(task)
        on_error(exc)

    task.relay.done.connect(done)
    task.relay.failed.connect(failed)
    speech_pool().start(task)
    return task


def wait_speech(msecs: int = 10000) -> None:
    """Let the piece being synthesized finish (at quit)."""
    if _pool is not None:
        _pool.waitForDone(msecs)


# --- the player -------------------------------------------------------------------------
def word_texts(word: Any) -> list[str]:
    """What a word's ▶ says: its dictionary form, then the inflected form in the text
    (食べる, 食べさせられなかった); one of them when they are the same."""
    base, surface = word.base or word.text, word.text
    return [base] if surface == base or not surface else [base, surface]


@dataclass(frozen=True)
class Piece:
    index: int  # the sentence's index (-1: not a sentence of the article)
    text: str
    first: bool  # the sentence's first piece: its start is announced
    gap_ms: int  # silence after it (the sentence's last piece)


def split_pieces(items: list[tuple[int, str]], gap_ms: int = 0) -> list[Piece]:
    """Items cut into the pieces synthesized one by one (long sentences at phrase
    boundaries, so the first sound comes soon); blank items are left out."""
    try:
        from reader.core.audio.speech import chunks
    except Exception:  # noqa: BLE001 - without the core's audio, the items whole
        def chunks(text: str) -> list[str]:
            return [text]
    out: list[Piece] = []
    for index, text in items:
        parts = [p for p in chunks(text) if p.strip()] if text.strip() else []
        for k, part in enumerate(parts):
            out.append(Piece(index, part, k == 0, gap_ms if k == len(parts) - 1 else 0))
    return out


def core_synthesize(text: str, voice: str, rate: float, volume: float) -> Any:
    """Synthesis in this process (tests; the speech process's fallback)."""
    from reader.core.audio.speech import synthesize

    return synthesize(text, voice=voice, rate=rate, volume=volume)


def process_synthesize(text: str, voice: str, rate: float, volume: float) -> Any:
    """Synthesis in the speech process (speech_process.py): the GIL stays the window's."""
    from reader.qt.speech_process import shared

    return shared().synthesize(text, voice, rate, volume)


class Player(QObject):
    """Plays items (sentence index, text) in order; one list at a time."""

    sentence_started = Signal(int)
    finished = Signal()
    state_changed = Signal(str)  # STOPPED, PLAYING or PAUSED
    problem = Signal(str, str)  # message, advice: nothing can be played (no voice)

    def __init__(
        self,
        parent: QObject | None = None,
        sink: QObject | None = None,
        synthesize: Callable[[str, str, float, float], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        #: voice (an id of available_voices, or SYSTEM_VOICE[:name]), speed and volume.
        self.voice, self.rate, self.volume = "openjtalk", 1.0, 1.0
        self._injected_sink = sink
        self._sink: Any = None
        #: (text, voice, rate, volume) -> Audio, on a worker thread.
        self.synthesize = synthesize or process_synthesize
        self.state = STOPPED
        self._generation = 0
        self._pieces: list[Piece] = []
        self._pos = 0
        self._ready: dict[int, Any] = {}
        self._pending: dict[int, Task] = {}
        self._sounding = False  # a piece is in the sink (playing or paused)
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.timeout.connect(self._advance)
        self._gap_left = 0

    # --- configuration ------------------------------------------------------------------
    def configure(self, voice: str, rate: float, volume: float) -> None:
        if voice != self.voice:
            self._drop_sink()
        self.voice, self.rate, self.volume = voice, rate, volume
        if isinstance(self._sink, SystemVoiceSink):
            self._sink.rate, self._sink.volume = rate, volume

    @property
    def system(self) -> bool:
        return self.voice == SYSTEM_VOICE or self.voice.startswith(SYSTEM_VOICE + ":")

    def sink(self) -> Any:
        if self._sink is None:
            if self._injected_sink is not None:
                self._sink = self._injected_sink
            elif self.system:
                self._sink = SystemVoiceSink(self.voice.partition(":")[2], self.rate, self.volume, self)
            else:
                self._sink = QtAudioSink(self)
            self._sink.finished.connect(self._piece_done)
        return self._sink

    def _drop_sink(self) -> None:
        self.stop()
        if self._sink is not None:
            self._sink.finished.disconnect(self._piece_done)
            if self._sink is not self._injected_sink:
                self._sink.deleteLater()
            self._sink = None

    # --- playing ------------------------------------------------------------------------
    def say(self, *texts: str) -> None:
        """Words or sentences that are not the article's (popup, word panel, review)."""
        self.play([(-1, t) for t in texts])

    def play(self, items: list[tuple[int, str]], gap_ms: int = 0) -> None:
        self.stop()
        self._pieces = split_pieces(items, gap_ms)
        if not self._pieces:
            self.finished.emit()
            return
        self._set_state(PLAYING)
        self._fetch()

    def pause(self) -> None:
        if self.state != PLAYING:
            return
        self._set_state(PAUSED)
        if self._sounding and self._sink is not None:
            self._sink.pause()
        if self._gap.isActive():
            self._gap_left = max(1, self._gap.remainingTime())
            self._gap.stop()

    def resume(self) -> None:
        if self.state != PAUSED:
            return
        self._set_state(PLAYING)
        if self._sounding and self._sink is not None:
            self._sink.resume()
        elif self._gap_left:
            self._gap.start(self._gap_left)
            self._gap_left = 0
        else:
            self._start_piece()

    def stop(self) -> None:
        self._generation += 1
        for task in self._pending.values():
            task.cancel()
        self._pending.clear()
        self._ready.clear()
        self._pieces, self._pos = [], 0
        self._gap.stop()
        self._gap_left = 0
        if self._sounding and self._sink is not None:
            self._sink.stop()
        self._sounding = False
        self._set_state(STOPPED)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    # --- the pipeline -------------------------------------------------------------------
    def _fetch(self) -> None:
        """Synthesize the next pieces in the pool (the system voice needs no synthesis)."""
        generation = self._generation
        voice, rate, volume, synthesize = self.voice, self.rate, self.volume, self.synthesize
        for k in range(self._pos, min(self._pos + 1 + AHEAD, len(self._pieces))):
            if k in self._ready or k in self._pending:
                continue
            text = self._pieces[k].text
            if self.system:
                self._ready[k] = text
                continue
            self._pending[k] = run_speech(
                lambda t=text: synthesize(t, voice, rate, volume),
                lambda audio, k=k: self._synthesized(generation, k, audio),
                lambda exc, k=k: self._failed(generation, k, exc),
            )
        self._start_piece()

    def _synthesized(self, generation: int, k: int, audio: Any) -> None:
        if generation != self._generation:
            return
        self._pending.pop(k, None)
        self._ready[k] = audio
        self._start_piece()

    def _failed(self, generation: int, k: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._pending.pop(k, None)
        if isinstance(exc, ReaderError):
            self.stop()
            self.problem.emit(exc.message, exc.advice)
            return
        log.warning("could not speak %r", self._pieces[k].text[:40], exc_info=exc)
        self._ready[k] = None  # skipped: the rest still plays
        self._start_piece()

    def _start_piece(self) -> None:
        if self.state != PLAYING or self._sounding or self._gap.isActive() or self._pos not in self._ready:
            return
        piece, clip = self._pieces[self._pos], self._ready.pop(self._pos)
        if piece.first and piece.index >= 0:
            self.sentence_started.emit(piece.index)
        if clip is None or (not self.system and not getattr(clip, "samples", b"")):
            self._piece_done(silent=True)  # nothing to say (emoji, symbols): on to the next
            return
        self._sounding = True
        try:
            self.sink().play(clip)
        except ReaderError as exc:
            self.stop()
            self.problem.emit(exc.message, exc.advice)

    def _piece_done(self, silent: bool = False) -> None:
        if not (self._sounding or silent) or not self._pieces:
            return
        self._sounding = False
        gap = self._pieces[self._pos].gap_ms
        self._pos += 1
        if gap > 0:  # the learner's turn, after the last time too
            self._gap.start(gap)
            if self._pos < len(self._pieces):
                self._fetch()  # the next pieces are synthesized meanwhile
            return
        self._advance()

    def _advance(self) -> None:
        if self._pos >= len(self._pieces):
            self.stop()
            self.finished.emit()
            return
        self._fetch()
