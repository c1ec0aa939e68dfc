"""Estimated pitch accent from Open JTalk's analysis of the text.

Open JTalk's NJD stage, run over NAIST-jdic, gives each word its accent type, its
number of morae and a chain flag; after its accent-phrase rules the first word of each
accent phrase carries the phrase's accent (0 heiban, n: the pitch falls after mora n)
and the words chained to it (chain_flag 1) join that phrase. So a sentence's accent
phrases and their falls come out directly, and so does an inflected form's accent
(食べる 2, 食べた 1, 食べない 2). It is an estimate: an imported pitch dictionary
comes first wherever it has the word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from reader.core.audio.openjtalk import frontend_lock, load
from reader.core.dictionaries.pitch import Accent, accent, morae
from reader.core.text.kana import to_hiragana

SOURCE = "estimated"
#: Text is analysed in pieces of at most this many characters, cut at sentence ends.
_PIECE = 200
_SENTENCE_END = re.compile(r"(?<=[。．！？!?\n])")
_UNSAYABLE = {"Cs", "Co", "Cn", "Cf", "So", "Sk", "Cc"}


@dataclass(frozen=True)
class Phrase:
    """One accent phrase of a text: ``text[start:end]`` is what it covers."""

    text: str
    reading_kana: str  # katakana as spoken: キョーワ for 今日は
    downstep: int  # 0 heiban; n: the pitch falls after mora n
    start: int
    end: int

    @property
    def morae(self) -> tuple[str, ...]:
        return morae(self.reading_kana)

    @property
    def accent(self) -> Accent | None:
        """The high and low morae of the phrase (dictionaries.pitch's drawing)."""
        return accent(self.reading_kana, self.downstep)


@dataclass(frozen=True)
class _Word:
    string: str
    pron: str
    acc: int
    mora_size: int
    chain_flag: int


def _words(features: list[Any]) -> list[_Word]:
    return [
        _Word(str(f["string"]), str(f["pron"]).replace("’", ""), int(f["acc"]), int(f["mora_size"]), int(f["chain_flag"]))
        for f in features
    ]


def _safe(text: str) -> str:
    """``text`` with what the analyser cannot take (lone surrogates, emoji, control and
    format characters) turned into spaces, so the offsets stay those of ``text``."""
    return "".join(" " if unicodedata.category(ch) in _UNSAYABLE and ch != "\n" else ch for ch in text)


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece): the text cut at sentence ends into pieces the analyser takes."""
    offset = 0
    for sentence in _SENTENCE_END.split(text):
        for start in range(0, len(sentence), _PIECE):
            yield offset + start, sentence[start : start + _PIECE]
        offset += len(sentence)


#: How far ahead a word is looked for when the analyser rewrote the ones before it.
_LOOKAHEAD = 24


def _spans(text: str, offset: int, strings: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each analysed word in ``text``, plus ``offset``. Open JTalk widens
    Latin letters and digits (ABC -> ＡＢＣ), which folding undoes; words it rewrote
    (1000 -> 千) are not found, and share the stretch up to the next word found."""
    folded = unicodedata.normalize("NFKC", text)
    exact = len(folded) == len(text)
    spans: list[tuple[int, int] | None] = []
    pending: list[int] = []
    pos = 0
    for string in strings:
        needle = unicodedata.normalize("NFKC", string)
        at = folded.find(needle, pos, pos + len(needle) + _LOOKAHEAD) if exact and needle else -1
        if at == -1:
            pending.append(len(spans))
            spans.append(None)
            continue
        gap = pos + len(folded[pos:at]) - len(folded[pos:at].lstrip())
        for k, index in enumerate(pending):
            spans[index] = (gap, at) if k == 0 else (at, at)
        pending = []
        spans.append((at, at + len(needle)))
        pos = at + len(needle)
    for k, index in enumerate(pending):
        spans[index] = (pos, len(text)) if k == 0 else (len(text), len(text))
    return [(offset + a, offset + b) for a, b in (s for s in spans if s is not None)]


def _phrases_of(words: list[_Word], offset: int, original: str) -> list[Phrase]:
    phrases: list[Phrase] = []
    current: list[tuple[_Word, int, int]] = []

    def close() -> None:
        if current:
            start, end = current[0][1], max(e for _, _, e in current)
            kana = "".join(w.pron for w, _, _ in current)
            downstep = min(max(current[0][0].acc, 0), len(morae(kana)))
            text = original[start - offset : end - offset].strip()
            phrases.append(Phrase(text or "".join(w.string for w, _, _ in current), kana, downstep, start, end))
            current.clear()

    for word, (start, end) in zip(words, _spans(original, offset, [w.string for w in words]), strict=True):
        if word.mora_size == 0:  # punctuation and symbols: a pause ends the phrase
            close()
            continue
        if word.chain_flag != 1:
            close()
        current.append((word, start, end))
    close()
    return phrases


def sentence_phrases(text: str) -> list[Phrase]:
    """The accent phrases of ``text``, in order, with offsets into ``text``; [] when
    nothing in it is Japanese enough to say. Raises SpeechUnavailable (with advice)
    when Open JTalk or its dictionary is missing."""
    if not isinstance(text, str) or not text.strip():
        return []
    pyopenjtalk = load()
    out: list[Phrase] = []
    for offset, piece in _pieces(_safe(text)):
        if not piece.strip():
            continue
        with frontend_lock:
            features = pyopenjtalk.run_frontend(piece)
        words = _words(features)
        out.extend(_phrases_of(words, offset, piece))
    return out


def mora_count(kana: str) -> int:
    """Morae in a kana reading, hiragana or katakana (きょう 2, ガッコー 4)."""
    return len(morae(kana))


def estimate(word: str, reading: str | None = None) -> list[Phrase]:
    """The accent phrases of a word (usually one). With a ``reading``, an analysis whose
    number of morae differs from it is of another word (今日 read こんにち, not きょう):
    the reading itself is analysed instead, and [] returned when that does not fit
    either."""
    phrases = sentence_phrases(word)
    if reading is None or not reading.strip():
        return phrases
    wanted = mora_count(reading)
    if sum(mora_count(p.reading_kana) for p in phrases) == wanted:
        return phrases
    by_reading = sentence_phrases(reading)
    if sum(mora_count(p.reading_kana) for p in by_reading) == wanted:
        return by_reading
    return []


def downstep(word: str, reading: str | None = None) -> int | None:
    """The estimated downstep of a word said as one accent phrase (0 heiban, n: falls
    after mora n); None when it is not one phrase or does not fit its reading."""
    phrases = estimate(word, reading)
    return phrases[0].downstep if len(phrases) == 1 else None


def lookup_pitch(word: str, reading: str | None = None) -> list[dict[str, Any]]:
    """`reader lookup`'s estimated pitch of a word: one entry (or none when the estimate
    is not one accent phrase fitting ``reading``, or Open JTalk is missing), in the shape
    of the imported dictionaries' entries with ``"source": "estimated"``. The reading
    shown is the dictionary's where it fits, else Open JTalk's."""
    from reader.core.audio.openjtalk import SpeechUnavailable

    try:
        phrases = estimate(word, reading)
    except SpeechUnavailable:
        return []
    if len(phrases) != 1:
        return []
    shown = to_hiragana(reading) if reading and mora_count(reading) == mora_count(phrases[0].reading_kana) else None
    drawn = accent(shown or phrases[0].reading_kana, phrases[0].downstep)
    if drawn is None:
        return []
    return [
        {"text": word, "reading": "".join(drawn.morae), "downstep": drawn.downstep, "name": drawn.name, "source": SOURCE}
    ]
