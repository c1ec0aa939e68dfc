"""Readings (in hiragana) for numbers and counted numbers.

MeCab/UniDic leaves digit strings without a reading and reads kanji numerals one
token at a time, so furigana for "2025年" or "三百本" would be missing or wrong.
This module reads them itself: a number becomes a list of tokens (one per
power of ten that is present, tagged with a *kind*), and a counter changes only
the last token (いち → いっ) and its own reading (ほん → ぽん). The same rule
joins 万/億/兆 onto the groups before them, so 一兆 comes out as いっちょう.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["COUNTERS", "NUMERAL_CHARS", "is_number", "read_counted", "read_number"]

_KANJI_DIGITS = "〇零一二三四五六七八九壱弐参"
NUMERAL_CHARS: frozenset[str] = frozenset(
    "0123456789０１２３４５６７８９" + _KANJI_DIGITS + "十百千万億兆拾" + ",，.．"
)

# Everything is mapped onto ASCII digits, "," and "." and the unit kanji first.
_NORMALIZE = str.maketrans(
    "０１２３４５６７８９〇零一二三四五六七八九壱弐参拾，．",
    "0123456789" + "00123456789" + "123十,.",
)
_ARABIC = re.compile(r"([0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.([0-9]+))?")
_DECIMAL_BIG = re.compile(r"([0-9]+\.[0-9]+)([万億兆])")
_PIECE = re.compile(r"[0-9]+(?:,[0-9]{3})*|[十百千万億兆]")
_MAX_DIGITS = 16  # 9999兆9999億9999万9999 is the largest number we read

_DIGITS = ("ぜろ", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう")
_HUNDREDS = ("", "ひゃく", "にひゃく", "さんびゃく", "よんひゃく", "ごひゃく",
             "ろっぴゃく", "ななひゃく", "はっぴゃく", "きゅうひゃく")
_THOUSANDS = ("", "せん", "にせん", "さんぜん", "よんせん", "ごせん",
              "ろくせん", "ななせん", "はっせん", "きゅうせん")
_SMALL_UNITS = {"十": 1, "百": 2, "千": 3}
_BIG_UNITS = {"万": 4, "億": 8, "兆": 12}
_BIG_BY_EXPONENT = {exp: unit for unit, exp in _BIG_UNITS.items()}

# A token is (kind, reading); kind is "0".."9" for the ones digit, a unit kanji
# for the last power of ten present, or "." for a decimal tail.
_Token = tuple[str, str]


@dataclass(frozen=True, slots=True)
class _Counter:
    """How a counter is read and how it changes the number before it.

    ``geminate`` lists the last-token kinds that end in っ before this counter
    (いっぽん), which then reads ``geminate_reading``; ``voiced`` lists those
    after which it reads ``voiced_reading`` (さんぼん). ``digits`` replaces the
    reading of a final ones digit (よじ, しがつ). ``specials`` are whole-word
    readings by value (ふつか, ひとり) spanning the number and the counter minus
    ``tail``, which keeps its own segment.
    """

    reading: str
    geminate: frozenset[str] = frozenset()
    geminate_reading: str = ""
    voiced: frozenset[str] = frozenset()
    voiced_reading: str = ""
    digits: Mapping[str, str] = field(default_factory=dict)
    specials: Mapping[int, str] = field(default_factory=dict)
    date_specials: Mapping[int, str] = field(default_factory=dict)
    tail: str = ""
    tail_reading: str = ""
    special_only: bool = False


# Kinds that geminate before k-, h- and p-row counters, and before s- and t-row ones.
_K = frozenset({"1", "6", "8", "十", "百"})
_S = frozenset({"1", "8", "十"})
# Kinds ending in ん after which h-row counters take rendaku (さんぼん, せんぼん).
_N = frozenset({"3", "千", "万"})
_YO = {"4": "よ"}
_DAYS = {2: "ふつか", 3: "みっか", 4: "よっか", 5: "いつか", 6: "むいか", 7: "なのか",
         8: "ようか", 9: "ここのか", 10: "とおか", 14: "じゅうよっか", 20: "はつか",
         24: "にじゅうよっか"}
_TSU = {1: "ひとつ", 2: "ふたつ", 3: "みっつ", 4: "よっつ", 5: "いつつ", 6: "むっつ",
        7: "ななつ", 8: "やっつ", 9: "ここのつ", 10: "とお"}


def _h_row(base: str, p: str, b: str, voiced: frozenset[str] = _N) -> _Counter:
    """An h-row counter: いっぽん, さんぼん."""
    return _Counter(base, _K, p, voiced, b)


def _variants(suffix: str, counter: _Counter) -> dict[str, _Counter]:
    """The same counter under every way of writing its small ka (か国, ヶ国, 箇国...)."""
    return {ka + suffix: counter for ka in ("か", "カ", "ヵ", "ケ", "ヶ", "箇")}


_TABLE: dict[str, _Counter] = {
    "本": _h_row("ほん", "ぽん", "ぼん"),
    "杯": _h_row("はい", "ぱい", "ばい"),
    "匹": _h_row("ひき", "ぴき", "びき"),
    "分": _h_row("ふん", "ぷん", "ぷん", _N | {"4"}),
    "分間": _h_row("ふんかん", "ぷんかん", "ぷんかん", _N | {"4"}),
    "泊": _h_row("はく", "ぱく", "ぱく", frozenset({"3", "4"})),
    "百": _Counter("ひゃく", frozenset({"1", "6", "8"}), "ぴゃく", frozenset({"3"}), "びゃく"),
    "千": _Counter("せん", frozenset({"1", "8"}), "せん", frozenset({"3"}), "ぜん"),
    "万": _Counter("まん"),
    "億": _Counter("おく"),
    "兆": _Counter("ちょう", _S),
    **{name: _Counter(reading, _K) for name, reading in (
        ("回", "かい"), ("個", "こ"), ("件", "けん"), ("機", "き"), ("課", "か"),
        ("巻", "かん"), ("曲", "きょく"), ("校", "こう"), ("キロ", "きろ"))},
    "階": _Counter("かい", _K, "", frozenset({"3"}), "がい"),
    "軒": _Counter("けん", _K, "", frozenset({"3"}), "げん"),
    **_variants("国", _Counter("かこく", _K)),
    **_variants("月", _Counter("かげつ", _K)),
    **_variants("所", _Counter("かしょ", _K)),
    **{name: _Counter(reading, _S) for name, reading in (
        ("冊", "さつ"), ("週", "しゅう"), ("週間", "しゅうかん"), ("点", "てん"),
        ("着", "ちゃく"), ("頭", "とう"), ("通", "つう"), ("世紀", "せいき"),
        ("センチ", "せんち"), ("トン", "とん"))},
    "歳": _Counter("さい", _S, specials={20: "はたち"}),
    "才": _Counter("さい", _S, specials={20: "はたち"}),
    "足": _Counter("そく", _S, "", frozenset({"3"}), "ぞく"),
    **{name: _Counter(reading) for name, reading in (
        ("台", "だい"), ("枚", "まい"), ("号", "ごう"), ("度", "ど"), ("倍", "ばい"),
        ("番", "ばん"), ("位", "い"), ("割", "わり"), ("名", "めい"), ("次", "じ"),
        ("条", "じょう"), ("秒", "びょう"), ("話", "わ"), ("代", "だい"), ("部", "ぶ"),
        ("%", "ぱーせんと"), ("％", "ぱーせんと"), ("メートル", "めーとる"),
        ("グラム", "ぐらむ"), ("ドル", "どる"))},
    **{name: _Counter(reading, digits=_YO) for name, reading in (
        ("円", "えん"), ("年", "ねん"), ("年間", "ねんかん"), ("年度", "ねんど"))},
    "月": _Counter("がつ", digits={"4": "し", "7": "しち", "9": "く"}),
    "時": _Counter("じ", digits={"0": "れい", "4": "よ", "7": "しち", "9": "く"}),
    "時間": _Counter("じかん", digits={"4": "よ", "9": "く"}),
    "人": _Counter("にん", digits=_YO, specials={1: "ひとり", 2: "ふたり"}),
    "日": _Counter("にち", digits={"7": "しち", "9": "く"}, specials=_DAYS,
                  date_specials={1: "ついたち"}),
    "日間": _Counter("にちかん", specials=_DAYS, tail="間", tail_reading="かん"),
    "つ": _Counter("", specials=_TSU, special_only=True),
}
COUNTERS: frozenset[str] = frozenset(_TABLE)


def _geminate(reading: str) -> str:
    """いち → いっ, じゅう → じゅっ, ひゃく → ひゃっ."""
    if reading.endswith("じゅう"):
        return reading[:-1] + "っ"
    if reading.endswith(("く", "ち", "つ")):
        return reading[:-1] + "っ"
    return reading


def _attach(tokens: list[_Token], counter: _Counter) -> tuple[list[_Token], str]:
    """Apply ``counter``'s sound change to the last token; return tokens and its reading."""
    tokens = list(tokens)
    kind, reading = tokens[-1]
    if kind in counter.digits:
        tokens[-1] = (kind, counter.digits[kind])
        return tokens, counter.reading
    if kind in counter.geminate:
        tokens[-1] = (kind, _geminate(reading))
        return tokens, counter.geminate_reading or counter.reading
    if kind in counter.voiced:
        return tokens, counter.voiced_reading
    return tokens, counter.reading


def _section(value: int, explicit_thousand: bool = False) -> list[_Token]:
    """Tokens for 1..9999; 一千 (explicit) is いっせん, a bare 千 or 1000 is せん."""
    thousands, hundreds, tens, ones = (value // 1000, value // 100 % 10, value // 10 % 10,
                                       value % 10)
    tokens: list[_Token] = []
    if thousands:
        reading = "いっせん" if thousands == 1 and explicit_thousand else _THOUSANDS[thousands]
        tokens.append(("千", reading))
    if hundreds:
        tokens.append(("百", _HUNDREDS[hundreds]))
    if tens:
        tokens.append(("十", ("" if tens == 1 else _DIGITS[tens]) + "じゅう"))
    if ones:
        tokens.append((str(ones), _DIGITS[ones]))
    return tokens


def _integer(groups: list[tuple[int, int, bool]]) -> list[_Token]:
    """Tokens for (exponent, 0..9999, explicit 一千) groups, largest first."""
    tokens: list[_Token] = []
    for exponent, value, explicit in groups:
        if not value:
            continue
        section = _section(value, explicit)
        if exponent:
            unit = _BIG_BY_EXPONENT[exponent]
            section, reading = _attach(section, _TABLE[unit])
            section.append((unit, reading))
        tokens.extend(section)
    return tokens or [("0", _DIGITS[0])]


def _arabic(text: str) -> tuple[list[_Token], int | None] | None:
    """Read "2025", "1,000" or "77.3"; the int is the value when there is no decimal."""
    match = _ARABIC.fullmatch(text)
    if match is None:
        return None
    digits = match.group(1).replace(",", "").lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS:
        return None
    value = int(digits)
    groups = [(exp, value // 10**exp % 10000, False) for exp in (12, 8, 4, 0)]
    tokens = _integer(groups)
    fraction = match.group(2)
    if fraction is None:
        return tokens, value
    tokens, point = _attach([("0", "れい")] if value == 0 else tokens, _TABLE["点"])
    tokens.append((".", point + "".join(_DIGITS[int(d)] for d in fraction)))
    return tokens, None


def _small_int(run: str, limit: int) -> int | None:
    """The value of a digit run if it is below 10**limit."""
    digits = run.replace(",", "").lstrip("0") or "0"
    return int(digits) if len(digits) <= limit else None


def _with_units(text: str) -> tuple[list[_Token], int] | None:
    """Read numbers with unit kanji: 二十五, 一千, 百万, 7万1千, 3万5000, 9300億."""
    pieces = _PIECE.findall(text)
    if "".join(pieces) != text:
        return None
    groups: list[tuple[int, int, bool]] = []
    big_limit, small_limit = 16, 4
    value, explicit, used, pending = 0, False, False, ""
    for piece in pieces:
        if piece in _SMALL_UNITS:
            exponent = _SMALL_UNITS[piece]
            digit = 1 if not pending else int(pending) if len(pending) == 1 else 0
            if exponent >= small_limit or digit == 0:
                return None
            value += digit * 10**exponent
            explicit = explicit or (exponent == 3 and bool(pending))
            small_limit, used, pending = exponent, True, ""
        elif piece in _BIG_UNITS:
            exponent = _BIG_UNITS[piece]
            rest = _small_int(pending, small_limit) if pending else 0
            if rest is None or exponent >= big_limit or not value + rest:
                return None
            groups.append((exponent, value + rest, explicit))
            big_limit, small_limit = exponent, 4
            value, explicit, used, pending = 0, False, False, ""
        else:
            pending = piece
    if used or pending:
        rest = _small_int(pending, small_limit) if pending else 0
        if rest is None:
            return None
        groups.append((0, value + rest, explicit))
    total = sum(v * 10**e for e, v, _ in groups)
    return _integer(groups), total


def _parse(text: str) -> tuple[list[_Token], int | None] | None:
    """Tokens and integer value (None for decimals) of a number, or None."""
    if not isinstance(text, str) or not text or not set(text) <= NUMERAL_CHARS:
        return None
    plain = text.translate(_NORMALIZE)
    if not any(unit in plain for unit in "十百千万億兆"):
        return _arabic(plain)
    decimal = _DECIMAL_BIG.fullmatch(plain)
    if decimal is not None:
        parsed = _arabic(decimal.group(1))
        if parsed is None:
            return None
        unit = decimal.group(2)
        return [*parsed[0], (unit, _TABLE[unit].reading)], None
    if "." in plain:
        return None
    return _with_units(plain)


def is_number(text: str) -> bool:
    """Whether ``read_number`` can read ``text``."""
    return _parse(text) is not None


def read_number(text: str) -> str | None:
    """The hiragana reading of a bare number, or None if ``text`` is not one."""
    parsed = _parse(text)
    return None if parsed is None else "".join(reading for _, reading in parsed[0])


def read_counted(number: str, counter: str, *,
                 date: bool = False) -> list[tuple[str, str]] | None:
    """Ruby segments for ``number`` + ``counter`` whose texts join to that string.

    Usually [(number, reading), (counter, reading)] with sound changes on both
    sides; whole-word readings (ついたち, ふたり, みっつ) are one segment. ``date``
    reads 1日 as ついたち rather than いちにち.
    """
    spec = _TABLE.get(counter) if isinstance(counter, str) else None
    parsed = _parse(number)
    if spec is None or parsed is None:
        return None
    tokens, value = parsed
    special = None
    if value is not None:
        special = (date and spec.date_specials.get(value)) or spec.specials.get(value)
    if special:
        head = counter[: len(counter) - len(spec.tail)]
        segments = [(number + head, special)]
        if spec.tail:
            segments.append((spec.tail, spec.tail_reading))
        return segments
    if spec.special_only:
        return None
    tokens, reading = _attach(tokens, spec)
    return [(number, "".join(r for _, r in tokens)), (counter, reading)]
