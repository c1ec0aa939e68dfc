"""The built dictionary file: its format (tables, separators, name types) and the writer
that ranks and stores entries, whichever source (build.py) they come from.

The file appears under its real name only when complete (storage/atomic.py).
"""

from __future__ import annotations

import gc
import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from reader.core.dictionaries import compounds
from reader.core.errors import DictionaryError
from reader.core.storage.atomic import new_database
from reader.core.text.kana import to_hiragana

SCHEMA_VERSION = 4  # 3: the compound table (dictionaries/compounds.py); 4: sense tags
#: Sense tags (JMdict's <field> and <misc>) are stored after a sense's parts of speech,
#: each marked by one of these prefixes; Dictionary splits them into Sense.tags.
FIELD, MISC = "field:", "misc:"
COMMON_TAGS = frozenset({"news1", "ichi1", "spec1", "spec2", "gai1"})
UK = "word usually written using kana alone"
LICENCE = (
    "JMdict, JMnedict and KANJIDIC2 (c) Electronic Dictionary Research and Development Group, "
    "CC BY-SA 4.0"
)
XML_ADVICE = "pass JMdict_e or JMdict_e.gz as published by the EDRDG"

Progress = Callable[[int, int], None]

#: Separators inside stored text: glosses of a sense (and readings of a name), senses of
#: a name, and a name sense's type bits from its glosses.
GLOSS_SEP = "\x1f"
SENSE_SEP = "\x1e"
MASK_SEP = "\x1d"
#: JMnedict's name types (old and new codes), stored as bits of one number per translation.
NAME_TYPES = (
    "surname", "place", "given", "fem", "masc", "person", "unclass", "organization",
    "company", "product", "station", "work", "character", "creat", "dei", "deity", "doc",
    "ev", "event", "fict", "fiction", "group", "leg", "myth", "mythology", "obj", "object",
    "oth", "relig", "religion", "serv", "service", "ship",
)
TYPE_BITS = {t: 1 << i for i, t in enumerate(NAME_TYPES)}

_BATCH = 4000

# form: one row per spelling x valid reading (is_kana=0) and per reading alone (is_kana=1);
# rkey is that reading in hiragana, reading the original only where it differs, rank the
# match order (lower is better). entry.data is JSON [[pos_id, [gloss, ...]], ...] per sense,
# pos_id indexing pos.tags (a JSON list of JMdict's part-of-speech descriptions).
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE pos(id INTEGER PRIMARY KEY, tags TEXT NOT NULL);
CREATE TABLE entry(id INTEGER PRIMARY KEY, common INTEGER NOT NULL, nf INTEGER,
                   uk INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE form(text TEXT NOT NULL, rank INTEGER NOT NULL, entry_id INTEGER NOT NULL,
                  rkey TEXT NOT NULL, is_kana INTEGER NOT NULL, reading TEXT,
                  common INTEGER NOT NULL, nf INTEGER,
                  PRIMARY KEY (text, rank, entry_id, rkey, is_kana)) WITHOUT ROWID;
"""
# name: JMnedict, one row per kanji spelling (per kana spelling for names without kanji),
# id its sequence number; readings joined by GLOSS_SEP ("" when the spelling is the reading);
# senses one "<type bits>MASK_SEP<gloss>GLOSS_SEP<gloss>" per translation, joined by
# SENSE_SEP, the bits indexing NAME_TYPES. Plain text, not JSON: JMnedict is 740,000 short
# entries. kanji.data is JSON [meanings, on, kun, nanori, strokes, grade, freq] (KANJIDIC2).
_EXTRA_SCHEMA = """
CREATE TABLE name(text TEXT NOT NULL, id INTEGER NOT NULL, readings TEXT NOT NULL,
                  senses TEXT NOT NULL, PRIMARY KEY (text, id)) WITHOUT ROWID;
CREATE TABLE kanji(literal TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
"""
_INDEX = "CREATE INDEX form_rkey ON form(rkey) WHERE is_kana = 1"


@dataclass(frozen=True)
class BuildInfo:
    source: str
    date: str
    entries: int
    path: Path
    seconds: float


class RawKana(NamedTuple):
    text: str
    pri: tuple[str, ...]
    nokanji: bool
    restr: tuple[str, ...]


class RawEntry(NamedTuple):
    """One JMdict entry as either source delivers it; ``senses`` are (pos, glosses, tags),
    the tags JMdict's field and misc descriptions, marked with FIELD or MISC."""

    id: int
    kanji: tuple[tuple[str, tuple[str, ...]], ...]
    kana: tuple[RawKana, ...]
    senses: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...]
    uk: bool


def _priority(tags: tuple[str, ...]) -> tuple[bool, int | None]:
    """(common?, nf band) from JMdict priority tags such as news1, nf12."""
    common = any(t in COMMON_TAGS for t in tags)
    nf = next((int(t[2:]) for t in tags if t.startswith("nf") and t[2:].isdigit()), None)
    return common, nf


def _row(text: str, key: str, e: RawEntry, kana: bool, shown: str | None, common: bool,
         nf: int | None, penalty: bool, position: int) -> tuple[Any, ...]:
    """A form row; ``rank`` (lower is better) leads the primary key after ``text``, so a
    lookup by text reads its rows already best first."""
    rank = penalty * 1_000_000 + (not common) * 100_000 + (nf or 99) * 1000 + min(position, 999)
    return (text, rank, e.id, key, int(kana), shown, int(common), nf)


def _form_rows(e: RawEntry) -> list[tuple[Any, ...]]:
    """Every spelling × valid reading pairing of an entry, plus each reading alone."""
    # rkey: the reading in hiragana (ー kept), so readings compare across scripts.
    readings = [(r, to_hiragana(r.text), *_priority(r.pri)) for r in e.kana]
    rows: list[tuple[Any, ...]] = []
    for i, (ktext, kpri) in enumerate(e.kanji):
        kcommon, knf = _priority(kpri)
        paired = False
        for j, (r, key, rcommon, rnf) in enumerate(readings):
            if r.nokanji or (r.restr and ktext not in r.restr):
                continue
            common = kcommon and rcommon
            nf = max(knf, rnf) if knf and rnf else None
            shown = None if r.text == key else r.text
            rows.append(_row(ktext, key, e, False, shown, common, nf, False, i * 8 + j))
            paired = True
        if not paired:
            rows.append(_row(ktext, "", e, False, None, kcommon, knf, False, i * 8))
    # A kana spelling of a word normally written in kanji is a weaker match.
    penalty = bool(e.kanji) and not e.uk
    for j, (r, key, rcommon, rnf) in enumerate(readings):
        rows.append(_row(r.text, key, e, True, None, rcommon, rnf, penalty and not r.nokanji, j))
    return rows


#: Fills the name and kanji tables inside the build's transaction; returns meta counts.
Extras = Callable[[sqlite3.Connection], dict[str, str]]


def _fill(
    con: sqlite3.Connection, entries: Iterable[RawEntry], meta: dict[str, str],
    extras: Extras | None = None,
) -> int:
    pragmas = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;"
    con.executescript(pragmas + _SCHEMA + _EXTRA_SCHEMA)
    pos_ids: dict[tuple[str, ...], int] = {}
    entry_rows: list[tuple[Any, ...]] = []
    form_rows: list[tuple[Any, ...]] = []
    count = max_len = 0
    con.execute("BEGIN")
    for e in entries:
        senses = []
        pos: tuple[str, ...] = ()
        for sense_pos, glosses, tags in e.senses:
            pos = sense_pos or pos  # JMdict: a sense without <pos> keeps the previous one's
            if glosses:
                senses.append([pos_ids.setdefault(pos + tags, len(pos_ids)), list(glosses)])
        if not senses or not (e.kanji or e.kana):
            continue
        rows = _form_rows(e)
        nfs = [r[7] for r in rows if r[7]]
        data = json.dumps(senses, ensure_ascii=False, separators=(",", ":"))
        entry_rows.append((e.id, any(r[6] for r in rows), min(nfs, default=None), e.uk, data))
        form_rows.extend(rows)
        max_len = max(max_len, *(len(r[0]) for r in rows))
        count += 1
        if len(entry_rows) >= _BATCH:
            _flush(con, entry_rows, form_rows)
    _flush(con, entry_rows, form_rows)
    if count == 0:
        raise DictionaryError(f"{meta['source']} holds no JMdict entries", XML_ADVICE)
    pos_rows = ((i, json.dumps(p, ensure_ascii=False)) for p, i in pos_ids.items())
    con.executemany("INSERT INTO pos VALUES (?, ?)", pos_rows)
    meta["compounds"] = str(compounds.fill(con))
    meta.update(extras(con) if extras else {"names": "0", "kanji": "0"})
    meta.update(
        entries=str(count),
        built_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        schema_version=str(SCHEMA_VERSION),
        max_form_len=str(max_len),
        licence=LICENCE,
    )
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    for sql in (_INDEX, "ANALYZE", "COMMIT", "VACUUM"):
        con.execute(sql)
    return count


def _flush(con: sqlite3.Connection, entry_rows: list[Any], form_rows: list[Any]) -> None:
    con.executemany("INSERT INTO entry VALUES (?, ?, ?, ?, ?)", entry_rows)
    con.executemany("INSERT OR IGNORE INTO form VALUES (?, ?, ?, ?, ?, ?, ?, ?)", form_rows)
    entry_rows.clear()
    form_rows.clear()


def write(
    entries: Iterable[RawEntry], out_path: Path, meta: dict[str, str], extras: Extras | None = None
) -> BuildInfo:
    """Fill a temporary file and rename it over ``out_path`` only once it is complete."""
    start = time.perf_counter()
    # Millions of short-lived tuples would set off the cycle collector over and over.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with new_database(out_path) as con:
            count = _fill(con, entries, meta, extras)
    finally:
        if collecting:
            gc.enable()
    return BuildInfo(meta["source"], meta["date"], count, out_path, time.perf_counter() - start)


def is_current(path: Path) -> bool:
    """Whether ``path`` is a complete dictionary of this schema version (no rebuild needed)."""
    if not path.is_file():
        return False
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return bool(row) and row[0] == str(SCHEMA_VERSION)
