"""What the hover popup and the word panel show about one token.

The built-in JMdict (and JMnedict for names) travel with the token; imported Yomitan
dictionaries, pitch accents, the JLPT level and the newspaper band are gathered here,
so the Qt layer only draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reader.core.dictionaries import levels
from reader.core.dictionaries.pitch import Accent, accent
from reader.core.text.kana import has_kanji, is_kanji, to_hiragana
from reader.core.text.tokenize import strip_english

if TYPE_CHECKING:
    from reader.core.dictionaries.yomitan.database import Lookup
    from reader.core.dictionaries.yomitan.store import UserDictionaries
    from reader.core.text.model import Token

#: At most this many imported dictionaries' definitions in the popup (all in the panel).
POPUP_DICTIONARIES = 3
POPUP_DEFINITIONS = 3
#: Iteration and abbreviation marks count as kanji for furigana but have no kanji entry.
_MARKS = frozenset("々〆ヶ")


@dataclass(frozen=True)
class PitchLine:
    dictionary: str
    accent: Accent


@dataclass(frozen=True)
class WordExtras:
    """Everything beyond the token's own entries."""

    level: int | None = None
    band: str = ""
    lookup: Lookup | None = None
    pitches: tuple[PitchLine, ...] = ()

    @property
    def level_label(self) -> str:
        return levels.level_label(self.level)


def lookup_keys(token: Token) -> tuple[str, str]:
    """The dictionary form and its reading in hiragana, as imported dictionaries index them."""
    return token.base or token.surface, to_hiragana(token.base_reading or token.reading)


def extras(token: Token, user_dicts: UserDictionaries | None) -> WordExtras:
    base, reading = lookup_keys(token)
    entry = token.entries[0] if token.entries else None
    found = None
    if user_dicts is not None:
        lemma = strip_english(token.lemma)
        if lemma != base and has_kanji(lemma) and not has_kanji(base):
            found = user_dicts.lookup(lemma, reading)  # いる written in kana: its lemma 居る
        found = found or user_dicts.lookup(base, reading)
    return WordExtras(
        level=levels.lexeme_level(token.lexeme),
        band=levels.news_band(entry.nf if entry else None),
        lookup=found,
        pitches=_pitches(found, reading),
    )


def _pitches(found: Lookup | None, reading: str) -> tuple[PitchLine, ...]:
    """One line per distinct accent, for the token's reading, in dictionary order."""
    if not found:
        return ()
    seen: set[int] = set()
    out: list[PitchLine] = []
    for p in found.pitches:
        if reading and p.reading and to_hiragana(p.reading) != reading:
            continue
        for position in p.positions:
            a = accent(p.reading or reading, position)
            if a is not None and position not in seen:
                seen.add(position)
                out.append(PitchLine(p.dictionary, a))
    return tuple(out)


def word_kanji(token: Token) -> tuple[str, ...]:
    """The distinct kanji of the word, in order (its dictionary form, else as written)."""
    text = token.base if has_kanji(token.base) else token.surface
    return tuple(dict.fromkeys(c for c in text if is_kanji(c) and c not in _MARKS))


def popup_info(token: Token, more: WordExtras) -> dict[str, Any]:
    """The hover popup's JSON: small, and only plain strings (the page uses textContent)."""
    entry = token.entries[0] if token.entries else None
    info: dict[str, Any] = {
        "surface": token.surface,
        "reading": token.reading,
        "base": token.base,
        "pos": ", ".join(entry.senses[0].pos) if entry and entry.senses else token.pos,
        "glosses": list(token.glosses[:6]),
        "common": bool(entry and entry.common),
        "level": more.level_label,
        "band": more.band,
    }
    found = more.lookup
    if found:
        info["freqs"] = [
            {"dict": f.dictionary, "value": f.display or (str(f.value) if f.value is not None else "")}
            for f in found.freqs
        ]
        info["dicts"] = _popup_dictionaries(found)
    if more.pitches:
        info["pitch"] = [
            {
                "dict": p.dictionary,
                "morae": list(p.accent.morae),
                "high": list(p.accent.high),
                "drop": p.accent.downstep,
                "particleHigh": p.accent.particle_high,
                "name": p.accent.name,
            }
            for p in more.pitches
        ]
    return info


def _popup_dictionaries(found: Lookup) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for term in found.terms:
        if out and out[-1]["dict"] == term.dictionary:
            group = out[-1]
        elif len(out) < POPUP_DICTIONARIES:
            group = {"dict": term.dictionary, "defs": []}
            out.append(group)
        else:
            continue
        room = POPUP_DEFINITIONS - len(group["defs"])
        group["defs"].extend(d for d in term.definitions[:room] if d)
    return [g for g in out if g["defs"]]
