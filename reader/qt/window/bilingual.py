"""Bilingual reading: the English of each sentence in the reader page, under it
(interlinear) or beside its paragraph (parallel), optionally hidden until clicked.

The English is the translator's draft where there is one, else the machine
translation, as the translation pane holds them. Every change the pane reports is
sent to the page whether a mode is on or not (the page keeps it and draws it only
while one is): a machine translation running with the mode off costs the page a
dictionary update, and turning the mode on needs no round trip. Changes are
coalesced for a moment, so a 2,000-sentence article arrives in a few messages, not
2,000. Each message carries the article's generation: the page drops English meant
for an article no longer on screen.

Draft edits also refresh the library's per-article translation progress.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from reader.qt.settings import BILINGUAL_MODES

if TYPE_CHECKING:
    from reader.qt.window.main_window import MainWindow

log = logging.getLogger(__name__)

#: How long changes gather before they go to the page (one message per batch).
COALESCE_MS = 50
#: How long after a draft edit the library's progress is read again (after the write).
LIBRARY_MS = 800

MODE_NAMES = {"off": "off", "interlinear": "under each sentence", "parallel": "beside each paragraph"}


class BilingualController(QObject):
    """Feeds the page the English of the article on screen; the View menu's modes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.reader_view
        self.pane = window.translation_pane
        self._pending: dict[int, str] = {}
        self._pending_generation = -1
        self._reset = False
        self.messages = 0  # sent to the page (tests, benchmarks)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COALESCE_MS)
        self._timer.timeout.connect(self.flush)
        self._library_timer = QTimer(self)
        self._library_timer.setSingleShot(True)
        self._library_timer.setInterval(LIBRARY_MS)
        self._library_timer.timeout.connect(self._library_progress)
        # The pane says which sentences' English changed (the model announces every change
        # of a draft or machine translation: its dataChanged, which also covers glosses and
        # whole-article ranges, would only send the same English again).
        self.pane.english_changed.connect(self._changed)
        self.pane.model.modelReset.connect(self.resend)
        # Drafts are saved through the undo stack: each edit, undo and redo moves it.
        window.undo_stack.indexChanged.connect(lambda _i: self._library_timer.start())
        # Once an article is in and its drafts loaded (the window's own handler runs
        # first: hence the next turn of the event loop), the whole of it, and whether
        # a model is installed, for the page's hint.
        self._resend_timer = QTimer(self)  # owned: it dies with the window, unlike a singleShot
        self._resend_timer.setSingleShot(True)
        self._resend_timer.setInterval(0)
        self._resend_timer.timeout.connect(self.resend)
        window.loader.finished.connect(lambda _g: self._resend_timer.start())

    # --- the View menu ---------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        if mode not in BILINGUAL_MODES:
            return
        self.window.set_setting("reading/bilingual", mode)
        self.window.statusBar().showMessage(f"English in the text: {MODE_NAMES[mode]}", 3000)

    def set_hidden(self, hidden: bool) -> None:
        self.window.set_setting("reading/hide_english", bool(hidden))
        if hidden and self.window.settings.get("reading/bilingual") == "off":
            self.window.statusBar().showMessage(
                "The English shows once a mode is on: View → English Under Each Sentence (Ctrl+Shift+L)", 5000
            )

    # --- the pane's English ------------------------------------------------------------
    def _changed(self, english: dict) -> None:
        self._take(english.items())

    def _take(self, items) -> None:
        generation = self.view.document.generation
        if generation != self._pending_generation:  # English of another article: gone
            self._pending = {}
            self._reset = False
            self._pending_generation = generation
        for i, text in items:
            self._pending[int(i)] = text or ""
        if not self._timer.isActive():
            self._timer.start()

    def resend(self) -> None:
        """All of the article's English, replacing what the page holds, with whether a
        translation model is installed."""
        self._pending_generation = self.view.document.generation
        self._pending = self.pane.english_all()  # the draft, else the machine's
        self._reset = True
        self.flush()

    def flush(self) -> None:
        self._timer.stop()
        if self._pending_generation != self.view.document.generation:
            self._pending, self._reset = {}, False
            return
        if not self._pending and not self._reset:
            return
        english, self._pending = self._pending, {}
        reset, self._reset = self._reset, False
        self.view.set_translations(self._pending_generation, english, self._model_installed() if reset else None, reset)
        self.messages += 1

    def _model_installed(self) -> bool:
        try:
            return self.window.translation.runner.package() is not None
        except Exception:  # noqa: BLE001 - a broken models folder: the hint says "install"
            log.exception("could not list the translation models")
            return False

    # --- the library -----------------------------------------------------------------
    def _library_progress(self) -> None:
        self.window.library.show_translation_progress()
