"""Speech: the voices, and text in, 16-bit mono PCM out.

The window and the command line use only this module. A voice turns one clean chunk of
text into Audio; ``synthesize`` cleans the text (``speakable``), cuts it into chunks the
engine handles well (``chunks``) and joins what the voice says. Bad input never reaches
the engine: emoji, lone surrogates and control characters are dropped, and text with
nothing to say gives empty Audio. Open JTalk is the voice that works everywhere; the Qt
layer may ``register_voice`` the operating system's voices beside it.
"""

from __future__ import annotations

import io
import math
import threading
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from reader.core.audio.openjtalk import SpeechUnavailable, dictionary_dir, frontend_lock, installed, load
from reader.core.audio.speakable import MAX_CHUNK, chunks, speakable
from reader.core.errors import InputError

__all__ = [
    "MAX_CHUNK",
    "Audio",
    "OpenJTalkVoice",
    "SpeechUnavailable",
    "Voice",
    "VoiceInfo",
    "available_voices",
    "chunks",
    "register_voice",
    "speakable",
    "synthesize",
    "synthesize_chunks",
    "synthesize_word",
    "voice_named",
]

DEFAULT_VOICE = "openjtalk"
#: The speeds and volumes a voice accepts; values outside are brought to the nearest end.
RATE_RANGE = (0.25, 4.0)
VOLUME_RANGE = (0.0, 2.0)


@dataclass(frozen=True)
class VoiceInfo:
    """A voice as the user picks it: ``id`` is what ``synthesize(voice=...)`` takes."""

    id: str
    name: str
    engine: str  # "openjtalk", or "system" for the operating system's voices


@dataclass(frozen=True)
class Audio:
    """Speech as 16-bit little-endian mono PCM."""

    samples: bytes
    sample_rate: int

    @property
    def frames(self) -> int:
        return len(self.samples) // 2

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0

    def to_wav_bytes(self) -> bytes:
        """The audio as a complete .wav file."""
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.sample_rate)
            w.writeframes(self.samples)
        return out.getvalue()

    @classmethod
    def silence(cls, seconds: float, sample_rate: int = 48000) -> Audio:
        return cls(b"\0\0" * max(0, round(seconds * sample_rate)), sample_rate)

    @classmethod
    def join(cls, parts: list[Audio], gap_s: float = 0.0, sample_rate: int = 48000) -> Audio:
        """The parts one after another, ``gap_s`` of silence between them. All parts
        must share one sample rate (one voice gives one)."""
        rate = next((p.sample_rate for p in parts if p.sample_rate), sample_rate)
        if any(p.sample_rate not in (rate, 0) for p in parts):
            raise ValueError("audio parts have different sample rates")
        gap = cls.silence(gap_s, rate).samples
        return cls(gap.join(p.samples for p in parts), rate)


class Voice(Protocol):
    """Something that speaks: one chunk of clean text in, Audio out."""

    @property
    def info(self) -> VoiceInfo: ...

    def available(self) -> bool:
        """Whether it can speak now, cheaply checked (without loading anything big)."""
        ...

    def speak(self, chunk: str, rate: float, volume: float) -> Audio:
        """One chunk (already ``speakable`` and within ``chunks``' size) as audio. Raises
        SpeechUnavailable when the voice cannot speak."""
        ...


class OpenJTalkVoice:
    """The HTS voice Mei through Open JTalk: offline on every platform."""

    info = VoiceInfo("openjtalk", "Open JTalk (Mei)", "openjtalk")
    #: One synthesis at a time: the binding shares one HTS engine (its speed included).
    _synthesis_lock = threading.Lock()

    def available(self) -> bool:
        return installed() and dictionary_dir() is not None

    def speak(self, chunk: str, rate: float, volume: float) -> Audio:
        import numpy as np

        pyopenjtalk = load()
        with frontend_lock:
            labels = pyopenjtalk.extract_fullcontext(chunk)
        with self._synthesis_lock:
            wave_, sample_rate = pyopenjtalk.synthesize(labels, speed=rate)
        pcm = np.clip(np.asarray(wave_, dtype=np.float64) * volume, -32768, 32767).astype("<i2")
        return Audio(pcm.tobytes(), int(sample_rate))


_voices: dict[str, Voice] = {DEFAULT_VOICE: OpenJTalkVoice()}
_voices_lock = threading.Lock()


def register_voice(voice: Voice) -> None:
    """Add (or replace) a voice, e.g. the operating system's, under its ``info.id``."""
    with _voices_lock:
        _voices[voice.info.id] = voice


def available_voices() -> list[VoiceInfo]:
    """The voices that can speak now, Open JTalk first. Empty when none can."""
    with _voices_lock:
        voices = list(_voices.values())
    return [v.info for v in voices if v.available()]


def voice_named(voice: str) -> Voice:
    """The voice with this id; SpeechUnavailable (with the ones there are) when unknown
    or unable to speak."""
    with _voices_lock:
        found = _voices.get(voice)
    if found is None:
        names = ", ".join(v.id for v in available_voices()) or "none"
        raise SpeechUnavailable(f"there is no voice {voice!r}", f"choose one of: {names}")
    if not found.available():
        if found.info.engine == "openjtalk":
            load()  # raises SpeechUnavailable saying what is missing
        raise SpeechUnavailable(f"the voice {found.info.name} cannot speak here")
    return found


def _bounded(value: float, name: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"the {name} {value!r} is not a number", f"give a number from {low} to {high}") from None
    if math.isnan(number):
        raise InputError(f"the {name} is not a number", f"give a number from {low} to {high}")
    return min(high, max(low, number))


def synthesize_chunks(
    text: str, voice: str = DEFAULT_VOICE, rate: float = 1.0, volume: float = 1.0
) -> Iterator[tuple[str, Audio]]:
    """Each chunk of the text with its audio, as soon as it is spoken: play the first
    while the next is made. Yields nothing when the text has nothing to say."""
    rate = _bounded(rate, "speed", *RATE_RANGE)
    volume = _bounded(volume, "volume", *VOLUME_RANGE)
    speaker = voice_named(voice)
    for chunk in chunks(text):
        yield chunk, speaker.speak(chunk, rate, volume)


def synthesize(text: str, voice: str = DEFAULT_VOICE, rate: float = 1.0, volume: float = 1.0) -> Audio:
    """The whole text spoken by ``voice`` at ``rate`` (1.0 is normal speed) and
    ``volume`` (1.0 as the voice speaks). Text with nothing to say gives empty Audio.

    Raises SpeechUnavailable (with advice) when the voice cannot speak, InputError for a
    rate or volume that is not a number."""
    parts = [audio for _, audio in synthesize_chunks(text, voice, rate, volume)]
    return Audio.join(parts)


def synthesize_word(
    word: str, reading: str | None = None, voice: str = DEFAULT_VOICE, rate: float = 1.0, volume: float = 1.0
) -> Audio:
    """A dictionary word, said with its dictionary ``reading``: Open JTalk picks one
    reading for a written word (今日 as きょう), so when the number of morae it would say
    does not fit ``reading`` (こんにち), the reading itself is said instead."""
    from reader.core.audio.accent import mora_count, sentence_phrases

    text = word
    if reading and reading.strip() and reading != word and voice_named(voice).info.engine == "openjtalk":
        said = sum(mora_count(p.reading_kana) for p in sentence_phrases(speakable(word)))
        if said != mora_count(reading):
            text = reading
    return synthesize(text, voice, rate, volume)
