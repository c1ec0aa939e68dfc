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
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from . import paths
from .errors import InputError, ReaderError
from .kana import to_hiragana
from .models import Article, ArticleInfo

SCHEMA_NAME = "reader"
FILE_NAME = "reader.sqlite"
IMPORTED_PREFIX = "imp-"
WORD_STATUSES = ("new", "learning", "known", "ignored")
_SNIPPET = 30  # characters shown either side of a search hit
_INFO_COLUMNS = "id, title, source, url, author, date"
_WORD_KEYS = ("id", "base", "reading", "status", "glosses", "pos", "created", "updated", "saved")
_ENTRY_KEYS = (*_WORD_KEYS[:6], "note", "tags", *_WORD_KEYS[6:])
#: A word as the vocabulary view lists it: its columns, number of contexts, due date.
_ENTRY_SELECT = f"""SELECT {", ".join("w." + key for key in _ENTRY_KEYS)},
    (SELECT count(*) FROM word_contexts c WHERE c.word_id = w.id),
    (SELECT due FROM cards d WHERE d.word_id = w.id) FROM words w"""
#: search_words' sorts: two columns each, so ties come in a fixed order, and the
#: index that holds saved words in that order.
WORD_SORTS = {
    "saved": (("w.saved", "w.id"), "words_by_saved"),
    "updated": (("w.updated", "w.id"), "words_saved_by_updated"),
    "word": (("w.base", "w.reading"), "words_saved_by_base"),
    "reading": (("w.reading", "w.base"), "words_saved_by_reading"),
    "status": (("w.status", "w.saved"), "words_saved_by_status"),
}
_CHUNK = 500  # ids per "IN (...)": well under SQLite's variable limit

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


@migrations()
def m002_word_notes_and_tags(db: Database) -> None:
    """A note and tags per word; word_tags, kept by triggers, makes a tag filter an index lookup.

    Partial indexes over saved words serve every sort of the vocabulary view, so
    its first page never needs a full sort.
    """
    statements = (
        "ALTER TABLE words ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE words ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'",  # JSON list
        """CREATE TABLE word_tags (
            tag TEXT NOT NULL COLLATE NOCASE,
            word_id INTEGER NOT NULL REFERENCES words (id) ON DELETE CASCADE,
            PRIMARY KEY (tag, word_id)) WITHOUT ROWID""",
        "CREATE INDEX word_tags_by_word ON word_tags (word_id)",
        """CREATE TRIGGER words_tags_insert AFTER INSERT ON words WHEN new.tags <> '[]' BEGIN
            INSERT OR IGNORE INTO word_tags (tag, word_id)
                SELECT value, new.id FROM json_each(new.tags);
        END""",
        """CREATE TRIGGER words_tags_update AFTER UPDATE OF tags ON words BEGIN
            DELETE FROM word_tags WHERE word_id = new.id;
            INSERT OR IGNORE INTO word_tags (tag, word_id)
                SELECT value, new.id FROM json_each(new.tags);
        END""",
        "CREATE INDEX words_saved_by_base ON words (base, reading) WHERE saved IS NOT NULL",
        "CREATE INDEX words_saved_by_reading ON words (reading, base) WHERE saved IS NOT NULL",
        "CREATE INDEX words_saved_by_updated ON words (updated, id) WHERE saved IS NOT NULL",
        "CREATE INDEX words_saved_by_status ON words (status, saved) WHERE saved IS NOT NULL",
    )
    for statement in statements:
        db.execute(statement)


@migrations()
def m003_word_search(db: Database) -> None:
    """Full-text index over word, reading, glosses, note and tags (rowid = word id).

    Japanese characters are indexed one per token (see search_text), so any
    substring of a word is a phrase query and a search never scans the table.
    """
    db.execute(
        "CREATE VIRTUAL TABLE words_fts USING fts5 (word, reading, glosses, note, tags,"
        " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    _index_rows(db, db.execute(f"SELECT {_FTS_SOURCE} FROM words").fetchall())


@migrations()
def m004_review_cards(db: Database) -> None:
    """Review state per saved word (an FSRS card as JSON) and the history of reviews.

    ``card`` is NULL until the first review; ``due`` is UTC ISO-8601 so it sorts as text.
    """
    statements = (
        """CREATE TABLE cards (
            word_id INTEGER PRIMARY KEY REFERENCES words (id) ON DELETE CASCADE,
            card TEXT, due TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'new')""",
        "CREATE INDEX cards_by_due ON cards (due)",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            word_id INTEGER NOT NULL REFERENCES words (id) ON DELETE CASCADE,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at TEXT NOT NULL, previous_due TEXT NOT NULL, new_due TEXT NOT NULL,
            elapsed_days REAL)""",
        "CREATE INDEX reviews_by_word ON reviews (word_id, reviewed_at)",
        "INSERT INTO cards (word_id, due) SELECT id, saved FROM words WHERE saved IS NOT NULL",
    )
    for statement in statements:
        db.execute(statement)


#: Characters from the CJK radicals on: kana, kanji, full-width symbols.
_CJK = re.compile("([\u2e80-\U0010ffff])")
_FTS_SOURCE = "id, base, reading, glosses, note, tags"


def search_text(text: str) -> str:
    """Text as the word index sees it: NFKC, katakana as hiragana, each Japanese
    character a token of its own, since Japanese has no spaces to split words at."""
    return _CJK.sub(r" \1 ", to_hiragana(unicodedata.normalize("NFKC", text)))


def search_query(query: str) -> str | None:
    """An FTS5 phrase matching ``query`` anywhere in a word, a prefix of an English word;
    None when it holds nothing searchable (only spaces or punctuation)."""
    tokens = search_text(query).split()
    if not any(ch.isalnum() for token in tokens for ch in token):
        return None
    phrase = '"' + " ".join(tokens).replace('"', '""') + '"'
    return phrase if _CJK.fullmatch(tokens[-1]) else phrase + " *"


def _index_rows(db: Database, rows: Iterable[tuple[Any, ...]]) -> None:
    """(Re)write the index entries of words given as (id, base, reading, glosses, note, tags)."""
    entries = []
    for word_id, base, reading, glosses, note, tags in rows:
        texts = (base, reading, " ; ".join(json.loads(glosses)), note, " ".join(json.loads(tags)))
        entries.append((word_id, *(search_text(t) for t in texts)))
    db.conn.executemany("DELETE FROM words_fts WHERE rowid = ?", [(e[0],) for e in entries])
    db.conn.executemany(
        "INSERT INTO words_fts (rowid, word, reading, glosses, note, tags)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        entries,
    )


def normalize_tags(tags: Iterable[str] | str) -> list[str]:
    """Tags as Anki has them: no spaces inside, no duplicates (ignoring case), order kept."""
    words = re.split(r"[\s,]+", tags) if isinstance(tags, str) else [
        part for tag in tags for part in re.split(r"[\s,]+", tag)
    ]
    seen: set[str] = set()
    kept = []
    for tag in words:
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            kept.append(tag)
    return kept


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _marks(values: list[Any]) -> str:
    return ", ".join("?" * len(values))


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
        with self.db.atomic():
            self.db.execute(
                """INSERT INTO words (base, reading, status, created, updated)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (base, reading) DO UPDATE SET
                       status = excluded.status, updated = excluded.updated""",
                [base, reading, status, stamp, stamp],
            )
            sql = "SELECT id FROM words WHERE base = ? AND reading = ?"
            self._reindex([self._one(sql, [base, reading])[0]])

    def word_statuses(
        self, keys: Iterable[tuple[str, str]] | None = None
    ) -> dict[tuple[str, str], str]:
        """(base, reading) -> status; only of ``keys`` when given (one query, an index
        lookup per key), so an article's statuses cost the same however many words
        are stored."""
        if keys is None:
            rows = self.db.execute("SELECT base, reading, status FROM words")
            return {(base, reading): status for base, reading, status in rows}
        wanted = json.dumps(list(set(keys)), ensure_ascii=False)
        rows = self.db.execute(
            """SELECT w.base, w.reading, w.status FROM json_each(?) j JOIN words w
               ON w.base = json_extract(j.value, '$[0]')
                   AND w.reading = json_extract(j.value, '$[1]')""",
            [wanted],
        )
        return {(base, reading): status for base, reading, status in rows}

    def known_words(self) -> set[tuple[str, str]]:
        """Words that need no furigana: known or ignored."""
        sql = "SELECT base, reading FROM words WHERE status IN ('known', 'ignored')"
        return {(base, reading) for base, reading in self.db.execute(sql)}

    def mark_known(self, words: Iterable[tuple[str, str]]) -> tuple[int, int]:
        """Mark words known in one transaction, leaving learning/known/ignored ones be.

        Returns (changed, unchanged): words added or raised from "new", and the rest.
        """
        keys = list(dict.fromkeys((base, reading) for base, reading in words if base))
        stamp = now()
        with self.db.atomic():
            last = self._one("SELECT coalesce(max(id), 0) FROM words")[0]
            changed = self.db.conn.executemany(
                """INSERT INTO words (base, reading, status, created, updated)
                   VALUES (?, ?, 'known', ?, ?)
                   ON CONFLICT (base, reading) DO UPDATE SET
                       status = 'known', updated = excluded.updated WHERE status = 'new'""",
                [(base, reading, stamp, stamp) for base, reading in keys],
            ).rowcount
            _index_rows(self.db, self.db.execute(
                f"SELECT {_FTS_SOURCE} FROM words WHERE id > ?", [last]
            ).fetchall())
        return changed, len(keys) - changed

    def save_word(
        self, base: str, reading: str, glosses: list[str], pos: str,
        sentence: str = "", article_id: str = "", start: int = 0, end: int = 0,
        *, note: str = "", tags: Iterable[str] | str = (),
    ) -> int:
        """Save a word with the sentence it was met in; returns the word's id.

        A word saved again gains a context, never a second row; without a sentence
        it gains none. A new word starts as "learning", as does one only marked
        "new"; other statuses are kept. Glosses, part of speech and note fill in
        what the row lacks; tags add up. Every saved word gets a review card.
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
            sql = "SELECT id, note, tags FROM words WHERE base = ? AND reading = ?"
            word_id, old_note, old_tags = self._one(sql, [base, reading])
            new_tags = normalize_tags([*json.loads(old_tags), *normalize_tags(tags)])
            self.db.execute(
                "UPDATE words SET note = ?, tags = ? WHERE id = ?",
                [old_note or note.strip(), json.dumps(new_tags, ensure_ascii=False), word_id],
            )
            if sentence:
                self.db.execute(
                    "INSERT INTO word_contexts"
                    ' (word_id, sentence, article_id, start, "end", created)'
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [word_id, sentence, article_id, start, end, stamp],
                )
            self.db.execute(
                "INSERT OR IGNORE INTO cards (word_id, due) VALUES (?, ?)", [word_id, stamp]
            )
            self._reindex([word_id])
        return int(word_id)

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

    # -- the vocabulary view -----------------------------------------------

    def _filters(
        self, query: str, status: str | None, tag: str | None, saved_only: bool
    ) -> tuple[str, list[Any], list[tuple[str, str]]]:
        """WHERE clause and arguments shared by search_words and count_words, and a
        query counting the matches of each indexed filter (tag, text)."""
        where, args = ["w.saved IS NOT NULL"] if saved_only else ["1"], []
        counts = []
        if status is not None:
            if status not in WORD_STATUSES:
                raise ValueError(f"unknown word status {status!r}; expected one of {WORD_STATUSES}")
            where.append("w.status = ?")
            args.append(status)
        if tag:
            where.append("w.id IN (SELECT word_id FROM word_tags WHERE tag = ?)")
            args.append(tag.strip())
            counts.append(("SELECT count(*) FROM word_tags WHERE tag = ?", tag.strip()))
        match = search_query(query)
        if match is not None:
            where.append("w.id IN (SELECT rowid FROM words_fts WHERE words_fts MATCH ?)")
            args.append(match)
            counts.append(("SELECT count(*) FROM words_fts WHERE words_fts MATCH ?", match))
        return " AND ".join(where), args, counts

    def search_words(
        self, query: str = "", status: str | None = None, tag: str | None = None,
        sort: str = "saved", descending: bool = True, limit: int | None = 200,
        offset: int = 0, *, saved_only: bool = True,
    ) -> list[dict[str, Any]]:
        """One page of words matching a search, for the vocabulary view.

        ``query`` matches anywhere in the word or reading, and the start of any
        English word in glosses, note or tags (katakana matches hiragana). A rare
        match is fetched through its index and sorted; a common one (a frequent
        tag, one letter) walks the sort's index until the page is full, so a
        keystroke stays cheap with 100,000 words either way.
        """
        if sort not in WORD_SORTS:
            raise ValueError(f"unknown sort {sort!r}; expected one of {tuple(WORD_SORTS)}")
        where, args, counts = self._filters(query, status, tag, saved_only)
        columns, index = WORD_SORTS[sort]
        hint = ""
        if saved_only and counts and limit is not None:
            matches = min(int(self._one(sql, [arg])[0]) for sql, arg in counts)
            size = int(self._one("SELECT coalesce(max(id), 0) FROM words")[0])
            if matches * matches > size * (limit + offset) // 2:
                hint = f"INDEXED BY {index}"
        way = "DESC" if descending else "ASC"
        order = ", ".join(f"{column} {way}" for column in columns)
        cursor = self.db.execute(
            f"{_ENTRY_SELECT} {hint} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*args, -1 if limit is None else limit, offset],
        )
        return [_entry(row) for row in cursor]

    def count_words(
        self, query: str = "", status: str | None = None, tag: str | None = None,
        *, saved_only: bool = True,
    ) -> int:
        """How many words search_words would list without a limit."""
        where, args, _ = self._filters(query, status, tag, saved_only)
        return int(self._one(f"SELECT count(*) FROM words w WHERE {where}", args)[0])

    def word(self, word_id: int) -> dict[str, Any]:
        """One word as search_words lists it; ReaderError if it is gone."""
        row = self._one(f"{_ENTRY_SELECT} WHERE w.id = ?", [word_id])
        if row is None:
            raise ReaderError(f"no word with id {word_id}", "it may have been deleted")
        return _entry(row)

    def find_word(self, base: str, reading: str) -> dict[str, Any] | None:
        """A word by its (dictionary form, reading), saved or only given a status."""
        row = self._one("SELECT id FROM words WHERE base = ? AND reading = ?", [base, reading])
        return self.word(row[0]) if row else None

    def update_word(
        self, word_id: int, *, note: str | None = None, tags: Iterable[str] | str | None = None,
        glosses: list[str] | None = None, status: str | None = None,
    ) -> dict[str, Any]:
        """Change a word's note, tags, glosses or status (None leaves one be).

        Returns the previous values of what was given, so the change can be undone
        by passing them back.
        """
        if status is not None and status not in WORD_STATUSES:
            raise ValueError(f"unknown word status {status!r}; expected one of {WORD_STATUSES}")
        with self.db.atomic():
            old = self.word(word_id)
            changes: dict[str, Any] = {}
            if note is not None:
                changes["note"] = note.strip()
            if tags is not None:
                changes["tags"] = json.dumps(normalize_tags(tags), ensure_ascii=False)
            if glosses is not None:
                changes["glosses"] = json.dumps(list(glosses), ensure_ascii=False)
            if status is not None:
                changes["status"] = status
            if changes:
                sets = ", ".join(f"{column} = ?" for column in changes)
                self.db.execute(
                    f"UPDATE words SET {sets}, updated = ? WHERE id = ?",
                    [*changes.values(), now(), word_id],
                )
                self._reindex([word_id])
        return {key: old[key] for key in changes}

    def word_contexts(self, word_id: int) -> list[dict[str, Any]]:
        """The sentences a word was saved from, oldest first (start/end mark the word)."""
        return self._dicts(
            'SELECT id, sentence, article_id, start, "end", created FROM word_contexts'
            " WHERE word_id = ? ORDER BY id",
            [word_id],
        )

    def delete_words(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        """Delete words with their contexts, tags, card and review history.

        Returns everything deleted, one dict per word (the word's columns plus
        "contexts", "card" and "reviews"), for restore_words to undo the deletion.
        """
        wanted = list(dict.fromkeys(int(i) for i in ids))
        deleted: list[dict[str, Any]] = []
        with self.db.atomic():
            for chunk in _chunks(wanted):
                marks = _marks(chunk)
                words = self._dicts(f"SELECT * FROM words WHERE id IN ({marks})", chunk)
                for word in words:
                    word_id = word["id"]
                    word["glosses"] = json.loads(word["glosses"])
                    word["tags"] = json.loads(word["tags"])
                    word["contexts"] = self._dicts(
                        "SELECT * FROM word_contexts WHERE word_id = ? ORDER BY id", [word_id]
                    )
                    cards = self._dicts("SELECT * FROM cards WHERE word_id = ?", [word_id])
                    word["card"] = cards[0] if cards else None
                    word["reviews"] = self._dicts(
                        "SELECT * FROM reviews WHERE word_id = ? ORDER BY id", [word_id]
                    )
                deleted += words
                self.db.execute(f"DELETE FROM words WHERE id IN ({marks})", chunk)
                self.db.execute(f"DELETE FROM words_fts WHERE rowid IN ({marks})", chunk)
        return deleted

    def restore_words(self, rows: Iterable[dict[str, Any]]) -> list[int]:
        """Undo delete_words: the words come back with their ids, contexts, card and history.

        A word saved again since its deletion keeps its new row and gains the old contexts.
        """
        restored = []
        with self.db.atomic():
            for row in rows:
                word = {k: v for k, v in row.items() if k not in ("contexts", "card", "reviews")}
                word["glosses"] = json.dumps(list(word.get("glosses", [])), ensure_ascii=False)
                word["tags"] = json.dumps(normalize_tags(word.get("tags", [])), ensure_ascii=False)
                sql = "SELECT id FROM words WHERE base = ? AND reading = ?"
                existing = self._one(sql, [word["base"], word["reading"]])
                fresh = {k: v for k, v in word.items() if k != "id"}  # should its id be taken
                word_id = existing[0] if existing else (
                    self._insert("words", word) or self._insert("words", fresh)
                )
                for context in row.get("contexts", []):
                    self._insert("word_contexts", {**context, "word_id": word_id})
                if existing is None:
                    if row.get("card"):
                        self._insert("cards", {**row["card"], "word_id": word_id})
                    for review in row.get("reviews", []):
                        self._insert("reviews", {**review, "word_id": word_id})
                restored.append(int(word_id))
            self._reindex(restored)
        return restored

    # -- safety and maintenance --------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """Hold the lock and one transaction across several calls, for imports and
        reviews that must land whole or not at all (store methods nest inside)."""
        with self._lock, self.db.atomic():
            yield self.db

    def rebuild_search_index(self) -> None:
        """Rewrite the word index from the words table (after bulk inserts, or repairs)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM words_fts")
            _index_rows(self.db, self.db.execute(f"SELECT {_FTS_SOURCE} FROM words").fetchall())

    def quick_check(self) -> list[str]:
        """SQLite's quick_check: [] when the file is sound, else what it found wrong."""
        try:
            rows = [row[0] for row in self.db.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.DatabaseError as error:
            return [str(error)]
        return [] if rows == ["ok"] else rows

    def _reindex(self, ids: list[int]) -> None:
        for chunk in _chunks(ids):
            sql = f"SELECT {_FTS_SOURCE} FROM words WHERE id IN ({_marks(chunk)})"
            _index_rows(self.db, self.db.execute(sql, chunk).fetchall())

    def _dicts(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, args)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """INSERT OR IGNORE a row given by column (keys that are not columns are
        dropped); returns its rowid, or 0 if it was there."""
        names = {info[1] for info in self.db.execute(f"PRAGMA table_info({table})")}
        row = {column: value for column, value in row.items() if column in names}
        columns = ", ".join(f'"{column}"' for column in row)
        sql = f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({_marks(list(row))})"
        cursor = self.db.execute(sql, list(row.values()))
        return int(cursor.lastrowid or row.get("id") or 0) if cursor.rowcount else 0


_ENTRY_COLUMNS = (*_ENTRY_KEYS, "contexts", "due")
_GLOSSES, _TAGS = _ENTRY_KEYS.index("glosses"), _ENTRY_KEYS.index("tags")
_decode = json.JSONDecoder().raw_decode  # no type checks: half of json.loads' cost


def _entry(row: tuple[Any, ...]) -> dict[str, Any]:
    """A word row as a dict, glosses and tags decoded: a page of 200 is built per keystroke."""
    word = dict(zip(_ENTRY_COLUMNS, row))
    glosses, tags = row[_GLOSSES], row[_TAGS]
    word["glosses"] = [] if glosses == "[]" else _decode(glosses)[0]
    word["tags"] = [] if tags == "[]" else _decode(tags)[0]
    return word


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
