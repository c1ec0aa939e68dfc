"""The user's database: one connection to reader.sqlite, shared by every repository.

Every migration set (storage/schema.py) is applied when the store opens, so the
schema is whole before anything reads it. Repositories (library's articles and
positions, vocabulary's words and reviews, translation's drafts and glossary)
reach the file only through a Store: each public method runs under the store's
lock (``@serialised``), and every write runs in one transaction, so a crash
never leaves half a change. In the window, writes run on the one writer thread.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from reader.core import paths
from reader.core.errors import ReaderError
from reader.core.storage.schema import MIGRATION_SETS
from reader.core.storage.sqlitedb import Database, apply_migrations

FILE_NAME = "reader.sqlite"


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


class Store:
    """One open connection to the user's database, safe to share between threads."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.lock = threading.RLock()
        memory = str(path) == ":memory:"
        self.path: Path | None = None if memory else Path(path or default_path())
        try:
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            # The Qt layer reads on the GUI thread and writes on its one writer
            # thread; every repository method holds self.lock, so the connection
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
            for migrations in MIGRATION_SETS:
                apply_migrations(migrations, self.db)
        except sqlite3.DatabaseError as error:
            self.db.conn.close()
            raise _open_error(self.path, error) from error

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """Hold the lock and one transaction across several statements or repository
        calls (they nest inside), for changes that must land whole or not at all."""
        with self.lock, self.db.atomic():
            yield self.db

    def quick_check(self) -> list[str]:
        """SQLite's quick_check: [] when the file is sound, else what it found wrong."""
        with self.lock:
            try:
                rows = [row[0] for row in self.db.execute("PRAGMA quick_check").fetchall()]
            except sqlite3.DatabaseError as error:
                return [str(error)]
        return [] if rows == ["ok"] else rows


class Repository:
    """A domain's view of the store: its queries, under the store's lock (``@serialised``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def db(self) -> Database:
        return self.store.db

    def _one(self, sql: str, args: list[Any] | tuple[Any, ...] = ()) -> Any:
        return self.db.execute(sql, list(args)).fetchone()

    def _write(self, sql: str, args: list[Any]) -> sqlite3.Cursor:
        """One statement in its own transaction."""
        with self.db.atomic():
            return self.db.execute(sql, args)

    def _dicts(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, args)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor]


R = TypeVar("R", bound=type)


def serialised(cls: R) -> R:
    """Wrap every public method of a repository class, inherited ones too, in its
    store's lock: each name once, as ``cls`` resolves it, and never twice."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        if klass is object:
            continue
        for name, fn in list(vars(klass).items()):
            if name in seen:
                continue
            seen.add(name)
            if isinstance(fn, (property, staticmethod, classmethod)):
                continue
            if callable(fn) and not name.startswith("_") and not hasattr(fn, "_holds_lock"):
                setattr(cls, name, _locked(fn))
    return cls


def _locked(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def locked(self: Repository, *args: Any, **kwargs: Any) -> Any:
        with self.store.lock:
            return fn(self, *args, **kwargs)

    locked._holds_lock = True  # type: ignore[attr-defined]
    return locked


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
    from reader.core.storage import backup

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
