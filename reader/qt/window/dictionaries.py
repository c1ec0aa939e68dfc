"""The window's dictionaries beyond the built JMdict: imported Yomitan dictionaries and
the Tatoeba example sentences, each opened on first use, and the Dictionaries dialog."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from reader.core.errors import ReaderError
from reader.qt.errors import show_error

if TYPE_CHECKING:
    from reader.qt.window.main_window import MainWindow

log = logging.getLogger(__name__)


class DictionariesController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._user_dicts: Any = None  # None: not tried yet; False: unavailable
        self._examples: Any = None

    def user_dictionaries(self):
        """The imported Yomitan dictionaries, or None if their database cannot be opened."""
        if self._user_dicts is None:
            from reader.core.dictionaries.yomitan.store import UserDictionaries

            try:
                self._user_dicts = UserDictionaries.open_default()
            except ReaderError as exc:
                log.warning("imported dictionaries unavailable: %s", exc)
                self._user_dicts = False
        return self._user_dicts or None

    def example_sentences(self):
        """Tatoeba examples if the user wants them and they are built, else None."""
        if not self.window.settings.get("words/examples"):
            return None
        if self._examples is None:
            from reader.core.dictionaries.examples import Examples

            try:
                self._examples = Examples.open_default() or False
            except ReaderError as exc:
                log.warning("example sentences unavailable: %s", exc)
                self._examples = False
        return self._examples or None

    def examples_built(self) -> None:
        """Set-up may have built the example sentences: look for them again."""
        if self._examples is False:
            self._examples = None

    def open_dialog(self, import_zip: str | Path | None = None) -> None:
        """Import, remove, order, turn on and off; ``import_zip`` (a Yomitan zip dropped on
        the window) starts importing at once."""
        from reader.core.dictionaries.yomitan.store import UserDictionaries
        from reader.qt.dialogs.dictionaries import DictionariesDialog

        own = self.user_dictionaries()
        try:
            user_dicts = own or UserDictionaries.open_default()  # the error, if it still fails
        except ReaderError as exc:
            show_error(self.window, exc, "Dictionaries")
            return
        dialog = DictionariesDialog(user_dicts, user_dicts.path, self.window)
        dialog.changed.connect(self._changed)
        if import_zip is not None:
            dialog.import_file(Path(import_zip))
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
            if user_dicts is not own:
                user_dicts.close()

    def _changed(self) -> None:
        """After an import, removal, reorder or on/off: lookups must not answer from memory."""
        if self._user_dicts:
            self._user_dicts.changed()
        self.window.annotators.headwords_changed()
