"""Build small Yomitan dictionary zips (format 3) for tests and benchmarks.

The rows follow Yomitan's schemas:
- term bank: [expression, reading, definition_tags, rules, score, glossary, sequence, term_tags]
- term meta bank: [expression, "freq" | "pitch", data]
- kanji bank: [character, onyomi, kunyomi, tags, meanings, stats]
- tag bank: [name, category, order, notes, score]
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: A few real-looking entries: plain glossaries, structured content, freq, pitch, kanji.
TERMS: list[list[Any]] = [
    ["停戦", "ていせん", "n vs", "vs", 10, ["ceasefire", "truce"], 1, "news"],
    [
        "平和",
        "へいわ",
        "n adj-na",
        "",
        20,
        [
            {
                "type": "structured-content",
                "content": [
                    {"tag": "ul", "content": [{"tag": "li", "content": "peace"}, {"tag": "li", "content": "harmony"}]},
                    {"tag": "div", "data": {"content": "example"}, "content": "平和な世界 — a peaceful world"},
                ],
            }
        ],
        2,
        "",
    ],
    ["食べる", "たべる", "v1", "v1", 5, ["to eat"], 3, "common"],
]
META: list[list[Any]] = [
    ["停戦", "freq", {"reading": "ていせん", "frequency": {"value": 5120, "displayValue": "5120㋕"}}],
    ["平和", "freq", 812],
    ["平和", "pitch", {"reading": "へいわ", "pitches": [{"position": 0}]}],
    ["停戦", "pitch", {"reading": "ていせん", "pitches": [{"position": 0}]}],
    ["食べる", "pitch", {"reading": "たべる", "pitches": [{"position": 2}]}],
]
KANJI: list[list[Any]] = [
    ["停", "テイ", "と.める と.まる", "jouyou", ["halt", "stopping"], {"strokes": "11", "grade": "5"}],
    ["戦", "セン", "いくさ たたか.う", "jouyou", ["war", "battle", "match"], {"strokes": "13", "grade": "4"}],
]
#: Kanji frequencies (kanji_meta banks); make_zip leaves them out unless asked.
KANJI_META: list[list[Any]] = [["停", "freq", 1187], ["戦", "freq", {"value": 96, "displayValue": "96㋕"}]]
TAGS: list[list[Any]] = [
    ["n", "partOfSpeech", 0, "noun", 0],
    ["vs", "partOfSpeech", 0, "suru verb", 0],
    ["news", "frequent", 0, "appears in newspapers", 10],
]


def index_json(title: str = "Test Dictionary", revision: str = "1", fmt: int = 3, **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "revision": revision,
        "format": fmt,
        "sequenced": True,
        "author": "reader tests",
        "attribution": "made up for the tests, CC0",
        **extra,
    }


def make_zip(
    path: Path,
    *,
    title: str = "Test Dictionary",
    revision: str = "1",
    fmt: int = 3,
    terms: Sequence[Sequence[Any]] | None = None,
    meta: Sequence[Sequence[Any]] | None = None,
    kanji: Sequence[Sequence[Any]] | None = None,
    tags: Sequence[Sequence[Any]] | None = None,
    kanji_meta: Sequence[Sequence[Any]] = (),
    bank_size: int = 10_000,
    index: dict[str, Any] | None = None,
    extra_files: dict[str, bytes | str] | None = None,
) -> Path:
    """A Yomitan zip at ``path``; ``None`` banks get the sample data above, ``[]`` none."""
    terms = TERMS if terms is None else terms
    meta = META if meta is None else meta
    kanji = KANJI if kanji is None else kanji
    tags = TAGS if tags is None else tags
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("index.json", json.dumps(index or index_json(title, revision, fmt), ensure_ascii=False))
        for prefix, rows in (
            ("term_bank", terms),
            ("term_meta_bank", meta),
            ("kanji_bank", kanji),
            ("tag_bank", tags),
            ("kanji_meta_bank", kanji_meta),
        ):
            for n, chunk in enumerate(_chunks(rows, bank_size), start=1):
                # A lone surrogate cannot be UTF-8: written as the JSON escape \ud800.
                text = json.dumps(chunk, ensure_ascii=False)
                zf.writestr(f"{prefix}_{n}.json", text.encode("utf-8", "backslashreplace"))
        for name, data in (extra_files or {}).items():
            zf.writestr(name, data)
    return path


def generated_terms(count: int, start: int = 0) -> Iterable[list[Any]]:
    """``count`` distinct synthetic terms (for size and speed tests)."""
    for i in range(start, start + count):
        word = f"語{i:07d}"
        yield [word, f"ご{i}", "n", "", i % 100, [f"word number {i}", f"gloss {i}"], i, ""]


def make_large_zip(path: Path, count: int, *, title: str = "Large", bank_size: int = 10_000) -> Path:
    """A zip of ``count`` generated terms, written bank by bank (bounded memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("index.json", json.dumps(index_json(title, "1"), ensure_ascii=False))
        for n, first in enumerate(range(0, count, bank_size), start=1):
            chunk = list(generated_terms(min(bank_size, count - first), first))
            zf.writestr(f"term_bank_{n}.json", json.dumps(chunk, ensure_ascii=False))
    return path


def _chunks(rows: Sequence[Sequence[Any]], size: int) -> Iterable[list[Sequence[Any]]]:
    for first in range(0, len(rows), size):
        yield list(rows[first : first + size])
