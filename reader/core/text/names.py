"""Names: JMnedict's entries ranked against JMdict's, and a second look at the tokens.

UniDic knows many names but not all, and MeCab sometimes cuts a foreign name it does
not know into words it does (ヘルソン as ヘ + ルソン, Luzon). So after tokenizing,
katakana pieces that no dictionary spells are joined again where the whole is a name
or a word (ヘルソン, Kherson; コネクト), words UniDic does not know at all take their
reading from the dictionaries, and a few names that no data reads right are read from
a hand-checked table. Joined tokens still tile the text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reader.core.text.furigana import ruby_for
from reader.core.text.kana import has_kanji, is_kanji, to_hiragana
from reader.core.text.model import Entry, Lexeme, Sense, Token
from reader.core.text.tokenize import english_of

if TYPE_CHECKING:
    from reader.core.text.lexicon import Lexicon

#: The part of speech shown for a name that only UniDic knows.
NAME_POS = "proper noun (UniDic)"
PROPER = "固有名詞"

#: Names in the bundled articles that neither UniDic nor JMnedict reads right, checked
#: by hand: 髙良沙哉 (Takara Saya) is otherwise read 髙良 (unknown) + 砂 + なり.
NAME_READINGS: dict[str, str] = {"髙良": "たから", "沙哉": "さや"}
_NAME_PREFIXES = frozenset(k[:i] for k in NAME_READINGS for i in range(1, len(k)))
_LISTED_POS = "名詞-固有名詞-人名-一般"
#: Variant kanji that JMnedict spells in their common form (髙良 is listed as 高良).
VARIANTS = str.maketrans("髙﨑德濵邉邊", "高崎徳浜辺辺")
#: The longest run of tokens joined back into one name.
MAX_JOIN = 4
_KATAKANA = re.compile("[ァ-ヺー]+")
_PERSON = frozenset({"surname", "given name", "female given name", "male given name", "person"})
#: JMnedict's kinds of name that a run of tokens may be joined into (see _kanji_name).
_WHOLE_NAMES = frozenset({
    "place name", "station name", "organization name", "company name", "person", "product name",
})

Glosser = Callable[[Lexeme], tuple[Entry, ...]]


def is_katakana(text: str) -> bool:
    return _KATAKANA.fullmatch(text) is not None


def _reads(entry: Entry, reading: str) -> bool:
    return not reading or to_hiragana(entry.reading) == reading


def unidic_name(word: Lexeme) -> tuple[Entry, ...]:
    """A name labelled with the English UniDic gives it (アンカレジ-Anchorage), or ()."""
    english = english_of(word.lemma)
    if PROPER not in word.pos or not english:
        return ()
    return (Entry(0, word.base, word.base_reading, (Sense((NAME_POS,), (english,)),)),)


def _sense_first(entry: Entry, english: str) -> Entry | None:
    """``entry`` with its sense glossed ``english`` first, or None if it has none."""
    low = english.lower()
    for k, sense in enumerate(entry.senses):
        if any(low in g.lower() for g in sense.glosses):
            if k == 0:
                return entry
            rest = entry.senses[:k] + entry.senses[k + 1 :]
            return dataclasses.replace(entry, senses=(sense, *rest))
    return None


def with_names(
    dictionary: Lexicon, word: Lexeme, entries: tuple[Entry, ...]
) -> tuple[Entry, ...]:
    """JMnedict's names read as UniDic reads the word, ranked against JMdict's entries:
    before them for people (林 Hayashi, not wood), where JMdict's do not read the same,
    and for katakana JMdict knows only as an uncommon word; after them for places and
    the like JMdict knows (東京, ロシア)."""
    reading = word.base_reading
    names = dictionary.lookup_names(word.base, reading)
    if not names and (plain := word.base.translate(VARIANTS)) != word.base:
        found = dictionary.lookup_names(plain, reading)
        names = tuple(dataclasses.replace(e, word=word.base) for e in found)
    names = tuple(e for e in names if _reads(e, reading))
    unidic = unidic_name(word)
    if unidic:  # UniDic's English names the one meant: ロイター-Reuters, not Reuter
        english = unidic[0].glosses[0]
        told = [_sense_first(e, english) for e in names]
        names = tuple(e for e in told if e) + tuple(e for e, t in zip(names, told) if not t)
        if not any(told):
            names = unidic + names
    if not entries or not names:
        return entries or names
    first = entries[0]
    exact = first.word in (word.base, word.surface) and _reads(first, reading)
    # A katakana word JMdict knows only as an uncommon word is likelier a person's name
    # (not a film's: パトリオット is the missile; a country's entries say the same).
    uncommon = (
        is_katakana(word.base) and len(word.base) > 1 and not first.common
        and bool(set(names[0].senses[0].pos) & _PERSON)
    )
    # One character alone (ロ of 対ロ, Russia) is rarely a name unless UniDic says so.
    if "人名" in word.pos or ((not exact or uncommon) and len(word.base) > 1):
        return names + entries
    return entries + names


def needs_second_look(word: Lexeme, entries: tuple[Entry, ...]) -> bool:
    """Words that a listed name starts with, words of kanji UniDic cannot read, and
    katakana that no dictionary spells so (ルソン is only UniDic's Luzon, クト only
    JMdict's くと). Single characters are left be: 執 of 執つた is not JMdict's しゅう."""
    surface = word.surface
    if surface in NAME_READINGS or surface in _NAME_PREFIXES:
        return True
    if len(surface) < 2:  # one kanji or kana alone is too ambiguous to guess at
        return False
    if not word.reading:
        return has_kanji(surface)
    if not is_katakana(surface):
        return False
    first = entries[0] if entries else None
    return first is None or first.id == 0 or first.word != surface


class NameReader:
    """The second look at an Annotator's tokens; see the module's docstring.

    The glosser reports each new word to :meth:`note`, so a sentence none of whose
    words needs a second look is let through after one regular-expression search.
    """

    def __init__(self, dictionary: Lexicon, glosser: Glosser) -> None:
        self.dictionary = dictionary
        self._glosser = glosser
        self._surfaces: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        # id(lexeme) -> (lexeme, kept so its id stays unique; reread form; may it join?)
        self._looks: dict[int, tuple[Lexeme, Lexeme | None, bool]] = {}
        self._joined: dict[str, Lexeme | None] = {}

    def note(self, word: Lexeme, entries: tuple[Entry, ...]) -> None:
        if word.surface not in self._surfaces and (
            needs_second_look(word, entries) or self._starts_name(word)
        ):
            self._surfaces.add(word.surface)
            self._pattern = None

    def _starts_name(self, word: Lexeme) -> bool:
        """A proper noun that a longer JMnedict name of kanji starts with (羽田: 羽田空港)."""
        return PROPER in word.pos and has_kanji(word.surface) and bool(
            self.dictionary.names_starting_with(word.surface)
        )

    def reread(self, text: str, tokens: list[Token]) -> list[Token]:
        """``tokens`` (of ``text``) with cut names joined and unknown words read; the
        same list when nothing changes."""
        if not self._surfaces:
            return tokens
        if self._pattern is None:
            longest_first = sorted(self._surfaces, key=len, reverse=True)
            self._pattern = re.compile("|".join(map(re.escape, longest_first)))
        if not self._pattern.search(text):
            return tokens
        out: list[Token] | None = None
        i, n = 0, len(tokens)
        while i < n:
            token = tokens[i]
            look = self._look(token.lexeme) if token.surface in self._surfaces else None
            if look is not None and look[2]:
                # The piece before may join too (ヘ|ルソン), unless already changed.
                back = i > 0 and (out is None or out[-1] is tokens[i - 1])
                found = self._join(tokens, i, back)
                if found is not None:
                    start, end, joined = found
                    if out is None:
                        out = tokens[:start]
                    elif start < i:
                        out.pop()
                    out.append(joined)
                    i = end
                    continue
            if look is not None and look[1] is not None:
                if out is None:
                    out = tokens[:i]
                out.append(Token(token.surface, token.start, look[1]))
            elif out is not None:
                out.append(token)
            i += 1
        return tokens if out is None else out

    def _look(self, lex: Lexeme) -> tuple[Lexeme, Lexeme | None, bool]:
        look = self._looks.get(id(lex))
        if look is None:
            if len(self._looks) > 50_000:
                self._looks.clear()
            may_join = lex.surface in _NAME_PREFIXES or self._starts_name(lex) or (
                lex.reading != "" and needs_second_look(lex, lex.entries)
            )
            look = self._looks[id(lex)] = (lex, self._reread(lex), may_join)
        return look

    def _join(self, tokens: list[Token], i: int, back: bool) -> tuple[int, int, Token] | None:
        """The longest run of two or more tokens, from ``tokens[i]`` or the katakana
        token before it, that spells a listed name, a katakana name or a katakana word:
        (start, end, the joined token)."""
        starts = (i - 1, i) if back and is_katakana(tokens[i - 1].surface) else (i,)
        for start in starts:
            for end in range(min(len(tokens), start + MAX_JOIN), max(i, start + 1), -1):
                text = "".join(t.surface for t in tokens[start:end])
                lex = self._joined_lexeme(text)
                if lex is not None:
                    return start, end, Token(text, tokens[start].start, lex)
        return None

    def _joined_lexeme(self, text: str) -> Lexeme | None:
        """The Lexeme of a name joined from pieces, or None when ``text`` is no name."""
        if text in self._joined:
            return self._joined[text]
        lex: Lexeme | None = None
        if text in NAME_READINGS:
            lex = self._lexeme(text, NAME_READINGS[text], _LISTED_POS)
        elif is_katakana(text):
            reading = to_hiragana(text)
            names = [e for e in self.dictionary.lookup_names(text) if _reads(e, reading)]
            if names:
                kinds = set(names[0].senses[0].pos)
                kind = "人名-一般" if kinds & _PERSON else "地名-一般" if "place name" in kinds else "一般"
                lex = self._lexeme(text, reading, "名詞-固有名詞-" + kind)
            elif self.dictionary.lookup_form(text):
                lex = self._lexeme(text, reading, "名詞-普通名詞-一般")
        elif has_kanji(text) and not self.dictionary.lookup_form(text):
            lex = self._kanji_name(text)
        self._joined[text] = lex
        return lex

    def _kanji_name(self, text: str) -> Lexeme | None:
        """A place, station, organisation or person JMnedict spells ``text`` (羽田空港
        はねだくうこう, 清水寺 きよみずでら), as one proper noun; None otherwise. Surnames
        and given names alone are left out: any two tokens might spell one."""
        for entry in self.dictionary.lookup_names(text):
            kinds = set(entry.senses[0].pos) if entry.senses else set()
            if kinds & _WHOLE_NAMES:
                kind = "人名-一般" if "person" in kinds else "地名-一般"
                return self._lexeme(text, to_hiragana(entry.reading), "名詞-固有名詞-" + kind)
        return None

    def _lexeme(self, text: str, reading: str, pos: str) -> Lexeme:
        lex = Lexeme(text, reading, text, reading, pos, lemma=text, ruby=ruby_for(text, reading))
        entries = self._glosser(lex)
        return dataclasses.replace(lex, entries=entries) if entries else lex

    def _reread(self, lex: Lexeme) -> Lexeme | None:
        """Listed names, and words UniDic cannot read read as the dictionaries spell
        them (JMdict's entry for the very spelling, else JMnedict's likeliest name)."""
        if lex.surface in NAME_READINGS:
            return self._lexeme(lex.surface, NAME_READINGS[lex.surface], _LISTED_POS)
        if lex.reading or len(lex.surface) < 2 or not has_kanji(lex.surface):
            return None
        reading = next((e.reading for e in lex.entries if e.word == lex.surface), "")
        if not reading:
            names = self.dictionary.lookup_names(lex.surface.translate(VARIANTS))
            reading = names[0].reading if names else ""
        if not reading:
            return None
        reading = to_hiragana(reading)
        return dataclasses.replace(
            lex, reading=reading, base_reading=reading, ruby=ruby_for(lex.surface, reading)
        )


#: Words after which a katakana word is a person (トランプ大統領), and the one-kanji
#: words that may stand between (トランプ米大統領, ブッシュ元大統領).
TITLES = frozenset(
    "大統領 氏 首相 政権 主導 外相 国務長官 長官 副大統領 大使 陣営 夫人 政府 議員 候補"
    " 党首 総裁 総統 国王 女王 王子 首席 書記長 議長 代表 監督 選手 教授 博士 被告"
    " 容疑者 さん 元首相 前大統領 元大統領 次期大統領 首脳 国防相 財務相 外務大臣".split()
)


def before_title(tokens: Sequence[Token], i: int, see: Callable[[int, int], None]) -> bool:
    """Whether ``tokens[i]``, a katakana noun, stands before a title (see TITLES);
    ``see`` is told each token looked at (words.WordFinder._word_at)."""
    token = tokens[i]
    n = len(tokens)
    see(i + 1, n)
    if i + 1 >= n or not token.lexeme.pos.startswith("名詞"):
        return False
    if not is_katakana(token.surface) and not is_katakana(token.lexeme.base):
        return False
    nxt = tokens[i + 1].surface
    if nxt in TITLES:
        return True
    if len(nxt) != 1 or not is_kanji(nxt):
        return False
    see(i + 2, n)
    return i + 2 < n and tokens[i + 2].surface in TITLES
