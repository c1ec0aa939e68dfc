"""Machine translation of the article on screen, in a worker, streamed to the pane.

Like article loading, each run carries a generation number: switching articles
cancels the old run, and a batch from it that still arrives is dropped.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from reader.qt.workers import Task, run_in_pool


class TranslationRunner(QObject):
    batch = Signal(int, object)  # generation, [(sentence index, translation), ...]
    finished = Signal(int)
    failed = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.dropped = 0
        self._task: Task | None = None
        self._lock = threading.Lock()
        self._translator = None
        self._translator_key: tuple[str, int] | None = None

    @staticmethod
    def package():
        from reader.core.translation.packages import find_package

        return find_package()

    def _get_translator(self, beam_size: int):
        """One loaded model, kept while its package and settings stay the same."""
        from reader.core.translation.engine import CachedTranslator, CT2Translator, TranslationCache
        from reader.core.translation.packages import require_package

        package = require_package()
        key = (str(package.path), beam_size)
        with self._lock:
            if self._translator is None or self._translator_key != key:
                self._translator = CachedTranslator(
                    CT2Translator(package, beam_size=beam_size), TranslationCache.open_default()
                )
                self._translator_key = key
            return self._translator

    def forget_model(self) -> None:
        with self._lock:
            self._translator = None
            self._translator_key = None

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self.generation += 1

    def start(self, sentences: list[str], beam_size: int = 4) -> int:
        self.cancel()
        generation = self.generation

        def work(task: Task) -> int:
            translator = self._get_translator(beam_size)
            for batch in translator.translate_batches(sentences, should_stop=lambda: task.cancelled):
                if task.cancelled:
                    break
                task.progress((generation, batch))
            return generation

        def on_batch(message: tuple) -> None:
            gen, batch = message
            if gen != self.generation:
                self.dropped += 1
                return
            self.batch.emit(gen, batch)

        def on_done(gen: int) -> None:
            if gen == self.generation:
                self.finished.emit(gen)

        def on_error(exc: BaseException) -> None:
            if generation == self.generation:
                self.failed.emit(exc)

        self._task = run_in_pool(work, on_done, on_error, on_batch)
        return generation
