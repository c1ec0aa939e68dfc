"""What makes sound: ``QtAudioSink`` plays 16-bit PCM through QtMultimedia,
``SystemVoiceSink`` hands text to the operating system's voice (QtTextToSpeech), and
``RecordingSink`` plays nothing and records what would play (tests, benchmarks). Every
sink is a QObject with ``play(clip)``, ``pause()``, ``resume()``, ``stop()`` and a
``finished`` signal; ``play`` raises ReaderError (with advice) where it cannot sound.

QtMultimedia and QtTextToSpeech are imported only when sound is first made: they need
system libraries (PulseAudio's libpulse on Linux) that a machine may lack.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from reader.core.errors import ReaderError


def _unavailable(message: str, advice: str) -> ReaderError:
    """SpeechUnavailable from the core when it loads, a plain ReaderError otherwise."""
    try:
        from reader.core.audio.speech import SpeechUnavailable

        return SpeechUnavailable(message, advice)
    except Exception:  # noqa: BLE001 - the core's audio may be missing its packages
        return ReaderError(message, advice)


# --- sinks ------------------------------------------------------------------------------
class RecordingSink(QObject):
    """Plays nothing: records each clip and finishes after ``ms(clip)`` milliseconds (0:
    at the next turn of the event loop). Pausing holds the clip until resumed."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None, ms: Callable[[Any], int] | None = None) -> None:
        super().__init__(parent)
        self.played: list[Any] = []
        self.events: list[str] = []
        self._ms = ms or (lambda clip: 0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.finished)
        self._left = 0

    @property
    def busy(self) -> bool:
        return self._timer.isActive() or self._left > 0

    def play(self, clip: Any) -> None:
        self.played.append(clip)
        self.events.append("play")
        self._left = 0
        self._timer.start(max(0, int(self._ms(clip))))

    def pause(self) -> None:
        self.events.append("pause")
        if self._timer.isActive():
            self._left = max(1, self._timer.remainingTime())
            self._timer.stop()

    def resume(self) -> None:
        self.events.append("resume")
        if self._left:
            self._timer.start(self._left)
            self._left = 0

    def stop(self) -> None:
        self.events.append("stop")
        self._timer.stop()
        self._left = 0


class QtAudioSink(QObject):
    """16-bit mono PCM (reader.core.audio.speech.Audio) through the default sound output."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sink: Any = None
        self._buffer: Any = None

    def play(self, audio: Any) -> None:
        try:
            from PySide6.QtCore import QBuffer, QByteArray, QIODevice
            from PySide6.QtMultimedia import QAudio, QAudioFormat, QAudioSink, QMediaDevices
        except ImportError as exc:
            raise _unavailable(
                f"No sound output: Qt's multimedia library did not load ({exc})",
                "on Linux install PulseAudio's client library (Debian/Ubuntu: sudo apt install libpulse0)",
            ) from None
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            raise _unavailable("No sound output device was found", "connect speakers or headphones, then try again")
        self.stop()
        fmt = QAudioFormat()
        fmt.setSampleRate(int(audio.sample_rate))
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(bytes(audio.samples)))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        sink = QAudioSink(device, fmt, self)
        self._idle = QAudio.State.IdleState
        sink.stateChanged.connect(self._state_changed)
        self._sink = sink
        sink.start(self._buffer)

    def _state_changed(self, state: Any) -> None:
        sink = self._sink
        if sink is None or self.sender() is not sink:
            return
        if state == self._idle:  # the buffer is played out
            self.stop()
            self.finished.emit()

    def pause(self) -> None:
        if self._sink is not None:
            self._sink.suspend()

    def resume(self) -> None:
        if self._sink is not None:
            self._sink.resume()

    def stop(self) -> None:
        sink, self._sink = self._sink, None
        if sink is not None:
            sink.stateChanged.disconnect(self._state_changed)
            sink.stop()
            sink.deleteLater()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None


def system_voices() -> list[tuple[str, str]]:
    """The operating system's Japanese voices as (engine, voice name); empty where there
    are none (or QtTextToSpeech cannot load)."""
    try:
        from PySide6.QtCore import QLocale
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:
        return []
    out: list[tuple[str, str]] = []
    for engine in QTextToSpeech.availableEngines():
        if engine == "mock":
            continue
        tts = QTextToSpeech(engine)
        try:
            if tts.state() == QTextToSpeech.State.Error:
                continue
            out += [(engine, v.name()) for v in tts.findVoices(QLocale.Language.Japanese)]
        finally:
            tts.deleteLater()
    return out


class SystemVoiceSink(QObject):
    """Speaks text with the operating system's Japanese voice (QtTextToSpeech); its clips
    are the text itself. ``voice`` names one (system_voices); "" takes the first."""

    finished = Signal()

    def __init__(self, voice: str = "", rate: float = 1.0, volume: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.voice, self.rate, self.volume = voice, rate, volume
        self._tts: Any = None
        self._speaking = False

    def _engine(self) -> Any:
        if self._tts is not None:
            return self._tts
        try:
            from PySide6.QtCore import QLocale
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:
            raise _unavailable(f"The system voice cannot load ({exc})", "choose the Open JTalk voice in Preferences") from None
        for engine, name in system_voices():
            if self.voice and name != self.voice:
                continue
            tts = QTextToSpeech(engine, self)
            voice = next((v for v in tts.findVoices(QLocale.Language.Japanese) if v.name() == name), None)
            if voice is None:
                tts.deleteLater()
                continue
            tts.setVoice(voice)
            tts.stateChanged.connect(self._state_changed)
            self._tts = tts
            return tts
        raise _unavailable(
            "No Japanese system voice is installed",
            "choose the Open JTalk voice in Preferences, or install one: macOS: System Settings → Accessibility → "
            "Spoken Content (Kyoko); Windows: Settings → Time & language → Speech (Haruka); Linux: speech-dispatcher "
            "with a Japanese voice",
        )

    def play(self, text: Any) -> None:
        tts = self._engine()
        tts.setRate(max(-1.0, min(1.0, math.log2(max(self.rate, 0.01)))))
        tts.setVolume(max(0.0, min(1.0, self.volume)))
        self._speaking = True
        tts.say(str(text))

    def _state_changed(self, state: Any) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if self._speaking and state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error):
            self._speaking = False
            self.finished.emit()

    def pause(self) -> None:
        if self._tts is not None:
            self._tts.pause()

    def resume(self) -> None:
        if self._tts is not None:
            self._tts.resume()

    def stop(self) -> None:
        self._speaking = False
        if self._tts is not None:
            self._tts.stop()
