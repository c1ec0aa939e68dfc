"""The reading pipeline as the window shares it, without Qt: the annotation process
(annotate_process.py) builds the same Annotator from here, so this module imports
nothing of PySide6."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reader.core.errors import ReaderError

if TYPE_CHECKING:
    from reader.core.dictionaries.jmdict import Dictionary
    from reader.core.text.pipeline import Annotator


def open_user_dictionaries() -> Any:
    """The imported dictionaries on a connection of their own, or None where none were
    ever imported or they cannot be opened (the text is then read without them)."""
    from reader.core import paths

    path = paths.user_dictionaries_path()
    if not path.exists():
        return None
    from reader.core.dictionaries.yomitan.store import UserDictionaries  # only then: 0.1 s

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
        self._dictionary: Dictionary | None = None  # opened alone (preload_dictionary)
        self._tried = False  # to open it (a missing dictionary is not looked for again)
        self._more = more_headwords
        self.problem: ReaderError | None = None
        #: Told "reset" or "headwords" when those happen (the annotation process is).
        self.listeners: list[Callable[[str], None]] = []

    def get(self) -> Annotator:
        # Imported here, on a worker thread, so start-up does not wait for them.
        from reader.core.text.pipeline import Annotator

        with self._lock:
            if self._annotator is None:
                dictionary = self._dictionary if self._dictionary is not None else self._open_dictionary()
                self._annotator = Annotator(dictionary, self._more())
            return self._annotator

    def _open_dictionary(self) -> Dictionary | None:
        from reader.core.dictionaries.jmdict import Dictionary

        self._tried = True
        try:
            return Dictionary.open_default()
        except ReaderError as exc:
            self.problem = exc  # read on, without glosses, and say so
            return None

    def preload_dictionary(self) -> None:
        """Open the dictionary alone (the word panel's kanji), not the tokenizer: the
        text is annotated in a process of its own (annotate_process.py)."""
        with self._lock:
            if self._annotator is None and self._dictionary is None:
                self._dictionary = self._open_dictionary()

    def reset(self) -> None:
        """The dictionary was built (first run): the next annotator opens it."""
        with self._lock:
            self._annotator = None
            self._dictionary = None
            self._tried = False
            self.problem = None
        self._tell("reset")

    def headwords_changed(self) -> None:
        """The imported dictionaries changed: words found with their headwords are stale
        (and the first import creates the database the annotator had none of)."""
        with self._lock:
            if self._annotator is not None:
                words = self._annotator.words
                if words.headwords is not None and words.headwords.more is None:
                    words.headwords.more = self._more()
                words.forget()
        self._tell("headwords")

    def _tell(self, what: str) -> None:
        for listener in list(self.listeners):
            listener(what)

    def dictionary(self):
        """The built dictionary: the annotator's, or opened alone (preload_dictionary,
        here at the first call if no worker did yet); None while a worker holds the
        lock building the annotator (never waits for it), or with no dictionary."""
        annotator = self._annotator
        if annotator is not None:
            return annotator.dictionary
        if self._dictionary is None and not self._tried and self._lock.acquire(blocking=False):
            try:
                if self._annotator is None and self._dictionary is None:
                    self._dictionary = self._open_dictionary()
            finally:
                self._lock.release()
        annotator = self._annotator
        return annotator.dictionary if annotator is not None else self._dictionary
