"""The user's own data in one SQLite file: imported articles, reading state, words.

Bundled articles live in resources/; only what the user creates is stored here.
Every write runs in one transaction, so a crash never leaves half a change, and
the schema grows through recorded migrations so an old file upgrades in place.
The migrations and word index live in store_schema.py, the word methods in
store_words.py; their public names are importable from here too.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from reader.core.sqlitedb import Database, apply_migrations

from . import paths
from .errors import InputError, ReaderError
from .models import Article, ArticleInfo
from .store_schema import SCHEMA_NAME, migrations, now, search_query
from .store_words import WORD_SORTS, WORD_STATUSES, WordsMixin, normalize_tags

__all__ = [
    "SCHEMA_NAME", "WORD_SORTS", "WORD_STATUSES", "Store", "StoreCorrupt", "StoreRecovery",
    "default_path", "migrations", "normalize_tags", "now", "open_store_safely", "search_query",
]

FILE_NAME = "reader.sqlite"
IMPORTED_PREFIX = "imp-"
_SNIPPET = 30  # characters shown either side of a search hit
_INFO_COLUMNS = "id, title, source, url, author, date"


class StoreCorrupt(ReaderError):
    """The database file is not SQLite, or SQLite finds it damaged."""


def default_path() -> Path:
    return paths.data_dir() / FILE_NAME


def _open_error(path: Path | None, error: OSError | sqlite3.DatabaseError) -> ReaderError:
    """Damage (StoreCorrupt) apart from a file that is locked, missing or unreadable."""
    name = getattr(error, "sqlite_errorname", "")
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        backups = path.parent / "backups" if path else "the data folder"
        return StoreCorrupt(
            f"{path} is not a reader database or is damaged ({error})",
            f"move it away and restart reader; your backups are in {backups}",
        )
    reason = error.strerror if isinstance(error, OSError) and error.strerror else error
    return ReaderError(
        f"cannot open the database {path or ':memory:'}: {reason}",
        "close other copies of reader and check that the data folder is writable",
    )


def _info(row: tuple[Any, ...]) -> ArticleInfo:
    rowid, title, source, url, author, date = row
    return ArticleInfo(f"{IMPORTED_PREFIX}{rowid}", title, date, author, source, url)


def _serialised(cls: type) -> type:
    """Wrap every public method of ``cls``, inherited ones (WordsMixin's) too, in the
    instance's lock: each name once, as ``cls`` resolves it, and never twice."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        if klass is object:
            continue
        for name, fn in list(vars(klass).items()):
            if name in seen:
                continue
            seen.add(name)
            if callable(fn) and not name.startswith("_") and not hasattr(fn, "_holds_lock"):

                def locked(self: Any, *args: Any, __fn: Any = fn, **kwargs: Any) -> Any:
                    with self._lock:
                        return __fn(self, *args, **kwargs)

                functools.update_wrapper(locked, fn)
                locked._holds_lock = True  # type: ignore[attr-defined]
                setattr(cls, name, locked)
    return cls


@_serialised
class Store(WordsMixin):
    """One open connection to the user's database, safe to share between threads."""

    def __init__(self, path: Path | str | None = None) -> None:
        self._lock = threading.RLock()
        memory = str(path) == ":memory:"
        self.path: Path | None = None if memory else Path(path or default_path())
        try:
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            # The Qt layer reads on the GUI thread and writes on its one writer
            # thread; every public method holds self._lock, so the connection
            # is never used by two threads at once.
            conn = sqlite3.connect(str(self.path or ":memory:"), check_same_thread=False)
            self.db = Database(conn, execute_plugins=False)
        except (OSError, sqlite3.DatabaseError) as error:
            raise _open_error(self.path, error) from error
        try:
            if self.path is not None:
                self.db.execute("PRAGMA journal_mode=WAL").fetchall()
            for pragma in ("synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=5000"):
                self.db.execute(f"PRAGMA {pragma}")
            apply_migrations(migrations, self.db)
        except sqlite3.DatabaseError as error:
            self.db.conn.close()
            raise _open_error(self.path, error) from error

    def _one(self, sql: str, args: list[Any] | tuple[Any, ...] = ()) -> Any:
        return self.db.execute(sql, list(args)).fetchone()

    def _write(self, sql: str, args: list[Any]) -> sqlite3.Cursor:
        """One statement in its own transaction."""
        with self.db.atomic():
            return self.db.execute(sql, args)

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- imported articles -------------------------------------------------

    def add_article(
        self, title: str, text: str, *, source: str = "", url: str = "",
        author: str = "", date: str = "", origin: str = "",
    ) -> ArticleInfo:
        """Store an imported article; its id is "imp-<n>" and is never reused."""
        cursor = self._write(
            "INSERT INTO articles (title, text, source, url, author, date, origin, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [title, text, source, url, author, date, origin, now()],
        )
        return _info((cursor.lastrowid, title, source, url, author, date))

    def articles(self) -> list[ArticleInfo]:
        """Imported articles not deleted, newest first."""
        rows = self.db.execute(
            f"SELECT {_INFO_COLUMNS} FROM articles WHERE deleted_at IS NULL"
            " ORDER BY created DESC, id DESC"
        )
        return [_info(row) for row in rows]

    def _row(self, article_id: str, *, deleted_too: bool = False) -> int:
        """The row id of an imported article; ReaderError if unknown or deleted."""
        match = re.fullmatch(rf"{IMPORTED_PREFIX}([0-9]+)", article_id)
        number = int(match.group(1)) if match else None
        sql = "SELECT deleted_at FROM articles WHERE id = ?"
        row = None if number is None else self._one(sql, [number])
        if number is None or row is None or (row[0] is not None and not deleted_too):
            advice = "it may have been deleted; import it again"
            raise ReaderError(f"no imported article {article_id!r}", advice)
        return number

    def article_length(self, article_id: str) -> int:
        row = self._one("SELECT length(text) FROM articles WHERE id = ?", [self._row(article_id)])
        return int(row[0]) if row else 0

    def article(self, article_id: str) -> Article:
        row = self._one(
            f"SELECT {_INFO_COLUMNS}, text FROM articles WHERE id = ?", [self._row(article_id)]
        )
        return Article(_info(row[:6]), row[6])

    def rename_article(self, article_id: str, title: str) -> str:
        """Give an article a new title; returns the old one so the change can be undone."""
        title = title.strip()
        if not title:
            raise InputError("an article's title cannot be empty", "type a title")
        with self.db.atomic():
            number = self._row(article_id)
            old = self._one("SELECT title FROM articles WHERE id = ?", [number])[0]
            self.db.execute("UPDATE articles SET title = ? WHERE id = ?", [title, number])
        return str(old)

    def delete_article(self, article_id: str) -> None:
        """Mark an article deleted; it stays until purged, so the deletion can be undone."""
        sql = "UPDATE articles SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL"
        self._write(sql, [now(), self._row(article_id, deleted_too=True)])

    def restore_article(self, article_id: str) -> None:
        """Undo :meth:`delete_article`."""
        sql = "UPDATE articles SET deleted_at = NULL WHERE id = ?"
        self._write(sql, [self._row(article_id, deleted_too=True)])

    def purge_deleted(self, older_than_days: int = 30) -> int:
        """Remove articles deleted at least ``older_than_days`` ago; returns how many."""
        cutoff = datetime.now(timezone.utc) - timedelta(days=older_than_days)
        stamp = cutoff.isoformat(timespec="microseconds")
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM reading_state WHERE article_id IN"
                " (SELECT ? || id FROM articles WHERE deleted_at <= ?)",
                [IMPORTED_PREFIX, stamp],
            )
            return self.db.execute("DELETE FROM articles WHERE deleted_at <= ?", [stamp]).rowcount

    def search_articles(self, needle: str, limit: int = 200) -> list[tuple[str, int, str]]:
        """(article id, character offset, snippet) of each hit in imported articles.

        Case-insensitive. SQLite's instr narrows the articles down where its
        ASCII-only lower() is exact; Python finds every hit's offset.
        """
        if not needle or limit <= 0:
            return []
        if needle.isascii():
            where, args = "instr(lower(text), lower(?)) > 0", [needle]
        elif needle.lower() == needle.upper():  # nothing to fold: kana, kanji
            where, args = "instr(text, ?) > 0", [needle]
        else:
            where, args = "1", []
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        hits: list[tuple[str, int, str]] = []
        cursor = self.db.execute(
            f"SELECT id, text FROM articles WHERE deleted_at IS NULL AND {where}"
            " ORDER BY created DESC, id DESC",
            args,
        )
        for number, text in cursor:
            for match in pattern.finditer(text):
                start, end = match.span()
                snippet = " ".join(text[max(0, start - _SNIPPET) : end + _SNIPPET].split())
                hits.append((f"{IMPORTED_PREFIX}{number}", start, snippet))
                if len(hits) >= limit:
                    return hits
        return hits

    # -- reading state -----------------------------------------------------

    def save_position(
        self, article_id: str, sentence: int, scroll: float, sentences_total: int
    ) -> None:
        """Remember where the reader is, and how far they got (which only grows).

        ``sentence`` is 0-based, so reaching the last sentence counts as read to
        the end: progress is ``(sentence + 1) / sentences_total``, at most 1.
        """
        if sentence < 0 or sentences_total < 0:
            raise ValueError("sentence and sentences_total must not be negative")
        progress = min(1.0, (sentence + 1) / sentences_total) if sentences_total else 0.0
        self._write(
            """INSERT INTO reading_state
                   (article_id, sentence, scroll, sentences_total, progress, last_opened)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (article_id) DO UPDATE SET
                   sentence = excluded.sentence, scroll = excluded.scroll,
                   sentences_total = excluded.sentences_total,
                   progress = max(progress, excluded.progress),
                   last_opened = excluded.last_opened""",
            [article_id, sentence, float(scroll), sentences_total, progress, now()],
        )

    def position(self, article_id: str) -> tuple[int, float] | None:
        """(sentence, scroll) saved for an article, or None if never opened."""
        sql = "SELECT sentence, scroll FROM reading_state WHERE article_id = ?"
        row = self._one(sql, [article_id])
        return (int(row[0]), float(row[1])) if row else None

    def progress(self) -> dict[str, float]:
        """Article id -> furthest point read, 0..1."""
        rows = self.db.execute("SELECT article_id, progress FROM reading_state")
        return {article_id: float(value) for article_id, value in rows}

    def last_article(self) -> str | None:
        """The article opened most recently, skipping imported ones since deleted."""
        row = self._one(
            """SELECT r.article_id FROM reading_state r
               LEFT JOIN articles a ON r.article_id = ? || a.id
               WHERE a.deleted_at IS NULL ORDER BY r.last_opened DESC LIMIT 1""",
            [IMPORTED_PREFIX],
        )
        return str(row[0]) if row else None

    # -- safety and maintenance --------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """Hold the lock and one transaction across several calls, for imports and
        reviews that must land whole or not at all (store methods nest inside)."""
        with self._lock, self.db.atomic():
            yield self.db

    def quick_check(self) -> list[str]:
        """SQLite's quick_check: [] when the file is sound, else what it found wrong."""
        try:
            rows = [row[0] for row in self.db.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.DatabaseError as error:
            return [str(error)]
        return [] if rows == ["ok"] else rows


@dataclass(frozen=True)
class StoreRecovery:
    """What open_store_safely did with a damaged database, for the caller to tell the user.

    ``backup`` is the newest daily backup, to offer ``backup.restore(backup, path)``.
    """

    damaged: Path
    reason: str
    backup: Path | None


def open_store_safely(path: Path | str | None = None) -> tuple[Store, StoreRecovery | None]:
    """Open the database; if it is damaged, move it aside and start a fresh one.

    A damaged file is kept (reader.sqlite.damaged-<time>, with its -wal and -shm)
    rather than deleted, so nothing is lost that a tool could still rescue.
    """
    from . import backup

    where = Path(path or default_path())
    try:
        store = Store(where)
    except StoreCorrupt as error:
        reason = error.message
    else:
        problems = store.quick_check()
        if not problems:
            return store, None
        store.close()
        found = "; ".join(" ".join(problem.split()) for problem in problems[:3])
        reason = f"SQLite found damage in {where}: {found}"
    damaged = backup.move_aside(where)
    recovery = StoreRecovery(damaged, reason, backup.newest_backup(where.parent / "backups"))
    return Store(where), recovery
