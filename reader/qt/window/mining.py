"""Many of an article's unknown words at once (Words → Coverage, "This article"): save
the selected ones, each with the first sentence it is met in, or mark them known,
undoably. Both write through the vocabulary controller's Words, on the writer thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.dictionaries import labels
from reader.core.vocabulary.status import KNOWN
from reader.qt.window.commands import WriteCommand

if TYPE_CHECKING:
    from collections.abc import Callable

    from reader.core.text.model import AnnotatedSentence, Word
    from reader.qt.window.main_window import MainWindow

Key = tuple[str, str]


def first_places(window: MainWindow, keys: list[Key]) -> dict[Key, tuple[Word, AnnotatedSentence]]:
    """Each word of ``keys`` where it is first met in the article on screen."""
    wanted, found = set(keys), {}
    for sentence in window.reader_view.document.sentences:
        for word in sentence.words:
            if word.content and word.key in wanted and word.key not in found:
                found[word.key] = (word, sentence)
        if len(found) == len(wanted):
            break
    return found


def save_keys(window: MainWindow, keys: list[Key], then: Callable[[list[Key]], None] | None = None) -> None:
    """Save words to the vocabulary, as the word panel's Save does, in one write."""
    places = first_places(window, keys)
    if not places:
        return
    words, article_id = window.vocabulary.words, window.current_id
    rows = []
    for key, (word, sentence) in places.items():
        start = word.start - sentence.sentence.start
        rows.append((key, list(word.glosses[:5]), labels.word_pos(word.entries, word.pos),
                     sentence.sentence.text, start, start + len(word.text)))

    def work() -> dict[Key, str]:
        for (base, reading), glosses, pos, text, start, end in rows:
            words.save_word(base, reading, glosses, pos, text, article_id, start, end)
        return words.word_statuses([row[0] for row in rows])

    def done(statuses: dict[Key, str]) -> None:
        for key, status in statuses.items():
            window.reader_view.set_word_status(*key, status)
        window.statusBar().showMessage(f"Saved {len(statuses)} word(s) to your vocabulary", 4000)
        window.vocabulary.refresh()
        if then is not None:
            then(list(statuses))

    window.write(work, then=done)


def mark_keys_known(window: MainWindow, keys: list[Key], then: Callable[[list[Key]], None] | None = None) -> None:
    """Mark words known, whatever their status was; Edit → Undo gives each back its own."""
    words = window.vocabulary.words
    keys = list(dict.fromkeys(keys))
    if not keys:
        return

    def do() -> list[tuple[str, str, str | None]]:
        before = words.word_statuses(keys)
        for base, reading in keys:
            words.set_word_status(base, reading, KNOWN)
        return [(b, r, before.get((b, r))) for b, r in keys if before.get((b, r)) != KNOWN]

    def after() -> None:
        now = words.word_statuses(keys)
        for key in keys:
            window.reader_view.set_word_status(*key, now.get(key, "new"))
        window.vocabulary.refresh()

    window.undo_stack.push(WriteCommand(
        f"Mark {len(keys)} words known", window.write, do, words.undo_mark_known, after,
    ))
    window.statusBar().showMessage(f"{len(keys)} word(s) marked known — Ctrl+Z takes it back", 5000)
    if then is not None:
        then(keys)
