"""Importing a Yomitan zip: checked against what is installed, then inserted bank by
bank in one transaction on its own connection, so the GUI keeps reading the last
committed state (WAL) and a failure or cancel leaves the file as it was."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from reader.core.dictionaries.yomitan.archive import Archive, Index, YomitanError
from reader.core.dictionaries.yomitan.database import (
    INFO_COLUMNS,
    ROWS_PER_DICT,
    DictInfo,
    connect,
    delete_rows,
    id_range,
    info_of,
)
from reader.core.errors import ReaderError
from reader.core.storage.clock import now

_IMPORT_CACHE_KIB = 32 * 1024  # the import connection's page cache: bounded, and enough


class ImportCancelled(ReaderError):
    """The user stopped an import; nothing of it was kept."""

    def __init__(self, title: str = "") -> None:
        what = f"the import of {title}" if title else "the import"
        super().__init__(f"{what} was cancelled", "nothing was changed")


def _revision_key(revision: str) -> tuple[Any, ...]:
    """Compare revisions as people read them: "2024.01.05" > "2023.12.31", "10" > "9"."""
    parts = re.split(r"(\d+)", revision.strip().lower())
    # int() of a few thousand digits is refused by Python: compare long runs by length first.
    return tuple((len(p.lstrip("0")), p.lstrip("0")) if i % 2 else p for i, p in enumerate(parts))



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
        conn = connect(Path(db_path))
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
                f"SELECT {INFO_COLUMNS} FROM dictionaries WHERE id = ?", (dict_id,)
            ).fetchone()
            return info_of(row)
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
        delete_rows(conn, old[0])
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
            now(),
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
    low, high = id_range(dict_id)
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
        first = dict_id * ROWS_PER_DICT + stored[kind] + 1
        numbered = ((n, dict_id, *row) for n, row in enumerate(kept, first))
    stored[kind] += conn.executemany(_INSERTS[kind], numbered).rowcount

