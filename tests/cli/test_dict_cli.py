"""``reader dict build``: built when missing or of an older schema, left alone otherwise."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.cli import main
from reader.core.dictionaries.build import is_current
from reader.core.dictionaries.jmdict import Dictionary
from tests.conftest import DATA

TINY = DATA / "JMdict_tiny.xml"


def _with_schema(path: Path, version: str) -> None:
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    con.commit()
    con.close()


def test_build_if_outdated(tmp_path: Path) -> None:
    out = tmp_path / "jmdict.sqlite"
    args = ["dict", "build", "--jmdict", str(TINY), "--output", str(out), "--if-outdated"]
    assert main(args) == 0 and is_current(out)  # missing: built
    before = out.stat().st_mtime_ns
    assert main(args) == 0 and out.stat().st_mtime_ns == before  # current: left alone
    _with_schema(out, "1")  # as a checkout from before names and kanji has it
    assert main(args) == 0 and is_current(out)
    with Dictionary(out) as d:
        assert d.lookup("停戦", "ていせん")
