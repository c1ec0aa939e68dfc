"""The lookup history: every word looked up (a popup, the Word panel), when, and in which
sentence; counts per word, and saving the often looked up ones to the vocabulary.

Recording happens on the window's GUI thread, so it is split in two: a
:class:`LookupRecorder` (no database: the debounce and a list, a few microseconds per
lookup) collects lookups, and :meth:`LookupHistory.record_many` writes a batch of
them on the writer thread. Private mode is the caller's: it does not call the recorder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from reader.core.storage.clock import iso, utc
from reader.core.storage.store import Repository, serialised

if TYPE_CHECKING:
    from reader.core.dictionaries.jmdict import Dictionary
    from reader.core.vocabulary.words import Words

#: The same word in the same sentence looked up again within this counts once; a
#: pointer resting on it again and again keeps it one lookup.
DEBOUNCE = timedelta(seconds=10)
#: "Looked up often": the History view's filter.
OFTEN = 3
#: The History view lists at most this many words (the most looked up first), so that
#: it costs the same with a hundred lookups or a hundred thousand.
PAGE = 1_000
#: Longer sentences are cut to this many characters around the word when recorded.
MAX_SENTENCE = 400


class Lookup(NamedTuple):
    """One lookup: the word (dictionary form and reading), as written, where, and when (an
    aware datetime, or ISO text as stored). A tuple: made on the GUI thread, it is cheap."""

    base: str
    reading: str
    surface: str
    article_id: str
    sentence: str
    at: datetime | str


@dataclass(frozen=True, slots=True)
class LookedUp:
    """A word of the history: how often it was looked up, and the last time and sentence."""

    base: str
    reading: str
    count: int
    last_at: str
    surface: str
    article_id: str
    sentence: str

    @property
    def key(self) -> tuple[str, str]:
        return self.base, self.reading


def _cut(sentence: str, surface: str) -> str:
    """A very long "sentence" (text with no full stops) cut around the word."""
    if len(sentence) <= MAX_SENTENCE:
        return sentence
    at = max(sentence.find(surface), 0)
    start = max(0, min(at - MAX_SENTENCE // 2, len(sentence) - MAX_SENTENCE))
    return sentence[start : start + MAX_SENTENCE]


class LookupRecorder:
    """Lookups waiting to be written, after the debounce: the same word in the same
    sentence of the same article within DEBOUNCE of the last time it was seen counts once.

    Not thread-safe: one thread (the GUI's) adds and takes. ``clock`` gives the time
    (an aware datetime); tests pass their own.
    """

    def __init__(self, clock: Callable[[], datetime] = utc, debounce: timedelta = DEBOUNCE) -> None:
        self.clock = clock
        self.debounce = debounce
        self.pending: list[Lookup] = []
        self._seen: dict[tuple[str, str, str, str], datetime] = {}
        self._limit = 256

    def add(self, key: tuple[str, str], surface: str, article_id: str, sentence: str) -> bool:
        """Queue a lookup; False when it repeats one seen within the debounce."""
        at = self.clock()
        mark = (key[0], key[1], article_id, sentence)
        last = self._seen.get(mark)
        self._seen[mark] = at
        if last is not None and at - last < self.debounce:
            return False
        if len(self._seen) > self._limit:  # forget the marks past the debounce, now and then
            self._seen = {m: t for m, t in self._seen.items() if at - t < self.debounce}
            self._limit = max(256, 2 * len(self._seen))
        self.pending.append(Lookup(key[0], key[1], surface, article_id, _cut(sentence, surface), at))
        return True

    def take(self) -> list[Lookup]:
        """The lookups queued since the last take, to write."""
        taken, self.pending = self.pending, []
        return taken

    def forget(self) -> None:
        """After the history is cleared: a word seen a moment ago counts again."""
        self._seen.clear()


_LOOKED_UP = "base, reading, count, last_at, surface, article_id, sentence"


@serialised
class LookupHistory(Repository):
    """The lookup history of one store."""

    def record(
        self, key: tuple[str, str], surface: str, article_id: str, sentence: str, at: datetime | str | None = None
    ) -> None:
        """Record one lookup (now, unless ``at`` says when)."""
        when = at if isinstance(at, str) else iso(at or utc())
        self.record_many([Lookup(key[0], key[1], surface, article_id, _cut(sentence, surface), when)])

    def record_many(self, lookups: Iterable[Lookup]) -> int:
        """Record lookups in one transaction; how many."""
        rows = [(*x[:5], x.at if isinstance(x.at, str) else iso(x.at)) for x in lookups]
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT INTO lookups (base, reading, surface, article_id, sentence, at) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
        return len(rows)

    def counts(self, min_count: int = 1, limit: int | None = PAGE) -> list[LookedUp]:
        """Words looked up ``min_count`` times or more, the most looked up first (the most
        recent first among equals); at most ``limit`` of them (None: all)."""
        sql = (
            f"SELECT {_LOOKED_UP} FROM lookup_words INDEXED BY lookup_words_by_count"
            " WHERE count >= ? ORDER BY count DESC, last_at DESC"
        )
        args: list[Any] = [max(1, min_count)]
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [LookedUp(*row) for row in self.db.execute(sql, args)]

    def count_of(self, key: tuple[str, str]) -> LookedUp | None:
        """One word's count, last time and last sentence (None: never looked up)."""
        row = self._one(f"SELECT {_LOOKED_UP} FROM lookup_words WHERE base = ? AND reading = ?", key)
        return LookedUp(*row) if row else None

    def word_count(self, min_count: int = 1) -> int:
        """How many words were looked up ``min_count`` times or more."""
        if min_count <= 1:
            return int(self._one("SELECT count(*) FROM lookup_words")[0])
        return int(self._one("SELECT count(*) FROM lookup_words WHERE count >= ?", [min_count])[0])

    def total(self) -> int:
        """How many lookups there are."""
        return int(self._one("SELECT count(*) FROM lookups")[0])

    def lookups_of(self, key: tuple[str, str]) -> list[Lookup]:
        """Every lookup of one word, the newest first."""
        rows = self.db.execute(
            "SELECT base, reading, surface, article_id, sentence, at FROM lookups"
            " WHERE base = ? AND reading = ? ORDER BY at DESC",
            list(key),
        )
        return [Lookup(*row) for row in rows]

    def clear(self) -> int:
        """Forget every lookup; how many there were."""
        with self.db.atomic():
            gone = self.db.execute("DELETE FROM lookups").rowcount
            self.db.execute("DELETE FROM lookup_words")
        return int(gone)


def save_to_vocabulary(words: Words, looked_up: Iterable[LookedUp], dictionary: Dictionary | None = None) -> list[tuple[str, str]]:
    """Save words of the history to the vocabulary, each with the last sentence it was
    looked up in; glosses and part of speech from ``dictionary`` when it has the word.
    Returns the keys saved."""
    from reader.core.dictionaries import labels
    from reader.core.text.kana import to_hiragana

    saved = []
    for word in looked_up:
        glosses: list[str] = []
        pos = ""
        if dictionary is not None:
            entries = dictionary.lookup_form(word.base)
            wanted = to_hiragana(word.reading)
            best = next((e for e in entries if to_hiragana(e.reading) == wanted), entries[0] if entries else None)
            if best is not None:
                glosses, pos = list(best.glosses[:5]), labels.word_pos([best])
        start = max(word.sentence.find(word.surface), 0) if word.surface else 0
        end = start + len(word.surface) if word.surface in word.sentence else start
        words.save_word(word.base, word.reading, glosses, pos, word.sentence, word.article_id, start, end)
        saved.append(word.key)
    return saved
