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

from reader.core.text.model import Headword, Lexeme, Token

if TYPE_CHECKING:
    from reader.core.text.lexicon import Lexicon

_FUNCTION = frozenset({"助詞", "助動詞"})
_CONJUGATING = frozenset({"動詞", "形容詞"})
_CONJUNCTIVE = "助詞-接続助詞"
_MEMO_LIMIT = 100_000

BySecond = dict[str, tuple[Headword, ...]]


class Headwords:
    """The headwords of one dictionary, matched in sentences; memoised (one per thread)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._heads: dict[str, BySecond] = {}
        self._found: dict[tuple[int, ...], tuple[tuple[Lexeme, ...], Headword | None]] = {}

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
        by_second = self.index(tokens[i].surface)
        if not by_second:
            return None
        second = tokens[i + 1]
        found = by_second.get(second.surface)
        if second.lexeme.base != second.surface:
            other = by_second.get(second.lexeme.base)
            found = (found + other if found else other) if other else found
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
    - not a pronoun and its particle (これは, それが);
    - a run that starts with a particle only as written (とする is not とした).
    """
    head = tokens[i].lexeme.pos.split("-", 1)[0]
    rest_function = all(_function(tokens, k) for k in range(i + 1, last + 1))
    if rest_function and (head in _CONJUGATING or _function(tokens, i)):
        return False
    if head == "代名詞" and last == i + 1 and tokens[last].lexeme.pos.startswith("助詞"):
        return False
    return head != "助詞" or tokens[last].surface == ending
