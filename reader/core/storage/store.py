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
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from reader.core import paths
from reader.core.errors import ReaderError, database_error, explain
from reader.core.storage.schema import MIGRATION_SETS
from reader.core.storage.sqlitedb import Database, apply_migrations

FILE_NAME = "reader.sqlite"
#: How long a write waits for another writer (another process) before giving up, and
#: the step it waits in, so that it can say it is waiting.
BUSY_WAIT_S = 30.0
BUSY_STEP_MS = 250
T = TypeVar("T")


def _busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class StoreCorrupt(ReaderError):
    """The database file is not SQLite, or SQLite finds it damaged."""


def default_path() -> Path:
    return paths.data_dir() / FILE_NAME


def _open_error(path: Path | None, error: OSError | sqlite3.DatabaseError) -> ReaderError:
    """Damage (StoreCorrupt) apart from a file that is locked, read-only, missing or unreadable."""
    name = getattr(error, "sqlite_errorname", "")
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        backups = path.parent / "backups" if path else "the data folder"
        return StoreCorrupt(
            f"{path} is not a reader database or is damaged ({error})",
            f"run `reader restore` to go back to a backup (they are in {backups})",
        )
    if isinstance(error, sqlite3.Error):
        return database_error(f"the database {path or ':memory:'}", error)
    return explain(error) or ReaderError(
        f"cannot open the database {path}: {error}",
        "check that the data folder exists and is writable",
    )


class Store:
    """One open connection to the user's database, safe to share between threads."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.lock = threading.RLock()
        self.depth = 0  # repository calls and transactions in progress (under the lock)
        #: Told how long a write has waited for another writer (the CLI says so on stderr).
        self.on_busy: Callable[[float], None] | None = None
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
            self._check_ours()
            if self.path is not None:
                self.db.execute("PRAGMA journal_mode=WAL").fetchall()
            for pragma in ("synchronous=NORMAL", "foreign_keys=ON", f"busy_timeout={BUSY_STEP_MS}"):
                self.db.execute(f"PRAGMA {pragma}")
            for migrations in MIGRATION_SETS:
                apply_migrations(migrations, self.db)
        except sqlite3.DatabaseError as error:
            self.db.conn.close()
            raise _open_error(self.path, error) from error
        except StoreCorrupt:
            self.db.conn.close()
            raise

    def _check_ours(self) -> None:
        """A file with tables of its own but not reader's (another program's database,
        chosen by mistake) is refused rather than given reader's tables too."""
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return
        ours = False
        if "_sqlite_migrations" in tables:
            sets = {row[0] for row in self.db.execute("SELECT migration_set FROM _sqlite_migrations")}
            ours = MIGRATION_SETS[0].name in sets
        if not ours:
            raise StoreCorrupt(
                f"{self.path} is an SQLite database, but not reader's",
                "move it away (or set READER_DATA_DIR to another folder) and start reader again",
            )

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def error(self, exc: sqlite3.Error) -> ReaderError:
        """An SQLite error on this database, as the user should read it."""
        name = f"your database {self.path}" if self.path else "the database"
        advice = "quit reader and run `reader restore` to go back to the newest sound backup"
        found = database_error(name, exc, advice)
        return StoreCorrupt(found.message, found.advice) if found.advice == advice else found

    def _waited(self, exc: sqlite3.OperationalError, since: float | None) -> float:
        """Seconds spent waiting for another writer so far; the error itself when it is
        not a busy database, or when the wait is over."""
        waited = time.monotonic() - since if since is not None else 0.0
        if not _busy(exc) or waited > BUSY_WAIT_S:
            raise self.error(exc) from exc
        if self.on_busy is not None:
            self.on_busy(waited)
        return waited

    def run(self, fn: Callable[[], T]) -> T:
        """Run a repository call under the lock. The outermost call waits for another
        writer (another process) for up to BUSY_WAIT_S, outside the lock, trying again;
        SQLite errors come out as ReaderErrors with advice."""
        since: float | None = None
        while True:
            with self.lock:
                outer = self.depth == 0 and not self.db.conn.in_transaction
                self.depth += 1
                try:
                    return fn()
                except sqlite3.OperationalError as exc:
                    if not outer:
                        raise self.error(exc) from exc
                    self._waited(exc, since)
                except sqlite3.Error as exc:
                    raise self.error(exc) from exc
                finally:
                    self.depth -= 1
            since = since if since is not None else time.monotonic()
            time.sleep(BUSY_STEP_MS / 1000)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """Hold the lock and one transaction across several statements or repository
        calls (they nest inside), for changes that must land whole or not at all. The
        outermost one takes the write lock first (BEGIN IMMEDIATE), waiting for another
        writer as ``run`` does, so nothing inside it can find the database busy."""
        with self.lock:
            if self.depth or self.db.conn.in_transaction:
                self.depth += 1
                try:
                    with self.db.atomic():
                        yield self.db
                except sqlite3.Error as exc:
                    raise self.error(exc) from exc
                finally:
                    self.depth -= 1
                return
        since: float | None = None
        while True:
            self.lock.acquire()
            try:
                self.db.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                self.lock.release()
                self._waited(exc, since)
                since = since if since is not None else time.monotonic()
                time.sleep(BUSY_STEP_MS / 1000)
            except BaseException:
                self.lock.release()
                raise
        self.depth += 1
        try:
            yield self.db
        except BaseException as exc:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self.error(exc) from exc
            raise
        else:
            try:
                self.db.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self.db.conn.in_transaction:
                    self.db.conn.execute("ROLLBACK")
                raise self.error(exc) from exc
        finally:
            self.depth -= 1
            self.lock.release()

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
        return self.store.run(lambda: fn(self, *args, **kwargs))

    locked._holds_lock = True  # type: ignore[attr-defined]
    return locked


def diagnose(path: Path | str | None = None) -> str:
    """Why the database at ``path`` cannot be trusted ("" when it can, or is not there yet):
    it is empty, not SQLite, not reader's, or SQLite's quick_check finds damage."""
    from reader.core.storage import backup

    where = Path(path or default_path())
    if not where.exists():
        return ""
    if where.is_file() and where.stat().st_size == 0:
        return f"{where} is empty (0 bytes)"
    problems = backup.check(where)
    if problems:
        return f"SQLite found damage in {where}: {'; '.join(problems[:3])}"
    try:
        Store(where).close()
    except StoreCorrupt as error:
        return error.message
    return ""


def open_store_checked(path: Path | str | None = None) -> Store:
    """Open the database for the command line: a damaged one is left exactly as it is and
    refused with a message that says how to restore a backup. An empty file with no
    backup to offer is simply a new database."""
    from reader.core.storage import backup

    where = Path(path or default_path())
    reason = diagnose(where)
    newest = backup.newest_backup(where.parent / "backups") if reason else None
    if reason and (newest is not None or where.stat().st_size > 0):
        offer = (
            f"run `reader restore` to move it aside and go back to the newest sound backup "
            f"({backup.backup_date(newest)})"
            if newest is not None
            else "no sound backup is left; move the file away to start afresh"
        )
        raise StoreCorrupt(f"your database cannot be trusted: {reason}", offer)
    return Store(where)


@dataclass(frozen=True)
class StoreRecovery:
    """What open_store_safely did with a damaged database, for the caller to tell the user.

    ``backup`` is the newest daily backup, to offer ``backup.restore(backup, path)``.
    """

    damaged: Path
    reason: str
    backup: Path | None


def open_store_safely(path: Path | str | None = None) -> tuple[Store, StoreRecovery | None]:
    """Open the database for the window; if it cannot be trusted (see diagnose), move it
    aside, start a fresh one and name the newest sound backup to offer. An empty file
    with no backup to offer is simply a new database.

    A damaged file is kept (reader.sqlite.damaged-<time>, with its -wal and -shm)
    rather than deleted, so nothing is lost that a tool could still rescue.
    """
    from reader.core.storage import backup

    where = Path(path or default_path())
    reason = diagnose(where)
    if not reason:
        return Store(where), None
    newest = backup.newest_backup(where.parent / "backups")
    if newest is None and where.stat().st_size == 0:
        where.unlink()
        return Store(where), None
    damaged = backup.move_aside(where)
    return Store(where), StoreRecovery(damaged, reason, newest)
