"""Build reader's compact JMdict database from jamdict-data's SQLite or a JMdict XML file.

Both sources only yield ``RawEntry`` records into one writer, so the two builds store
and rank entries identically. jamdict-data also carries JMnedict (names) and KANJIDIC2
(kanji), which go into tables of their own; an XML build leaves those empty. The file
appears under its real name only when complete.
"""

from __future__ import annotations

import gc
import gzip
import json
import re
import sqlite3
import time
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from reader.core.atomic import new_database
from reader.core.errors import DictionaryError
from reader.core.kana import to_hiragana

SCHEMA_VERSION = 2
#: jamdict-data 1.5 records no JMdict date of its own; this is its compile date.
JAMDICT_DATE = "2021-04-17"
COMMON_TAGS = frozenset({"news1", "ichi1", "spec1", "spec2", "gai1"})
UK = "word usually written using kana alone"
LICENCE = (
    "JMdict, JMnedict and KANJIDIC2 (c) Electronic Dictionary Research and Development Group, "
    "CC BY-SA 4.0"
)
XML_ADVICE = "pass JMdict_e or JMdict_e.gz as published by the EDRDG"
JAMDICT_ADVICE = "pip install jamdict-data==1.5, or pass --jmdict PATH"

Progress = Callable[[int, int], None]

_DATE_RE = re.compile(r"JMdict created:\s*(\d{4}-\d{2}-\d{2})")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SEP = "\x1f"
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
# id its sequence number; readings joined by \x1f ("" when the spelling is the reading);
# senses one "<type bits>\x1d<gloss>\x1f<gloss>" per translation, joined by \x1e, the
# bits indexing NAME_TYPES. Plain text, not JSON: JMnedict is 740,000 short entries.
# kanji.data is JSON [meanings, on, kun, nanori, strokes, grade, freq] from KANJIDIC2.
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
    """One JMdict entry as either source delivers it; ``senses`` are (pos, glosses)."""

    id: int
    kanji: tuple[tuple[str, tuple[str, ...]], ...]
    kana: tuple[RawKana, ...]
    senses: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    uk: bool


def default_source() -> Path:
    try:
        import jamdict_data
    except ImportError:
        raise DictionaryError("jamdict-data is not installed", JAMDICT_ADVICE) from None
    return Path(jamdict_data.JAMDICT_DB_PATH)


def build_from_jamdict(
    out_path: Path, source_db: Path | None = None, progress: Progress | None = None
) -> BuildInfo:
    """Build from jamdict-data's SQLite, which ships with the app as a pip dependency:
    JMdict, JMnedict names and KANJIDIC2 kanji."""
    src = source_db or default_source()
    if not src.is_file():
        raise DictionaryError(f"{src} is not a file", JAMDICT_ADVICE)
    try:
        con = sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise DictionaryError(f"cannot open {src}: {err}", JAMDICT_ADVICE) from None
    try:
        meta = {"source": _jamdict_label(), "date": _jamdict_date(con)}
        words, names = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                        for t in ("Entry", "NEEntry"))
    except sqlite3.Error as err:
        con.close()
        msg = f"{src} is not a jamdict-data database ({err})"
        raise DictionaryError(msg, JAMDICT_ADVICE) from None
    total = words + names

    def extras(out: sqlite3.Connection) -> dict[str, str]:
        step = (lambda k, steps: progress(words + names * k // steps, total)) if progress else None
        try:
            counts = {"names": str(_fill_names(out, con, step))}
            counts["kanji"] = str(_fill_kanji(out, con))
        except sqlite3.OperationalError as err:
            if "no such" not in str(err):
                raise
            msg = f"{src} is not a usable jamdict-data database ({err})"
            raise DictionaryError(msg, JAMDICT_ADVICE) from None
        if progress:
            progress(total, total)
        return counts

    step = (lambda done, _: progress(done, total)) if progress else None
    try:
        return _write(_jamdict_entries(con, src, step), out_path, meta, extras)
    finally:
        con.close()


def build_from_jmdict_xml(
    xml_path: Path, out_path: Path, progress: Progress | None = None
) -> BuildInfo:
    """Build from an EDRDG JMdict XML file, plain or gzipped, for fresher data."""
    if not xml_path.is_file():
        raise DictionaryError(f"{xml_path} is not a file", XML_ADVICE)
    meta = {"source": f"JMdict XML ({xml_path.name})", "date": "unknown"}
    return _write(_xml_entries(xml_path, meta, progress), out_path, meta)


def _jamdict_label() -> str:
    try:
        return f"jamdict-data {metadata.version('jamdict-data')}"
    except metadata.PackageNotFoundError:
        return "jamdict-data"


def _jamdict_date(con: sqlite3.Connection) -> str:
    row = con.execute("SELECT value FROM meta WHERE key = 'jmdict.date'").fetchone()
    if not (row and row[0]):
        row = con.execute("SELECT max(upd_date) FROM Audit").fetchone()
    return str(row[0]) if row and row[0] else JAMDICT_DATE


_KANJI_SQL = f"""SELECT k.idseq, k.text, (SELECT group_concat(text, '{_SEP}') FROM KJP
    WHERE kid = k.ID) FROM Kanji k ORDER BY k.idseq, k.ID"""
_KANA_SQL = f"""SELECT r.idseq, r.text, (SELECT group_concat(text, '{_SEP}') FROM KNP
    WHERE kid = r.ID), r.nokanji, (SELECT group_concat(text, '{_SEP}') FROM KNR WHERE kid = r.ID)
    FROM Kana r ORDER BY r.idseq, r.ID"""
# The unary + keeps SQLite off the near-useless lang/text indexes (the source has no stats).
_SENSE_SQL = f"""SELECT s.idseq, (SELECT group_concat(text, '{_SEP}') FROM pos WHERE sid = s.ID),
    (SELECT group_concat(text, '{_SEP}') FROM SenseGloss WHERE sid = s.ID AND +lang = 'eng'),
    EXISTS (SELECT 1 FROM misc WHERE sid = s.ID AND +text = '{UK}')
    FROM Sense s ORDER BY s.idseq, s.ID"""


def _split(joined: str | None) -> tuple[str, ...]:
    return tuple(joined.split(_SEP)) if joined else ()


def _merged(
    con: sqlite3.Connection, id_sql: str, sqls: tuple[str, ...]
) -> Iterator[tuple[int, list[list[tuple[Any, ...]]]]]:
    """Merge per-table streams, each ordered by idseq, into (idseq, rows of each table)."""
    streams = [groupby(con.execute(sql), key=itemgetter(0)) for sql in sqls]
    heads: list[Any] = [next(s, None) for s in streams]
    for (idseq,) in con.execute(id_sql):
        parts: list[list[tuple[Any, ...]]] = []
        for i, stream in enumerate(streams):
            while heads[i] is not None and heads[i][0] < idseq:
                heads[i] = next(stream, None)
            if heads[i] is not None and heads[i][0] == idseq:
                parts.append(list(heads[i][1]))
                heads[i] = next(stream, None)
            else:
                parts.append([])
        yield idseq, parts


def _jamdict_entries(
    con: sqlite3.Connection, src: Path, progress: Progress | None
) -> Iterator[RawEntry]:
    """JMdict entries out of jamdict's tables."""
    try:
        total = con.execute("SELECT count(*) FROM Entry").fetchone()[0]
        merged = _merged(con, "SELECT idseq FROM Entry ORDER BY idseq",
                         (_KANJI_SQL, _KANA_SQL, _SENSE_SQL))
        for done, (idseq, (kanji, kana, senses)) in enumerate(merged):
            yield RawEntry(
                idseq,
                tuple((k[1], _split(k[2])) for k in kanji),
                tuple(RawKana(r[1], _split(r[2]), bool(r[3]), _split(r[4])) for r in kana),
                tuple((_split(s[1]), _split(s[2])) for s in senses),
                bool(senses and senses[0][3]),
            )
            if progress and done % 10000 == 0:
                progress(done, total)
        if progress:
            progress(total, total)
    except sqlite3.Error as err:
        msg = f"{src} is not a usable jamdict-data database ({err})"
        raise DictionaryError(msg, JAMDICT_ADVICE) from None


#: JMnedict's name types (old and new codes), stored as bits of one number per translation.
NAME_TYPES = (
    "surname", "place", "given", "fem", "masc", "person", "unclass", "organization",
    "company", "product", "station", "work", "character", "creat", "dei", "deity", "doc",
    "ev", "event", "fict", "fiction", "group", "leg", "myth", "mythology", "obj", "object",
    "oth", "relig", "religion", "serv", "service", "ship",
)
_TYPE_BITS = {t: 1 << i for i, t in enumerate(NAME_TYPES)}
SENSE_SEP = "\x1e"
MASK_SEP = "\x1d"
GLOSS_SEP = _SEP


def _grouped(src: sqlite3.Connection, sql: str) -> dict[int, list[str]]:
    """(key, text) rows as key -> texts. Plain table scans, then dicts: joins over
    jamdict's indexes take three times as long for JMnedict's 3.6 million rows."""
    out: dict[int, list[str]] = {}
    for key, text in src.execute(sql):
        if text:
            if (texts := out.get(key)) is None:
                out[key] = [text]
            else:
                texts.append(text)
    return out


def _fill_names(out: sqlite3.Connection, src: sqlite3.Connection, progress: Progress | None) -> int:
    """JMnedict into ``name``. A name is looked up as written, so kana spellings get rows
    only where a name has no kanji (アンカレッジ). ``progress`` hears (step, of steps)."""
    steps = 7
    step = (lambda k: progress(k, steps)) if progress else (lambda k: None)
    kanji = _grouped(src, "SELECT idseq, text FROM NEKanji ORDER BY rowid")
    step(1)
    kana = _grouped(src, "SELECT idseq, text FROM NEKana ORDER BY rowid")
    step(2)
    glosses = _grouped(src, "SELECT tid, text FROM NETransGloss WHERE lang = 'eng' ORDER BY rowid")
    masks: dict[int, int] = {}
    for tid, text in src.execute("SELECT tid, text FROM NETransType"):
        masks[tid] = masks.get(tid, 0) | _TYPE_BITS.get(text, 0)
    step(3)
    senses: dict[int, list[str]] = {}
    for idseq, tid in src.execute("SELECT idseq, ID FROM NETranslation ORDER BY ID"):
        if texts := glosses.get(tid):
            sense = f"{masks.get(tid, 0)}{MASK_SEP}{_SEP.join(texts)}"
            senses.setdefault(idseq, []).append(sense)
    step(4)
    rows: list[tuple[str, int, str, str]] = []
    for idseq, parts in senses.items():
        joined = SENSE_SEP.join(parts)
        readings = list(dict.fromkeys(kana.get(idseq, ())))
        spellings = kanji.get(idseq)
        if spellings:
            shown = _SEP.join(readings)
            rows.extend((text, idseq, shown, joined) for text in dict.fromkeys(spellings))
        else:  # the spelling is the reading: store none
            rows.extend((text, idseq, "", joined) for text in readings)
    step(5)
    rows.sort()  # a WITHOUT ROWID table fills several times faster in key order
    step(6)
    out.executemany("INSERT OR IGNORE INTO name VALUES (?, ?, ?, ?)", rows)
    step(7)
    return len({row[1] for row in rows})


# jamdict keeps KANJIDIC2's readings and meanings without an index on their group, so
# each is read in one pass and grouped here rather than queried per character.
_KD_MEANING_SQL = """SELECT g.cid, m.value FROM meaning m JOIN rm_group g ON g.ID = m.gid
    WHERE coalesce(m.m_lang, '') = '' ORDER BY m.rowid"""
_KD_READING_SQL = """SELECT g.cid, r.r_type, r.value FROM reading r JOIN rm_group g ON g.ID = r.gid
    WHERE r.r_type IN ('ja_on', 'ja_kun') ORDER BY r.rowid"""
_KD_NANORI_SQL = "SELECT cid, value FROM nanori ORDER BY rowid"
_KD_CHAR_SQL = "SELECT ID, literal, stroke_count, grade, freq FROM character ORDER BY ID"


def _fill_kanji(out: sqlite3.Connection, src: sqlite3.Connection) -> int:
    """KANJIDIC2 into ``kanji``: English meanings, readings, strokes, grade, frequency."""
    kinds = ("meaning", "ja_on", "ja_kun", "nanori")
    lists: dict[str, dict[int, list[str]]] = {k: {} for k in kinds}
    for cid, value in src.execute(_KD_MEANING_SQL):
        lists["meaning"].setdefault(cid, []).append(value)
    for cid, kind, value in src.execute(_KD_READING_SQL):
        lists[kind].setdefault(cid, []).append(value)
    for cid, value in src.execute(_KD_NANORI_SQL):
        lists["nanori"].setdefault(cid, []).append(value)
    rows = []
    for cid, literal, strokes, grade, freq in src.execute(_KD_CHAR_SQL):
        if not literal:
            continue
        data: list[Any] = [lists[k].get(cid, []) for k in kinds]
        data += [_int(strokes), _int(grade), _int(freq)]
        rows.append((literal, json.dumps(data, ensure_ascii=False, separators=(",", ":"))))
    out.executemany("INSERT OR IGNORE INTO kanji VALUES (?, ?)", rows)
    return len(rows)


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _xml_entries(path: Path, meta: dict[str, str], progress: Progress | None) -> Iterator[RawEntry]:
    """Stream entries out of JMdict XML, clearing each so memory stays flat; the header
    comment's date goes into ``meta``."""
    size = path.stat().st_size
    try:
        with path.open("rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
            if path.suffix == ".gz" and not gzipped:
                raise DictionaryError(f"{path} is not a gzip file", "download JMdict_e.gz again")
            raw.seek(0)
            stream = gzip.GzipFile(fileobj=raw) if gzipped else raw
            root: ET.Element | None = None
            count = 0
            for event, el in ET.iterparse(stream, events=("start", "end", "comment")):
                if event == "comment":
                    found = _DATE_RE.search(el.text or "")
                    if found and root is None:
                        meta["date"] = found.group(1)
                elif event == "start":
                    if root is None:
                        root = el
                        if el.tag != "JMdict":
                            msg = f"{path} is not a JMdict file (its root element is <{el.tag}>)"
                            raise DictionaryError(msg, XML_ADVICE)
                elif el.tag == "entry":
                    yield _xml_entry(el)
                    root.clear()  # type: ignore[union-attr]
                    count += 1
                    if progress and count % 10000 == 0:
                        progress(raw.tell(), size)
            if count == 0:
                raise DictionaryError(f"{path} holds no JMdict entries", XML_ADVICE)
            if progress:
                progress(size, size)
    except ET.ParseError as err:
        raise DictionaryError(f"{path} is not valid or complete XML ({err})", XML_ADVICE) from None
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        msg = f"{path} is a truncated or corrupt gzip file ({err})"
        raise DictionaryError(msg, "download JMdict_e.gz again") from None
    except OSError as err:
        raise DictionaryError(f"cannot read {path}: {err}", XML_ADVICE) from None
    except ValueError as err:
        raise DictionaryError(f"{path} holds a malformed entry ({err})", XML_ADVICE) from None


def _texts(el: ET.Element, tag: str) -> tuple[str, ...]:
    return tuple(c.text for c in el.iterfind(tag) if c.text)


def _xml_entry(el: ET.Element) -> RawEntry:
    kanji = tuple((k.findtext("keb") or "", _texts(k, "ke_pri")) for k in el.iterfind("k_ele"))
    kana = tuple(
        RawKana(reb.findtext("reb") or "", _texts(reb, "re_pri"),
                reb.find("re_nokanji") is not None, _texts(reb, "re_restr"))
        for reb in el.iterfind("r_ele")
    )
    senses = tuple(
        (_texts(s, "pos"), tuple(g.text for g in s.iterfind("gloss")
                                 if g.text and g.get(_XML_LANG, "eng") == "eng"))
        for s in el.iterfind("sense")
    )
    first = el.find("sense")
    uk = first is not None and UK in _texts(first, "misc")
    return RawEntry(int(el.findtext("ent_seq") or "no <ent_seq>"), kanji, kana, senses, uk)


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
        for sense_pos, glosses in e.senses:
            pos = sense_pos or pos  # JMdict: a sense without <pos> keeps the previous one's
            if glosses:
                senses.append([pos_ids.setdefault(pos, len(pos_ids)), list(glosses)])
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


def _write(
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
