"""Files that appear under their real name only once complete: built databases and exports."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.core.errors import DictionaryError, ReaderError, explain


@contextmanager
def new_database(dest: Path) -> Iterator[sqlite3.Connection]:
    """A connection (autocommit) to a fresh file beside ``dest``, renamed over it when the
    block ends well and removed when it fails, so readers never see half a build.

    The temporary name carries the process id, so two builds never write one file.
    SQLite and OS errors become a DictionaryError that says what to check.
    """
    tmp = dest.with_name(f"{dest.name}.{os.getpid()}.tmp")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        con = sqlite3.connect(tmp, isolation_level=None)
        try:
            yield con
        finally:
            con.close()
        os.replace(tmp, dest)
    except BaseException as err:
        tmp.unlink(missing_ok=True)
        if isinstance(err, (sqlite3.Error, OSError)):
            msg = f"cannot write {dest}: {err}"
            raise DictionaryError(msg, "check free disk space and permissions") from None
        raise


@contextmanager
def replacing(dest: Path | str) -> Iterator[Path]:
    """A temporary file beside ``dest`` to write whole; flushed to disk and renamed over
    ``dest`` when the block ends well, removed when it fails. A failed export (a full
    disk, an error half-way) leaves the old file untouched and no empty file behind.

    OS errors become a ReaderError that says what to do.
    """
    dest = Path(dest)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, dest)
    except (OSError, sqlite3.Error) as error:  # an .apkg is written through SQLite
        tmp.unlink(missing_ok=True)
        known = explain(error)
        why = known.message if known else str(error)
        raise ReaderError(f"cannot write {dest}: {why}", known.advice if known else "choose another folder") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
