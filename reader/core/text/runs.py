"""Cutting text into pieces MeCab handles, offsets kept.

MeCab takes time quadratic in a run of one character class that it groups into one
unknown word (100,000 'a', digits, katakana or symbols: 7 s; 20,000: 0.3 s), and it
crashes (signal 11) on one parse of a few hundred thousand characters ('停' x 400,000,
'停あ' x 300,000). Realistic text never comes near either: sentences end at 。 or a
line break. So a run of one class is cut every MAX_RUN characters, and a piece is
cut at MAX_PIECE characters, after a space or punctuation where it can be.
"""

from __future__ import annotations

from itertools import groupby

from reader.core.text.kana import is_kanji

MAX_RUN = 1024
MAX_PIECE = 8192
_SEARCH_BACK = 512  # characters looked back from MAX_PIECE for a good place to cut


def char_class(ch: str) -> str:
    """The character classes MeCab groups unknown words by (its char.def), roughly."""
    o = ord(ch)
    if ch.isspace():
        return " "
    if is_kanji(ch):
        return "K"
    if 0x3041 <= o <= 0x309F:
        return "H"
    if 0x30A1 <= o <= 0x30FF or 0xFF66 <= o <= 0xFF9F:
        return "k"
    if ch.isdigit():
        return "9"
    if ch.isalpha():
        return "A"
    return "."


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) pieces that tile ``text``; one piece for any text of realistic size."""
    n = len(text)
    if n <= MAX_RUN:
        return [(0, n)]
    cuts: set[int] = set()
    soft: list[int] = []  # after a space or punctuation: where a long piece is best cut
    at = 0
    for cls, run in groupby(text, char_class):
        length = sum(1 for _ in run)
        cuts.update(range(at + MAX_RUN, at + length, MAX_RUN))
        at += length
        if cls in " .":
            soft.append(at)
    points = sorted(cuts | {n})
    out: list[tuple[int, int]] = []
    start = 0
    soft_index = 0
    for point in points:
        while point - start > MAX_PIECE:
            limit = start + MAX_PIECE
            while soft_index < len(soft) and soft[soft_index] <= limit:
                soft_index += 1
            best = soft[soft_index - 1] if soft_index and soft[soft_index - 1] > limit - _SEARCH_BACK else 0
            cut = best if best > start else limit
            out.append((start, cut))
            start = cut
        out.append((start, point))
        start = point
    return out
