"""Each bank row of a Yomitan dictionary checked against the format's schema and
flattened for the database; a row that does not fit names what is wrong with it."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from reader.core.dictionaries.yomitan.render import (
    joined_definitions,
    plain_glossary,
    render_glossary,
)


class RowError(Exception):
    """A row that does not match the schema; the bank reader adds bank and row number."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any, what: str) -> int:
    if _is_int(value):
        if abs(value) >= 2**63:
            raise RowError(f"{what} is too large for a 64-bit integer")
        return int(value)
    if isinstance(value, float) and math.isfinite(value) and abs(value) < 2**62:
        return round(value)
    raise RowError(f"{what} should be a number, not {_kind(value)}")


def _text(value: Any, what: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value):
        article = "a" if empty else "a non-empty"
        raise RowError(f"{what} should be {article} string, not {_kind(value)}")
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
        raise RowError(f"a {what} row should be a list, not {_kind(row)}")
    if len(row) not in sizes:
        raise RowError(
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
        raise RowError(f"glossary item of unknown type {kind!r}")
    if isinstance(item, list) and len(item) == 2 and isinstance(item[0], str):
        return  # [uninflected term, [rules]]: a deinflection entry (format 3)
    raise RowError(f"a glossary item should be a string or an object, not {_kind(item)}")


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
            raise RowError("a term row should be a list of at least 5 items")
        row = [*row[:5], row[5:], 0, ""]
    expression, reading, dtags, rules, score, glossary, sequence, ttags = _shape(row, (8,), "term")
    _text(expression, "the expression", empty=False)
    _text(reading, "the reading")
    if dtags is None:
        dtags = ""
    _text(dtags, "the definition tags")
    _text(rules, "the rules")
    if not isinstance(glossary, list):
        raise RowError(f"the glossary should be a list, not {_kind(glossary)}")
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
            raise RowError(f"displayValue should be a string, not {_kind(display)}")
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
    raise RowError(f"a pitch position should be a number or H/L pattern, not {_kind(position)}")


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
            raise RowError(f"pitch data should be an object, not {_kind(data)}")
        reading = _text(data.get("reading"), "the reading", empty=False)
        pitches = data.get("pitches")
        if not isinstance(pitches, list) or not pitches:
            raise RowError("pitch data should have a non-empty list of pitches")
        positions: list[int] = []
        for pitch in pitches:
            if not isinstance(pitch, dict) or "position" not in pitch:
                raise RowError("each pitch should be an object with a position")
            positions.append(_downstep(pitch["position"]))
        return expression, "pitch", reading, positions[0], ",".join(map(str, positions))
    raise RowError(f"unknown term meta mode {mode!r} (expected freq, pitch or ipa)")


def _kanji_row(row: Any, fmt: int) -> tuple[Any, ...]:
    """-> (character, onyomi, kunyomi, tags, meanings_json, stats_json)."""
    if fmt == 1:
        if not isinstance(row, list) or len(row) < 4:
            raise RowError("a kanji row should be a list of at least 4 items")
        row = [*row[:4], row[4:], {}]
    character, onyomi, kunyomi, tags, meanings, stats = _shape(row, (6,), "kanji")
    _text(character, "the character", empty=False)
    for value, what in ((onyomi, "the onyomi"), (kunyomi, "the kunyomi"), (tags, "the tags")):
        _text(value, what)
    if not isinstance(meanings, list) or not all(isinstance(m, str) for m in meanings):
        raise RowError("the meanings should be a list of strings")
    if not isinstance(stats, dict):
        raise RowError(f"the stats should be an object, not {_kind(stats)}")
    flat = {}
    for key, value in stats.items():
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise RowError(f"stat {key!r} should be a string or number, not {_kind(value)}")
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
        raise RowError(f"unknown kanji meta mode {mode!r} (expected freq)")
    value, display = _frequency(data)
    return character, value, display


def tag_row(row: Any, fmt: int) -> tuple[Any, ...]:
    """-> (name, category, order, notes, score)."""
    name, category, order, notes, score = _shape(row, (5,), "tag")
    _text(name, "the tag name", empty=False)
    _text(category, "the category")
    _text(notes, "the notes")
    return name, category, _number(order, "the order"), notes, _number(score, "the score")


PARSERS: dict[str, Callable[[Any, int], tuple[Any, ...] | None]] = {
    "term": _term_row,
    "term_meta": _meta_row,
    "kanji": _kanji_row,
    "kanji_meta": _kanji_meta_row,
    "tag": tag_row,
}
