"""Pitch accent: a reading split into morae and the high/low pattern of one accent.

Dictionaries give an accent as the position of the downstep: 0 for heiban (no drop,
the following particle stays high), n for a drop after the n-th mora. Tokyo Japanese
then fixes the pattern: the first mora is low unless the accent is on it, the morae
up to the downstep are high, and the ones after it low.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.text.kana import to_hiragana

#: Small kana that share a mora with the kana before them (っ is a mora of its own).
_SMALL = frozenset("ゃゅょぁぃぅぇぉゎャュョァィゥェォヮ")


def morae(reading: str) -> tuple[str, ...]:
    """きょう -> (きょ, う); がっこう -> (が, っ, こ, う); ん, っ and ー count as morae."""
    out: list[str] = []
    for ch in reading:
        if ch in _SMALL and out:
            out[-1] += ch
        else:
            out.append(ch)
    return tuple(out)


@dataclass(frozen=True)
class Accent:
    """One accent of a reading: each mora's pitch and where the pitch drops."""

    morae: tuple[str, ...]
    high: tuple[bool, ...]
    downstep: int  # 0: none (heiban); n: the pitch drops after mora n
    particle_high: bool  # whether a following particle stays high (heiban only)

    @property
    def name(self) -> str:
        n, count = self.downstep, len(self.morae)
        if n == 0:
            return "heiban"
        if n == 1:
            return "atamadaka"
        return "odaka" if n == count else "nakadaka"

    def notation(self) -> str:
        """The reading with ꜛ where the pitch rises and ꜜ where it drops: せꜛんせꜜい."""
        out: list[str] = []
        for i, (mora, high) in enumerate(zip(self.morae, self.high, strict=True)):
            if high and i > 0 and not self.high[i - 1]:
                out.append("ꜛ")
            out.append(mora)
            if self.downstep == i + 1:
                out.append("ꜜ")
        return "".join(out)


def accent(reading: str, downstep: int) -> Accent | None:
    """The pattern of ``reading`` with its pitch dropping after mora ``downstep``.

    None when the position cannot belong to the reading (negative, or past its end).
    """
    parts = morae(to_hiragana(reading))
    if not parts or downstep < 0 or downstep > len(parts):
        return None
    high = tuple(
        (i == 1) if downstep == 1 else (i >= 2 and (downstep == 0 or i <= downstep))
        for i in range(1, len(parts) + 1)
    )
    if len(parts) == 1 and downstep == 0:
        high = (False,)  # 日が: ひ low, が high
    return Accent(parts, high, downstep, particle_high=downstep == 0)
