"""sqlite-utils loads without numpy (start-up time), and numpy still loads after it."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from reader.core.storage.store import Store
assert "sqlite_utils" in sys.modules
print("numpy" in sys.modules, "pandas" in sys.modules)
import numpy
import ctranslate2
print(numpy.arange(3).sum(), "numpy" in sys.modules)
import sqlite_utils.db
print(sqlite_utils.db.np is None)
"""

FIRST = """
import sys
import numpy
from reader.core.storage.sqlitedb import Database
import sqlite_utils.db
print(sqlite_utils.db.np is numpy)
"""


def _run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")


def test_store_import_leaves_numpy_unloaded_and_loadable():
    assert _run(CHECK)[:3] == ["False False", "3 True", "True"]


def test_numpy_loaded_first_is_used_as_usual():
    assert _run(FIRST)[0] == "True"


def test_store_works_after_the_guarded_import(tmp_path):
    from reader.core.library.imported import ImportedArticles
    from reader.core.storage.store import Store

    store = Store(tmp_path / "reader.sqlite")
    article = ImportedArticles(store).add("題", "停戦交渉が始まった。")
    assert ImportedArticles(store).get(article.id).text == "停戦交渉が始まった。"


def test_a_migration_another_connection_applied_first_is_not_an_error(tmp_path):
    """Two connections open an old file at once and both find m001 pending: the
    slower one's CREATE fails ("already exists") and is rolled back; as nothing is
    pending then, opening goes on. A migration failing for any other reason still fails."""
    import sqlite3

    import pytest

    from reader.core.storage.sqlitedb import Database, Migrations, apply_migrations

    path = tmp_path / "race.sqlite"
    one = Database(sqlite3.connect(path), execute_plugins=False)
    two = Database(sqlite3.connect(path), execute_plugins=False)
    winner, loser = Migrations("race"), Migrations("race")

    @winner(name="m001")
    def create(db):
        db.execute("CREATE TABLE t (x)")

    @loser(name="m001")
    def create_late(db):
        apply_migrations(winner, one)  # the other connection gets there first
        db.execute("CREATE TABLE t (x)")  # fails: already exists

    apply_migrations(loser, two)
    assert not loser.pending(two) and [m.name for m in loser.applied(two)] == ["m001"]

    broken = Migrations("race")
    broken(name="m001")(create)

    @broken(name="m002")
    def bad(db):
        db.execute("CREATE TABLE t (y)")  # a real mistake: t exists, m002 stays pending

    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        apply_migrations(broken, two)
