"""Decoding guards: what keeps a model from looping, running on or answering nothing.

Users of the Argos ja→en model report outputs that loop on a phrase, outputs that are
empty, and short kana-only inputs answered with one wrong word. Every sentence, short
or long, is decoded with a repetition guard and a length bound relative to its source;
an output that is still empty or degenerate is decoded once more with other settings,
and if that fails too it is marked NO_USABLE_MT (the pane shows the word glosses).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

#: A sentence the model could not translate usefully: the empty translation of a
#: sentence that is not blank (see no_usable_mt). The pane shows its gloss line instead.
NO_USABLE_MT = ""
MAX_DECODING_LENGTH = 512


@dataclass(frozen=True, slots=True)
class Settings:
    """One way of decoding; ``label`` goes into the cache key."""

    beam_size: int = 4
    length_penalty: float = 0.2
    repetition_penalty: float = 1.1  # mild: a real translation repeats words too
    no_repeat_ngram_size: int = 0  # blocking n-grams would forbid "the United States" twice
    min_decoding_length: int = 0
    ratio: float = 2.0  # most target tokens per source token, plus ``slack``
    slack: int = 10

    def bound(self, source_tokens: int, cap: int = MAX_DECODING_LENGTH) -> int:
        return min(cap, int(self.ratio * source_tokens) + self.slack)

    @property
    def label(self) -> str:
        return (f"beam={self.beam_size} rp={self.repetition_penalty} ngram={self.no_repeat_ngram_size} "
                f"len={self.ratio}x+{self.slack}")


def first_pass(beam_size: int) -> Settings:
    return Settings(beam_size=beam_size)


def retry_pass(beam_size: int) -> Settings:
    """Other settings for a second try: another beam, a stronger repetition penalty, a
    smaller repeated n-gram, no pull towards short outputs, at least a couple of tokens."""
    return Settings(
        beam_size=1 if beam_size > 1 else 4, length_penalty=1.0, repetition_penalty=1.3,
        no_repeat_ngram_size=3, min_decoding_length=2, ratio=1.5, slack=8,
    )


def guard_label(beam_size: int) -> str:
    """What the cached translations of a model depend on besides its version."""
    return f"{first_pass(beam_size).label} retry=[{retry_pass(beam_size).label}]"


def _has_words(text: str) -> bool:
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def degenerate(pieces: Sequence[str], text: str) -> bool:
    """Empty, no letters or digits at all, one token making up most of a longer output,
    or a short phrase repeated three times in a row (a word four times): a loop."""
    if not text.strip() or not _has_words(text):
        return True
    n = len(pieces)
    if n >= 6 and Counter(pieces).most_common(1)[0][1] * 2 > n:
        return True
    for size in (1, 2, 3, 4):
        times = 4 if size == 1 else 3  # "very very very" is English; a phrase thrice is a loop
        for start in range(0, n - times * size + 1):
            gram = pieces[start : start + size]
            if all(pieces[start + k * size : start + (k + 1) * size] == gram for k in range(1, times)):
                if size > 1 or _has_words(gram[0]):
                    return True
    return False


def no_usable_mt(source: str, translation: str) -> bool:
    """True when a non-blank sentence came back as NO_USABLE_MT."""
    return bool(source.strip()) and translation == NO_USABLE_MT
