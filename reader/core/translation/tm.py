"""The translation memory: every reviewed sentence, offered again when it (or one like it)
comes back in another article.

Units live in the user's database (``tm_units``, storage/schema.py), keyed by the
normalised source and the target, so saving the same translation twice keeps one unit.
Matching is on normalised text (``normalise``): full-width and half-width letters and
digits are one, and spaces are collapsed. Fuzzy matches are rapidfuzz's ``fuzz.ratio``
(an Indel similarity, 0-100), found through a prefix index (tmindex.py) kept in memory
once per store and brought up to date with the table before each search, so units
added by the window's writer thread or by another process are seen.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from reader.core.errors import InputError
from reader.core.storage.clock import now
from reader.core.storage.sqlitedb import Database
from reader.core.storage.store import Store
from reader.core.translation import tmx
from reader.core.translation.tmindex import FuzzyIndex, scan

_SPACES = re.compile(r"\s+")
#: Characters from here up (CJK punctuation, kana, kanji, full-width forms) take no
#: spaces around them: Japanese is written without them.
_WIDE = "\u2e80"
#: An index is worth building from this many searches of one store (one search scans).
_INDEX_AFTER_SEARCHES = 2
#: Memories larger than this build their index on a thread of their own (about a second
#: per 100k units on a quiet machine), scanning meanwhile, so no search waits for it.
_BUILD_INLINE_UP_TO = 5000


def _spaces(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if not before or not after or before >= _WIDE or after >= _WIDE:
            return ""
        return " "

    return _SPACES.sub(one, text)


def normalise(text: str) -> str:
    """The text as matching sees it: NFKC (全角 ２０２５ and ＡＢＣ read as 2025 and ABC, half-width
    ｶﾀｶﾅ as カタカナ), whitespace runs collapsed to one space, and none at either end or
    beside Japanese characters."""
    return _spaces(unicodedata.normalize("NFKC", text))


def _normalise_mapped(text: str) -> tuple[str, list[int]]:
    """``normalise`` character by character, with the index in ``text`` of each output
    character (and one past the end), so spans found on it can be shown on ``text``."""
    pieces: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for out in unicodedata.normalize("NFKC", ch):
            pieces.append(out)
            where.append(i)
    flat = "".join(pieces)
    kept_text: list[str] = []
    kept_where: list[int] = []
    for match in re.finditer(r"\s+|\S+", flat):
        start, end = match.span()
        if not match.group().isspace():
            kept_text.append(match.group())
            kept_where.extend(where[start:end])
        elif start and end < len(flat) and flat[start - 1] < _WIDE and flat[end] < _WIDE:
            kept_text.append(" ")
            kept_where.append(where[start])
    kept_where.append(len(text))
    return "".join(kept_text), kept_where


def diff_spans(query: str, unit_norm: str) -> tuple[tuple[int, int], ...]:
    """[start, end) spans of ``query``'s characters that differ from a unit's normalised
    source. Where the unit only has characters more, the query character after that gap
    (before it, at the end) is marked, so that every difference shows."""
    norm, where = _normalise_mapped(query)
    spans: list[tuple[int, int]] = []
    for op in Levenshtein.opcodes(norm, unit_norm):
        tag, q1, q2 = op.tag, op.src_start, op.src_end
        if tag == "equal" or not norm:
            continue
        if q1 == q2:  # the unit has more here
            q1, q2 = (q1, q1 + 1) if q1 < len(norm) else (q1 - 1, q1)
        start, end = where[q1], where[q2 - 1] + 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return tuple(spans)


@dataclass(frozen=True)
class TMMatch:
    """One unit offered for a sentence. ``score`` is 0-100, 100 only when the normalised
    texts are equal; ``diff`` holds [start, end) spans of the QUERY sentence's characters
    that differ from this unit's source."""

    source: str
    target: str
    score: float
    article_id: str
    updated: str
    diff: tuple[tuple[int, int], ...]


def add_unit(db: Database, source: str, target: str, article_id: str, when: str | None = None) -> bool:
    """Add or refresh one unit inside the caller's transaction; False when either side is
    blank (nothing to remember). A unit already known (same normalised source and target)
    takes the newer date, article and source spelling."""
    source, target = source.strip(), target.strip()
    norm = normalise(source)
    if not norm or not target:
        return False
    stamp = when or now()
    db.execute(
        "INSERT INTO tm_units (source, target, norm, article_id, created, updated) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (norm, target) DO UPDATE SET source = excluded.source, article_id = excluded.article_id, "
        "updated = excluded.updated WHERE excluded.updated >= tm_units.updated",
        [source, target, norm, article_id, stamp, stamp],
    )
    return True


def _fill_norms(db: Database) -> None:
    """Normalise units copied from drafts by the migration; a copy that duplicates a unit
    already there is merged into it (the newer article and date win)."""
    rows = db.execute(
        "SELECT id, source, target, article_id, updated FROM tm_units WHERE norm IS NULL ORDER BY id"
    ).fetchall()
    for unit_id, source, target, article_id, updated in rows:
        db.execute("DELETE FROM tm_units WHERE id = ?", [unit_id])
        add_unit(db, source, target, article_id, updated)


def fill_norms(store: Store) -> None:
    """Normalise the units the migration copied from reviewed drafts, once."""
    if store.db.execute("SELECT 1 FROM tm_units WHERE norm IS NULL LIMIT 1").fetchone():
        with store.transaction() as db:
            _fill_norms(db)


class _Cache:
    """The normalised sources of one store's units, in id order, and their index."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids: list[int] = []
        self.norms: list[str] = []
        self.index: FuzzyIndex | None = None
        self.searches = 0
        self.building = False

    def sync(self, store: Store) -> None:
        """Take in units added since the last look (ids only grow; units are never deleted
        except by the migration's clean-up, which runs before the first load)."""
        last = self.ids[-1] if self.ids else 0

        def read() -> list[tuple[int, str]]:
            fill_norms(store)
            top = store.db.execute("SELECT max(id) FROM tm_units").fetchone()[0] or 0
            if top <= last:
                return []
            return store.db.execute(
                "SELECT id, norm FROM tm_units WHERE id > ? AND norm IS NOT NULL ORDER BY id", [last]
            ).fetchall()

        for unit_id, norm in store.run(read):
            self.ids.append(unit_id)
            self.norms.append(norm)
            if self.index is not None:
                self.index.add(norm)
        if self.index is not None and len(self.norms) >= 2 * max(self.index.built_for, 1000):
            self.index = None  # rebuilt below with fresh frequencies

    def search(self, query: str, threshold: float, limit: int) -> list[tuple[int, float]]:
        """(unit id, score), best first. Called with ``lock`` held."""
        self.searches += 1
        if self.index is None and self.searches >= _INDEX_AFTER_SEARCHES and not self.building:
            if len(self.norms) <= _BUILD_INLINE_UP_TO:
                self.index = FuzzyIndex(self.norms)
            else:
                self.building = True
                threading.Thread(target=self._build, args=(list(self.norms),), daemon=True,
                                 name="tm-index").start()
        if self.index is not None:
            found = self.index.search(query, threshold, limit)
        else:
            found = scan(query, self.norms, threshold, limit)
        return [(self.ids[position], score) for position, score in found]

    def build_now(self) -> None:
        """Build the index now, if it is not built (called with ``lock`` held)."""
        if self.index is None:
            self.index = FuzzyIndex(self.norms)

    def _build(self, norms: list[str]) -> None:
        index = FuzzyIndex(norms)
        with self.lock:
            self.building = False
            if len(self.norms) < len(norms) or self.norms[: len(norms)] != norms:
                return  # reset meanwhile: the next search starts again
            for norm in self.norms[len(norms) :]:
                index.add(norm)
            if self.index is None:
                self.index = index

    def reset(self) -> None:
        self.ids, self.norms, self.index = [], [], None


_caches: weakref.WeakKeyDictionary[Store, _Cache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def _cache(store: Store) -> _Cache:
    with _caches_lock:
        cache = _caches.get(store)
        if cache is None:
            cache = _caches[store] = _Cache()
        return cache


_COLUMNS = "id, source, target, norm, article_id, updated"


class TranslationMemory:
    """The memory of one store. Safe to use from several threads; instances on one store
    share one in-memory index."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache = _cache(store)

    def add(self, source: str, target: str, article_id: str, when: str | None = None) -> None:
        """Remember a translation (upsert on normalised source and target)."""
        if not normalise(source) or not target.strip():
            raise InputError("a memory unit needs a source and a target", "fill in both")
        with self.store.transaction() as db:
            add_unit(db, source, target, article_id, when)

    def count(self) -> int:
        def counted() -> int:
            fill_norms(self.store)
            return int(self.store.db.execute("SELECT count(*) FROM tm_units").fetchone()[0])

        return self.store.run(counted)

    def exact(self, text: str) -> TMMatch | None:
        """The newest unit whose normalised source equals the text's."""
        norm = normalise(text)
        if not norm:
            return None
        def newest() -> tuple | None:
            fill_norms(self.store)
            return self.store.db.execute(
                f"SELECT {_COLUMNS} FROM tm_units WHERE norm = ? ORDER BY updated DESC LIMIT 1", [norm]
            ).fetchone()

        row = self.store.run(newest)
        return None if row is None else TMMatch(row[1], row[2], 100.0, row[4], row[5], ())

    def matches(self, text: str, limit: int = 3, threshold: float = 70.0) -> list[TMMatch]:
        """Up to ``limit`` units scoring ``threshold`` or more, best first: exact matches
        (newest first), then fuzzy ones by score."""
        query = normalise(text)
        if not query or limit <= 0:
            return []
        with self._cache.lock:
            self._cache.sync(self.store)
            hits = self._cache.search(query, threshold, limit)
        if not hits:
            return []
        scores = dict(hits)
        marks = ",".join("?" * len(scores))
        rows = self.store.run(
            lambda: self.store.db.execute(
                f"SELECT {_COLUMNS} FROM tm_units WHERE id IN ({marks})", list(scores)
            ).fetchall()
        )
        found = [
            TMMatch(source, target, scores[unit_id], article_id, updated, diff_spans(text, norm))
            for unit_id, source, target, norm, article_id, updated in rows
            if norm is not None
        ]
        found.sort(key=lambda match: match.updated, reverse=True)
        found.sort(key=lambda match: match.score, reverse=True)
        return found[:limit]

    def units(self) -> list[tuple[str, str, str, str]]:
        """(source, target, article_id, updated) of every unit, oldest first."""
        rows = self.store.run(
            lambda: self.store.db.execute(
                "SELECT source, target, article_id, updated FROM tm_units ORDER BY updated, id"
            ).fetchall()
        )
        return [tuple(row) for row in rows]

    def import_tmx(self, path: Path | str) -> int:
        """Add the units of a TMX 1.4b file (Japanese to English), all or none; how many."""
        document = tmx.read_tmx(path)
        return self.add_units(document.reviewed_units())

    def add_units(self, units: Iterable[tmx.Unit]) -> int:
        """Add units in one transaction; how many were taken (blank ones are not)."""
        taken = 0
        with self.store.transaction() as db:
            for unit in units:
                taken += add_unit(db, unit.source, unit.target, unit.article_id, unit.updated or None)
        return taken

    def export_tmx(self, path: Path | str) -> int:
        """Write every unit to a TMX 1.4b file; how many."""
        units = [tmx.Unit(source, target, article_id, updated) for source, target, article_id, updated in self.units()]
        tmx.write_tmx(path, units)
        return len(units)

    def warm(self) -> None:
        """Read the units and build the index now (on a worker, before the first searches)."""
        with self._cache.lock:
            self._cache.sync(self.store)
            self._cache.build_now()

    def forget_cache(self) -> None:
        """Drop the in-memory index (after a restore replaced the database file)."""
        with self._cache.lock:
            self._cache.reset()

