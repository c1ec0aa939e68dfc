"""The user's own data in one SQLite file: imported articles, reading state, words.

Bundled articles live in resources/; only what the user creates is stored here.
Every write runs in one transaction, so a crash never leaves half a change, and
the schema grows through recorded migrations so an old file upgrades in place.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from . import paths
from .errors import InputError, ReaderError
from .models import Article, ArticleInfo

SCHEMA_NAME = "reader"
FILE_NAME = "reader.sqlite"
IMPORTED_PREFIX = "imp-"
WORD_STATUSES = ("new", "learning", "known", "ignored")
_SNIPPET = 30  # characters shown either side of a search hit
_INFO_COLUMNS = "id, title, source, url, author, date"
_WORD_KEYS = ("id", "base", "reading", "status", "glosses", "pos", "created", "updated", "saved")

migrations = Migrations(SCHEMA_NAME)


@migrations()
def m001_initial(db: Database) -> None:
    """Articles, reading state, words and the sentences they were saved from.

    Row ids use AUTOINCREMENT so an id is never reused after a purge: reading
    state and word contexts keyed by "imp-<n>" can never point at another article.
    """
    statements = (
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '', date TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, deleted_at TEXT)""",
        "CREATE INDEX articles_by_deleted_created ON articles (deleted_at, created)",
        """CREATE TABLE reading_state (
            article_id TEXT PRIMARY KEY, sentence INTEGER NOT NULL DEFAULT 0,
            scroll REAL NOT NULL DEFAULT 0, sentences_total INTEGER NOT NULL DEFAULT 0,
            progress REAL NOT NULL DEFAULT 0, last_opened TEXT NOT NULL)""",
        "CREATE INDEX reading_state_by_last_opened ON reading_state (last_opened)",
        """CREATE TABLE words (
            id INTEGER PRIMARY KEY AUTOINCREMENT, base TEXT NOT NULL, reading TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'learning'
                CHECK (status IN ('new', 'learning', 'known', 'ignored')),
            glosses TEXT NOT NULL DEFAULT '[]', pos TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL, updated TEXT NOT NULL,
            saved TEXT,  -- first saved to the vocabulary; NULL for rows that only hold a status
            UNIQUE (base, reading))""",
        "CREATE INDEX words_by_saved ON words (saved)",
        """CREATE TABLE word_contexts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            word_id INTEGER NOT NULL REFERENCES words (id) ON DELETE CASCADE,
            sentence TEXT NOT NULL, article_id TEXT NOT NULL DEFAULT '',
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, created TEXT NOT NULL)""",
        "CREATE INDEX word_contexts_by_word ON word_contexts (word_id)",
    )
    for statement in statements:
        db.execute(statement)


class StoreCorrupt(ReaderError):
    """The database file is not SQLite, or SQLite finds it damaged."""


def default_path() -> Path:
    return paths.data_dir() / FILE_NAME


_clock_lock = threading.Lock()
_last_time = datetime.min.replace(tzinfo=timezone.utc)


def now() -> str:
    """UTC ISO-8601 that sorts as text and strictly grows, so "newest first" never ties."""
    global _last_time
    with _clock_lock:
        _last_time = max(datetime.now(timezone.utc), _last_time + timedelta(microseconds=1))
        return _last_time.isoformat(timespec="microseconds")


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
    """Wrap every public method of ``cls`` in the instance's lock."""
    for name, fn in list(vars(cls).items()):
        if callable(fn) and not name.startswith("_"):

            def locked(self: Any, *args: Any, __fn: Any = fn, **kwargs: Any) -> Any:
                with self._lock:
                    return __fn(self, *args, **kwargs)

            functools.update_wrapper(locked, fn)
            setattr(cls, name, locked)
    return cls


@_serialised
class Store:
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
            migrations.apply(self.db)
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

    # -- words -------------------------------------------------------------

    def set_word_status(self, base: str, reading: str, status: str) -> None:
        if status not in WORD_STATUSES:
            raise ValueError(f"unknown word status {status!r}; expected one of {WORD_STATUSES}")
        stamp = now()
        self._write(
            """INSERT INTO words (base, reading, status, created, updated) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (base, reading) DO UPDATE SET
                   status = excluded.status, updated = excluded.updated""",
            [base, reading, status, stamp, stamp],
        )

    def word_statuses(self) -> dict[tuple[str, str], str]:
        rows = self.db.execute("SELECT base, reading, status FROM words")
        return {(base, reading): status for base, reading, status in rows}

    def known_words(self) -> set[tuple[str, str]]:
        """Words that need no furigana: known or ignored."""
        sql = "SELECT base, reading FROM words WHERE status IN ('known', 'ignored')"
        return {(base, reading) for base, reading in self.db.execute(sql)}

    def save_word(
        self, base: str, reading: str, glosses: list[str], pos: str,
        sentence: str, article_id: str, start: int, end: int,
    ) -> int:
        """Save a word with the sentence it was met in; returns the word's id.

        A word saved again gains a context, never a second row. A new word starts
        as "learning", as does one only marked "new"; other statuses are kept.
        Glosses and part of speech fill in what a status-only row lacks.
        """
        stamp = now()
        glosses_json = json.dumps(list(glosses), ensure_ascii=False)
        with self.db.atomic():
            self.db.execute(
                """INSERT INTO words (base, reading, status, glosses, pos, created, updated, saved)
                   VALUES (?, ?, 'learning', ?, ?, ?, ?, ?)
                   ON CONFLICT (base, reading) DO UPDATE SET
                       status = CASE status WHEN 'new' THEN 'learning' ELSE status END,
                       glosses = CASE glosses WHEN '[]' THEN excluded.glosses ELSE glosses END,
                       pos = CASE pos WHEN '' THEN excluded.pos ELSE pos END,
                       saved = coalesce(saved, excluded.saved), updated = excluded.updated""",
                [base, reading, glosses_json, pos, stamp, stamp, stamp],
            )
            sql = "SELECT id FROM words WHERE base = ? AND reading = ?"
            word_id = int(self._one(sql, [base, reading])[0])
            self.db.execute(
                'INSERT INTO word_contexts (word_id, sentence, article_id, start, "end", created)'
                " VALUES (?, ?, ?, ?, ?, ?)",
                [word_id, sentence, article_id, start, end, stamp],
            )
        return word_id

    def saved_words(self) -> list[dict[str, Any]]:
        """Words saved to the vocabulary with their number of contexts, newest first."""
        cursor = self.db.execute(
            f"""SELECT {", ".join("w." + key for key in _WORD_KEYS)},
                   (SELECT count(*) FROM word_contexts c WHERE c.word_id = w.id)
               FROM words w WHERE w.saved IS NOT NULL ORDER BY w.saved DESC, w.id DESC"""
        )
        words = [dict(zip((*_WORD_KEYS, "contexts"), row)) for row in cursor]
        for word in words:
            word["glosses"] = json.loads(word["glosses"])
        return words
