"""Build reader's compact JMdict database from jamdict-data's SQLite or a JMdict XML file.

Both sources only yield ``RawEntry`` records into one writer (jmdict_file.py), so the
two builds store and rank entries identically. jamdict-data also carries JMnedict
(names) and KANJIDIC2 (kanji), which go into tables of their own; an XML build leaves
those empty.
"""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from importlib import metadata
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from reader.core.dictionaries.jmdict_file import (
    FIELD,
    GLOSS_SEP,
    MASK_SEP,
    MISC,
    SENSE_SEP,
    TYPE_BITS,
    UK,
    XML_ADVICE,
    BuildInfo,
    Progress,
    RawEntry,
    RawKana,
    is_current,
    write,
)
from reader.core.errors import DictionaryError

__all__ = ["BuildInfo", "build_from_jamdict", "build_from_jmdict_xml", "default_source", "is_current"]

#: jamdict-data 1.5 records no JMdict date of its own; this is its compile date.
JAMDICT_DATE = "2021-04-17"
JAMDICT_ADVICE = "pip install jamdict-data==1.5, or pass --jmdict PATH"


_DATE_RE = re.compile(r"JMdict created:\s*(\d{4}-\d{2}-\d{2})")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


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
        return write(_jamdict_entries(con, src, step), out_path, meta, extras)
    finally:
        con.close()


def build_from_jmdict_xml(
    xml_path: Path, out_path: Path, progress: Progress | None = None
) -> BuildInfo:
    """Build from an EDRDG JMdict XML file, plain or gzipped, for fresher data."""
    if not xml_path.is_file():
        raise DictionaryError(f"{xml_path} is not a file", XML_ADVICE)
    meta = {"source": f"JMdict XML ({xml_path.name})", "date": "unknown"}
    return write(_xml_entries(xml_path, meta, progress), out_path, meta)


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


_KANJI_SQL = f"""SELECT k.idseq, k.text, (SELECT group_concat(text, '{GLOSS_SEP}') FROM KJP
    WHERE kid = k.ID) FROM Kanji k ORDER BY k.idseq, k.ID"""
_KANA_SQL = f"""SELECT r.idseq, r.text, (SELECT group_concat(text, '{GLOSS_SEP}') FROM KNP
    WHERE kid = r.ID), r.nokanji, (SELECT group_concat(text, '{GLOSS_SEP}') FROM KNR WHERE kid = r.ID)
    FROM Kana r ORDER BY r.idseq, r.ID"""
# The unary + keeps SQLite off the near-useless lang/text indexes (the source has no stats).
_SENSE_SQL = f"""SELECT s.idseq, (SELECT group_concat(text, '{GLOSS_SEP}') FROM pos WHERE sid = s.ID),
    (SELECT group_concat(text, '{GLOSS_SEP}') FROM SenseGloss WHERE sid = s.ID AND +lang = 'eng'),
    EXISTS (SELECT 1 FROM misc WHERE sid = s.ID AND +text = '{UK}'),
    (SELECT group_concat(text, '{GLOSS_SEP}') FROM field WHERE sid = s.ID),
    (SELECT group_concat(text, '{GLOSS_SEP}') FROM misc WHERE sid = s.ID)
    FROM Sense s ORDER BY s.idseq, s.ID"""


def _split(joined: str | None) -> tuple[str, ...]:
    return tuple(joined.split(GLOSS_SEP)) if joined else ()


def _tags(fields: tuple[str, ...], misc: tuple[str, ...]) -> tuple[str, ...]:
    """A sense's field and misc descriptions, marked (jmdict_file.FIELD, MISC)."""
    return tuple(FIELD + f for f in fields) + tuple(MISC + m for m in misc)


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
                tuple((_split(s[1]), _split(s[2]), _tags(_split(s[4]), _split(s[5]))) for s in senses),
                bool(senses and senses[0][3]),
            )
            if progress and done % 10000 == 0:
                progress(done, total)
        if progress:
            progress(total, total)
    except sqlite3.Error as err:
        msg = f"{src} is not a usable jamdict-data database ({err})"
        raise DictionaryError(msg, JAMDICT_ADVICE) from None


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
        masks[tid] = masks.get(tid, 0) | TYPE_BITS.get(text, 0)
    step(3)
    senses: dict[int, list[str]] = {}
    for idseq, tid in src.execute("SELECT idseq, ID FROM NETranslation ORDER BY ID"):
        if texts := glosses.get(tid):
            sense = f"{masks.get(tid, 0)}{MASK_SEP}{GLOSS_SEP.join(texts)}"
            senses.setdefault(idseq, []).append(sense)
    step(4)
    rows: list[tuple[str, int, str, str]] = []
    for idseq, parts in senses.items():
        joined = SENSE_SEP.join(parts)
        readings = list(dict.fromkeys(kana.get(idseq, ())))
        spellings = kanji.get(idseq)
        if spellings:
            shown = GLOSS_SEP.join(readings)
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
                                 if g.text and g.get(_XML_LANG, "eng") == "eng"),
         _tags(_texts(s, "field"), _texts(s, "misc")))
        for s in el.iterfind("sense")
    )
    first = el.find("sense")
    uk = first is not None and UK in _texts(first, "misc")
    return RawEntry(int(el.findtext("ent_seq") or "no <ent_seq>"), kanji, kana, senses, uk)


