"""Annotating an article off the GUI thread and streaming it into the view.

The article is annotated in a process of its own (annotate_process.py), started
with the window so that its pipeline loads while Chromium starts: a worker thread
sharing the GIL with the GUI thread stalled the window by up to 150 ms on a long
article. Where that process cannot start, or dies, a worker thread annotates
instead (a dead process's article goes on from where it stopped).

Each load carries a generation number; a chunk from an older load is dropped,
so switching articles quickly never shows the wrong text (Picard's
``_load_check`` pattern). The first screen is sent as soon as it is ready.
"""

from __future__ import annotations

import logging
import os
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from reader.core.errors import ReaderError
from reader.core.library.model import ArticleInfo
from reader.qt.page.annotators import Annotators, open_user_dictionaries
from reader.qt.page.bridge import sentences_payload
from reader.qt.page.view import ReaderView
from reader.qt.workers import Task, run_in_pool

if TYPE_CHECKING:
    from reader.core.text.model import AnnotatedSentence
    from reader.qt.page.annotate_client import AnnotateProcess
    from reader.qt.page.annotate_process import ChunkReader

__all__ = ["Annotators", "ArticleLoader", "open_user_dictionaries", "start_process"]

log = logging.getLogger(__name__)

#: Sentences in an article's first chunk: the top of its first screen, shown at once;
#: the rest of the screen follows a chunk later. Few, because the translation pane
#: paints the first chunk's rows at once: 24 rows stalled the window by 30-35 ms on a
#: switch, while the page rendered too (bench/window.py); 5 by about 10.
FIRST_CHUNK = 5
CHUNK_SECONDS = 0.05  # later chunks: small enough to keep the GUI thread responsive
MAX_CHUNK = 60
#: Pickled sentences in one chunk from the process: the GUI thread unpickles a chunk
#: at once, about 20 KB a millisecond (new words and their entries cost the most).
CHUNK_BYTES = 64_000


def start_process() -> AnnotateProcess | None:
    """The annotation process, started now; None where it cannot be (or
    READER_ANNOTATE_PROCESS=0 says not to): the window then annotates on a thread."""
    if os.environ.get("READER_ANNOTATE_PROCESS", "1") == "0":
        return None
    from reader.qt.page.annotate_client import AnnotateProcess

    try:
        return AnnotateProcess()
    except (OSError, ValueError) as exc:
        log.warning("could not start the annotation process (%s): annotating on a thread", exc)
        return None


class ArticleLoader(QObject):
    progress = Signal(int, int)  # sentences done, total
    finished = Signal(int)  # generation
    failed = Signal(object)

    def __init__(self, view: ReaderView, annotators: Annotators, process: AnnotateProcess | None = None) -> None:
        """``process``: the annotation process (start_process), which the loader owns
        from now on; None: annotate on worker threads."""
        super().__init__(view)
        self.view = view
        self.annotators = annotators
        self.generation = 0
        self.dropped = 0  # stale chunks thrown away (tests read it)
        self._task: Task | None = None
        self.process = process
        #: The load the process is doing: (generation, text, statuses), until it is done.
        self._load: tuple[int, str, dict] | None = None
        self._reader: ChunkReader | None = None
        if process is not None:
            from reader.qt.page.annotate_process import ChunkReader

            self._reader = ChunkReader()  # reads every chunk the process sends, in order
            process.setParent(self)
            process.received.connect(self._on_message)
            process.died.connect(self._on_process_died)
            annotators.listeners.append(self._tell_process)

    @property
    def in_process(self) -> bool:
        """Whether the next article is annotated in the annotation process."""
        return self.process is not None and self.process.alive

    def stop(self) -> None:
        """Drop the load in progress: its chunks still on their way are thrown away
        (the window is closing, and its page with it)."""
        if self._task is not None:
            self._task.cancel()
        if self._load is not None and self.process is not None:
            self.process.send("cancel")
        self._load = None
        self.generation += 1

    def close(self) -> None:
        """Stop, and end the annotation process (the window closes)."""
        self.stop()
        if self.process is not None:
            self.process.close()

    def load(self, article_id: str, info: ArticleInfo, text: str, scroll_to: dict | None = None) -> int:
        if self._task is not None:
            self._task.cancel()
        self.generation += 1
        generation = self.generation
        self.view.start_article(generation, article_id, info, text, 0, scroll_to)
        statuses = dict(self.view.statuses)  # a snapshot: the worker must not share the GUI's dict
        if self.in_process:
            assert self.process is not None
            self._load = (generation, text, statuses)
            self.process.send("load", generation, text, statuses, (FIRST_CHUNK, MAX_CHUNK, CHUNK_SECONDS, CHUNK_BYTES))
        else:
            self._load = None
            self._in_thread(generation, text, statuses)
        return generation

    # --- the annotation process ---------------------------------------------------------
    def _tell_process(self, what: str) -> None:
        """The imported dictionaries changed, or the dictionary was built."""
        if self.process is not None:
            self.process.send(what)

    def _current(self, generation: int) -> bool:
        return self._load is not None and self._load[0] == generation == self.generation

    def _on_message(self, message: tuple) -> None:
        kind, generation = message[0], message[1]
        if kind == "chunk":
            self._on_chunk(message)
        elif kind == "done" and self._current(generation):
            self._load = None
            self._finish(generation)
        elif kind == "failed" and self._current(generation):
            self._load = None
            name, text, advice = message[2:]
            self.failed.emit(ReaderError(text, advice) if name == "reader" else RuntimeError(f"{name}: {text}"))
        elif kind == "problem":
            self.annotators.problem = ReaderError(message[1], message[2])

    def _on_chunk(self, message: tuple) -> None:
        _, generation, done, total, count, pickled, fresh, payload = message
        if self._reader is None:  # one was unreadable: the process is ending
            return
        try:
            # Stale chunks too: words they bring first are referred to by later ones.
            sentences = self._reader.read(pickled, count, fresh)
        except Exception:  # noqa: BLE001 - the thread takes over, from this chunk on
            log.exception("unreadable chunk from the annotation process")
            self._reader = None
            if self.process is not None:
                self.process.kill()
            return
        if not self._current(generation) or not self.view.add_sentences(generation, sentences, payload):
            self.dropped += 1
            return
        self.progress.emit(done, total)

    def _on_process_died(self) -> None:
        """Annotate on a thread from now on; the article being annotated goes on from
        the first sentence the page does not have."""
        load, self._load = self._load, None
        if load is not None and load[0] == self.generation:
            done = len(self.view.document.sentences) if self.view.document.generation == load[0] else 0
            self._in_thread(*load, skip=done)

    # --- a worker thread ----------------------------------------------------------------
    def _in_thread(self, generation: int, text: str, statuses: dict, skip: int = 0) -> None:
        """Annotate on a worker thread; the first ``skip`` sentences are on the page
        already (annotated all the same: names met early decide later words)."""
        annotators = self.annotators

        def work(task: Task) -> int:
            from reader.core.text.sentences import split_sentences

            annotator = annotators.get()
            annotator.new_text()  # names met in the last article are not names here
            sentences = split_sentences(text)
            total = len(sentences)
            chunk: list[AnnotatedSentence] = []
            started, limit, sent = time.perf_counter(), FIRST_CHUNK, skip

            def send(done: int) -> None:
                # The page's JSON is built here, off the GUI thread.
                task.progress((generation, chunk, sentences_payload(generation, sent, chunk, statuses), done, total))

            for n, sentence in enumerate(sentences, 1):
                if task.cancelled:
                    return generation
                annotated = annotator.annotate_sentence(sentence)
                # Hand the GIL over after each sentence. Otherwise the GUI thread waits up
                # to a switch interval (1 ms, app.tune_gc) for every Python call it makes
                # (the convoy effect), and those waits added up to stalls of 100-400 ms on
                # a 200k article; with this the longest is 50-80 ms (bench/window.py).
                time.sleep(0)
                if n <= skip:
                    continue
                chunk.append(annotated)
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

        def on_error(exc: BaseException) -> None:
            if generation == self.generation:
                self.failed.emit(exc)

        self._task = run_in_pool(work, self._finish, on_error, on_chunk)

    def _finish(self, generation: int) -> None:
        if generation == self.generation:
            self.view.finish_article(generation)
            self.finished.emit(generation)
