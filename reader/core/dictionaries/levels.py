"""JLPT levels of words and kanji, and JMdict's newspaper frequency bands.

The JLPT lists are Jonathan Waller's (tanos.co.uk, CC BY), converted once into
reader/resources/data/ (see the README there). Levels are numbers as the test names
them: 5 is N5, the easiest, 1 is N1. Lookups are dictionary lookups on tables
loaded on first use, so the reader can ask for every token.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from reader.core import paths
from reader.core.errors import ReaderError
from reader.core.text.kana import has_kanji, is_all_kana, to_hiragana
from reader.core.text.model import Lexeme

WORDS_FILE = "jlpt-words.tsv"
KANJI_FILE = "jlpt-kanji.tsv"
#: JMdict's nf01..nf48 each hold 500 words, ranked by frequency in Mainichi Shimbun.
NEWS_BAND_SIZE = 500


@dataclass(frozen=True)
class _Tables:
    pairs: dict[tuple[str, str], int]  # (word, hiragana reading) -> level
    words: dict[str, int]  # spelling -> level, where all its readings agree
    kana: dict[str, int]  # hiragana reading -> the easiest level of a word read so
    kanji: dict[str, int]


_lock = threading.Lock()
_tables: _Tables | None = None


def data_dir() -> Path:
    return paths.resources_dir() / "data"


def _rows(name: str) -> list[list[str]]:
    path = data_dir() / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReaderError(
            f"the JLPT list {path} cannot be read ({exc.strerror})",
            "reinstall reader from a fresh clone",
        ) from exc
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _agreed(items: list[tuple[str, int]]) -> dict[str, int]:
    """key -> level for keys whose every listing has the same level."""
    seen: dict[str, int] = {}
    mixed: set[str] = set()
    for key, level in items:
        if seen.setdefault(key, level) != level:
            mixed.add(key)
    return {k: v for k, v in seen.items() if k not in mixed}


def _load() -> _Tables:
    global _tables
    with _lock:
        if _tables is None:
            try:
                pairs = {(w, r): int(n) for w, r, n in _rows(WORDS_FILE)}
                kanji = {c: int(n) for c, n in _rows(KANJI_FILE)}
            except ValueError as exc:
                raise ReaderError(
                    f"a JLPT list in {data_dir()} is damaged ({exc})",
                    "reinstall reader from a fresh clone",
                ) from exc
            kana: dict[str, int] = {}
            for (_, reading), level in pairs.items():
                kana[reading] = max(level, kana.get(reading, 0))
            words = _agreed([(w, n) for (w, _), n in pairs.items()])
            _tables = _Tables(pairs, words, kana, kanji)
        return _tables


def word_level(base: str, reading: str = "") -> int | None:
    """The JLPT level (5 = N5 .. 1 = N1) of a word in its dictionary form, or None.

    Matched by spelling and reading (any kana script), then by spelling alone where
    the list gives all its readings one level, then, for words written in kana, by
    reading: the easiest word read so, as the common word is the likelier one (わかる
    is 分かる, N5, rather than the rarer spelling 分る, N2).
    """
    if not base:
        return None
    t = _tables or _load()
    key = to_hiragana(reading)
    level = t.pairs.get((base, key)) if key else None
    if level is None:
        level = t.words.get(base)
    if level is None and is_all_kana(base):
        level = t.kana.get(to_hiragana(base))
    return level


def lexeme_level(word: Lexeme) -> int | None:
    """The JLPT level of a token's word. Words written in kana and not listed so are
    looked up by UniDic's lemma first, which names the word meant (いる is 居る, N5, not
    入る, N1), then as :func:`word_level`; する stays する (N5), not 為る (N3)."""
    t = _tables or _load()
    listed = t.pairs.get((word.base, to_hiragana(word.base_reading)))
    if listed is not None:
        return listed
    lemma = word.lemma.partition("-")[0]
    if lemma and lemma != word.base and is_all_kana(word.base) and has_kanji(lemma):
        level = word_level(lemma, word.base_reading)
        if level is not None:
            return level
    return word_level(word.base, word.base_reading)


def kanji_level(ch: str) -> int | None:
    """The JLPT level of a kanji (5 = N5 .. 1 = N1), or None."""
    return (_tables or _load()).kanji.get(ch)


def level_label(level: int | None) -> str:
    """"N3" for 3, "" for None."""
    return f"N{level}" if level else ""


def news_band(nf: int | None) -> str:
    """JMdict's newspaper band as words: nf03 is "news top 1,500"; "" for None."""
    if not nf or nf < 1:
        return ""
    return f"news top {nf * NEWS_BAND_SIZE:,}"
