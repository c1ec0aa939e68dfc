"""Align a word's reading with its spelling, so furigana sits over kanji only.

向けた (むけた) becomes 向[む]けた: each run of kanji gets the part of the reading
that the kana around it leave over. Kana, Latin and punctuation get no ruby.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reader.core.text.kana import is_kanji, to_hiragana
from reader.core.text.model import RubySegment


def _runs(surface: str) -> list[tuple[bool, str]]:
    """Split a surface into (is_kanji, text) runs."""
    runs: list[tuple[bool, str]] = []
    for ch in surface:
        k = is_kanji(ch)
        if runs and runs[-1][0] == k:
            runs[-1] = (k, runs[-1][1] + ch)
        else:
            runs.append((k, ch))
    return runs


@lru_cache(maxsize=65536)
def ruby_for(surface: str, reading: str) -> tuple[RubySegment, ...]:
    """Ruby segments for ``surface`` read as ``reading`` (hiragana).

    The concatenated segment texts always equal ``surface``. When the kana in the
    surface cannot be found in the reading (an irregular or unknown reading), the
    whole word gets the whole reading rather than a wrong split.
    """
    if not surface:
        return ()
    runs = _runs(surface)
    if not reading or not any(k for k, _ in runs):
        return (RubySegment(surface, ""),)
    if len(runs) == 1:
        return (RubySegment(surface, reading),)
    pattern = "".join(
        "(.+?)" if k else "(" + re.escape(to_hiragana(text)) + ")" for k, text in runs
    )
    m = re.fullmatch(pattern, reading)
    if m is None:
        return (RubySegment(surface, reading),)
    return tuple(
        RubySegment(text, m.group(i + 1) if k else "") for i, (k, text) in enumerate(runs)
    )


def bracketed(segments: tuple[RubySegment, ...] | list[RubySegment]) -> str:
    """Text with furigana in brackets: 停戦[ていせん]に向[む]けた."""
    return "".join(f"{s.text}[{s.reading}]" if s.reading else s.text for s in segments)
