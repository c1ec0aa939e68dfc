"""``reader restore``: put a daily backup back in place of the user's database.

The database now in place is moved aside (reader.sqlite.damaged-<time>), never
deleted. The window must be closed meanwhile: it holds the database open.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli import console
from reader.core.errors import ReaderError


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "restore",
        help="put a daily backup back in place of your database (the current one is kept aside)",
        description="Restore your vocabulary, articles and drafts from a daily backup. With no "
        "argument, the newest backup SQLite finds sound; --list shows them all.",
    )
    p.add_argument("backup", nargs="?", help="a backup's date (2026-03-01) or file; default: the newest sound one")
    p.add_argument("--list", action="store_true", help="list the backups, newest first, and whether each is sound")
    p.set_defaults(func=cmd_restore)


def _words(path: Path) -> str:
    import sqlite3

    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            count = con.execute("SELECT count(*) FROM words WHERE saved IS NOT NULL").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return "?"
    return f"{count:,}"


def _list(folder: Path) -> int:
    from reader.core.storage import backup

    found = backup.describe(folder)
    out = console.stdout()
    if not found:
        out.write(f"no backups in {folder}\n")
        return 0
    for info in found:
        state = "sound" if not info.problems else f"DAMAGED ({info.problems[0]})"
        words = _words(info.path) if not info.problems else "?"
        out.write(f"{info.date}  {info.size / 1024:8.0f} KB  {words:>7} words  {state}\n")
    return 0


def _chosen(folder: Path, wanted: str | None) -> Path:
    from reader.core.storage import backup

    if wanted is None:
        newest = backup.newest_backup(folder)
        if newest is None:
            raise ReaderError(f"no sound backup in {folder}", "`reader restore --list` shows what is there")
        return newest
    by_date = [p for p in backup.backups(folder) if backup.backup_date(p) == wanted]
    if by_date:
        return by_date[0]
    path = Path(wanted)
    if path.is_file():
        return path
    raise ReaderError(f"no backup {wanted!r}", "give a date from `reader restore --list`, or a backup file")


def cmd_restore(args: argparse.Namespace) -> int:
    from reader.core.storage import backup
    from reader.core.storage.lock import window_pid
    from reader.core.storage.store import default_path

    path = default_path()
    folder = path.parent / "backups"
    if args.list:
        return _list(folder)
    chosen = _chosen(folder, args.backup)
    pid = window_pid(path.parent)
    if pid is not None:
        raise ReaderError(
            f"reader's window is open (process {pid}) and holds the database",
            "close the window, then run `reader restore` again",
        )
    aside = backup.move_aside(path) if path.exists() else None
    try:
        backup.restore(chosen, path)
    except ReaderError:
        if aside is not None and not path.exists():
            aside.rename(path)  # put back what was there: nothing changed
        raise
    out = console.stdout()
    out.write(f"restored {_words(path)} words from the backup of {backup.backup_date(chosen) or chosen}\n")
    if aside is not None:
        out.write(f"the database that was in place is kept as {aside}\n")
    return 0
