"""Anki, live, from the window: E on the popup adds its word as a note, the popup says
"in Anki: new/learning/known", and Words → Import Statuses from Anki marks words.

Every HTTP call runs on a worker (reader.qt.workers), never on the GUI thread. The
popup's "in Anki" states are asked once per article, in batches, when it has loaded
(core/vocabulary/ankiconnect.py card_statuses); asking per hover would be too slow.
When Anki is not running, E says so in the status bar (the .apkg export stays), and the
per-article look-ups rest for a minute rather than knock on a closed door.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from reader.core.errors import ReaderError
from reader.core.text.model import AnnotatedSentence, Word
from reader.core.vocabulary.ankiconnect import (
    KNOWN,
    NEW,
    NOT_RUNNING_ADVICE,
    AnkiConnect,
    AnkiDuplicate,
    apply_statuses,
)
from reader.qt.dialogs.anki import ImportDialog, anki_settings
from reader.qt.errors import show_error
from reader.qt.window.commands import WriteCommand
from reader.qt.workers import Task, run_in_pool

if TYPE_CHECKING:
    from reader.qt.window.vocabulary import VocabularyController

log = logging.getLogger(__name__)

#: After Anki did not answer, the per-article look-ups wait this long before asking again.
RETRY_S = 60.0
MESSAGE_MS = 8000


class AnkiController(QObject):
    def __init__(self, vocabulary: VocabularyController) -> None:
        super().__init__(vocabulary)
        self.vocabulary = vocabulary
        self.window = vocabulary.window
        #: Asks which deck and search to import from (tests answer it themselves).
        self.ask_import: Callable[[], tuple[str, str] | None] = self._ask_import
        self._down_at: float | None = None  # when Anki last failed to answer
        self._lookup: Task | None = None
        self.window.loader.finished.connect(self.article_loaded)

    def client(self) -> AnkiConnect:
        """A client for the settings as they are now (ReaderError for a refused address)."""
        return AnkiConnect(anki_settings(self.window.settings))

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)

    def _failed(self, what: str) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            if isinstance(exc, ReaderError):
                if exc.advice == NOT_RUNNING_ADVICE:
                    self._down_at = time.monotonic()
                self._say(f"{what}: {exc.message} — {exc.advice}" if exc.advice else f"{what}: {exc.message}")
            else:
                log.error("Anki: unexpected error", exc_info=exc)
                self._say(f"{what}: {type(exc).__name__}: {exc}")

        return failed

    def _show_status(self, key: tuple[str, str], status: str) -> None:
        view = self.window.reader_view
        view.anki_statuses[key] = status
        view.refresh_popup()

    # --- E: the popup's word as a note ---------------------------------------------------
    def add_word(self, word: Word, sentence: AnnotatedSentence) -> None:
        """Add a note for a word (its dictionary form and reading, glosses, the sentence
        with the word in bold, the article's title), unless Anki has it already."""
        try:
            client = self.client()
        except ReaderError as exc:
            self._failed("Could not add to Anki")(exc)
            return
        view = self.window.reader_view
        key = word.key
        start = word.start - sentence.sentence.start
        info = view.document.info
        note = client.note(
            key[0], key[1], list(word.glosses[:5]), sentence.sentence.text, start, start + len(word.text),
            info.title if info else "",
        )
        self._say(f"Adding {key[0]} to Anki…")

        def work(_task: Task) -> tuple[bool, str]:
            try:
                client.add_note(note)
                added = True
            except AnkiDuplicate:
                added = False
            try:
                status = client.card_statuses([key]).get(key, NEW)
            except ReaderError:
                status = NEW
            return added, status

        def done(result: tuple[bool, str]) -> None:
            added, status = result
            self._down_at = None
            self._show_status(key, status)
            deck = client.settings.deck
            if added:
                self._say(f"Added {key[0]} to Anki (deck “{deck}”)")
            else:
                self._say(f"{key[0]} is in Anki already (deck “{deck}”, {status}): not added again")

        run_in_pool(work, done, self._failed("Could not add to Anki"))

    # --- the popup's "in Anki" ------------------------------------------------------------
    def article_loaded(self, generation: int) -> None:
        """Ask Anki, in batches on a worker, which of the article's words it has."""
        if self._down_at is not None and time.monotonic() - self._down_at < RETRY_S:
            return
        view = self.window.reader_view
        try:
            client = self.client()
        except ReaderError:
            return  # an address the user has not allowed: E says why
        sentences = view.document.sentences  # whole now, and never changed again: a new article gets a new list
        if self._lookup is not None:
            self._lookup.cancel()

        def work(_task: Task) -> dict[tuple[str, str], str]:
            keys = list(dict.fromkeys(w.key for s in sentences for w in s.words if w.content))
            return client.card_statuses(keys)

        def done(found: dict[tuple[str, str], str]) -> None:
            self._down_at = None
            if view.document.generation == generation:
                view.anki_statuses = dict(found)
                if found:
                    view.refresh_popup()

        def failed(exc: BaseException) -> None:
            self._down_at = time.monotonic()
            log.info("Anki's card states not read: %s", exc)

        self._lookup = run_in_pool(work, done, failed)

    # --- Words → Import Statuses from Anki -----------------------------------------------
    def _ask_import(self) -> tuple[str, str] | None:
        dialog = ImportDialog(self.window.settings.get("anki/deck"), self.window)
        return dialog.values() if dialog.exec() else None

    def import_dialog(self) -> None:
        asked = self.ask_import()
        if asked is not None:
            self.import_statuses(*asked)

    def import_statuses(self, deck: str, query: str = "") -> None:
        """Mark words known or learning from the cards of a deck (and a search), undoably."""
        title = "Could not import from Anki"
        try:
            client = self.client()
        except ReaderError as exc:
            show_error(self.window, exc, title)
            return
        self._say(f"Reading the cards of “{deck}” from Anki…")

        def done(found: dict[tuple[str, str], str]) -> None:
            self._down_at = None
            if not found:
                self._say(f"Anki has no notes in “{deck}”{' matching ' + query if query else ''}: nothing marked")
                return
            known = sum(1 for s in found.values() if s == KNOWN)
            words = self.vocabulary.words

            def after() -> None:
                self.window.apply_settings()  # the page's statuses reloaded
                self.window.library.reopen_here()
                self.vocabulary.refresh()

            self.window.undo_stack.push(WriteCommand(
                f"Import {len(found)} statuses from Anki", self.window.write,
                lambda: apply_statuses(words, found), words.undo_mark_known, after,
            ))
            self._say(
                f"From Anki: {known} words known, {len(found) - known} learning "
                "(none lowered) — Ctrl+Z takes it back"
            )

        def failed(exc: BaseException) -> None:
            show_error(self.window, exc, title)

        run_in_pool(lambda _task: client.import_statuses(deck, query), done, failed)
