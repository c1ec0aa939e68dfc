"""Readings in context: where a token's reading depends on its neighbours, or where
UniDic's reading is not the one a reader says.

Each rule is a row of a table (tested row by row in tests/core/text/test_senses.py):

- spoken readings where UniDic gives the formal one: 私 わたし, not わたくし;
- readings before a particle: 何も, 何を なに (UniDic: なん);
- one-kanji prefixes before a place or a country: 親ロシア, 親西欧 しん (pro-), 反米 はん;
- one-kanji country abbreviations beside another or a ・: 英・仏 えい ふつ, 米中 べい ちゅう;
- a weekday in brackets after a date: 21日(火) か (Tuesday);
- rendaku after a date or a noun: 20日付 づけ, 車離れ ばなれ, バルト三国 さんごく;
- a kanji no dictionary reads: KANJIDIC2's reading, as a guess (執つた: と).

A changed reading makes a variant of the token's word (a new Lexeme, looked up again by
its new reading, its senses of the given parts of speech first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reader.core.text.kana import has_kanji, is_kanji
from reader.core.text.model import Lexeme, Token
from reader.core.text.names import PROPER, is_katakana
from reader.core.text.senses import COUNTRY_NAMES
from reader.core.text.tokenize import NUMBER_POS

#: (lexeme, the change) -> the variant lexeme, read and looked up anew.
Respell = Callable[[Lexeme, "Change"], Lexeme]

#: UniDic's formal reading -> the one spoken, wherever the word stands.
SPOKEN: dict[tuple[str, str], str] = {("私", "わたくし"): "わたし"}
#: A word read otherwise before these particles: 何も なにも, 何を なにを.
BEFORE_PARTICLE: dict[str, tuple[str, frozenset[str]]] = {
    "何": ("なに", frozenset({"も", "を", "が", "か", "に", "へ"})),
}
#: One-kanji prefixes read on before a place, a country or a katakana name.
PREFIXES: dict[str, str] = {"親": "しん", "反": "はん", "対": "たい", "駐": "ちゅう", "訪": "ほう"}
#: One-kanji country (and region) abbreviations and their on readings (their English is
#: senses.COUNTRY_NAMES).
COUNTRIES: dict[str, str] = {
    "英": "えい", "仏": "ふつ", "独": "どく", "伊": "い", "米": "べい", "露": "ろ", "中": "ちゅう",
    "韓": "かん", "日": "にち", "豪": "ごう", "印": "いん", "加": "か", "欧": "おう", "朝": "ちょう",
    "台": "たい", "蘭": "らん", "西": "せい", "墨": "ぼく", "比": "ひ", "越": "えつ", "葡": "ぽ",
}
#: Weekday kanji in brackets after a date: 21日(火), and their sense.
WEEKDAYS: dict[str, tuple[str, str]] = {
    "月": ("げつ", "Monday"), "火": ("か", "Tuesday"), "水": ("すい", "Wednesday"),
    "木": ("もく", "Thursday"), "金": ("きん", "Friday"), "土": ("ど", "Saturday"), "日": ("にち", "Sunday"),
}
#: One-kanji directions before ・ and a word they share a suffix with: 中・西部 ちゅう.
DIRECTIONS: dict[str, str] = {"中": "ちゅう", "東": "とう", "西": "せい", "南": "なん", "北": "ほく"}
#: Voiced after a date (付 づけ), after a noun (離れ ばなれ), after a name (三国 さんごく).
RENDAKU: dict[str, tuple[str, str]] = {
    "付": ("づけ", "date"), "付け": ("づけ", "date"), "離れ": ("ばなれ", "noun"), "三国": ("さんごく", "name"),
}
#: After a noun these are suffixes: their suffix senses first (車離れ: loss of interest in).
SUFFIX_POS = ("noun, used as a suffix", "suffix")
_SEPARATORS = frozenset("・･、")
_OPEN, _CLOSE = frozenset("(（"), frozenset(")）")
_DATE_COUNTER = "日"
#: The parts of speech whose senses a rule puts first.
PREFIX_POS = ("prefix",)


@dataclass(frozen=True, slots=True)
class Change:
    reading: str
    prefer: tuple[str, ...] = ()  # JMdict parts of speech whose senses come first
    guess: bool = False  # a reading no dictionary gave (KANJIDIC2's for one kanji)
    base: str = ""  # the dictionary form it is then a form of (執 of 執つた: 執る)
    gloss: str = ""  # a gloss of the sense that comes first (火: Tuesday)


def _surface(tokens: list[Token], k: int) -> str:
    return tokens[k].surface if 0 <= k < len(tokens) else ""


def _is_place(token: Token) -> bool:
    pos = token.lexeme.pos
    return (PROPER in pos and "地名" in pos) or is_katakana(token.surface) or token.surface in COUNTRIES


def _is_date(tokens: list[Token], k: int) -> bool:
    """Whether tokens[k] ends a date: 20日 (one number token), or 20 + 日."""
    if k < 0:
        return False
    token = tokens[k]
    return token.surface.endswith(_DATE_COUNTER) and (
        token.lexeme.pos == NUMBER_POS or (k > 0 and tokens[k - 1].lexeme.pos == NUMBER_POS)
    )


def _spoken(tokens: list[Token], k: int) -> Change | None:
    token = tokens[k]
    reading = SPOKEN.get((token.surface, token.lexeme.reading))
    return Change(reading) if reading else None


def _before_particle(tokens: list[Token], k: int) -> Change | None:
    reading, particles = BEFORE_PARTICLE[tokens[k].surface]
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if nxt is not None and nxt.surface in particles and nxt.lexeme.pos.startswith("助詞"):
        return Change(reading)
    return None


def _prefix(tokens: list[Token], k: int) -> Change | None:
    if k + 1 < len(tokens) and _is_place(tokens[k + 1]):
        return Change(PREFIXES[tokens[k].surface], PREFIX_POS)
    return None


def _country(tokens: list[Token], k: int) -> Change | None:
    """A country kanji beside another, directly or across a ・ (英・仏, 米中)."""
    before, after = _surface(tokens, k - 1), _surface(tokens, k + 1)
    if before in _SEPARATORS:
        before = _surface(tokens, k - 2)
    if after in _SEPARATORS:
        after = _surface(tokens, k + 2)
    if before in COUNTRIES or after in COUNTRIES:
        surface = tokens[k].surface
        return Change(COUNTRIES[surface], gloss=COUNTRY_NAMES.get(surface, ""))
    return None


def _direction(tokens: list[Token], k: int) -> Change | None:
    """中 of 中・西部 (central and western): read as in 中部, not なか."""
    after = _surface(tokens, k + 2)
    if _surface(tokens, k + 1) in _SEPARATORS and len(after) >= 2 and after[0] in DIRECTIONS:
        return Change(DIRECTIONS[tokens[k].surface])
    return None


def _weekday(tokens: list[Token], k: int) -> Change | None:
    if _surface(tokens, k - 1) in _OPEN and _surface(tokens, k + 1) in _CLOSE and _is_date(tokens, k - 2):
        reading, day = WEEKDAYS[tokens[k].surface]
        return Change(reading, gloss=day)
    return None


def _rendaku(tokens: list[Token], k: int) -> Change | None:
    reading, after = RENDAKU[tokens[k].surface]
    if k == 0:
        return None
    previous = tokens[k - 1]
    if after == "date":
        fits = _is_date(tokens, k - 1)
    elif after == "noun":
        fits = previous.lexeme.pos.startswith("名詞") and has_kanji(previous.surface)
    else:
        fits = is_katakana(previous.surface) or PROPER in previous.lexeme.pos
    return Change(reading, SUFFIX_POS) if fits else None


#: surface -> the rules that may change its reading, tried in order.
RULES: dict[str, tuple[Callable[[list[Token], int], Change | None], ...]] = {}
for _table, _rule in (
    ({s for s, _ in SPOKEN}, _spoken),
    (BEFORE_PARTICLE, _before_particle),
    (PREFIXES, _prefix),
    (COUNTRIES, _country),
    (DIRECTIONS, _direction),
    (WEEKDAYS, _weekday),
    (RENDAKU, _rendaku),
):
    for _surface_key in _table:
        RULES[_surface_key] = (*RULES.get(_surface_key, ()), _rule)


class ContextReadings:
    """Applies the rules to a sentence's tokens (one per Annotator; memoises variants)."""

    def __init__(self, respell: Respell, kanji_reading: Callable[[str], str] | None = None) -> None:
        self._respell = respell
        self._kanji_reading = kanji_reading
        self._variants: dict[tuple[int, str], tuple[Lexeme, Lexeme]] = {}

    def apply(self, tokens: list[Token]) -> list[Token]:
        """``tokens`` with readings changed where a rule says so (the same list if none)."""
        out: list[Token] | None = None
        rules = RULES
        guessing = self._kanji_reading is not None
        for k, token in enumerate(tokens):
            surface = token.surface
            found = rules.get(surface)
            change = None
            if found is not None:
                for rule in found:
                    change = rule(tokens, k)
                    if change is not None:
                        break
            elif guessing and len(surface) == 1 and not token.lexeme.reading and is_kanji(surface):
                change = self._guess(token)
            if change is None or (
                change.reading == token.lexeme.reading and not change.gloss and not change.prefer
            ):
                continue
            if out is None:
                out = list(tokens)
            out[k] = Token.make(token.surface, token.start, self._variant(token.lexeme, change))
        return tokens if out is None else out

    def _guess(self, token: Token) -> Change | None:
        """KANJIDIC2's reading for one kanji no dictionary reads (執 of 執つた: と)."""
        surface = token.surface
        assert self._kanji_reading is not None
        reading, _, okurigana = self._kanji_reading(surface).partition(".")
        if not reading:
            return None
        return Change(reading, guess=True, base=surface + okurigana if okurigana else "")

    def _variant(self, lexeme: Lexeme, change: Change) -> Lexeme:
        key = (id(lexeme), change.reading + "\0" + change.gloss)
        found = self._variants.get(key)
        if found is None:
            if len(self._variants) > 50_000:
                self._variants.clear()
            found = self._variants[key] = (lexeme, self._respell(lexeme, change))
        return found[1]
