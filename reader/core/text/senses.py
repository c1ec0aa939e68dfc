"""Which sense of a word comes first, from the word's context. Rules are rows of tables,
each tested (tests/core/text/test_senses.py):

- after a number, a counter's counter sense: 10月 month (not moon), 28日 day of the
  month (not Sunday), 3機 aircraft (not chance), 5本 long objects (not book), 50本目
  ordinal (not eye);
- a sense the next word calls for: もう before a past or negative verb is "already",
  before a quantity "more";
- a sense its object calls for: 取り付ける after 協力を or 合意を is "to get someone's
  agreement", not "to install";
- a noun that can be a suffix, after another noun, its suffix senses (ロシア軍機: 機
  machine, aircraft; not chance);
- a word of one-kanji country names JMdict lacks is glossed from them (米ロ: America
  and Russia);
- everywhere: senses JMdict marks archaic, obsolete, obscure or dated come last.

The token's own part of speech and JMdict's priorities order entries before this
(pipeline.py); names before titles come first in words.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from reader.core.text import inflection
from reader.core.text.model import Entry, Sense, Word
from reader.core.text.tokenize import NUMBER_POS

#: JMdict's parts of speech of a noun's senses as a suffix.
SUFFIX_POS = ("noun, used as a suffix", "suffix")
#: UniDic's parts of speech of a noun that may be a suffix (機, 国, 者).
_SUFFIX_LIKE = ("接尾辞", "名詞-普通名詞-助数詞可能")
#: One-kanji (and katakana) abbreviations of countries, in English.
COUNTRY_NAMES: dict[str, str] = {
    "米": "America", "露": "Russia", "ロ": "Russia", "英": "Britain", "仏": "France",
    "独": "Germany", "伊": "Italy", "中": "China", "日": "Japan", "韓": "South Korea",
    "朝": "North Korea", "豪": "Australia", "印": "India", "加": "Canada", "欧": "Europe",
    "台": "Taiwan", "ウ": "Ukraine",
}

#: JMdict's parts of speech of a counter's senses.
COUNTER_POS = ("counter", "suffix")
#: Counters whose counter sense JMdict files under a noun: the gloss that names it.
COUNTER_GLOSSES: dict[str, str] = {"月": "month", "目": "ordinal", "時間": "hour", "時": "o'clock"}
#: JMdict's notes that put a sense last (Sense.tags).
RARE_TAGS = frozenset({"misc:archaism", "misc:obsolete term", "misc:obscure term", "misc:dated term", "misc:rare term"})


def _has_inflection(*names: str) -> Callable[[Word], bool]:
    return lambda word: any(n in word.inflections for n in names)


def _quantity(word: Word) -> bool:
    return word.tokens[0].lexeme.pos == NUMBER_POS or word.text.startswith(("一", "少し", "ちょっと", "二", "1"))


#: (word, what the next word must be, a gloss of the sense that then comes first).
NEXT_WORD_SENSES: tuple[tuple[str, Callable[[Word], bool], str], ...] = (
    ("もう", _has_inflection(inflection.PAST, inflection.COMPLETION), "already"),
    ("もう", lambda w: inflection.NEGATIVE in w.inflections or w.base in ("ない", "無い"), "(not) anymore"),
    ("もう", _quantity, "more"),
)
#: (a verb's dictionary form, the nouns that as its object (Xを) call for a sense, a
#: gloss of that sense).
OBJECT_SENSES: tuple[tuple[str, frozenset[str], str], ...] = (
    ("取り付ける", frozenset("協力 合意 約束 同意 支持 了承 確約 言質 理解 賛同".split()), "agreement"),
    ("下す", frozenset("判断 決定 決断 結論 命令 判決 評価".split()), "decision"),
    ("取る", frozenset("行動 措置 対策 連絡 責任 態度 手段".split()), "to take"),
)
_BY_OBJECT = {verb: (nouns, gloss) for verb, nouns, gloss in OBJECT_SENSES}
_NEXT_BY_WORD: dict[str, list[tuple[Callable[[Word], bool], str]]] = {}
for _text, _test, _gloss in NEXT_WORD_SENSES:
    _NEXT_BY_WORD.setdefault(_text, []).append((_test, _gloss))


def _sense_fits(sense: Sense, pos: tuple[str, ...], gloss: str) -> bool:
    if pos and any(p.startswith(pos) for p in sense.pos):
        return True
    return bool(gloss) and any(gloss in g for g in sense.glosses)


def prefer(entries: Sequence[Entry], pos: tuple[str, ...] = (), gloss: str = "") -> tuple[Entry, ...]:
    """``entries`` with the senses of these parts of speech (or holding ``gloss``) first,
    in each entry, and the entries that have one first; the same tuple if none has."""
    out: list[Entry] = []
    rest: list[Entry] = []
    for entry in entries:
        senses = [s for s in entry.senses if _sense_fits(s, pos, gloss)]
        if not senses:
            rest.append(entry)
            continue
        others = [s for s in entry.senses if s not in senses]
        out.append(dataclasses.replace(entry, senses=(*senses, *others)))
    return tuple(out + rest) if out else tuple(entries)


def rare_last(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """Senses JMdict marks archaic, obsolete, obscure or dated after the others."""
    out = []
    changed = False
    for entry in entries:
        common = [s for s in entry.senses if not RARE_TAGS.intersection(s.tags)]
        if common and len(common) < len(entry.senses):
            rare = [s for s in entry.senses if s not in common]
            entry = dataclasses.replace(entry, senses=(*common, *rare))
            changed = True
        out.append(entry)
    return tuple(out) if changed else entries


def _after_noun(words: Sequence[Word], k: int) -> bool:
    """Whether words[k] is a one-kanji noun that may be a suffix, right after a noun."""
    word = words[k]
    if k == 0 or len(word.tokens) != 1 or len(word.text) != 1 or not word.pos.startswith(_SUFFIX_LIKE):
        return False
    return words[k - 1].pos.startswith("名詞") and words[k - 1].content


def _countries(word: Word) -> Entry | None:
    """An entry glossing a run of country abbreviations JMdict lacks (米ロ)."""
    text = word.text
    if word.entries or not 2 <= len(text) <= 4 or not all(c in COUNTRY_NAMES for c in text):
        return None
    names = [COUNTRY_NAMES[c] for c in text]
    gloss = " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 2 else " and ".join(names)
    return Entry(0, text, word.reading, (Sense(("abbreviation",), (gloss,)),))


def _counted(words: Sequence[Word], k: int) -> bool:
    """Whether words[k] is counted: a number and its counter (10月), or a suffix after
    one (the 目 of 50本目)."""
    word = words[k]
    tokens = word.tokens
    if tokens[0].lexeme.pos == NUMBER_POS and (len(tokens) == 2 or word.entries):
        return True  # 10月; 8日 (one token: ようか), glossed as its counter
    if k == 0 or not word.lexeme.pos.startswith("接尾辞"):
        return False
    before = words[k - 1].tokens
    return before[0].lexeme.pos == NUMBER_POS


class SenseRanker:
    """Puts each word's sense in context first; remembers the reordered words' infos."""

    def __init__(self) -> None:
        self._memo: dict[tuple[int, str], tuple[object, object]] = {}
        self._may: dict[int, tuple[object, bool]] = {}  # id(info) -> (info, may a rule apply?)

    def _may_apply(self, word: Word) -> bool:
        """Whether any rule could apply to a word like this, wherever it stands (most
        words: no, decided once per word)."""
        info = word.info
        found = self._may.get(id(info))
        if found is None:
            lexeme = word.tokens[0].lexeme
            may = (
                lexeme.pos == NUMBER_POS or word.lexeme.pos.startswith(_SUFFIX_LIKE)
                or word.text in _NEXT_BY_WORD or word.base in _BY_OBJECT
                or (not word.entries and word.content)
            )
            if len(self._may) > 50_000:
                self._may.clear()
            found = self._may[id(info)] = (info, may)
        return found[1]

    def apply(self, words: tuple[Word, ...]) -> tuple[Word, ...]:
        """``words`` with their entries reordered where a rule applies (the same tuple
        when none does)."""
        out: list[Word] | None = None
        may_apply = self._may_apply
        for k, word in enumerate(words):
            if not may_apply(word):
                continue
            rule = ""
            if _counted(words, k):
                counter = word.tokens[-1].surface if len(word.tokens) > 1 else word.text.lstrip("0123456789０１２３４５６７８９")
                rule = "counter:" + COUNTER_GLOSSES.get(counter, "")
            elif word.text in _NEXT_BY_WORD and k + 1 < len(words):
                nxt = words[k + 1]
                rule = next(("gloss:" + g for test, g in _NEXT_BY_WORD[word.text] if test(nxt)), "")
            elif word.base in _BY_OBJECT and k >= 2 and words[k - 1].text == "を":
                nouns, gloss = _BY_OBJECT[word.base]
                obj = words[k - 2].key[0]  # or a compound ending in one (閣外協力 is a 協力)
                rule = "gloss:" + gloss if any(obj.endswith(n) for n in nouns) else ""
            elif _after_noun(words, k):
                rule = "suffix:"
            elif not word.entries and word.content:
                rule = "countries:"
            if not rule or not (word.entries or rule == "countries:"):
                continue
            info = self._ranked(word, rule)
            if info is word.info:
                continue
            if out is None:
                out = list(words)
            out[k] = Word.make(word.first, word.tokens, info)
        return words if out is None else tuple(out)

    def _ranked(self, word: Word, rule: str):  # noqa: ANN202 - a WordInfo
        key = (id(word.info), rule)
        found = self._memo.get(key)
        if found is None:
            kind, _, value = rule.partition(":")
            if kind == "counter":
                entries = prefer(prefer(word.entries, COUNTER_POS), gloss=value) if value else prefer(word.entries, COUNTER_POS)
            elif kind == "suffix":
                entries = prefer(word.entries, SUFFIX_POS)
            elif kind == "countries":
                made = _countries(word)
                entries = (made,) if made is not None else word.entries
            else:
                entries = prefer(word.entries, gloss=value)
            info = word.info if entries == word.entries else dataclasses.replace(word.info, entries=entries)
            if len(self._memo) > 50_000:
                self._memo.clear()
            found = self._memo[key] = (word.info, info)  # the key's info kept: its id stays its
        return found[1]
