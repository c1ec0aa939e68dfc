"""Looking up the imported Yomitan dictionaries, and managing their list (order, on/off,
removal). Imports are in importer.py."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reader.core.dictionaries.yomitan.database import (
    GUI_BUSY_MS,
    INFO_COLUMNS,
    DictInfo,
    FreqResult,
    KanjiResult,
    Lookup,
    PitchResult,
    TermResult,
    connect,
    default_path,
    delete_rows,
    info_of,
)
from reader.core.dictionaries.yomitan.render import DEFINITION_SEPARATOR
from reader.core.errors import ReaderError
from reader.core.text.kana import is_all_kana, to_hiragana

_MEMO_SIZE = 2048
_PREFIX_MEMO = 50_000
#: The longest headword the word layer looks for in imported dictionaries.
MAX_HEADWORD = 16
_PREFIX_SQL = """SELECT DISTINCT t.expression FROM terms t JOIN dictionaries d ON d.id = t.dict_id
WHERE t.expression >= ? AND t.expression < ? AND length(t.expression) <= ? AND d.enabled"""

_TERMS_SQL = """SELECT d.title, d.priority, t.id, t.expression, t.reading, t.tags, t.score,
    t.definitions, t.html
FROM terms t JOIN dictionaries d ON d.id = t.dict_id
WHERE t.{column} {test} AND d.enabled"""
_META_SQL = """SELECT d.title, d.priority, m.id, m.expression, m.mode, m.reading, m.value,
    m.display
FROM term_meta m JOIN dictionaries d ON d.id = m.dict_id
WHERE m.expression = ? AND d.enabled"""


class UserDictionaries:
    """The imported dictionaries: lookups for the popup and the list the user manages.

    One connection shared by the GUI thread and workers, guarded by a lock; lookups
    are memoised until the dictionaries change (``changed()`` after an import).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._conn = connect(self.path)
        # The GUI thread writes through this connection: never wait long on an import.
        self._conn.execute(f"PRAGMA busy_timeout={GUI_BUSY_MS}")
        self._memo: OrderedDict[tuple[str, str, int], Lookup] = OrderedDict()
        self._version = -1  # PRAGMA data_version when the memo was filled
        self._prefixes: dict[str, frozenset[str]] = {}

    @classmethod
    def open_default(cls) -> UserDictionaries:
        return cls(default_path())

    def __enter__(self) -> UserDictionaries:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def changed(self) -> None:
        """Forget memoised lookups (after an import done on another connection)."""
        with self._lock:
            self._memo.clear()
            self._prefixes.clear()

    # -- managing ------------------------------------------------------------

    def list(self) -> list[DictInfo]:
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {INFO_COLUMNS} FROM dictionaries ORDER BY priority, id"
            ).fetchall()
        return [info_of(row) for row in rows]

    def find(self, name: str) -> DictInfo:
        """A dictionary by title (any case) or id."""
        infos = self.list()
        wanted = name.strip()
        for matches in (
            lambda info: info.title.casefold() == wanted.casefold(),
            lambda info: str(info.id) == wanted,
        ):
            found = [info for info in infos if matches(info)]
            if found:
                return found[0]
        titles = ", ".join(info.title for info in infos)
        raise ReaderError(
            f"no imported dictionary is called {name!r}",
            f"installed: {titles}" if titles else "import one with `reader dict import ZIP`",
        )

    def _get(self, dict_id: int) -> DictInfo:
        row = self._conn.execute(
            f"SELECT {INFO_COLUMNS} FROM dictionaries WHERE id = ?", (dict_id,)
        ).fetchone()
        if row is None:
            raise ReaderError(f"no imported dictionary has id {dict_id}", "see `reader dict list`")
        return info_of(row)

    def set_enabled(self, dict_id: int, enabled: bool) -> None:
        with self._lock:
            self._get(dict_id)
            self._write("UPDATE dictionaries SET enabled = ? WHERE id = ?", (int(enabled), dict_id))

    def set_order(self, dict_ids: Sequence[int]) -> None:
        """The given dictionaries first, in that order; any others keep theirs after them."""
        with self._lock:
            ids = list(dict_ids)
            if len(set(ids)) != len(ids):
                raise ReaderError("a dictionary is named twice in the new order")
            for dict_id in ids:
                self._get(dict_id)
            rest = [info.id for info in self.list() if info.id not in ids]
            self._write_many(
                "UPDATE dictionaries SET priority = ? WHERE id = ?",
                [(n, i) for n, i in enumerate(ids + rest)],
            )

    def remove(self, dict_id: int) -> DictInfo:
        with self._lock:
            info = self._get(dict_id)
            with self._transaction():
                delete_rows(self._conn, dict_id)
                order = [i.id for i in self.list()]
                self._conn.executemany(
                    "UPDATE dictionaries SET priority = ? WHERE id = ?", list(enumerate(order))
                )
            return info

    def _write(self, sql: str, args: Sequence[Any]) -> None:
        self._write_many(sql, [args])

    def _write_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._transaction():
            self._conn.executemany(sql, rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction; a lock held by an import becomes a message, not a hang."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            yield
            self._conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if "locked" in str(error) or "busy" in str(error):
                raise ReaderError(
                    "the dictionaries are busy: an import or removal is running",
                    "try again when it has finished",
                ) from None
            raise
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        finally:
            self._memo.clear()
            self._prefixes.clear()

    # -- lookups -------------------------------------------------------------

    def lookup(self, expression: str, reading: str = "", limit: int = 5) -> Lookup:
        """Entries, frequencies and pitches for a word from every enabled dictionary.

        Terms match the expression, or for a kana expression also the reading; in each
        dictionary those with the given reading come first, then by score.
        """
        key = (expression, reading, limit)
        with self._lock:
            # Another connection (an import in a worker, `reader dict import`) committed.
            self._check_version()
            found = self._memo.get(key)
            if found is not None:
                self._memo.move_to_end(key)
                return found
            found = self._lookup(expression, reading, limit)
            self._memo[key] = found
            if len(self._memo) > _MEMO_SIZE:
                self._memo.popitem(last=False)
            return found

    def _lookup(self, expression: str, reading: str, limit: int) -> Lookup:
        if not expression:
            return Lookup()
        sql = _TERMS_SQL.format(column="expression", test="= ?")
        args: list[str] = [expression]
        if is_all_kana(expression):
            kana = sorted({expression, to_hiragana(expression)})
            marks = ", ".join("?" * len(kana))
            sql += " UNION " + _TERMS_SQL.format(column="reading", test=f"IN ({marks})")
            args += kana
        rows = self._conn.execute(sql, args).fetchall()
        wanted = to_hiragana(reading)
        rows.sort(key=lambda r: (r[1], bool(wanted) and to_hiragana(r[4]) != wanted, -r[6], r[2]))
        terms: list[TermResult] = []
        taken: dict[str, int] = {}
        for title, _priority, _id, expr, read, tags, score, definitions, html in rows:
            if taken.get(title, 0) >= limit:
                continue
            taken[title] = taken.get(title, 0) + 1
            texts = tuple(definitions.split(DEFINITION_SEPARATOR)) if definitions else ()
            terms.append(TermResult(title, expr, read, tuple(tags.split()), texts, html, score))
        freqs: list[FreqResult] = []
        pitches: list[PitchResult] = []
        meta = self._conn.execute(_META_SQL, (expression,)).fetchall()
        meta.sort(key=lambda r: (r[1], r[2]))
        for title, _priority, _id, expr, mode, read, value, display in meta:
            if wanted and read and to_hiragana(read) != wanted:
                continue
            if mode == "freq":
                freqs.append(FreqResult(title, expr, read, value, display))
            else:
                positions = tuple(int(p) for p in display.split(","))
                pitches.append(PitchResult(title, expr, read, positions))
        return Lookup(tuple(terms), tuple(freqs), tuple(pitches))

    def starting_with(self, prefix: str) -> frozenset[str]:
        """Enabled dictionaries' headwords longer than ``prefix`` that start with it (at
        most MAX_HEADWORD characters), for the word layer; one range query on the index,
        remembered until the dictionaries change."""
        if not prefix:
            return frozenset()
        with self._lock:
            self._check_version()
            found = self._prefixes.get(prefix)
            if found is None:
                rows = self._conn.execute(_PREFIX_SQL, (prefix, prefix + "\U0010ffff", MAX_HEADWORD))
                found = frozenset(r[0] for r in rows if r[0] != prefix)
                if len(self._prefixes) >= _PREFIX_MEMO:
                    self._prefixes.clear()
                self._prefixes[prefix] = found
            return found

    def _check_version(self) -> None:
        """Forget memoised answers when another connection has committed (an import)."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._memo.clear()
            self._prefixes.clear()
            self._version = version

    def headwords(self, candidates: Sequence[str]) -> set[str]:
        """Which of ``candidates`` are headwords of an enabled dictionary (one query)."""
        wanted = [c for c in dict.fromkeys(candidates) if c]
        if not wanted:
            return set()
        marks = ", ".join("?" * len(wanted))
        sql = f"""SELECT DISTINCT t.expression FROM terms t JOIN dictionaries d ON d.id = t.dict_id
            WHERE t.expression IN ({marks}) AND d.enabled"""
        with self._lock:
            return {row[0] for row in self._conn.execute(sql, wanted)}

    def _per_kanji(self, sql: str, character: str) -> Sequence[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, (character,)).fetchall()

    def kanji(self, character: str) -> tuple[KanjiResult, ...]:
        """What the enabled kanji dictionaries say about one character, in priority order."""
        rows = self._per_kanji(
            """SELECT d.title, k.character, k.onyomi, k.kunyomi, k.meanings, k.stats
            FROM kanji k JOIN dictionaries d ON d.id = k.dict_id
            WHERE k.character = ? AND d.enabled ORDER BY d.priority, k.id""",
            character,
        )
        return tuple(
            KanjiResult(
                title,
                char,
                tuple(on.split()),
                tuple(kun.split()),
                tuple(json.loads(meanings)),
                tuple(json.loads(stats).items()),
            )
            for title, char, on, kun, meanings, stats in rows
        )

    def kanji_frequencies(self, character: str) -> tuple[FreqResult, ...]:
        """The kanji's frequency in each enabled dictionary that ranks kanji, in priority order."""
        rows = self._per_kanji(
            """SELECT d.title, m.value, m.display
            FROM kanji_meta m JOIN dictionaries d ON d.id = m.dict_id
            WHERE m.character = ? AND d.enabled ORDER BY d.priority, m.id""",
            character,
        )
        return tuple(FreqResult(title, character, "", value, display) for title, value, display in rows)

