"""The About box's data sources are README's "Data sources and licences" table, row for
row and licence for licence."""

from __future__ import annotations

import re
import sqlite3

import reader
from reader.core import paths
from reader.core.app import credits

README = paths.SOURCE_ROOT / "README.md"
LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def readme_rows() -> list[tuple[str, str, str, list[str]]]:
    """(data, from, licence, licence web links) of each row of README's table, markdown
    links reduced to their text."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Data sources and licences", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] in ("data", "---") or set(cells[0]) <= set("-: "):
            continue
        data, source, licence = (LINK.sub(r"\1", c).replace("`", "") for c in cells[:3])
        urls = [url for _, url in LINK.findall(cells[2]) if url.startswith("http")]
        rows.append((data, source, licence, urls))
    return rows


def _named(data: str) -> credits.Credit:
    matches = [c for c in credits.DATA if re.match(re.escape(c.name) + r"\b", data)]
    assert len(matches) == 1, f"README's row {data!r} matches {[c.name for c in matches]}"
    return matches[0]


def test_the_readme_table_is_read():
    rows = readme_rows()
    assert len(rows) >= 10
    assert rows[0][0].startswith("JMdict")


def test_every_readme_row_is_credited_in_order():
    rows = readme_rows()
    assert [_named(data).name for data, *_ in rows] == [c.name for c in credits.DATA]


def test_the_licences_agree_with_readme():
    for data, _source, licence, urls in readme_rows():
        credit = _named(data)
        assert credit.licence in licence, (credit.name, licence)
        if urls:
            assert credit.url in urls, (credit.name, urls)
        assert credit.bundled == ("not bundled" not in data), credit.name


def test_the_facts_the_old_about_box_gave_are_kept():
    by_name = {c.name: c for c in credits.DATA}
    assert "jamdict-data 1.5" in by_name["JMdict"].source
    assert "2021-04-17" in by_name["JMdict"].what
    assert "Electronic Dictionary Research and Development Group" in by_name["KANJIDIC2"].holder
    assert "Jonathan Waller" in by_name["JLPT word and kanji lists"].holder
    assert "NINJAL" in by_name["UniDic"].holder
    assert "Peace Forum" in by_name["Bundled articles"].licence
    assert "Edit → Dictionaries" in by_name["Yomitan dictionaries"].note
    assert ("Qt 6 and PySide6", "LGPL v3") in credits.SOFTWARE
    assert "offline" in credits.OFFLINE


def test_versions_come_from_package_metadata():
    assert credits.app_version() == reader.__version__
    found = dict(credits.package_versions())
    assert found["Python"].count(".") == 2
    assert found["fugashi"] and found["unidic-lite"] == "1.0.8"


def test_the_dictionary_says_how_it_was_built(tmp_path):
    assert credits.dictionary_build(tmp_path / "missing.sqlite") == {}
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database" * 100)
    assert credits.dictionary_build(junk) == {}
    built = tmp_path / "jmdict.sqlite"
    with sqlite3.connect(built) as con:
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        con.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("source", "jamdict-data 1.5"), ("date", "2021-04-17"), ("entries", "191541"),
             ("schema_version", "4"), ("built_at", "2026-01-02T03:04:05Z")],
        )
    con.close()
    assert credits.dictionary_build(built) == {
        "source": "jamdict-data 1.5", "date": "2021-04-17", "entries": "191541",
        "built_at": "2026-01-02T03:04:05Z",
    }
