"""The word layer: spans of whole tokens that a learner reads and looks up as one.

MeCab's short units are not what a learner reads: 食べさせられなかった is five tokens and
one verb, 首脳会談 two tokens and one dictionary word. From left to right, each word is:

- a **compound** or **expression**: the longest run of tokens that is a headword of the
  dictionary (dictionaries/compounds.py finds them at build, keyed by their first
  token), its last token possibly inflected (ざるを得なかった finds ざるを得ない);
- a **conjugated** verb, adjective, copula or サ変 noun + する, with the auxiliaries
  the table in inflection.py says belong to it, named in English;
- else a **word** of one token (a number keeps its counter: 3人).

Words tile a sentence's tokens, spaces aside. Their furigana stay the tokens' except
where the dictionary reads a compound otherwise (大喧嘩 おおげんか). A katakana word
before a title (トランプ大統領, ゼレンスキー氏) is taken for a person's name first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.core.text import inflection
from reader.core.text.headwords import BySecond, Headwords
from reader.core.text.furigana import ruby_for
from reader.core.text.kana import is_kana, is_kanji, to_hiragana
from reader.core.text.model import (
    COMPOUND,
    CONJUGATED,
    WORD,
    Headword,
    Lexeme,
    Token,
    Word,
    WordInfo,
)
from reader.core.text.names import before_title, is_katakana
from reader.core.text.tokenize import NUMBER_POS, SPACE_POS

if TYPE_CHECKING:
    from reader.core.text.lexicon import HeadwordSource, Lexicon

#: Parts of speech that are no word to learn: punctuation, space, particles, auxiliaries.
NOT_CONTENT = frozenset({"補助記号", "記号", "空白", "助詞", "助動詞"})
#: Heads of a conjugation (UniDic's first part-of-speech level).
_CONJUGATING = frozenset({"動詞", "形容詞"})
_COPULA = frozenset({"だ", "です"})
_SURU = frozenset({"為る", "出来る"})  # 準備する, 準備できる
_SURU_NOUN = "サ変"
_ADJECTIVAL_NOUN = "形状詞"
_MEMO_LIMIT = 100_000
_new_tuple = tuple.__new__  # Word.make inlined: the loop in words() runs once per token
#: What of the next token decides whether a token is more than a one-token word.
_ALONE, _SPACE, _NEXT_RULE, _NEXT_LEMMA, _TITLE, _COUNTER = range(6)


def wants_gloss(word: Lexeme) -> bool:
    """Content words written in Japanese; English words and URLs in the text are left be."""
    return (
        word.pos.split("-", 1)[0] not in NOT_CONTENT
        and word.pos != NUMBER_POS
        and any(is_kana(c) or is_kanji(c) for c in word.surface)
    )


def _pos1(token: Token) -> str:
    return token.lexeme.pos.split("-", 1)[0]


def _joined(tokens: Sequence[Token]) -> tuple[str, str]:
    return "".join(t.surface for t in tokens), "".join(t.lexeme.reading for t in tokens)


class _AnySecond(dict):  # type: ignore[type-arg]
    """A by-second index that every token fits (imported headwords are matched by text)."""

    def __contains__(self, key: object) -> bool:
        return True


_ANY_SECOND: BySecond = _AnySecond()

#: What a lexeme says of the word it starts (see WordFinder._plan): its one-token word,
#: the headwords that start with it, the test of the next token, the lemmas that test
#: looks for, and whether nothing after it can ever join it.
Plan = tuple[WordInfo, BySecond | None, int, frozenset[str], bool]


class WordFinder:
    """Finds the words of tokenized sentences. Use one per thread (it memoises)."""

    def __init__(self, lexicon: Lexicon | None = None, more: HeadwordSource | None = None) -> None:
        self.lexicon = lexicon
        # Word information that no context changes, by the ids of its tokens' lexemes
        # (the memo holds the lexemes, so their ids stay theirs).
        self._memo: dict[tuple[int, ...], tuple[tuple[Lexeme, ...], WordInfo]] = {}
        self.headwords = Headwords(lexicon, more) if lexicon is not None else None
        self._plans: dict[int, Plan] = {}
        self._alive: list[Lexeme] = []
        self._decided: dict[tuple[tuple[int, ...], bool], tuple[tuple[Lexeme, ...], int, WordInfo]] = {}
        self._windows: dict[int, list[tuple[int, bool]]] = {}
        self._far, self._cut = 0, False  # what _decide looked at: see _word_at
        self._named: set[str] = set()  # katakana words seen before a title
        self._rules: dict[tuple[int, ...], tuple[tuple[Lexeme, ...], inflection.Rule | None]] = {}

    def words(self, tokens: Sequence[Token]) -> tuple[Word, ...]:
        out: list[Word] = []
        append = out.append
        n = len(tokens)
        last = n - 1
        after = 0  # the first token not yet in a word
        new = _new_tuple
        plans = self._plans
        for i, token in enumerate(tokens):
            if i < after:
                continue
            plan = plans.get(id(token.lexeme))
            if plan is None:
                plan = self._plan(token)
            if plan[4] or i == last:  # the common case: a word of one token, whatever follows
                if plan[2] != _SPACE:
                    append(new(Word, (i, (token,), plan[0])))
                continue
            trigger = plan[2]
            if trigger == _SPACE:
                continue
            nxt = tokens[i + 1]  # does it make this more than a one-token word?
            by_second = plan[1]
            if by_second is not None and (nxt.surface in by_second or nxt.lexeme.base in by_second):
                slow = True
            elif trigger == _ALONE:
                slow = False
            elif trigger == _NEXT_RULE:
                slow = inflection.starts_rule(nxt)
            elif trigger == _NEXT_LEMMA:
                slow = nxt.lexeme.lemma in plan[3]
            elif trigger == _TITLE:
                slow = self._before_title(tokens, i)
            else:
                slow = self._counter(nxt)
            if slow:
                after, info = self._word_at(tokens, i, n)
                append(new(Word, (i, tuple(tokens[i:after]), info)))
            else:
                append(new(Word, (i, (token,), plan[0])))
        return tuple(out)

    def _plan(self, token: Token) -> Plan:
        """What a token's lexeme says about the word it starts, apart from its context:
        (that word when nothing after it joins it; the headwords starting with it, by
        their second token; which test of the next token says something may join)."""
        lexeme = token.lexeme
        pos = lexeme.pos
        headwords = self.headwords
        index = headwords.index(token.surface) if headwords is not None else {}
        by_second = index or None
        if headwords is not None and headwords.starting_with(token.surface):
            by_second = _ANY_SECOND  # an imported headword may start here: always look
        lemmas: frozenset[str] = frozenset()
        if pos == SPACE_POS:
            info, trigger = self._single(token), _SPACE
        elif pos.split("-", 1)[0] in _CONJUGATING or _is_copula(token):
            info, trigger = self._conjugated((token,), 0, 0, 0 if _is_copula(token) else 1, 1)[1], _NEXT_RULE
        else:
            info, trigger = self._single(token), _ALONE
            if _SURU_NOUN in pos:
                lemmas |= _SURU
            if _ADJECTIVAL_NOUN in pos:
                lemmas |= _COPULA
            if lemmas:
                trigger = _NEXT_LEMMA
            elif pos == NUMBER_POS:
                trigger = _COUNTER
            elif pos.startswith("名詞") and is_katakana(token.surface):
                trigger = _TITLE
                if token.surface in self._named:
                    info = self._with_names(info)
        plan = (info, by_second, trigger, lemmas, trigger == _ALONE and by_second is None)
        if len(self._alive) >= _MEMO_LIMIT:
            self._alive.clear()
            self._plans.clear()
        self._plans[id(lexeme)] = plan
        self._alive.append(lexeme)  # its id stays its own while the plan is kept
        return plan

    # -- which tokens -----------------------------------------------------------

    def _word_at(self, tokens: Sequence[Token], i: int, n: int) -> tuple[int, WordInfo]:
        """The word from ``i``: its end and what it is.

        The answer depends only on the tokens the rules looked at, from ``i`` to the
        farthest (and on whether the sentence ended before one they wanted), so it is
        remembered by their lexemes: the same few tokens in another sentence are
        decided in one lookup.
        """
        lexeme = tokens[i].lexeme
        windows = self._windows.get(id(lexeme))
        if windows:
            ids = [id(t.lexeme) for t in tokens[i : i + windows[0][0]]]
            decided = self._decided
            for far, cut in windows:
                if i + far > n or (cut and i + far != n):
                    continue
                found = decided.get((tuple(ids[:far]), cut))
                if found is not None:
                    return i + found[1], found[2]
        self._far, self._cut = i + 1, False
        end, info = self._decide(tokens, i, n)
        far = self._far - i
        lexemes = tuple(t.lexeme for t in tokens[i : i + far])
        if len(self._decided) >= _MEMO_LIMIT:
            self._decided.clear()
            self._windows.clear()
        self._decided[(tuple(map(id, lexemes)), self._cut)] = (lexemes, end - i, info)
        windows = self._windows.setdefault(id(lexeme), [])
        if (far, self._cut) not in windows:  # the widest first: its ids serve them all
            windows.append((far, self._cut))
            windows.sort(reverse=True)
        return end, info

    def _see(self, k: int, n: int) -> None:
        """Note that a rule looked at ``tokens[k]`` (or wanted it, past the end)."""
        if k >= n:
            self._cut = True
        elif k >= self._far:
            self._far = k + 1

    def _decide(self, tokens: Sequence[Token], i: int, n: int) -> tuple[int, WordInfo]:
        token = tokens[i]
        self._see(i + 1, n)
        headword = self.headword(tokens, i, n) if self.lexicon is not None else None
        if headword is not None:
            return self._compound(tokens, i, i + headword.length, headword)
        pos = token.lexeme.pos
        pos1 = pos.split("-", 1)[0]
        nxt = tokens[i + 1] if i + 1 < n else None
        if pos1 in _CONJUGATING:
            return self._conjugated(tokens, i, i, i + 1, n)
        if nxt is not None:
            if _SURU_NOUN in pos and nxt.lexeme.lemma in _SURU and _pos1(nxt) == "動詞":
                return self._conjugated(tokens, i, i + 1, i + 2, n)
            if _ADJECTIVAL_NOUN in pos and _is_copula(nxt) and not self._starts_headword(tokens, i + 1):
                return self._conjugated(tokens, i, i, i + 1, n)
            if pos == NUMBER_POS and self._counter(nxt):
                return i + 2, self._number(tokens[i], nxt)
        if _is_copula(token):
            return self._conjugated(tokens, i, i, i, n)
        if nxt is not None and is_katakana(token.surface) and self._before_title(tokens, i):
            self._remember_name(token.surface)
            return i + 1, self._with_names(self._single(token))
        if token.surface in self._named:
            return i + 1, self._with_names(self._single(token))
        return i + 1, self._single(token)

    def new_text(self) -> None:
        """Forget the names met in the last text (see _remember_name)."""
        if self._named:
            self._named.clear()
            self._forget_decisions()

    def _forget_decisions(self) -> None:
        self._plans.clear()
        self._alive.clear()
        self._decided.clear()
        self._windows.clear()

    def _remember_name(self, surface: str) -> None:
        """A katakana word once seen before a title is a name wherever it comes again
        (トランプ大統領 …, then トランプは: Trump): decisions made without that are dropped."""
        if surface not in self._named:
            self._named.add(surface)
            self._forget_decisions()

    def forget(self) -> None:
        """Forget every decision (the imported dictionaries changed)."""
        self._named.clear()
        self._decided.clear()
        self._windows.clear()
        self._plans.clear()
        self._alive.clear()
        self._memo.clear()
        if self.headwords is not None:
            self.headwords.forget()

    def headword(self, tokens: Sequence[Token], i: int, n: int) -> Headword | None:
        """The longest dictionary headword of two tokens or more starting at ``i``."""
        if self.headwords is None:
            return None
        return self.headwords.at(tokens, i, n, self._see)

    def _match(self, tokens: Sequence[Token], j: int, n: int) -> inflection.Rule | None:
        """inflection.match, remembered by the lexemes of the tokens it looks at."""
        token = tokens[j]
        lexeme = token.lexeme
        rules = inflection.candidates(lexeme.lemma, lexeme.base, token.surface)
        if not rules:
            return None
        self._see(j + len(rules[0].steps) - 1, n)
        lexemes = tuple(t.lexeme for t in tokens[j : min(n, j + len(rules[0].steps))])
        key = tuple(map(id, lexemes))
        memo = self._rules.get(key)
        if memo is None:
            if len(self._rules) >= _MEMO_LIMIT:
                self._rules.clear()
            memo = self._rules[key] = (lexemes, inflection.match(tokens, j, n))
        return memo[1]

    def _starts_headword(self, tokens: Sequence[Token], j: int) -> bool:
        """Whether a headword starts at ``j`` (平和について: the に is not 平和's copula)."""
        return self.lexicon is not None and self.headword(tokens, j, len(tokens)) is not None

    @staticmethod
    def _counter(token: Token) -> bool:
        pos = token.lexeme.pos
        return "助数詞" in pos or pos.startswith("接尾辞-名詞的")

    def _before_title(self, tokens: Sequence[Token], i: int) -> bool:
        return before_title(tokens, i, self._see)

    # -- what they are -----------------------------------------------------------

    def _remember(self, tokens: Sequence[Token], info: WordInfo) -> WordInfo:
        if len(self._memo) >= _MEMO_LIMIT:
            self._memo.clear()
        lexemes = tuple(t.lexeme for t in tokens)
        self._memo[tuple(map(id, lexemes))] = (lexemes, info)
        return info

    def _recall(self, tokens: Sequence[Token]) -> WordInfo | None:
        found = self._memo.get(tuple(id(t.lexeme) for t in tokens))
        return found[1] if found is not None else None

    def _single(self, token: Token) -> WordInfo:
        found = self._memo.get((id(token.lexeme),))
        if found is not None:
            return found[1]
        lexeme = token.lexeme
        info = WordInfo(
            token.surface, WORD, lexeme.base, lexeme.base_reading, lexeme.reading,
            (lexeme.base, lexeme.base_reading), lexeme, entries=lexeme.entries,
            content=wants_gloss(lexeme),
        )
        return self._remember((token,), info)

    def _with_names(self, info: WordInfo) -> WordInfo:
        """A word before a title with its names first (トランプ, Trump, not cards)."""
        if self.lexicon is None:
            return info
        names = self.lexicon.lookup_names(info.text, info.reading)
        if not names or info.entries[:1] == names[:1]:
            return info
        rest = tuple(e for e in info.entries if not e.is_name)
        return dataclasses.replace(info, entries=names + rest)

    def _number(self, number: Token, counter: Token) -> WordInfo:
        """A number and its counter: one word, known as its counter is."""
        info = self._recall((number, counter))
        if info is None:
            text, reading = _joined((number, counter))
            lexeme = counter.lexeme
            info = self._remember((number, counter), WordInfo(
                text, WORD, text, reading, reading, (lexeme.base, lexeme.base_reading), lexeme,
                entries=lexeme.entries, content=wants_gloss(lexeme),
            ))
        return info

    def _compound(
        self, tokens: Sequence[Token], i: int, end: int, headword: Headword
    ) -> tuple[int, WordInfo]:
        last = tokens[end - 1]
        n = len(tokens)
        chain_end, names = end, []
        self._see(end, n)
        if (
            _ADJECTIVAL_NOUN in last.lexeme.pos and end < n and _is_copula(tokens[end])
            and not self._starts_headword(tokens, end)
        ):
            names = list(inflection.copula_names(tokens[end]))  # 具体的な, このような
            chain_end, more = self._chain(tokens, end, end + 1, n, own_form=False)
            names.extend(more)
        elif _pos1(last) in _CONJUGATING or _pos1(last) == "助動詞":
            chain_end, names = self._chain(tokens, end - 1, end, n, own_form=False)
        span = tokens[i:chain_end]
        info = self._recall(span)
        if info is not None:
            return chain_end, info
        assert self.lexicon is not None
        text, reading = _joined(span)
        readings = self.lexicon.form_readings(headword.text)
        own = readings[0] if len(readings) == 1 else ""
        whole = "".join(t.lexeme.reading for t in tokens[i : end - 1]) + last.lexeme.base_reading
        base_reading = own or whole
        ruby: tuple = ()
        if own and chain_end == end and last.surface == last.lexeme.base and own != reading:
            reading, ruby = own, ruby_for(text, own)
        entries = self.lexicon.lookup_form(headword.text)
        if len(entries) > 1:  # the entries read as the text is read first (何時 なんじ, not いつ)
            read = [e for e in entries if to_hiragana(e.reading) == base_reading]
            entries = tuple(read + [e for e in entries if e not in read])
        info = WordInfo(
            text, headword.kind, headword.text, base_reading, reading,
            (headword.text, base_reading), tokens[i].lexeme, tuple(names), entries, True, ruby,
        )
        info = self._remember(span, info)
        if is_katakana(text) and self._before_title(tokens, chain_end - 1):
            info = self._with_names(info)  # マクロン大統領: Macron, not the diacritic
        return chain_end, info

    def _conjugated(
        self, tokens: Sequence[Token], i: int, head: int, j: int, n: int
    ) -> tuple[int, WordInfo]:
        """The word from ``i`` whose conjugating token is ``head``, its chain from ``j``
        (a na-adjective's or a noun's copula is ``tokens[j]``)."""
        h = tokens[head]
        copula = _is_copula(h)
        names: list[str] = []
        own_form = True
        if copula or _ADJECTIVAL_NOUN in tokens[i].lexeme.pos:  # 静かだった: the だっ
            names.extend(inflection.copula_names(tokens[j]))
            j += 1
            own_form = False
        end, more = self._chain(tokens, head, j, n, own_form)
        names.extend(more)
        span = tokens[i:end]
        info = self._recall(span)
        if info is not None:
            return end, info
        info = self._conjugation(span, tokens[i], h, names, copula)
        return end, self._remember(span, info)

    def _conjugation(
        self, span: Sequence[Token], first: Token, head: Token, names: list[str], copula: bool
    ) -> WordInfo:
        text, reading = _joined(span)
        if first is not head:  # 準備する, 準備できる: the noun is the dictionary's word
            noun = first.lexeme
            if head.lexeme.lemma == "出来る":
                names.insert(0, inflection.POTENTIAL)
            return WordInfo(
                text, CONJUGATED, noun.base + "する", noun.base_reading + "する", reading,
                (noun.base, noun.base_reading), noun, tuple(names), noun.entries,
                wants_gloss(noun),
            )
        lexeme = first.lexeme
        base, base_reading, entries = lexeme.base, lexeme.base_reading, lexeme.entries
        potential = inflection.potential(lexeme)
        if potential is not None:  # 読める: 読む, potential
            base, base_reading = potential
            names.insert(0, inflection.POTENTIAL)
            if self.lexicon is not None:
                entries = self.lexicon.lookup(base, base_reading) or entries
        kind = CONJUGATED if names or len(span) > 1 else WORD
        return WordInfo(
            text, kind, base, base_reading, reading, (base, base_reading), lexeme,
            tuple(names), entries, wants_gloss(lexeme) and not copula,
        )

    def _chain(
        self, tokens: Sequence[Token], head: int, j: int, n: int, own_form: bool = True
    ) -> tuple[int, list[str]]:
        """How far the conjugation of ``tokens[head]`` runs from ``j``, and its names;
        ``own_form``: what the head's own form says counts (行こう, volitional)."""
        names = list(inflection.form_names(tokens[head])) if own_form else []
        start = j
        while True:
            self._see(j, n)
            if j >= n:
                break
            rule = self._match(tokens, j, n)
            if rule is None:
                break
            steps = len(rule.steps)
            if self.lexicon is not None:  # ざるを得ない after 出さ is a word of its own
                headword = self.headword(tokens, j, n)
                if headword is not None and headword.length > steps:
                    break
            inflection.add(names, rule.names)
            if rule.forms:
                names.extend(inflection.form_names(tokens[j + steps - 1]))
            j += steps
        if j == start and own_form and (ending := inflection.ending(tokens[head])):
            names.append(ending)
        return j, names


def _is_copula(token: Token) -> bool:
    return token.lexeme.lemma in _COPULA and token.lexeme.pos == "助動詞"


__all__ = ["COMPOUND", "WordFinder", "wants_gloss"]
