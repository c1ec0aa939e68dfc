"""Yomitan dictionary zips (formats 1-3), read safely.

A dictionary zip comes from strangers, so the archive is checked before anything is
read (no path tricks, no zip bombs), banks are read one at a time under a size cap,
and every row is checked against the format's schema (rows.py), naming the bank and
row that fail. Glossaries are rendered on import, as text and sanitized HTML
(render.py).
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from reader.core.dictionaries.yomitan.rows import PARSERS, RowError, tag_row
from reader.core.errors import ReaderError

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
        parse = PARSERS[bank.kind]
        fmt = self.index.format
        for number, row in enumerate(self.rows(bank), start=1):
            try:
                yield parse(row, fmt)
            except RowError as error:
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
                    tag_meta.append(tag_row(row, fmt))
                except RowError as error:
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
