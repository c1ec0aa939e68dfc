"""sqlite-utils, imported once, here, without numpy and pandas.

sqlite-utils imports numpy and pandas when they are installed (ctranslate2 brings
numpy), only to store their scalar types; reader never hands it those. Their import
is a fifth of the window's start-up (about 0.1-0.16 s), so it is skipped: while
sqlite-utils loads, both read as not installed. If numpy is already loaded (a
translation ran first), sqlite-utils gets it as usual. Every module takes
``Database`` and ``Migrations`` from here, so this import is the first.

Hiding a module affects every thread, so the first import must come before any
worker thread starts: the window imports this first thing (qt/app.py), and the
command line starts no threads. Later imports find sqlite-utils loaded and change
nothing.
"""

from __future__ import annotations

import sys

_HIDDEN = ("numpy", "pandas")


def _import_without_numpy() -> None:
    if "sqlite_utils.db" in sys.modules:
        return
    hidden = [name for name in _HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import now raises ImportError
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


_import_without_numpy()

import sqlite3  # noqa: E402

from sqlite_utils import Database  # noqa: E402
from sqlite_utils.migrations import Migrations  # noqa: E402


def apply_migrations(migrations: Migrations, db: Database) -> None:
    """Apply what is pending; when another connection (a worker, another process)
    applied the same migration first, ours fails ("table ... already exists") and
    is rolled back: that is not an error once nothing is left pending.

    Not inside an open transaction: it would not see the other connection's work.
    """
    try:
        migrations.apply(db)
    except sqlite3.OperationalError:
        if migrations.pending(db):
            raise


__all__ = ["Database", "Migrations", "apply_migrations"]
