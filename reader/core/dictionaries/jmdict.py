"""Read-only access to the built JMdict database (see ``reader.core.dictbuild``).

``lookup`` runs once per token of every article, so it keeps one connection and
cursor, does one query per fallback step, decodes JSON only for the entries it
returns and memoises both whole answers and decoded senses. ``lookup_names``
reads JMnedict and ``kanji`` KANJIDIC2 from the same file.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from reader.core import paths
from reader.core.dictionaries import compounds, levels
from reader.core.dictionaries.jmdict_file import (
    FIELD,
    GLOSS_SEP,
    MISC,
    MASK_SEP,
    NAME_TYPES,
    SCHEMA_VERSION,
    SENSE_SEP,
)
from reader.core.errors import DictionaryError, DictionaryMissing
from reader.core.text.kana import is_all_kana, to_hiragana
from reader.core.text.model import Entry, Headword, Sense

MAX_RESULTS = 5
MAX_NAMES = 10
LOOKUP_CACHE = 50_000
SENSE_CACHE = 20_000
REBUILD = "run `reader dict build`"
#: raw_decode skips json.loads' type checks and trailing-whitespace scan: ~2 µs an entry.
_JSON = json.JSONDecoder()

_COLS = "f.text, f.rkey, f.entry_id, f.is_kana, f.reading, f.common, f.nf, e.data"
_FROM = "FROM form f JOIN entry e ON e.id = f.entry_id"
# The primary key (text, rank, ...) hands rows over already best first: no sort.
_BY_FORM = f"SELECT {_COLS} {_FROM} WHERE f.text = ? ORDER BY f.rank, f.entry_id"
_BY_KANA_KEY = f"""SELECT {_COLS} {_FROM} WHERE f.rkey = ? AND f.is_kana = 1
    ORDER BY f.rank, f.entry_id"""

_NAMES = "SELECT id, readings, senses FROM name WHERE text = ?"
_COMPOUNDS = "SELECT rest, text, kind FROM compound WHERE first = ?"
_READINGS = "SELECT rkey, rank FROM form WHERE text = ? ORDER BY rank"
_NAME_PREFIX = "SELECT DISTINCT text FROM name WHERE text > ? AND text < ? AND length(text) <= ?"
#: The longest name names_starting_with offers (JMnedict's place and person names).
MAX_NAME = 12
#: form.rank // RANK_CLASS tells the penalised, uncommon and common readings apart.
RANK_CLASS = 100_000
_KANJI = "SELECT data FROM kanji WHERE literal = ?"

#: JMnedict's name types in words, shown as a name's part of speech.
NAME_LABELS = {
    "surname": "surname", "place": "place name", "given": "given name",
    "fem": "female given name", "masc": "male given name", "person": "person",
    "unclass": "name", "organization": "organization name", "company": "company name",
    "product": "product name", "station": "station name", "work": "title of a work",
    "character": "character", "creat": "creature", "dei": "deity", "deity": "deity",
    "doc": "document", "ev": "event", "event": "event", "fict": "fiction",
    "fiction": "fiction", "group": "group", "leg": "legend", "myth": "mythology",
    "mythology": "mythology", "obj": "object", "object": "object", "oth": "name",
    "relig": "religion", "religion": "religion", "serv": "service", "service": "service",
    "ship": "ship name",
}
_UNCLASSIFIED = 1 << NAME_TYPES.index("unclass")
_LABELS_BY_MASK: dict[int, tuple[str, ...]] = {}

#: JMdict spells Latin letters and digits full-width (ＮＡＴＯ, Ｔシャツ); tokenizers give ASCII.
_WIDE = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}

#: Readings mostly arrive in hiragana already; skipping the translate saves ~0.5 µs.
_KATAKANA = re.compile("[\u30a1-\u30f6\u30fd\u30fe]")

Row = tuple[Any, ...]
_TEXT, _RKEY, _ID, _IS_KANA, _READING, _COMMON, _NF, _DATA = range(8)


@dataclass(frozen=True, slots=True)
class KanjiInfo:
    """One kanji from KANJIDIC2. ``jlpt`` is the N-level (5 easiest .. 1) from reader's
    JLPT kanji list, not KANJIDIC2's older four levels; ``freq`` is KANJIDIC2's rank
    among the 2,500 kanji most used in newspapers (1 = most frequent)."""

    literal: str
    meanings: tuple[str, ...]
    onyomi: tuple[str, ...]
    kunyomi: tuple[str, ...]
    nanori: tuple[str, ...] = ()
    strokes: int | None = None
    grade: int | None = None
    jlpt: int | None = None
    freq: int | None = None


class Dictionary:
    """A built dictionary, safe to share with one worker thread (a lock guards SQLite)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_file():
            raise DictionaryMissing(str(path.parent))
        # immutable: builds replace the file rather than edit it, so SQLite may skip
        # the per-query lock and change-counter check (half the cost of a lookup).
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        try:
            self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
        except sqlite3.Error as err:
            raise DictionaryError(f"cannot open {path}: {err}", REBUILD) from None
        try:
            self._meta = dict(self._con.execute("SELECT key, value FROM meta").fetchall())
            pos = self._con.execute("SELECT tags FROM pos ORDER BY id").fetchall()
        except sqlite3.Error:
            self._con.close()
            raise DictionaryError(f"{path} is not a reader dictionary", REBUILD) from None
        if self._meta.get("schema_version") != str(SCHEMA_VERSION):
            self._con.close()
            raise DictionaryError(f"{path} was built by another version of reader", REBUILD)
        self._con.execute("PRAGMA mmap_size = 268435456")
        self._pos: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = tuple(
            _split_tags(json.loads(p)) for (p,) in pos
        )
        self._max_len = int(self._meta.get("max_form_len", "40"))
        self._cur = self._con.cursor()
        self._lock = threading.Lock()
        self._senses: dict[int, tuple[Sense, ...]] = {}
        self._cached = lru_cache(maxsize=LOOKUP_CACHE)(self._lookup)
        self._names = lru_cache(maxsize=LOOKUP_CACHE)(self._lookup_names)
        self._compounds = lru_cache(maxsize=LOOKUP_CACHE)(self._lookup_compounds)
        self._readings = lru_cache(maxsize=LOOKUP_CACHE)(self._lookup_readings)
        self._name_prefixes = lru_cache(maxsize=LOOKUP_CACHE)(self._lookup_name_prefixes)

    @classmethod
    def open_default(cls) -> Dictionary:
        return cls(paths.dictionary_path())

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def info(self) -> dict[str, str]:
        keys = ("source", "date", "entries", "names", "kanji", "built_at")
        return {k: self._meta.get(k, "") for k in keys} | {"path": str(self.path)}

    def lookup(self, base: str, reading: str = "", surface: str = "") -> tuple[Entry, ...]:
        """Entries for a token, best first, falling back from base to surface to prefix.

        ``base`` is the dictionary form, ``reading`` its reading (any kana script,
        "" when unknown), ``surface`` the text as written.
        """
        return self._cached(base, reading, surface)

    def lookup_form(self, text: str) -> tuple[Entry, ...]:
        """Every entry spelt ``text`` (kana compared script-insensitively as a fallback)."""
        rows = self._rows(_BY_FORM, (text,))
        if not rows and is_all_kana(text):
            rows = self._rows(_BY_KANA_KEY, (to_hiragana(text),))
        return self._entries(rows, limit=None)

    def longest_prefix(self, text: str, min_len: int = 2) -> tuple[int, tuple[Entry, ...]]:
        """The longest start of ``text`` that is a dictionary form, and its entries."""
        length, rows = self._prefix_rows(text, min_len, len(text), "")
        return length, self._entries(rows, limit=None)

    def lookup_names(self, text: str, reading: str = "") -> tuple[Entry, ...]:
        """JMnedict's names spelt ``text``, those read ``reading`` (any kana script) first.

        JMnedict ranks nothing, so the rest follow a guess at prominence: names of more
        kinds first (渡辺 わたなべ, a surname and a place), unclassified ones last.
        Empty where the dictionary was built without JMnedict.
        """
        return self._names(text, reading) if text else ()

    def compounds(self, first: str) -> tuple[Headword, ...]:
        """Headwords MeCab cuts into two tokens or more, the first spelled ``first``
        (dictionaries/compounds.py), longest first."""
        return self._compounds(first)

    def form_readings(self, text: str) -> tuple[str, ...]:
        """The readings (hiragana) of the form ``text`` as likely as its best one: the
        common ones where any is common (富士山: ふじさん, not ふじやま), best first."""
        return self._readings(text)

    def names_starting_with(self, prefix: str) -> frozenset[str]:
        """JMnedict's names longer than ``prefix`` that start with it (羽田: 羽田空港)."""
        return self._name_prefixes(prefix) if prefix else frozenset()

    def kanji_reading(self, character: str) -> str:
        """A reading of one kanji from KANJIDIC2, for a word no dictionary reads: its
        first kun reading, the okurigana after a dot (執: と.る), else its first on
        reading, in hiragana."""
        info = self.kanji(character)
        if info is None:
            return ""
        if info.kunyomi:
            return to_hiragana(info.kunyomi[0].strip("-"))
        return to_hiragana(info.onyomi[0]) if info.onyomi else ""

    def kanji(self, character: str) -> KanjiInfo | None:
        """KANJIDIC2's data for one kanji, with its JLPT level from reader's list."""
        rows = self._rows(_KANJI, (character,)) if len(character) == 1 else []
        if not rows:
            return None
        try:
            meanings, on, kun, nanori, strokes, grade, freq = _JSON.raw_decode(rows[0][0])[0]
        except (ValueError, TypeError) as error:
            raise self._damaged(error) from None
        return KanjiInfo(
            character, tuple(meanings), tuple(on), tuple(kun), tuple(nanori),
            strokes, grade, levels.kanji_level(character), freq,
        )

    def spellings(self, readings: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """Each reading's spellings in the dictionary, kanji and kana (ていせん: 停戦,
        停船, …, ていせん), best first: what the search box offers for typed kana. The
        kanji forms are not indexed by reading: one scan of the forms (~70 ms) on a
        connection of its own, so that the lookups of the reading page never wait on it."""
        keys = list(dict.fromkeys(to_hiragana(r) for r in readings if r))
        if not keys:
            return {}
        sql = f"SELECT rkey, text FROM form WHERE rkey IN ({', '.join('?' * len(keys))}) ORDER BY rank, entry_id"
        con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            rows = con.execute(sql, keys).fetchall()
        except sqlite3.Error as error:
            raise self._damaged(error) from None
        finally:
            con.close()
        found: dict[str, dict[str, None]] = {k: {} for k in keys}
        for rkey, text in rows:
            found[rkey][text] = None
        return {k: tuple(v) for k, v in found.items() if v}

    def clear_cache(self) -> None:
        """Forget memoised answers (benchmarks measure cold lookups with this)."""
        for memo in (self._cached, self._names, self._compounds, self._readings, self._name_prefixes):
            memo.cache_clear()
        with self._lock:
            self._senses.clear()

    def close(self) -> None:
        for memo in (self._cached, self._names, self._compounds, self._readings, self._name_prefixes):
            memo.cache_clear()
        with self._lock:
            self._con.close()

    def _lookup(self, base: str, reading: str, surface: str) -> tuple[Entry, ...]:
        word = base or surface
        if not word:
            return ()
        key = to_hiragana(reading) if _KATAKANA.search(reading) else reading
        rows = self._rows(_BY_FORM, (word,))
        if not rows and (wide := word.translate(_WIDE)) != word:
            rows = self._rows(_BY_FORM, (wide,))
        if rows:  # (1) base with this reading, else (2) base with any reading
            matching = [r for r in rows if r[_RKEY] == key] if key else []
            return self._entries(matching or rows)
        if surface and surface != word:  # (3) the surface, reading matches first
            rows = self._rows(_BY_FORM, (surface,))
            if rows:
                return self._entries(sorted(rows, key=lambda r: r[_RKEY] != key))
        if is_all_kana(word):  # (4) kana in either script: コト finds こと
            rows = self._rows(_BY_KANA_KEY, (to_hiragana(word),))
            if rows:
                return self._entries(rows)
        text = surface or word
        if is_all_kana(text):  # (5) but アンカレッジ is not アンカ: kana prefixes mislead
            return ()
        return self._entries(self._prefix_rows(text, 2, len(text) - 1, key)[1])

    def _lookup_names(self, text: str, reading: str) -> tuple[Entry, ...]:
        rows = self._rows(_NAMES, (text,))
        if not rows and (wide := text.translate(_WIDE)) != text:
            rows = self._rows(_NAMES, (wide,))
            text = wide
        key = to_hiragana(reading)
        ranked = []
        for entry_id, joined, senses in rows:
            readings = joined.split(GLOSS_SEP) if joined else [text]
            matches = bool(key) and key in map(to_hiragana, readings)
            mask = 0
            decoded = []
            for sense in senses.split(SENSE_SEP):
                bits, _, glosses = sense.partition(MASK_SEP)
                mask |= int(bits)
                decoded.append(Sense(_labels(int(bits)), tuple(glosses.split(GLOSS_SEP))))
            shown = next((r for r in readings if to_hiragana(r) == key), readings[0])
            kinds = -mask.bit_count() if mask != _UNCLASSIFIED else 1
            entry = Entry(entry_id, text, shown, tuple(decoded), kind="name")
            ranked.append((not matches, kinds, entry_id, entry))
        ranked.sort(key=lambda r: r[:3])
        return tuple(r[3] for r in ranked[:MAX_NAMES])

    def _lookup_compounds(self, first: str) -> tuple[Headword, ...]:
        return compounds.decode(self._rows(_COMPOUNDS, (first,))) if first else ()

    def _lookup_readings(self, text: str) -> tuple[str, ...]:
        rows = [(r, rank) for r, rank in self._rows(_READINGS, (text,)) if r]
        if not rows:
            return ()
        best = rows[0][1] // RANK_CLASS
        return tuple(dict.fromkeys(r for r, rank in rows if rank // RANK_CLASS == best))

    def _lookup_name_prefixes(self, prefix: str) -> frozenset[str]:
        rows = self._rows(_NAME_PREFIX, (prefix, prefix + "\U0010ffff", str(MAX_NAME)))
        return frozenset(r[0] for r in rows)

    def _prefix_rows(
        self, text: str, min_len: int, max_len: int, key: str
    ) -> tuple[int, list[Row]]:
        """Rows of the longest prefix of ``text`` between the two lengths, one query."""
        lengths = range(max(min_len, 1), min(max_len, self._max_len) + 1)
        if not lengths:
            return 0, []
        marks = ", ".join("?" * len(lengths))
        sql = f"""SELECT {_COLS} {_FROM} WHERE f.text IN ({marks})
            ORDER BY length(f.text) DESC, f.rank, f.entry_id"""
        rows = self._rows(sql, tuple(text[:n] for n in lengths))
        if not rows:
            return 0, []
        longest = len(rows[0][_TEXT])
        rows = [r for r in rows if len(r[_TEXT]) == longest]
        if key:  # a reading that starts with the form's reading marks the likelier entry
            rows.sort(key=lambda r: not (r[_RKEY] and key.startswith(r[_RKEY])))
        return longest, rows

    def _rows(self, sql: str, params: tuple[str, ...]) -> list[Row]:
        with self._lock:
            try:
                return self._cur.execute(sql, params).fetchall()
            except UnicodeEncodeError:  # a lone surrogate: no dictionary form holds one
                return []
            except sqlite3.Error as error:
                raise self._damaged(error) from None

    def _damaged(self, error: Exception) -> DictionaryError:
        return DictionaryError(f"the dictionary {self.path} is damaged ({error})", f"{REBUILD} to build it again")

    def _entries(self, rows: list[Row], limit: int | None = MAX_RESULTS) -> tuple[Entry, ...]:
        """One Entry per entry id, in row order, from the first (best) row of each."""
        seen: set[int] = set()
        out: list[Entry] = []
        for row in rows:
            entry_id = row[_ID]
            if entry_id in seen:
                continue
            seen.add(entry_id)
            shown = row[_READING] or (row[_TEXT] if row[_IS_KANA] else row[_RKEY])
            senses = self._decode(entry_id, row[_DATA])
            out.append(Entry(entry_id, row[_TEXT], shown, senses, bool(row[_COMMON]), row[_NF]))
            if limit is not None and len(out) >= limit:
                break
        return tuple(out)

    def _decode(self, entry_id: int, data: str) -> tuple[Sense, ...]:
        senses = self._senses.get(entry_id)
        if senses is None:
            pos = self._pos
            try:
                decoded = _JSON.raw_decode(data)[0]
                senses = tuple(Sense(pos[p][0], tuple(glosses), pos[p][1]) for p, glosses in decoded)
            except (ValueError, TypeError, IndexError) as error:
                raise self._damaged(error) from None
            with self._lock:
                if len(self._senses) >= SENSE_CACHE:
                    del self._senses[next(iter(self._senses))]
                self._senses[entry_id] = senses
        return senses


def _split_tags(stored: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A stored sense's parts of speech and its tags (jmdict_file.FIELD, MISC)."""
    tags = tuple(t for t in stored if t.startswith((FIELD, MISC)))
    return tuple(t for t in stored if t not in tags), tags


def _labels(mask: int) -> tuple[str, ...]:
    """The name types a bit mask stands for, as words: ("surname", "place name")."""
    labels = _LABELS_BY_MASK.get(mask)
    if labels is None:
        found = (NAME_LABELS[t] for i, t in enumerate(NAME_TYPES) if mask >> i & 1)
        labels = _LABELS_BY_MASK[mask] = tuple(dict.fromkeys(found))
    return labels
