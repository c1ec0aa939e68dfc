"""Vocabulary over annotated text: an article's words, their statuses, coverage and i+1.

Words are keyed as the reader keys them, (dictionary form, its reading). Only
content words count (pipeline.wants_gloss): particles, punctuation, numbers and
Latin text are neither known nor unknown. Statuses follow vocabulary/status.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from reader.core.storage.store import Store
from reader.core.text.model import AnnotatedArticle, AnnotatedSentence, Token
from reader.core.text.pipeline import wants_gloss
from reader.core.vocabulary.status import Key, is_known, keys_to_look_up, status_of
from reader.core.vocabulary.words import Words

Article = AnnotatedArticle | Iterable[AnnotatedSentence] | Iterable[Token]


def _tokens(article: Article) -> Iterator[Token]:
    items = article.sentences if isinstance(article, AnnotatedArticle) else article
    for item in items:
        if isinstance(item, AnnotatedSentence):
            yield from item.tokens
        else:
            yield item


def word_key(token: Token) -> Key:
    """How the vocabulary keys the word a token is an occurrence of."""
    return (token.base, token.base_reading)


class StatusView:
    """Tokens as every view sees them: whether each is a word (a content word) and its
    status by the one rule, asked once per shared lexeme. The page, coverage and i+1
    all use this, so they cannot disagree."""

    def __init__(self, statuses: Mapping[Key, str] | None = None) -> None:
        self.statuses: Mapping[Key, str] = statuses if statuses is not None else {}
        self._words: dict[int, bool] = {}

    def is_word(self, token: Token) -> bool:
        lexeme = token.lexeme
        found = self._words.get(id(lexeme))
        if found is None:
            found = self._words[id(lexeme)] = wants_gloss(lexeme)
        return found

    def status(self, token: Token) -> str:
        """The word's status ("new" when none is stored); "" for what is not a word."""
        return status_of(self.statuses, word_key(token)) if self.is_word(token) else ""

    def unknown_in(self, sentence: AnnotatedSentence) -> set[Key]:
        """The distinct words of a sentence not yet known; i+1 when there is exactly one."""
        return {
            word_key(t)
            for t in sentence.tokens
            if self.is_word(t) and not is_known(status_of(self.statuses, word_key(t)))
        }


def content_words(article: Article) -> list[Key]:
    """The article's content words, each once, in order of first appearance."""
    view = StatusView()
    return list(dict.fromkeys(word_key(t) for t in _tokens(article) if view.is_word(t)))


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
    view = StatusView(statuses)
    for index, sentence in enumerate(sentences):
        unknown_here: set[Key] = set()
        for token in sentence.tokens:
            if not view.is_word(token):
                continue
            key = word_key(token)
            info = seen.get(key)
            if info is None:
                entries = token.entries
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
