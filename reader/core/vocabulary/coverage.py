"""Vocabulary over annotated text: an article's words, their statuses, coverage and i+1.

Words are the word layer's (text/words.py): 食べさせられなかった is one word, 食べる;
首脳会談 is one word, not 首脳 and 会談. Each is keyed by its dictionary entry, Word.key,
so a saved 首脳 stays saved and still colours 首脳 where it stands alone. Only content
words count (Word.content): particles, punctuation, numbers and Latin text are neither
known nor unknown. Statuses follow vocabulary/status.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from reader.core.storage.store import Store
from reader.core.text.model import AnnotatedArticle, AnnotatedSentence, Word
from reader.core.vocabulary.status import Key, is_known, keys_to_look_up, status_of
from reader.core.vocabulary.words import Words

Article = AnnotatedArticle | Iterable[AnnotatedSentence]


def _words(article: Article) -> Iterator[Word]:
    items = article.sentences if isinstance(article, AnnotatedArticle) else article
    for sentence in items:
        yield from sentence.words


def word_key(word: Word) -> Key:
    """How the vocabulary keys a word: its dictionary entry's (form, reading)."""
    return word.key


class StatusView:
    """Words as every view sees them: whether each is a word to learn and its status by
    the one rule. The page, coverage and i+1 all use this, so they cannot disagree."""

    def __init__(self, statuses: Mapping[Key, str] | None = None) -> None:
        self.statuses: Mapping[Key, str] = statuses if statuses is not None else {}

    @staticmethod
    def is_word(word: Word) -> bool:
        return word.content

    def status(self, word: Word) -> str:
        """The word's status ("new" when none is stored); "" for what is not a word."""
        return status_of(self.statuses, word.key) if word.content else ""

    def unknown_in(self, sentence: AnnotatedSentence) -> set[Key]:
        """The distinct words of a sentence not yet known; i+1 when there is exactly one."""
        statuses = self.statuses
        return {
            w.key for w in sentence.words if w.content and not is_known(status_of(statuses, w.key))
        }


def content_words(article: Article) -> list[Key]:
    """The article's content words, each once, in order of first appearance."""
    return list(dict.fromkeys(w.key for w in _words(article) if w.content))


def article_statuses(store: Store, article: Article) -> dict[Key, str]:
    """Statuses of just this article's words: a few index lookups, however large the store."""
    return Words(store).word_statuses(keys_to_look_up(content_words(article)))


def mark_article_known(store: Store, article: Article) -> int:
    """Mark every content word not yet learning, known or ignored as known, in one
    transaction; returns how many words changed."""
    return Words(store).mark_known(content_words(article))[0]


# -- coverage ---------------------------------------------------------------


@dataclass(frozen=True)
class UnknownWord:
    base: str
    reading: str
    count: int  # occurrences in the article
    nf: int | None  # JMdict newspaper frequency band of its best entry: 1 = most frequent
    first: int  # index of the sentence it first appears in


@dataclass(frozen=True)
class Coverage:
    """How much of an article the reader knows; shares are 0..1 (1 for an empty article)."""

    running_words: int
    running_known: int
    distinct_words: int
    distinct_known: int
    unknown_by_frequency: tuple[UnknownWord, ...]
    unknown_by_nf: tuple[UnknownWord, ...]
    one_unknown: tuple[int, ...]  # 1-based numbers of sentences with exactly one unknown word

    @property
    def running_share(self) -> float:
        return self.running_known / self.running_words if self.running_words else 1.0

    @property
    def distinct_share(self) -> float:
        return self.distinct_known / self.distinct_words if self.distinct_words else 1.0


def coverage(sentences: Iterable[AnnotatedSentence], statuses: Mapping[Key, str]) -> Coverage:
    """Known share of running and distinct words, the unknown words, and the sentences
    one new word away from readable (i+1). Known and ignored count as known."""
    running = known_running = 0
    seen: dict[Key, list[Any]] = {}  # key -> [count, nf, first sentence, known]
    one_unknown = []
    for index, sentence in enumerate(sentences):
        unknown_here: set[Key] = set()
        for word in sentence.words:
            if not word.content:
                continue
            key = word.key
            info = seen.get(key)
            if info is None:
                entries = word.entries
                info = seen[key] = [
                    0,
                    entries[0].nf if entries else None,
                    index,
                    is_known(status_of(statuses, key)),
                ]
            info[0] += 1
            running += 1
            if info[3]:
                known_running += 1
            else:
                unknown_here.add(key)
        if len(unknown_here) == 1:
            one_unknown.append(index + 1)
    unknown = [UnknownWord(k[0], k[1], i[0], i[1], i[2]) for k, i in seen.items() if not i[3]]
    by_count = sorted(unknown, key=lambda w: (-w.count, w.first))
    by_nf = sorted(unknown, key=lambda w: (w.nf is None, w.nf or 0, -w.count, w.first))
    return Coverage(
        running,
        known_running,
        len(seen),
        sum(1 for i in seen.values() if i[3]),
        tuple(by_count),
        tuple(by_nf),
        tuple(one_unknown),
    )
