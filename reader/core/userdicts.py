"""The user's imported Yomitan dictionaries, in one SQLite file beside their data.

All dictionaries share one table per kind (terms, term meta, kanji, tags), so a
popup lookup is one indexed query whatever the number of dictionaries. Each row's
id is ``dictionary id << 32 | row number``: a dictionary's rows are one id range,
which makes removing or replacing it a range delete without a per-dictionary index.
An import runs on its own connection in one transaction: the GUI keeps reading the
last committed state (WAL) and a failure or cancel leaves the file as it was.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from reader.core.sqlitedb import Database, Migrations, apply_migrations

from . import paths
from .errors import ReaderError
from .kana import is_all_kana, to_hiragana
from .yomitan import Archive, Index, YomitanError
from .yomitan_render import DEFINITION_SEPARATOR

SCHEMA_NAME = "reader-dictionaries"
_ROWS_PER_DICT = 1 << 32
_MEMO_SIZE = 2048
_IMPORT_CACHE_KIB = 32 * 1024  # the import connection's page cache: bounded, and enough

migrations = Migrations(SCHEMA_NAME)


@migrations()
def m001_initial(db: Database) -> None:
    """Dictionaries and their rows; ``priority`` 0 shows first."""
    statements = (
        """CREATE TABLE dictionaries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL UNIQUE COLLATE NOCASE, revision TEXT NOT NULL,
            format INTEGER NOT NULL, author TEXT NOT NULL DEFAULT '',
            attribution TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '', sequenced INTEGER NOT NULL DEFAULT 0,
            frequency_mode TEXT NOT NULL DEFAULT '',
            enabled INTEGER NOT NULL DEFAULT 1, priority INTEGER NOT NULL,
            terms INTEGER NOT NULL DEFAULT 0, freqs INTEGER NOT NULL DEFAULT 0,
            pitches INTEGER NOT NULL DEFAULT 0, kanji INTEGER NOT NULL DEFAULT 0,
            imported_at TEXT NOT NULL)""",
        """CREATE TABLE terms (
            id INTEGER PRIMARY KEY, dict_id INTEGER NOT NULL,
            expression TEXT NOT NULL, reading TEXT NOT NULL,
            tags TEXT NOT NULL,  -- definition and term tags, space-separated
            rules TEXT NOT NULL, score INTEGER NOT NULL,
            definitions TEXT NOT NULL,  -- the glossary as text, items split by \x1f
            html TEXT NOT NULL,  -- and as sanitized HTML (both rendered on import)
            sequence INTEGER NOT NULL)""",
        "CREATE INDEX terms_by_expression ON terms (expression)",
        "CREATE INDEX terms_by_reading ON terms (reading)",
        """CREATE TABLE term_meta (
            id INTEGER PRIMARY KEY, dict_id INTEGER NOT NULL, expression TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('freq', 'pitch')),
            reading TEXT NOT NULL,  -- '' when the row holds for every reading
            value INTEGER,  -- freq: the number; pitch: the first downstep
            display TEXT NOT NULL)  -- freq: as shown; pitch: downsteps as "0,2"
        """,
        "CREATE INDEX term_meta_by_expression ON term_meta (expression)",
        """CREATE TABLE kanji (
            id INTEGER PRIMARY KEY, dict_id INTEGER NOT NULL, character TEXT NOT NULL,
            onyomi TEXT NOT NULL, kunyomi TEXT NOT NULL, tags TEXT NOT NULL,
            meanings TEXT NOT NULL, stats TEXT NOT NULL)""",
        "CREATE INDEX kanji_by_character ON kanji (character)",
        """CREATE TABLE tags (
            dict_id INTEGER NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL,
            sort_order INTEGER NOT NULL, notes TEXT NOT NULL, score INTEGER NOT NULL,
            PRIMARY KEY (dict_id, name)) WITHOUT ROWID""",
    )
    for statement in statements:
        db.execute(statement)


@migrations()
def m002_kanji_meta(db: Database) -> None:
    """Kanji frequencies (kanji_meta banks), and how many rows of them each dictionary has."""
    statements = (
        """CREATE TABLE kanji_meta (
            id INTEGER PRIMARY KEY, dict_id INTEGER NOT NULL, character TEXT NOT NULL,
            value INTEGER, display TEXT NOT NULL)""",
        "CREATE INDEX kanji_meta_by_character ON kanji_meta (character)",
        "ALTER TABLE dictionaries ADD COLUMN kanji_freqs INTEGER NOT NULL DEFAULT 0",
    )
    for statement in statements:
        db.execute(statement)


class ImportCancelled(ReaderError):
    """The user stopped an import; nothing of it was kept."""

    def __init__(self, title: str = "") -> None:
        what = f"the import of {title}" if title else "the import"
        super().__init__(f"{what} was cancelled", "nothing was changed")


@dataclass(frozen=True)
class DictInfo:
    id: int
    title: str
    revision: str
    format: int
    author: str
    attribution: str
    url: str
    description: str
    enabled: bool
    priority: int  # 0 shows first
    terms: int
    term_meta: int
    kanji: int
    imported_at: str  # ISO UTC
    freqs: int = 0  # of term_meta: frequency rows
    pitches: int = 0  # of term_meta: pitch rows
    kanji_freqs: int = 0  # kanji_meta rows

    @property
    def kinds(self) -> tuple[str, ...]:
        """What the dictionary holds, of ("terms", "freq", "pitch", "kanji", "kanji freq")."""
        counts = (self.terms, self.freqs, self.pitches, self.kanji, self.kanji_freqs)
        names = ("terms", "freq", "pitch", "kanji", "kanji freq")
        return tuple(k for k, n in zip(names, counts, strict=True) if n)


@dataclass(frozen=True)
class TermResult:
    dictionary: str
    expression: str
    reading: str
    tags: tuple[str, ...]
    definitions: tuple[str, ...]
    html: str
    score: int


@dataclass(frozen=True)
class FreqResult:
    dictionary: str
    expression: str
    reading: str
    value: int | None
    display: str


@dataclass(frozen=True)
class PitchResult:
    dictionary: str
    expression: str
    reading: str
    positions: tuple[int, ...]  # downstep positions (0 = heiban)


@dataclass(frozen=True)
class KanjiResult:
    dictionary: str
    character: str
    onyomi: tuple[str, ...]
    kunyomi: tuple[str, ...]
    meanings: tuple[str, ...]
    stats: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Lookup:
    terms: tuple[TermResult, ...] = ()
    freqs: tuple[FreqResult, ...] = ()
    pitches: tuple[PitchResult, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.freqs or self.pitches)


_INFO_COLUMNS = (
    "id, title, revision, format, author, attribution, url, description, enabled, priority,"
    " terms, freqs + pitches, kanji, imported_at, freqs, pitches, kanji_freqs"
)


def _info(row: Sequence[Any]) -> DictInfo:
    values = list(row)
    values[8] = bool(values[8])
    return DictInfo(*values)


def default_path() -> Path:
    return paths.user_dictionaries_path()


#: How long a write from the GUI thread waits for an import's lock before giving up.
_GUI_BUSY_MS = 1500


def _connect(path: Path) -> sqlite3.Connection:
    """A connection with the schema in place (WAL, so readers never wait on an import)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    except (OSError, sqlite3.Error) as error:
        raise _open_error(path, error) from error
    try:
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("PRAGMA journal_mode=WAL").fetchall()
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA journal_size_limit=67108864")  # an import's WAL shrinks after
        apply_migrations(migrations, Database(conn, execute_plugins=False))
    except sqlite3.Error as error:
        conn.close()
        raise _open_error(path, error) from error
    return conn


def _open_error(path: Path, error: Exception) -> ReaderError:
    return ReaderError(
        f"cannot open the dictionaries database {path}: {error}",
        "move the file away if it is damaged (reader makes a new one), or check that "
        "the data folder is writable",
    )


def _revision_key(revision: str) -> tuple[Any, ...]:
    """Compare revisions as people read them: "2024.01.05" > "2023.12.31", "10" > "9"."""
    parts = re.split(r"(\d+)", revision.strip().lower())
    # int() of a few thousand digits is refused by Python: compare long runs by length first.
    return tuple((len(p.lstrip("0")), p.lstrip("0")) if i % 2 else p for i, p in enumerate(parts))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _id_range(dict_id: int) -> tuple[int, int]:
    return dict_id * _ROWS_PER_DICT, (dict_id + 1) * _ROWS_PER_DICT - 1


def _delete_rows(conn: sqlite3.Connection, dict_id: int) -> None:
    low, high = _id_range(dict_id)
    for table in ("terms", "term_meta", "kanji", "kanji_meta"):
        conn.execute(f"DELETE FROM {table} WHERE id BETWEEN ? AND ?", (low, high))
    conn.execute("DELETE FROM tags WHERE dict_id = ?", (dict_id,))
    conn.execute("DELETE FROM dictionaries WHERE id = ?", (dict_id,))


# -- import ------------------------------------------------------------------


def import_dictionary(
    db_path: Path,
    zip_path: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DictInfo:
    """Import a Yomitan zip in one transaction; a newer revision replaces the old one.

    Runs on its own connection (a worker thread's), reading one bank at a time, so
    memory stays bounded whatever the dictionary's size. ``progress(done, total)``
    counts banks. Raises YomitanError for a bad zip, ImportCancelled when
    ``cancelled()`` turns true; either way the database is left exactly as it was.
    """
    with Archive(Path(zip_path)) as archive:
        conn = _connect(Path(db_path))
        try:
            conn.execute(f"PRAGMA cache_size=-{_IMPORT_CACHE_KIB}")
            conn.execute("BEGIN IMMEDIATE")
            try:
                dict_id = _load(conn, archive, progress, cancelled)
                conn.execute("COMMIT")
            except (OverflowError, UnicodeEncodeError, ValueError) as error:
                # Numbers past 64 bits, lone surrogates: valid JSON that SQLite cannot hold.
                conn.execute("ROLLBACK")
                raise YomitanError(
                    f"{archive.path.name} holds a value reader cannot store ({error})"
                ) from None
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            row = conn.execute(
                f"SELECT {_INFO_COLUMNS} FROM dictionaries WHERE id = ?", (dict_id,)
            ).fetchone()
            return _info(row)
        except sqlite3.Error as error:
            busy = "locked" in str(error)
            raise ReaderError(
                f"could not write {archive.index.title} into {db_path}: {error}",
                "another import or removal is running; try again when it has finished"
                if busy
                else "check the free disk space and try again",
            ) from error
        finally:
            conn.close()


def _load(
    conn: sqlite3.Connection,
    archive: Archive,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> int:
    """Check against what is installed, then insert bank by bank; the new dictionary's id."""
    index = archive.index
    old = conn.execute(
        "SELECT id, revision, enabled, priority, kanji_freqs FROM dictionaries WHERE title = ?",
        (index.title,),
    ).fetchone()
    if old is not None:
        # Imported before reader read kanji_meta banks: the same revision again adds them.
        adds_kanji_freqs = old[4] == 0 and any(b.kind == "kanji_meta" for b in archive.banks)
        _check_newer(index, old[1], same_ok=adds_kanji_freqs)
        _delete_rows(conn, old[0])
        enabled, priority = old[2], old[3]
    else:
        enabled = 1
        priority = conn.execute(
            "SELECT coalesce(max(priority) + 1, 0) FROM dictionaries"
        ).fetchone()[0]
    dict_id = conn.execute(
        """INSERT INTO dictionaries (title, revision, format, author, attribution, url,
            description, sequenced, frequency_mode, enabled, priority, imported_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            index.title,
            index.revision,
            index.format,
            index.author,
            index.attribution,
            index.url,
            index.description,
            int(index.sequenced),
            index.frequency_mode,
            enabled,
            priority,
            _now(),
        ),
    ).lastrowid
    assert dict_id is not None
    stored = dict.fromkeys(_INSERTS, 0)  # rows per table so far: the next row's number
    _insert(conn, "tag", dict_id, index.tag_meta, stored)
    total = len(archive.banks)
    if progress:
        progress(0, total)
    for done, bank in enumerate(archive.banks, start=1):
        if cancelled and cancelled():
            raise ImportCancelled(index.title)
        _insert(conn, bank.kind, dict_id, archive.parsed(bank), stored)
        if progress:
            progress(done, total)
    if cancelled and cancelled():
        raise ImportCancelled(index.title)
    low, high = _id_range(dict_id)
    modes = dict(
        conn.execute(
            "SELECT mode, count(*) FROM term_meta WHERE id BETWEEN ? AND ? GROUP BY mode",
            (low, high),
        ).fetchall()
    )
    conn.execute(
        "UPDATE dictionaries SET terms = ?, freqs = ?, pitches = ?, kanji = ?, kanji_freqs = ?"
        " WHERE id = ?",
        (
            stored["term"],
            modes.get("freq", 0),
            modes.get("pitch", 0),
            stored["kanji"],
            stored["kanji_meta"],
            dict_id,
        ),
    )
    return dict_id


def _check_newer(index: Index, installed: str, same_ok: bool = False) -> None:
    same = index.revision == installed or _revision_key(index.revision) == _revision_key(installed)
    if same and same_ok:
        return
    if same:
        raise YomitanError(
            f"{index.title} revision {index.revision} is already imported",
            "nothing to do; remove it first to import it again",
        )
    if _revision_key(index.revision) < _revision_key(installed):
        raise YomitanError(
            f"{index.title} revision {index.revision} is older than the installed "
            f"revision {installed}",
            "remove the installed one first if you really want the older revision",
        )


_INSERTS = {
    "term": "INSERT INTO terms VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "term_meta": "INSERT INTO term_meta VALUES (?, ?, ?, ?, ?, ?, ?)",
    "kanji": "INSERT INTO kanji VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "kanji_meta": "INSERT INTO kanji_meta VALUES (?, ?, ?, ?, ?)",
    "tag": "INSERT OR REPLACE INTO tags VALUES (?, ?, ?, ?, ?, ?)",
}


def _insert(
    conn: sqlite3.Connection,
    kind: str,
    dict_id: int,
    rows: Iterable[tuple[Any, ...] | None],
    stored: dict[str, int],
) -> None:
    """Stream parsed rows into their table, numbering them into the dictionary's id range.

    executemany pulls rows from the generator, so no batch is ever built in memory;
    a row error raised while parsing ends the statement and, above, the transaction.
    The archive's size caps keep a dictionary far below 2**32 rows.
    """
    kept = filter(None, rows)  # None: a row we skip (IPA)
    if kind == "tag":
        numbered: Iterable[tuple[Any, ...]] = ((dict_id, *row) for row in kept)
    else:
        first = dict_id * _ROWS_PER_DICT + stored[kind] + 1
        numbered = ((n, dict_id, *row) for n, row in enumerate(kept, first))
    stored[kind] += conn.executemany(_INSERTS[kind], numbered).rowcount


# -- lookups -----------------------------------------------------------------

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
        self._conn = _connect(self.path)
        # The GUI thread writes through this connection: never wait long on an import.
        self._conn.execute(f"PRAGMA busy_timeout={_GUI_BUSY_MS}")
        self._memo: OrderedDict[tuple[str, str, int], Lookup] = OrderedDict()
        self._version = -1  # PRAGMA data_version when the memo was filled

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

    # -- managing ------------------------------------------------------------

    def list(self) -> list[DictInfo]:
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_INFO_COLUMNS} FROM dictionaries ORDER BY priority, id"
            ).fetchall()
        return [_info(row) for row in rows]

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
            f"SELECT {_INFO_COLUMNS} FROM dictionaries WHERE id = ?", (dict_id,)
        ).fetchone()
        if row is None:
            raise ReaderError(f"no imported dictionary has id {dict_id}", "see `reader dict list`")
        return _info(row)

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
                _delete_rows(self._conn, dict_id)
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

    # -- lookups -------------------------------------------------------------

    def lookup(self, expression: str, reading: str = "", limit: int = 5) -> Lookup:
        """Entries, frequencies and pitches for a word from every enabled dictionary.

        Terms match the expression, or for a kana expression also the reading; in each
        dictionary those with the given reading come first, then by score.
        """
        key = (expression, reading, limit)
        with self._lock:
            # Another connection (an import in a worker, `reader dict import`) committed.
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            if version != self._version:
                self._memo.clear()
                self._version = version
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


__all__ = [
    "DictInfo",
    "FreqResult",
    "ImportCancelled",
    "KanjiResult",
    "Lookup",
    "PitchResult",
    "TermResult",
    "UserDictionaries",
    "YomitanError",
    "import_dictionary",
]
