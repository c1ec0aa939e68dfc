"""On-screen first: translate the sentences nearest the reader's position before the
rest of the article, and follow the position as the reader scrolls.

Works over any Translator (cached or not): each round asks ``focus()`` where the reader
is, takes the untranslated sentences nearest it (those below the top of the screen
first, since the screen shows what follows its top sentence) and translates them as one
call, so a scroll is followed within one round.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from reader.core.translation.engine import Batch, StopCheck, Translator

Focus = Callable[[], int]
FIRST_ROUND = 8  # sentences: about one screen, translated first after a move
ROUND = 32  # later rounds: large enough for full batches


def distance(index: int, focus: int) -> int:
    """How far a sentence is from the screen: the first screen below the top sentence
    comes first; past it, sentences below count once and those above twice (they
    scrolled away, or the reader has yet to scroll back)."""
    return index - focus if index >= focus else FIRST_ROUND + 2 * (focus - index)


def nearest_first(
    translator: Translator,
    sentences: Sequence[str],
    focus: Focus | None,
    should_stop: StopCheck | None = None,
    first_round: int = FIRST_ROUND,
    round_size: int = ROUND,
) -> Iterator[Batch]:
    """Like ``translator.translate_batches``, in rounds around ``focus()``."""
    if focus is None:
        yield from translator.translate_batches(sentences, should_stop)
        return
    todo = set(range(len(sentences)))
    last: int | None = None
    while todo:
        if should_stop is not None and should_stop():
            return
        try:
            where = max(0, min(int(focus()), len(sentences) - 1))
        except Exception:  # noqa: BLE001 - a focus that fails must not stop translation
            where = last or 0
        size = first_round if where != last else round_size
        last = where
        pick = sorted(sorted(todo, key=lambda i: distance(i, where))[:size])
        for batch in translator.translate_batches([sentences[i] for i in pick], should_stop):
            yield [(pick[j], text) for j, text in batch]
        todo.difference_update(pick)
