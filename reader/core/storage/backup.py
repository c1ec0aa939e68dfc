"""Rolling daily copies of the user's database, checking databases, and putting one back.

Copies are taken with SQLite's online backup API, so they are consistent even while
reader is writing, and written under a temporary name first so a crash never leaves a
half copy that looks like a backup. Only a database that passes SQLite's
integrity_check is copied: a damaged file never pushes a good backup out.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from reader.core import paths
from reader.core.errors import ReaderError, database_error, explain

KEEP = 7
_NAME = re.compile(r"reader-(\d{4}-\d{2}-\d{2})\.sqlite")
_SIDE_FILES = ("-wal", "-shm")


class BackupRefused(ReaderError):
    """Today's backup was not taken, because the database itself is damaged."""


def backups_dir() -> Path:
    return paths.data_dir() / "backups"


def check(path: Path | str, *, full: bool = False) -> list[str]:
    """What is wrong with a database file: [] when SQLite finds it sound. ``full`` runs
    integrity_check (also the indexes against their tables), else quick_check.

    A check that cannot run (a full disk, a locked or unreadable file) is not damage:
    ReaderError, saying what stopped it.
    """
    path = Path(path)
    try:
        if path.stat().st_size == 0:
            return ["the file is empty (0 bytes)"]
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            pragma = "integrity_check" if full else "quick_check"
            rows = [str(row[0]) for row in con.execute(f"PRAGMA {pragma}(20)").fetchall()]
        finally:
            con.close()
    except OSError as error:
        raise explain(error) or ReaderError(f"cannot read {path}: {error}") from None
    except sqlite3.Error as error:
        found = database_error(str(path), error)
        if "is damaged" in found.message:
            return [str(error)]
        raise found from None
    return [] if rows == ["ok"] else [" ".join(row.split()) for row in rows]


def _sound(path: Path) -> bool:
    """A backup SQLite finds sound (one it cannot even check is not)."""
    try:
        return not check(path)
    except ReaderError:
        return False


def backups(folder: Path | str | None = None) -> list[Path]:
    """Backups in ``folder``, oldest first (their names sort by date)."""
    folder = Path(folder) if folder is not None else backups_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _NAME.fullmatch(p.name) and p.is_file())


def backup_date(path: Path) -> str:
    match = _NAME.fullmatch(path.name)
    return match.group(1) if match else ""


def newest_backup(folder: Path | str | None = None) -> Path | None:
    """The most recent backup that SQLite finds sound, or None."""
    for path in reversed(backups(folder)):
        if _sound(path):
            return path
    return None


def _copy(source: Path, target: Path) -> None:
    """Copy a database with the online backup API to ``target``, atomically."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(str(source))
        try:
            dst = sqlite3.connect(str(partial))
            try:
                src.backup(dst)
                # A copy is a plain file: reading it later leaves no -wal or -shm beside it.
                dst.execute("PRAGMA journal_mode=DELETE").fetchall()
            finally:
                dst.close()
        finally:
            src.close()
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise ReaderError(
            f"cannot copy {source} to {target} ({error})",
            "check that the data folder is writable and the disk is not full",
        ) from error


def _prune(folder: Path, keep: int) -> None:
    """Remove all but the newest ``keep`` backups, but never the newest sound one."""
    found = backups(folder)
    old, kept = found[:-keep], found[-keep:]
    if old and not any(_sound(p) for p in kept):
        sound = next((p for p in reversed(old) if _sound(p)), None)
        old = [p for p in old if p != sound]
    for path in old:
        path.unlink(missing_ok=True)


def daily_backup(
    store_path: Path | str,
    folder: Path | str | None = None,
    *,
    today: date | None = None,
    keep: int = KEEP,
) -> Path | None:
    """Back the database up once a day as reader-YYYY-MM-DD.sqlite, keeping the newest ``keep``.

    Returns the new backup, or None when today's exists already (or there is no
    database yet). A database SQLite finds damaged is not copied: BackupRefused.
    """
    source = Path(store_path)
    target_dir = Path(folder) if folder is not None else source.parent / "backups"
    target = target_dir / f"reader-{(today or date.today()).isoformat()}.sqlite"
    if target.exists() or not source.is_file() or source.stat().st_size == 0:
        return None
    problems = check(source, full=True)
    if problems:
        raise BackupRefused(
            f"today's backup was not taken: SQLite found damage in {source} ({problems[0]})",
            "your earlier backups are kept; quit reader and run `reader restore` to go back "
            "to the newest sound one",
        )
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReaderError(
            f"cannot create {target_dir} ({error.strerror})", "check permissions"
        ) from error
    _copy(source, target)
    _prune(target_dir, keep)
    return target


def move_aside(path: Path | str) -> Path:
    """Rename a damaged database (and its -wal, -shm) to <name>.damaged-<UTC time>; returns it.

    Kept, not deleted: the user or a recovery tool may still get something out.
    """
    path = Path(path)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        os.replace(path, target)
        for suffix in _SIDE_FILES:
            side = Path(f"{path}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{target}{suffix}"))
    except OSError as error:
        raise ReaderError(
            f"cannot move the damaged database {path} aside ({error.strerror})",
            f"close other copies of reader, then move {path} away by hand",
        ) from error
    return target


def restore(backup: Path | str, path: Path | str) -> Path:
    """Replace the database at ``path`` with a copy of ``backup``; returns ``path``.

    Close every Store on ``path`` first. The copy is checked before anything is
    replaced, and the old file's -wal and -shm go with it (they belong to it).
    """
    source, target = Path(backup), Path(path)
    if not source.is_file():
        raise ReaderError(f"no backup at {source}", "choose a file from the backups folder")
    problems = check(source)
    if problems:
        raise ReaderError(
            f"the backup {source} is damaged too ({problems[0]})",
            "choose an older backup from the same folder",
        )
    staged = target.with_name(target.name + ".restoring")
    _copy(source, staged)
    try:
        for suffix in _SIDE_FILES:
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(staged, target)
    except OSError as error:
        raise ReaderError(
            f"cannot put the backup in place of {target} ({error.strerror})",
            "close other copies of reader and try again",
        ) from error
    return target


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    date: str
    size: int
    problems: tuple[str, ...]


def _problems(path: Path) -> tuple[str, ...]:
    try:
        return tuple(check(path))
    except ReaderError as error:
        return (error.message,)


def describe(folder: Path | str | None = None) -> list[BackupInfo]:
    """Every backup, newest first, with what SQLite finds wrong with it (if anything)."""
    return [BackupInfo(p, backup_date(p), p.stat().st_size, _problems(p)) for p in reversed(backups(folder))]
