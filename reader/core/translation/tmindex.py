"""Finding the translation-memory units similar to a sentence without scoring them all.

The score is rapidfuzz's ``fuzz.ratio``: 200·L / (m + n) for strings of lengths m and n
whose longest common subsequence has L characters. A score of at least t percent
therefore needs (a) a length n within [m·t/(200−t), m·(200−t)/t], and (b) at least
α = ⌈t/200 · (m + n)⌉ characters in common, counted as a multiset.

(b) allows the prefix filter of similarity joins (AllPairs, PPJoin): order every
character token ("の", "の" again, ...) by a fixed global order, rarest first. Two strings
with α tokens in common share a token within the first m − α + 1 of one and the first
n − α + 1 of the other. So each unit is indexed under the tokens of its prefix only,
by length and by position in that prefix, and a query looks up its own prefix for each
possible length: the rare characters of a sentence (its kanji, its names) find the
few units worth scoring, and common kana never do. The filter is exact: every unit
scoring t or more is found (the tests compare it with scoring every unit).

The index serves thresholds of ``INDEX_THRESHOLD`` and up; lower ones score everything.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from rapidfuzz import fuzz, process

INDEX_THRESHOLD = 70.0
_EPS = 1e-9


def tokens(text: str) -> list[str]:
    """Each character, with its occurrence number for repeats, so that sets of tokens
    count characters as a multiset does."""
    if len(set(text)) == len(text):
        return list(text)
    seen: dict[str, int] = {}
    out = []
    for ch in text:
        k = seen.get(ch, 0)
        seen[ch] = k + 1
        out.append(ch if k == 0 else f"{ch}\0{k}")
    return out


def length_range(m: int, threshold: float) -> tuple[int, int]:
    """Lengths a string may have and still score ``threshold`` against one of length m."""
    t = threshold / 100
    return math.ceil(m * t / (2 - t) - _EPS), math.floor(m * (2 - t) / t + _EPS)


def overlap(m: int, n: int, threshold: float) -> int:
    """Characters in common that a score of ``threshold`` needs between lengths m and n."""
    return math.ceil(threshold / 200 * (m + n) - _EPS)


def _indexed_prefix(n: int) -> int:
    """How many tokens of a unit of length n are indexed: enough for its shortest partner.
    They are kept by token, length and position in the prefix, so that a search takes
    from each only the positions its length pair needs."""
    shortest, _ = length_range(n, INDEX_THRESHOLD)
    return max(1, n - overlap(n, shortest, INDEX_THRESHOLD) + 1)


class FuzzyIndex:
    """Normalised sources at positions 0..len-1 and their prefix index.

    ``add`` keeps the index current. The global order is the token frequencies seen
    at build time (unseen tokens first, as rarest); it is fixed while the index lives,
    which the filter needs. The owner rebuilds when the units have doubled, so the
    order stays useful."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.texts: list[str] = list(texts)
        #: Each distinct text and its positions; postings hold the texts themselves, so a
        #: search scores its candidates without gathering them from positions.
        self._where: dict[str, list[int]] = {}
        for position, text in enumerate(self.texts):
            self._where.setdefault(text, []).append(position)
        frequency = Counter(token for text in self._where for token in tokens(text))
        # A total order, rarest first, fixed while the index lives: tokens met later in
        # added units rank before all of these, in the order they come (never reranked).
        self._rank = {token: i for i, token in enumerate(sorted(frequency, key=frequency.__getitem__))}
        self._postings: dict[tuple[str, int], dict[int, list[str]]] = {}
        self.built_for = len(self.texts)
        rank = self._rank.__getitem__
        for text in self._where:  # tokens made again rather than kept: a lower peak of memory
            self._index(text, sorted(tokens(text), key=rank))

    def __len__(self) -> int:
        return len(self.texts)

    def _order(self, text: str, learn: bool = False) -> list[str]:
        """The text's tokens in the global order; ``learn`` gives new tokens their rank."""
        rank = self._rank
        found = tokens(text)
        for token in found:
            if token not in rank:
                if not learn:
                    return sorted(found, key=lambda t: rank.get(t, -(2**62)))
                rank[token] = -len(rank) - 1
        return sorted(found, key=rank.__getitem__)

    def _index(self, text: str, ordered: list[str]) -> None:
        """Index a text under its first tokens (``ordered``: its tokens in the global order)."""
        n = len(ordered)
        if not n:
            return
        postings = self._postings
        prefix = _indexed_prefix(n)
        for j, token in enumerate(ordered[:prefix]):
            by_position = postings.get((token, n))
            if by_position is None:
                postings[(token, n)] = {j: [text]}
                continue
            texts = by_position.get(j)
            if texts is None:
                by_position[j] = [text]
            else:
                texts.append(text)

    def add(self, text: str) -> int:
        """Index one more text; its position."""
        position = len(self.texts)
        self.texts.append(text)
        where = self._where.get(text)
        if where is None:
            self._where[text] = [position]
            self._index(text, self._order(text, learn=True))
        else:
            where.append(position)
        return position

    def candidates(self, query: str, threshold: float) -> set[str]:
        """Every distinct text that may score ``threshold`` or more against ``query``."""
        m = len(query)
        found: set[str] = set()
        if not m:
            return found
        order = self._order(query)
        postings = self._postings
        shortest, longest = length_range(m, threshold)
        for n in range(max(shortest, 1), longest + 1):
            alpha = overlap(m, n, threshold)
            query_prefix, unit_prefix = m - alpha + 1, n - alpha + 1
            if query_prefix <= 0 or unit_prefix <= 0:
                continue
            for token in order[:query_prefix]:
                by_position = postings.get((token, n))
                if by_position:
                    for j, texts in by_position.items():
                        if j < unit_prefix:
                            found.update(texts)
        return found

    def search(self, query: str, threshold: float, limit: int) -> list[tuple[int, float]]:
        """(position, score) of up to ``limit`` texts scoring ``threshold`` or more, best
        first (ties: the later position first)."""
        if threshold < INDEX_THRESHOLD:
            return scan(query, self.texts, threshold, limit)
        if not query:
            return []
        found = process.extract(
            query, list(self.candidates(query, threshold)), scorer=fuzz.ratio, score_cutoff=threshold,
            limit=max(limit * 4, 20),
        )
        hits = [(position, float(score)) for text, score, _ in found for position in self._where[text]]
        hits.sort(key=lambda hit: (-hit[1], -hit[0]))
        return hits[:limit]


def scan(query: str, texts: list[str], threshold: float, limit: int) -> list[tuple[int, float]]:
    """The same answer as FuzzyIndex.search, by scoring every text (no index to build)."""
    return _best(query, range(len(texts)), texts, threshold, limit)


def _best(
    query: str, positions: list[int] | range, choices: list[str], threshold: float, limit: int
) -> list[tuple[int, float]]:
    if not query or not choices:
        return []
    # Ties at the limit are decided by position (newer first), so take a few more.
    found = process.extract(
        query, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=max(limit * 4, 20)
    )
    hits = [(positions[i], float(score)) for _, score, i in found]
    hits.sort(key=lambda hit: (-hit[1], -hit[0]))
    return hits[:limit]
