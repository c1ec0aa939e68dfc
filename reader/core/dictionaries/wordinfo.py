"""What the hover popup, the word panel and ``reader lookup`` show about one word.

The built-in JMdict (and JMnedict for names) travel with the word; imported Yomitan
dictionaries, pitch accents, the JLPT level and the newspaper band are gathered here,
so the Qt layer and the command line only draw them. A word is a text/words.py Word:
a conjugated verb shows its dictionary form and inflections, a compound its parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reader.core.dictionaries import labels, levels
from reader.core.dictionaries.pitch import Accent, accent
from reader.core.text.kana import has_kanji, is_kanji, to_hiragana
from reader.core.text.model import (
    COMPOUND, EXPRESSION, WORD, AnnotatedSentence, Entry, Token, Word, WordInfo,
)
from reader.core.text.tokenize import strip_english
from reader.core.text.words import wants_gloss

if TYPE_CHECKING:
    from reader.core.dictionaries.yomitan.database import Lookup
    from reader.core.dictionaries.yomitan.store import UserDictionaries
    from reader.core.text.pipeline import Annotator

#: At most this many imported dictionaries' definitions in the popup (all in the panel).
POPUP_DICTIONARIES = 3
POPUP_DEFINITIONS = 3
#: Iteration and abbreviation marks count as kanji for furigana but have no kanji entry.
_MARKS = frozenset("々〆ヶ")
#: The longest run of tokens `look_up` offers imported dictionaries as one headword.
MAX_IMPORTED_TOKENS = 8


@dataclass(frozen=True)
class PitchLine:
    dictionary: str
    accent: Accent


@dataclass(frozen=True)
class WordExtras:
    """Everything beyond the word's own entries."""

    level: int | None = None
    band: str = ""
    lookup: Lookup | None = None
    pitches: tuple[PitchLine, ...] = ()

    @property
    def level_label(self) -> str:
        return levels.level_label(self.level)


def lookup_keys(word: Word) -> tuple[str, str]:
    """The dictionary form and its reading in hiragana, as imported dictionaries index them."""
    return word.base or word.text, to_hiragana(word.base_reading or word.reading)


def word_level(word: Word) -> int | None:
    """The JLPT level of a word: its token's where the word is that token's dictionary
    word (いる is 居る), else the list's for its dictionary form (首脳会談, 読む for 読める)."""
    lexeme = word.lexeme
    if word.key == (lexeme.base, lexeme.base_reading):
        return levels.lexeme_level(lexeme)
    return levels.word_level(*word.key)


def extras(word: Word, user_dicts: UserDictionaries | None) -> WordExtras:
    base, reading = lookup_keys(word)
    entry = word.entries[0] if word.entries else None
    found = None
    if user_dicts is not None:
        lemma = strip_english(word.lemma) if word.kind == WORD else ""
        if lemma and lemma != base and has_kanji(lemma) and not has_kanji(base):
            found = user_dicts.lookup(lemma, reading)  # いる written in kana: its lemma 居る
        found = found or user_dicts.lookup(base, reading)
        if not found and word.key[0] != base:  # 準備する: the dictionaries list 準備
            found = user_dicts.lookup(word.key[0], to_hiragana(word.key[1]))
    return WordExtras(
        level=word_level(word),
        band=levels.news_band(entry.nf if entry else None),
        lookup=found,
        pitches=_pitches(found, reading),
    )


def _pitches(found: Lookup | None, reading: str) -> tuple[PitchLine, ...]:
    """One line per distinct accent, for the word's reading, in dictionary order."""
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


def word_kanji(word: Word) -> tuple[str, ...]:
    """The distinct kanji of the word, in order (its dictionary form, else as written)."""
    text = word.base if has_kanji(word.base) else word.text
    return tuple(dict.fromkeys(c for c in text if is_kanji(c) and c not in _MARKS))


def parts(word: Word) -> tuple[Word, ...]:
    """A compound's or expression's content tokens as words of their own, for the shorter
    matches shown below it (首脳会談: 首脳, 会談); () for other words."""
    if word.kind not in (COMPOUND, EXPRESSION):
        return ()
    out = []
    for k, token in enumerate(word.tokens):
        lexeme = token.lexeme
        if wants_gloss(lexeme) and lexeme.entries:
            info = WordInfo(
                token.surface, WORD, lexeme.base, lexeme.base_reading, lexeme.reading,
                (lexeme.base, lexeme.base_reading), lexeme, entries=lexeme.entries,
            )
            out.append(Word.make(word.first + k, (token,), info))
    return tuple(out)


def popup_info(word: Word, more: WordExtras) -> dict[str, Any]:
    """The hover popup's JSON: small, and only plain strings (the page uses textContent)."""
    entry = word.entries[0] if word.entries else None
    info: dict[str, Any] = {
        "surface": word.text,
        "reading": word.reading,
        "base": word.base,
        "baseReading": word.base_reading,
        "kind": word.kind,
        "inflections": list(word.inflections),
        "pos": labels.word_pos(word.entries, word.pos),
        "glosses": list(word.glosses[:6]),
        "common": bool(entry and entry.common),
        "level": more.level_label,
        "band": more.band,
    }
    if any(t.lexeme.guessed for t in word.tokens):
        info["guess"] = True  # the reading is KANJIDIC2's guess, no dictionary's
    shorter = parts(word)
    if shorter:
        info["parts"] = [
            {"surface": p.text, "reading": p.base_reading, "glosses": list(p.glosses[:3])}
            for p in shorter
        ]
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


# -- reader lookup ------------------------------------------------------------------


@dataclass(frozen=True)
class WordLookup:
    """Everything `reader lookup` prints about the longest word at the start of a text."""

    word: Word
    more: WordExtras
    names: tuple[Entry, ...]  # JMnedict's, where the word's own entries hold none
    parts: tuple[Word, ...]
    parts_more: tuple[WordExtras, ...]


def look_up(text: str, annotator: Annotator, user_dicts: UserDictionaries | None = None) -> WordLookup | None:
    """The longest word at the start of ``text`` (spaces skipped) as the popup shows it,
    or None where the text holds no word. An imported dictionary's longer headword wins,
    as Yomitan's search does."""
    sentences = annotator.annotate(text.lstrip()).sentences
    return look_up_sentence(sentences[0], annotator, user_dicts) if sentences else None


def look_up_sentence(
    sentence: AnnotatedSentence, annotator: Annotator, user_dicts: UserDictionaries | None = None
) -> WordLookup | None:
    """:func:`look_up` of an annotated sentence's first word (the search box keeps the
    sentence, to save the word with it)."""
    if not sentence.words:
        return None
    word = sentence.words[0]
    if user_dicts is not None:
        word = _longer_imported(sentence.tokens, word, user_dicts) or word
    names: tuple[Entry, ...] = ()
    dictionary = annotator.dictionary
    if dictionary is not None and not any(e.is_name for e in word.entries):
        names = dictionary.lookup_names(word.base, word.base_reading)
    shorter = parts(word)
    return WordLookup(
        word, extras(word, user_dicts), names, shorter, tuple(extras(p, user_dicts) for p in shorter)
    )


def _longer_imported(tokens: tuple[Token, ...], word: Word, user_dicts: UserDictionaries) -> Word | None:
    """A word of more tokens than ``word`` that an imported dictionary lists whole (its
    last token in its dictionary form or as written), longest first; None if none."""
    spoken = [t for t in tokens[: MAX_IMPORTED_TOKENS] if t.pos != "空白"]
    candidates: dict[str, int] = {}
    for n in range(len(spoken), len(word.tokens), -1):
        head = "".join(t.surface for t in spoken[: n - 1])
        for form in (spoken[n - 1].surface, spoken[n - 1].base):
            candidates.setdefault(head + form, n)
    if not candidates:
        return None
    found = user_dicts.headwords(list(candidates))
    if not found:
        return None
    best = max(found, key=lambda c: (candidates[c], c))
    n = candidates[best]
    span = tuple(spoken[:n])
    text = "".join(t.surface for t in span)
    reading = "".join(t.reading for t in span)
    lookup = user_dicts.lookup(best)
    base_reading = to_hiragana(lookup.terms[0].reading) if lookup.terms else reading
    kind = COMPOUND if wants_gloss(span[0].lexeme) else EXPRESSION
    info = WordInfo(text, kind, best, base_reading, reading, (best, base_reading), span[0].lexeme)
    return Word.make(0, span, info)


def lookup_dict(found: WordLookup) -> dict[str, Any]:
    """`reader lookup --format json`: the word, its inflections and every dictionary's say."""
    word, more = found.word, found.more

    def entry(e: Entry) -> dict[str, Any]:
        return {
            "id": e.id, "word": e.word, "reading": e.reading, "kind": e.kind, "common": e.common,
            "senses": [{"pos": list(s.pos), "glosses": list(s.glosses)} for s in e.senses],
        }

    def imported(lookup: Lookup | None) -> list[dict[str, Any]]:
        if not lookup:
            return []
        return [
            {"dict": t.dictionary, "expression": t.expression, "reading": t.reading,
             "definitions": list(t.definitions)}
            for t in lookup.terms
        ]

    return {
        "text": word.text,
        "base": word.base,
        "reading": word.base_reading,
        "kind": word.kind,
        "inflections": list(word.inflections),
        "level": more.level_label,
        "band": more.band,
        "entries": [entry(e) for e in word.entries],
        "names": [entry(e) for e in found.names],
        "dictionaries": imported(more.lookup),
        "pitch": [
            {"dict": p.dictionary, "reading": "".join(p.accent.morae), "downstep": p.accent.downstep,
             "name": p.accent.name}
            for p in more.pitches
        ],
        "parts": [
            {"text": p.text, "base": p.base, "reading": p.base_reading,
             "entries": [entry(e) for e in p.entries], "dictionaries": imported(m.lookup)}
            for p, m in zip(found.parts, found.parts_more, strict=True)
        ],
    }
