"""Numbers in a Japanese sentence and in its English draft, as values to compare.

Japanese: Arabic digits, half- or full-width, with or without thousands commas
(1,200, １２００), decimals, kanji numerals of two characters or more (二千二十五, 千二百,
三百) and mixed ones (3万5000, 1.5億). A lone kanji digit is left alone: 一人 is as often
"alone" as "one person", 千葉 is a place. 8月 is a month, which the English may write
as "August"; 5割 is 50%.

English: digits (1,200, 1200, 3.5), ordinals (15th), number words up to ninety-nine,
scales (3.5 million, 20 thousand) and month names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from reader.core.text.numbers import _parse

_KANJI_NUMERAL = "〇零一二三四五六七八九十百千万億兆"
_JA_NUMBER = re.compile(
    rf"(?<![数何])(?:[0-9][0-9,]*(?:\.[0-9]+)?|[{_KANJI_NUMERAL}])+(?P<counter>月|割)?"
)
_BIG = {"万": 10**4, "億": 10**8, "兆": 10**12}
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
)
_MONTH_SHORT = {name[:3]: n for n, name in enumerate(_MONTHS, 1)}
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_WORD = "|".join([*_ONES, *_TENS, *_ORDINALS])
_EN_NUMBER = re.compile(
    r"(?<![\w.])(?:(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:st|nd|rd|th)?"
    rf"|(?P<word>(?:{'|'.join(_TENS)})-(?:{'|'.join([*_ONES[1:10], *list(_ORDINALS)[:9]])})|{_WORD}))"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion|trillion))?"
    r"|(?P<month>\b(?:" + "|".join(_MONTHS) + r"|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Number:
    """A number as written (``text``) and the values that may stand for it in English."""

    text: str
    values: frozenset[Decimal]
    month: int = 0  # 8 for 8月: "August" also stands for it


def _value(text: str) -> Decimal | None:
    """The value of a Japanese number without its counter, or None."""
    plain = unicodedata.normalize("NFKC", text)
    big = plain[-1] if plain and plain[-1] in _BIG else ""
    head = plain[:-1] if big else plain
    if big and re.fullmatch(r"[0-9]+\.[0-9]+", head):  # 1.5億
        return Decimal(head) * _BIG[big]
    parsed = _parse(plain)
    if parsed is not None and parsed[1] is not None:
        return Decimal(parsed[1])
    try:
        return Decimal(plain.replace(",", ""))
    except InvalidOperation:
        return None


def japanese_numbers(text: str) -> list[Number]:
    """The numbers of a Japanese sentence, in order."""
    found: list[Number] = []
    plain = unicodedata.normalize("NFKC", text)
    for match in _JA_NUMBER.finditer(plain):
        counter = match.group("counter") or ""
        body = match.group()[: len(match.group()) - len(counter)].rstrip(",")
        if (len(body) < 2 and not body.isdigit()) or not body.strip("〇"):
            continue  # a lone kanji digit (一人, 千葉), or 〇〇 for a name left out
        value = _value(body)
        if value is None:
            continue
        values = {value}
        if counter == "割":
            values.add(value * 10)  # 5割: 50%
        month = int(value) if counter == "月" and value == int(value) and 1 <= value <= 12 else 0
        found.append(Number(body + counter, frozenset(values), month))
    return found


def english_numbers(text: str) -> tuple[dict[Decimal, str], set[int]]:
    """The values an English text names (each with its text, as written) and its months."""
    values: dict[Decimal, str] = {}
    months: set[int] = set()
    for match in _EN_NUMBER.finditer(text):
        if match.group("month"):
            word = match.group("month").lower().rstrip(".")
            month = _MONTH_SHORT.get(word[:3]) if word != "may" or match.group("month")[0].isupper() else None
            if month:
                months.add(month)
            continue
        if match.group("digits"):
            value = Decimal(match.group("digits").replace(",", ""))
        else:
            value = Decimal(_word_value(match.group("word").lower()))
        if match.group("scale"):
            values.setdefault(value * _SCALES[match.group("scale").lower()], match.group())
            values.setdefault(value, "")  # "3 million" may stand for 3百万 written as 3
        else:
            values.setdefault(value, match.group())
    return values, months


def _word_value(word: str) -> int:
    if word in _ORDINALS:
        return _ORDINALS[word]
    if "-" in word:
        tens, ones = word.split("-")
        return _TENS[tens] + (_ORDINALS[ones] if ones in _ORDINALS else _ONES.index(ones))
    return _TENS[word] if word in _TENS else _ONES.index(word)


def missing_numbers(source: str, draft: str) -> tuple[list[str], list[str]]:
    """(numbers of the source the draft does not have, numbers of the draft the source
    does not have), as written."""
    values, months = english_numbers(draft)
    numbers = japanese_numbers(source)
    missing = [n.text for n in numbers if not (n.values & values.keys()) and not (n.month and n.month in months)]
    known = set().union(*(n.values for n in numbers)) if numbers else set()
    extra = [text for value, text in values.items() if text and value not in known]
    return missing, extra
