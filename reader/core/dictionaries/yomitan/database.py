"""The imported Yomitan dictionaries' database: its schema, its connections and the
shapes of what it returns.

All dictionaries share one table per kind (terms, term meta, kanji, tags), so a
popup lookup is one indexed query whatever the number of dictionaries. Each row's
id is ``dictionary id << 32 | row number``: a dictionary's rows are one id range,
which makes removing or replacing it a range delete without a per-dictionary index.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core import paths
from reader.core.errors import ReaderError
from reader.core.storage.sqlitedb import Database, Migrations, apply_migrations

SCHEMA_NAME = "reader-dictionaries"
ROWS_PER_DICT = 1 << 32

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


INFO_COLUMNS = (
    "id, title, revision, format, author, attribution, url, description, enabled, priority,"
    " terms, freqs + pitches, kanji, imported_at, freqs, pitches, kanji_freqs"
)


def info_of(row: Sequence[Any]) -> DictInfo:
    values = list(row)
    values[8] = bool(values[8])
    return DictInfo(*values)


def default_path() -> Path:
    return paths.user_dictionaries_path()


#: How long a write from the GUI thread waits for an import's lock before giving up.

GUI_BUSY_MS = 1500


def connect(path: Path) -> sqlite3.Connection:
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


def id_range(dict_id: int) -> tuple[int, int]:
    return dict_id * ROWS_PER_DICT, (dict_id + 1) * ROWS_PER_DICT - 1


def delete_rows(conn: sqlite3.Connection, dict_id: int) -> None:
    low, high = id_range(dict_id)
    for table in ("terms", "term_meta", "kanji", "kanji_meta"):
        conn.execute(f"DELETE FROM {table} WHERE id BETWEEN ? AND ?", (low, high))
    conn.execute("DELETE FROM tags WHERE dict_id = ?", (dict_id,))
    conn.execute("DELETE FROM dictionaries WHERE id = ?", (dict_id,))
