"""Building a SQLite file that appears under its real name only once it is complete."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.core.errors import DictionaryError


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
