"""Yomitan dictionaries (zip, formats 1-3): read them safely, render their glossaries.

A dictionary zip comes from strangers, so the archive is checked before anything is
read (no path tricks, no zip bombs), banks are read one at a time under a size cap,
and every row is checked against the format's schema, naming the bank and row that
fail. Glossaries are rendered here, on import, as text and sanitized HTML (see
yomitan_render.py).
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import ReaderError
from .yomitan_render import (
    joined_definitions,
    plain_glossary,
    render_glossary,
    render_html,
    render_text,
)

MAX_FILES = 10_000
MAX_TOTAL_BYTES = 2 * 1024**3
MAX_BANK_BYTES = 64 * 1024**2
#: Arrays and objects in one bank: at most ~130 MB of Python objects while it is parsed.
MAX_CONTAINERS = 2_000_000
#: Deflate reaches ~1000:1 on degenerate input; real banks compress 5-30:1.
MAX_RATIO = 200
_RATIO_FLOOR = 1024**2  # small entries may compress as well as they like
FORMATS = (1, 2, 3)
#: Banks are loaded in this order, so tags exist before the terms that name them.
BANK_KINDS = ("tag", "kanji", "kanji_meta", "term_meta", "term")
ADVICE = "use a Yomitan dictionary zip (format 3) as its publisher distributes it"

_BANK_RE = re.compile(r"(term_meta|term|kanji_meta|kanji|tag)_bank_(\d+)\.json")


class YomitanError(ReaderError):
    """The zip is not a usable Yomitan dictionary; the message says where and why."""

    exit_code = 2

    def __init__(self, message: str, advice: str = ADVICE) -> None:
        super().__init__(message, advice)


@dataclass(frozen=True)
class Index:
    """index.json: who made the dictionary and which format its banks follow."""

    title: str
    revision: str
    format: int
    author: str = ""
    url: str = ""
    description: str = ""
    attribution: str = ""
    sequenced: bool = False
    frequency_mode: str = ""
    #: Formats 1-2 may carry tags here instead of in tag banks: rows as tag banks give them.
    tag_meta: tuple[tuple[Any, ...], ...] = ()


@dataclass(frozen=True)
class Bank:
    kind: str  # one of BANK_KINDS
    name: str
    number: int
    size: int  # uncompressed bytes


class Archive:
    """An open Yomitan zip whose layout has been checked; banks are read one at a time."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise YomitanError(f"{self.path} does not exist", "check the path") from None
        except (zipfile.BadZipFile, OSError) as error:
            raise YomitanError(f"{self.path.name} is not a zip file ({error})") from None
        try:
            self.banks = _check_layout(self._zip)
            self.index = _read_index(self._zip)
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def rows(self, bank: Bank) -> list[Any]:
        """The bank's JSON array (one bank in memory at a time, at most MAX_BANK_BYTES)."""
        data = _load_json(self._zip, bank.name)
        if not isinstance(data, list):
            raise YomitanError(f"{bank.name} is not a JSON array")
        return data

    def parsed(self, bank: Bank) -> Iterator[tuple[Any, ...] | None]:
        """Each row of ``bank`` checked and flattened by its kind's parser (None: skipped)."""
        parse = _PARSERS[bank.kind]
        fmt = self.index.format
        for number, row in enumerate(self.rows(bank), start=1):
            try:
                yield parse(row, fmt)
            except _RowError as error:
                raise YomitanError(f"{bank.name} row {number}: {error}") from None


def _check_layout(zf: zipfile.ZipFile) -> tuple[Bank, ...]:
    """Refuse unsafe archives as a whole; list the banks we will read, in load order."""
    infos = zf.infolist()
    if len(infos) > MAX_FILES:
        raise YomitanError(f"the zip holds {len(infos):,} files, more than {MAX_FILES:,}")
    total = 0
    seen: set[str] = set()
    banks: list[Bank] = []
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            raise YomitanError(f"the zip holds an unsafe path: {name!r}")
        if name in seen:
            raise YomitanError(f"the zip holds {name!r} twice")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise YomitanError(f"{name} is encrypted")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise YomitanError(f"the zip unpacks to more than {MAX_TOTAL_BYTES // 1024**3} GB")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
            raise YomitanError(f"{name} is compressed {ratio:,.0f} to 1: a zip bomb?")
        match = _BANK_RE.fullmatch(name)
        if match and match.group(1) in BANK_KINDS:
            if info.file_size > MAX_BANK_BYTES:
                raise YomitanError(
                    f"{name} unpacks to {info.file_size / 1024**2:,.0f} MB, more than "
                    f"{MAX_BANK_BYTES // 1024**2} MB for one bank"
                )
            banks.append(Bank(match.group(1), name, int(match.group(2)), info.file_size))
    if "index.json" not in seen:
        nested = sorted(n for n in seen if n.endswith("/index.json"))
        if nested:
            raise YomitanError(
                f"index.json is inside the folder {nested[0][: -len('index.json')]!r}",
                "zip the folder's contents, not the folder",
            )
        raise YomitanError("the zip has no index.json: it is not a Yomitan dictionary")
    if not banks:
        raise YomitanError("the zip holds no term, term meta, kanji or kanji meta banks")
    banks.sort(key=lambda b: (BANK_KINDS.index(b.kind), b.number))
    return tuple(banks)


def _unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters, ``..``: an unpacker would write outside its folder."""
    name = name.replace("\\", "/")
    return (
        name.startswith("/")
        or re.match(r"[A-Za-z]:", name) is not None
        or ".." in PurePosixPath(name).parts
        or "\0" in name
    )


def _load_json(zf: zipfile.ZipFile, name: str) -> Any:
    info = zf.getinfo(name)
    if info.file_size > MAX_BANK_BYTES:
        raise YomitanError(f"{name} is too large ({info.file_size:,} bytes)")
    try:
        with zf.open(info) as handle:
            data = handle.read(MAX_BANK_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise YomitanError(f"{name} cannot be unpacked ({error})") from None
    except Exception as error:  # noqa: BLE001 - zlib and lzma raise their own types
        raise YomitanError(f"{name} cannot be unpacked ({error})") from None
    # Each JSON array or object costs Python ~60 bytes: 60 MB of "[]" would take gigabytes.
    if data.count(b"[") + data.count(b"{") > MAX_CONTAINERS:
        raise YomitanError(f"{name} holds more than {MAX_CONTAINERS:,} JSON arrays and objects")
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise YomitanError(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except ValueError as error:  # bytes that are no Unicode encoding
        raise YomitanError(f"{name} is not valid JSON text ({error})") from None
    except RecursionError:
        raise YomitanError(f"{name} is nested too deeply to read") from None


def _read_index(zf: zipfile.ZipFile) -> Index:
    data = _load_json(zf, "index.json")
    if not isinstance(data, dict):
        raise YomitanError("index.json is not a JSON object")
    title, revision = data.get("title"), data.get("revision")
    if not isinstance(title, str) or not title.strip():
        raise YomitanError("index.json has no title")
    if isinstance(revision, int | float) and not isinstance(revision, bool):
        revision = str(revision)
    if not isinstance(revision, str) or not revision.strip():
        raise YomitanError("index.json has no revision")
    fmt = data.get("format", data.get("version"))
    if fmt not in FORMATS or isinstance(fmt, bool):
        raise YomitanError(
            f"index.json gives format {fmt!r}; reader reads formats 1 to 3",
            "export or download the dictionary in Yomitan's current format (3)",
        )
    tag_meta: list[tuple[Any, ...]] = []
    meta = data.get("tagMeta")
    if isinstance(meta, dict):
        for name, tag in meta.items():
            if isinstance(tag, dict):
                row = [name, tag.get("category", ""), tag.get("order", 0)]
                row += [tag.get("notes", ""), tag.get("score", 0)]
                try:
                    tag_meta.append(_tag_row(row, fmt))
                except _RowError as error:
                    raise YomitanError(f"index.json tagMeta {name!r}: {error}") from None

    def text(key: str) -> str:
        value = data.get(key)
        return value.strip() if isinstance(value, str) else ""

    return Index(
        title=title.strip(),
        revision=revision.strip(),
        format=int(fmt),
        author=text("author"),
        url=text("url"),
        description=text("description"),
        attribution=text("attribution"),
        sequenced=data.get("sequenced") is True,
        frequency_mode=text("frequencyMode"),
        tag_meta=tuple(tag_meta),
    )


# -- rows ------------------------------------------------------------------


class _RowError(Exception):
    """A row that does not match the schema; the bank reader adds bank and row number."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any, what: str) -> int:
    if _is_int(value):
        if abs(value) >= 2**63:
            raise _RowError(f"{what} is too large for a 64-bit integer")
        return int(value)
    if isinstance(value, float) and math.isfinite(value) and abs(value) < 2**62:
        return round(value)
    raise _RowError(f"{what} should be a number, not {_kind(value)}")


def _text(value: Any, what: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value):
        article = "a" if empty else "a non-empty"
        raise _RowError(f"{what} should be {article} string, not {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    """How an error message names a JSON value: its type, and short scalars themselves."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str | int | float):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        return f"{'a string' if isinstance(value, str) else 'a number'} {shown}"
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, dict) else type(value).__name__


def _shape(row: Any, sizes: tuple[int, ...], what: str) -> list[Any]:
    if not isinstance(row, list):
        raise _RowError(f"a {what} row should be a list, not {_kind(row)}")
    if len(row) not in sizes:
        raise _RowError(
            f"a {what} row should have {' or '.join(map(str, sizes))} items, not {len(row)}"
        )
    return row


def _glossary_item(item: Any) -> None:
    if isinstance(item, str):
        return
    if isinstance(item, dict):
        kind = item.get("type")
        if kind == "text" and isinstance(item.get("text"), str):
            return
        if kind == "image" and isinstance(item.get("path", ""), str):
            return
        if kind == "structured-content" and "content" in item:
            return
        raise _RowError(f"glossary item of unknown type {kind!r}")
    if isinstance(item, list) and len(item) == 2 and isinstance(item[0], str):
        return  # [uninflected term, [rules]]: a deinflection entry (format 3)
    raise _RowError(f"a glossary item should be a string or an object, not {_kind(item)}")


def _term_row(row: Any, fmt: int) -> tuple[Any, ...]:
    """-> (expression, reading, tags, rules, score, definitions, html, sequence).

    The glossary is rendered here, once, rather than at every lookup: a popup shows
    several dictionaries' entries at a time and should not pay for that each time.
    ``tags`` joins the definition and term tags; ``definitions`` holds one text per
    glossary item, separated by DEFINITION_SEPARATOR. Format 1 lists its glossary
    strings from the sixth item on. Most rows are plain (strings, integers, a glossary
    of strings) and pass one quick test; the rest go through the checks that say
    what is wrong.
    """
    if fmt != 1 and type(row) is list and len(row) == 8:
        expression, reading, dtags, rules, score, glossary, sequence, ttags = row
        if (
            type(expression) is str
            and expression
            and type(reading) is str
            and (dtags is None or type(dtags) is str)
            and type(rules) is str
            and type(score) is int
            and type(glossary) is list
            and type(sequence) is int
            and type(ttags) is str
            and (plain := plain_glossary(glossary)) is not None
        ):
            tags = _tags(dtags or "", ttags)
            return (expression, reading or expression, tags, rules, score, *plain, sequence)
    return _checked_term_row(row, fmt)


def _checked_term_row(row: Any, fmt: int) -> tuple[Any, ...]:
    if fmt == 1:
        if not isinstance(row, list) or len(row) < 5:
            raise _RowError("a term row should be a list of at least 5 items")
        row = [*row[:5], row[5:], 0, ""]
    expression, reading, dtags, rules, score, glossary, sequence, ttags = _shape(row, (8,), "term")
    _text(expression, "the expression", empty=False)
    _text(reading, "the reading")
    if dtags is None:
        dtags = ""
    _text(dtags, "the definition tags")
    _text(rules, "the rules")
    if not isinstance(glossary, list):
        raise _RowError(f"the glossary should be a list, not {_kind(glossary)}")
    for item in glossary:
        _glossary_item(item)
    _text(ttags, "the term tags")
    texts, html = render_glossary(glossary)
    return (
        expression,
        reading or expression,
        _tags(dtags, ttags),
        rules,
        _number(score, "the score"),
        joined_definitions(texts),
        html,
        _number(sequence, "the sequence"),
    )


def _tags(definition_tags: str, term_tags: str) -> str:
    if not term_tags:
        return definition_tags
    return " ".join(dict.fromkeys(f"{definition_tags} {term_tags}".split()))


def _frequency(data: Any) -> tuple[int | None, str]:
    """A frequency as Yomitan gives it (number, string or {value, displayValue})."""
    if isinstance(data, dict):
        value = data.get("value")
        display = data.get("displayValue")
        if display is not None and not isinstance(display, str):
            raise _RowError(f"displayValue should be a string, not {_kind(display)}")
        number = _number(value, "the frequency value")
        return number, display or str(number)
    if isinstance(data, str):
        match = re.match(r"\s*(\d{1,18})", data)
        return (int(match.group(1)) if match else None), data
    number = _number(data, "the frequency")
    return number, str(number)


def _downstep(position: Any) -> int:
    """A downstep position, given as a number or as an H/L pattern ("LHHL" -> 3)."""
    if _is_int(position) and 0 <= position < 2**31:
        return int(position)
    if isinstance(position, str) and position and set(position) <= {"H", "L"}:
        drop = position.find("HL")
        return 0 if drop < 0 else drop + 1
    raise _RowError(f"a pitch position should be a number or H/L pattern, not {_kind(position)}")


def _meta_row(row: Any, fmt: int) -> tuple[Any, ...] | None:
    """-> (expression, mode, reading, value, display); pitch keeps positions in display
    as "0,2". IPA rows give None (not shown)."""
    expression, mode, data = _shape(row, (3,), "term meta")
    _text(expression, "the expression", empty=False)
    if mode == "ipa":
        return None
    if mode == "freq":
        reading = ""
        if isinstance(data, dict) and "frequency" in data:
            reading = _text(data.get("reading"), "the reading")
            data = data["frequency"]
        value, display = _frequency(data)
        return expression, "freq", reading, value, display
    if mode == "pitch":
        if not isinstance(data, dict):
            raise _RowError(f"pitch data should be an object, not {_kind(data)}")
        reading = _text(data.get("reading"), "the reading", empty=False)
        pitches = data.get("pitches")
        if not isinstance(pitches, list) or not pitches:
            raise _RowError("pitch data should have a non-empty list of pitches")
        positions: list[int] = []
        for pitch in pitches:
            if not isinstance(pitch, dict) or "position" not in pitch:
                raise _RowError("each pitch should be an object with a position")
            positions.append(_downstep(pitch["position"]))
        return expression, "pitch", reading, positions[0], ",".join(map(str, positions))
    raise _RowError(f"unknown term meta mode {mode!r} (expected freq, pitch or ipa)")


def _kanji_row(row: Any, fmt: int) -> tuple[Any, ...]:
    """-> (character, onyomi, kunyomi, tags, meanings_json, stats_json)."""
    if fmt == 1:
        if not isinstance(row, list) or len(row) < 4:
            raise _RowError("a kanji row should be a list of at least 4 items")
        row = [*row[:4], row[4:], {}]
    character, onyomi, kunyomi, tags, meanings, stats = _shape(row, (6,), "kanji")
    _text(character, "the character", empty=False)
    for value, what in ((onyomi, "the onyomi"), (kunyomi, "the kunyomi"), (tags, "the tags")):
        _text(value, what)
    if not isinstance(meanings, list) or not all(isinstance(m, str) for m in meanings):
        raise _RowError("the meanings should be a list of strings")
    if not isinstance(stats, dict):
        raise _RowError(f"the stats should be an object, not {_kind(stats)}")
    flat = {}
    for key, value in stats.items():
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise _RowError(f"stat {key!r} should be a string or number, not {_kind(value)}")
        flat[key] = str(value)
    dump = json.dumps
    return (
        character,
        onyomi,
        kunyomi,
        tags,
        dump(meanings, ensure_ascii=False),
        dump(flat, ensure_ascii=False),
    )


def _kanji_meta_row(row: Any, fmt: int) -> tuple[Any, ...]:
    """-> (character, value, display): a kanji's frequency, the one mode Yomitan has."""
    character, mode, data = _shape(row, (3,), "kanji meta")
    _text(character, "the character", empty=False)
    if mode != "freq":
        raise _RowError(f"unknown kanji meta mode {mode!r} (expected freq)")
    value, display = _frequency(data)
    return character, value, display


def _tag_row(row: Any, fmt: int) -> tuple[Any, ...]:
    """-> (name, category, order, notes, score)."""
    name, category, order, notes, score = _shape(row, (5,), "tag")
    _text(name, "the tag name", empty=False)
    _text(category, "the category")
    _text(notes, "the notes")
    return name, category, _number(order, "the order"), notes, _number(score, "the score")


_PARSERS: dict[str, Callable[[Any, int], tuple[Any, ...] | None]] = {
    "term": _term_row,
    "term_meta": _meta_row,
    "kanji": _kanji_row,
    "kanji_meta": _kanji_meta_row,
    "tag": _tag_row,
}


__all__ = [
    "Archive",
    "Bank",
    "Index",
    "YomitanError",
    "render_glossary",
    "render_html",
    "render_text",
]
