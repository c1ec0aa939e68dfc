"""Finding the dictionary's multi-token headwords in running text (首脳会談, に対して,
ざるを得なかった), for the word layer (words.py).

The dictionary lists them by their first token (dictionaries/compounds.py); here they
are indexed by their second token too, matched against a sentence's tokens, and judged
on those tokens as this sentence has them: a headword tokenized alone may come out
differently, and some (して, これは) are grammar or two words where they stand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reader.core.text.model import COMPOUND, EXPRESSION, Headword, Lexeme, Token

if TYPE_CHECKING:
    from reader.core.text.lexicon import HeadwordSource, Lexicon

_FUNCTION = frozenset({"助詞", "助動詞"})
_CONJUGATING = frozenset({"動詞", "形容詞"})
_CONJUNCTIVE = "助詞-接続助詞"
_TOPIC = "助詞-係助詞"
_MEMO_LIMIT = 100_000
#: The most tokens an imported dictionary's headword is looked for across.
MAX_MORE_TOKENS = 8

BySecond = dict[str, tuple[Headword, ...]]


class Headwords:
    """The headwords of one dictionary, matched in sentences; memoised (one per thread)."""

    def __init__(self, lexicon: Lexicon, more: HeadwordSource | None = None) -> None:
        self.lexicon = lexicon
        self.more = more  # imported dictionaries: matched by text, not by tokens
        self._heads: dict[str, BySecond] = {}
        self._found: dict[tuple[int, ...], tuple[tuple[Lexeme, ...], Headword | None]] = {}
        self._more: dict[str, frozenset[str]] = {}

    def forget(self) -> None:
        """Forget what was found (the imported dictionaries changed)."""
        self._found.clear()
        self._more.clear()

    def starting_with(self, first: str) -> frozenset[str]:
        """Imported headwords that start with a token's surface (memoised)."""
        if self.more is None:
            return frozenset()
        found = self._more.get(first)
        if found is None:
            if len(self._more) >= _MEMO_LIMIT:
                self._more.clear()
            found = self._more[first] = self.more.starting_with(first)
        return found

    def index(self, first: str) -> BySecond:
        """A first token's headwords by their second token (a surface, or the dictionary
        form of the last token of a two-token headword), longest first."""
        found = self._heads.get(first)
        if found is not None:
            return found
        index: dict[str, list[Headword]] = {}
        for headword in self.lexicon.compounds(first):
            index.setdefault(headword.rest[0], []).append(headword)
        if len(self._heads) >= _MEMO_LIMIT:
            self._heads.clear()
        found = self._heads[first] = {k: tuple(v) for k, v in index.items()}
        return found

    def at(self, tokens: Sequence[Token], i: int, n: int, see: Callable[[int, int], None]) -> Headword | None:
        """The longest headword of two tokens or more starting at ``tokens[i]``; ``see``
        is told the farthest token looked at (see WordFinder._word_at)."""
        see(i + 1, n)
        if i + 1 >= n:
            return None
        imported = self.starting_with(tokens[i].surface)
        by_second = self.index(tokens[i].surface)
        if not by_second and not imported:
            return None
        second = tokens[i + 1]
        found = by_second.get(second.surface)
        if second.lexeme.base != second.surface:
            other = by_second.get(second.lexeme.base)
            found = (found + other if found else other) if other else found
        if imported:
            more = self._imported(tokens, i, n, imported, see)
            if more is not None and (not found or more.length > max(h.length for h in found)):
                return more
        if not found:
            return None
        # The answer depends on the next few tokens only: remember it by their lexemes.
        longest = i + max(h.length for h in found)
        see(longest - 1, n)
        lexemes = tuple(t.lexeme for t in tokens[i : min(n, longest)])
        key = tuple(map(id, lexemes))
        memo = self._found.get(key)
        if memo is not None:
            return memo[1]
        result = None
        for headword in sorted(found, key=_longest_first) if len(found) > 1 else found:
            rest = headword.rest
            last = i + len(rest)
            if last >= n:
                continue
            if all(tokens[i + 1 + k].surface == rest[k] for k in range(len(rest) - 1)) and (
                tokens[last].lexeme.base == rest[-1] or tokens[last].surface == rest[-1]
            ) and reads_as_one(tokens, i, last, rest[-1]):
                result = headword
                break
        if len(self._found) >= _MEMO_LIMIT:
            self._found.clear()
        self._found[key] = (lexemes, result)
        return result


    def _imported(
        self, tokens: Sequence[Token], i: int, n: int, imported: frozenset[str], see: Callable[[int, int], None]
    ) -> Headword | None:
        """The longest run from ``tokens[i]`` that an imported dictionary lists whole,
        its last token as written or in its dictionary form."""
        text = tokens[i].surface
        best = None
        last = min(n, i + MAX_MORE_TOKENS)
        longest = max(map(len, imported))
        for j in range(i + 1, last):
            see(j, n)
            token = tokens[j]
            for form in (token.surface, token.lexeme.base):
                if text + form in imported and reads_as_one(tokens, i, j, form):
                    rest = tuple(t.surface for t in tokens[i + 1 : j]) + (form,)
                    kind = EXPRESSION if tokens[i].lexeme.pos.startswith(("助詞", "助動詞")) else COMPOUND
                    best = Headword(rest, text + form, kind)
                    break
            text += token.surface
            if len(text) >= longest:
                break
        return best


def _longest_first(headword: Headword) -> int:
    return -headword.length


def _function(tokens: Sequence[Token], k: int) -> bool:
    """A particle or auxiliary, or a bound verb after the te-form (いる in ている)."""
    pos = tokens[k].lexeme.pos
    if pos.split("-", 1)[0] in _FUNCTION:
        return True
    return "非自立" in pos and tokens[k - 1].lexeme.pos == _CONJUNCTIVE


def reads_as_one(tokens: Sequence[Token], i: int, last: int, ending: str) -> bool:
    """Whether a headword found at ``tokens[i..last]`` is one word here, judged on the
    tokens as this sentence has them (a headword tokenized alone may differ):

    - not if it is all particles and auxiliaries (ないと, なければ, つつも);
    - not if a verb or adjective is followed by only those (して, 続いて, 挙げて):
      that is a conjugation, which the chain explains;
    - not a pronoun and its particle (これは, それが), nor a word and the topic
      particle (今日は: today, not hello);
    - not from a suffix, which belongs to the word before (会談後に: not 後に, later);
    - a run that starts with a particle only as written (とする is not とした).
    """
    head = tokens[i].lexeme.pos.split("-", 1)[0]
    if head == "接尾辞":  # a suffix belongs to the word before it: 会談後に is not 後に (later)
        return False
    rest_function = all(_function(tokens, k) for k in range(i + 1, last + 1))
    if rest_function and (head in _CONJUGATING or _function(tokens, i)):
        return False
    if head == "代名詞" and last == i + 1 and tokens[last].lexeme.pos.startswith("助詞"):
        return False
    if last == i + 1 and tokens[last].surface == "は" and tokens[last].lexeme.pos == _TOPIC:
        return False  # 今日は暑い: today, and the topic, not こんにちは
    return head != "助詞" or tokens[last].surface == ending
