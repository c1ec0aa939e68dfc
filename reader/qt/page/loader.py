"""Annotating an article off the GUI thread and streaming it into the view.

Each load carries a generation number; a chunk from an older load is dropped,
so switching articles quickly never shows the wrong text (Picard's
``_load_check`` pattern). The first screen is sent as soon as it is ready.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from reader.core.errors import ReaderError
from reader.core.library.model import ArticleInfo
from reader.qt.page.bridge import sentences_payload
from reader.qt.page.view import ReaderView
from reader.qt.workers import Task, run_in_pool

if TYPE_CHECKING:
    from reader.core.text.pipeline import Annotator

FIRST_CHUNK = 24  # sentences: about one screen
CHUNK_SECONDS = 0.05  # later chunks: small enough to keep the GUI thread responsive
MAX_CHUNK = 60


def open_user_dictionaries() -> Any:
    """The imported dictionaries on a connection of their own, or None where none were
    ever imported or they cannot be opened (the text is then read without them)."""
    from reader.core import paths
    from reader.core.dictionaries.yomitan.store import UserDictionaries

    path = paths.user_dictionaries_path()
    if not path.exists():
        return None
    try:
        return UserDictionaries(path)
    except ReaderError:
        return None


class Annotators:
    """One lazily created Annotator shared by the workers (its tokenizer serialises)."""

    def __init__(self, more_headwords: Callable[[], Any] = lambda: None) -> None:
        """``more_headwords``: the imported dictionaries (or None), whose headwords
        become words too."""
        self._lock = threading.Lock()
        self._annotator: Annotator | None = None
        self._more = more_headwords
        self.problem: ReaderError | None = None

    def get(self) -> Annotator:
        # Imported here, on a worker thread, so start-up does not wait for them.
        from reader.core.dictionaries.jmdict import Dictionary
        from reader.core.text.pipeline import Annotator

        with self._lock:
            if self._annotator is None:
                try:
                    dictionary: Dictionary | None = Dictionary.open_default()
                except ReaderError as exc:
                    self.problem = exc  # read on, without glosses, and say so
                    dictionary = None
                self._annotator = Annotator(dictionary, self._more())
            return self._annotator

    def reset(self) -> None:
        """The dictionary was built (first run): the next annotator opens it."""
        with self._lock:
            self._annotator = None
            self.problem = None

    def headwords_changed(self) -> None:
        """The imported dictionaries changed: words found with their headwords are stale
        (and the first import creates the database the annotator had none of)."""
        with self._lock:
            if self._annotator is not None:
                words = self._annotator.words
                if words.headwords is not None and words.headwords.more is None:
                    words.headwords.more = self._more()
                words.forget()

    def dictionary(self):
        """The built dictionary once a worker has opened it, else None (never blocks)."""
        annotator = self._annotator
        return annotator.dictionary if annotator is not None else None


class ArticleLoader(QObject):
    progress = Signal(int, int)  # sentences done, total
    finished = Signal(int)  # generation
    failed = Signal(object)

    def __init__(self, view: ReaderView, annotators: Annotators) -> None:
        super().__init__(view)
        self.view = view
        self.annotators = annotators
        self.generation = 0
        self.dropped = 0  # stale chunks thrown away (tests read it)
        self._task: Task | None = None

    def stop(self) -> None:
        """Drop the load in progress: its chunks still on their way are thrown away
        (the window is closing, and its page with it)."""
        if self._task is not None:
            self._task.cancel()
        self.generation += 1

    def load(self, article_id: str, info: ArticleInfo, text: str, scroll_to: dict | None = None) -> int:
        if self._task is not None:
            self._task.cancel()
        self.generation += 1
        generation = self.generation
        self.view.start_article(generation, article_id, info, text, 0, scroll_to)
        statuses = dict(self.view.statuses)  # a snapshot: the worker must not share the GUI's dict

        def work(task: Task) -> int:
            from reader.core.text.sentences import split_sentences

            annotator = self.annotators.get()
            annotator.new_text()  # names met in the last article are not names here
            sentences = split_sentences(text)
            total = len(sentences)
            chunk, started, limit, sent = [], time.perf_counter(), FIRST_CHUNK, 0

            def send(done: int) -> None:
                # The page's JSON is built here, off the GUI thread.
                task.progress((generation, chunk, sentences_payload(generation, sent, chunk, statuses), done, total))

            for n, sentence in enumerate(sentences, 1):
                if task.cancelled:
                    return generation
                chunk.append(annotator.annotate_sentence(sentence))
                # Hand the GIL over after each sentence. Otherwise the GUI thread waits up
                # to a switch interval (1 ms, app.tune_gc) for every Python call it makes
                # (the convoy effect), and those waits added up to stalls of 100-400 ms on
                # a 200k article; with this the longest is 50-80 ms (bench/window.py).
                time.sleep(0)
                if len(chunk) >= limit or time.perf_counter() - started > CHUNK_SECONDS:
                    send(n)
                    sent += len(chunk)
                    chunk, started, limit = [], time.perf_counter(), MAX_CHUNK
            if chunk:
                send(total)
            return generation

        def on_chunk(message: tuple) -> None:
            gen, chunk, payload, done, total = message
            if gen != self.generation or not self.view.add_sentences(gen, chunk, payload):
                self.dropped += 1
                return
            self.progress.emit(done, total)

        def on_done(gen: int) -> None:
            if gen == self.generation:
                self.view.finish_article(gen)
                self.finished.emit(gen)

        def on_error(exc: BaseException) -> None:
            if generation == self.generation:
                self.failed.emit(exc)

        self._task = run_in_pool(work, on_done, on_error, on_chunk)
        return generation
