"""Rolling daily copies of the user's database, and putting one back.

Copies are taken with SQLite's online backup API, so they are consistent even
while reader is writing, and written under a temporary name first so a crash
never leaves a half copy that looks like a backup.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

from reader.core import paths
from reader.core.errors import ReaderError

KEEP = 7
_NAME = re.compile(r"reader-(\d{4}-\d{2}-\d{2})\.sqlite")
_SIDE_FILES = ("-wal", "-shm")


def backups_dir() -> Path:
    return paths.data_dir() / "backups"


def _backups(folder: Path) -> list[Path]:
    """Backups in ``folder``, oldest first (their names sort by date)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _NAME.fullmatch(p.name) and p.is_file())


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
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise ReaderError(
            f"cannot copy {source} to {target} ({error})",
            "check that the data folder is writable and the disk is not full",
        ) from error


def daily_backup(
    store_path: Path | str,
    backups: Path | str | None = None,
    *,
    today: date | None = None,
    keep: int = KEEP,
) -> Path | None:
    """Back the database up once a day as reader-YYYY-MM-DD.sqlite, keeping the newest ``keep``.

    Returns the new backup, or None when today's exists already (or there is no
    database yet). Cheap to call at every start.
    """
    source = Path(store_path)
    folder = Path(backups) if backups is not None else source.parent / "backups"
    target = folder / f"reader-{(today or date.today()).isoformat()}.sqlite"
    if target.exists() or not source.is_file():
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReaderError(
            f"cannot create {folder} ({error.strerror})", "check permissions"
        ) from error
    _copy(source, target)
    for old in _backups(folder)[:-keep]:
        old.unlink(missing_ok=True)
    return target


def newest_backup(backups: Path | str | None = None) -> Path | None:
    """The most recent daily backup, or None."""
    found = _backups(Path(backups) if backups is not None else backups_dir())
    return found[-1] if found else None


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


def _check(backup: Path) -> None:
    """ReaderError unless ``backup`` is a sound SQLite database."""
    try:
        con = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.Error as error:
        rows = [(str(error),)]
    if rows != [("ok",)]:
        raise ReaderError(
            f"the backup {backup} is damaged too ({rows[0][0]})",
            "choose an older backup from the same folder",
        )


def restore(backup: Path | str, path: Path | str) -> Path:
    """Replace the database at ``path`` with a copy of ``backup``; returns ``path``.

    Close every Store on ``path`` first. The copy is checked before anything is
    replaced, and the old file's -wal and -shm go with it (they belong to it).
    """
    source, target = Path(backup), Path(path)
    if not source.is_file():
        raise ReaderError(f"no backup at {source}", "choose a file from the backups folder")
    _check(source)
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
