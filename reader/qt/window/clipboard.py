"""The clipboard feed (File → Clipboard Feed): Japanese text copied anywhere is appended
to an imported article titled "Clipboard", which is opened at the new text, annotated
and translated like any article.

What reader copies itself is not fed back (``own_copy``); the same text twice is
appended once; one copy adds at most 20,000 characters and the article keeps the
newest 500,000; a clipboard of over a million characters is refused with a message, and one
of over 4 MB without being read.
The GUI thread only reads the clipboard: the rest is done on the writer thread.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import QApplication

from reader.core.library import clipboard
from reader.core.library.imported import ImportedArticles

if TYPE_CHECKING:
    from reader.qt.window.main_window import MainWindow

SETTING = "clipboard/feed"
#: UTF-8 takes at most 4 bytes a character: more bytes than this is too many characters.
MAX_BYTES = 4 * clipboard.MAX_CLIPBOARD


class ClipboardFeed(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.articles = ImportedArticles(window.store)
        self.on = False
        self._own = 0  # reader is copying: what lands on the clipboard is its own
        self._own_text: str | None = None  # and what it was, should the change come later
        self.appended = 0  # texts appended (tests read it)
        self.set_enabled(window.settings.get(SETTING), announce=False)

    def set_enabled(self, on: bool, announce: bool = True) -> None:
        """Turn the feed on or off (the menu's tick and the setting follow)."""
        on = bool(on)
        board = QApplication.clipboard()
        if on and not self.on:
            board.dataChanged.connect(self._changed)
        elif self.on and not on:
            board.dataChanged.disconnect(self._changed)
        self.on = on
        self.window.settings.set(SETTING, on)
        action = getattr(getattr(self.window, "actions", None), "by_name", {}).get("clipboardFeed")
        if action is not None and action.isChecked() != on:
            action.setChecked(on)
        if announce:
            self.window.statusBar().showMessage(
                "Clipboard feed on: Japanese text you copy is added to the “Clipboard” article"
                if on else "Clipboard feed off", 4000)

    @contextmanager
    def own_copy(self) -> Iterator[None]:
        """Wrap reader's own copying: it is not fed back into the article."""
        self._own += 1
        try:
            yield
        finally:
            self._own -= 1
            self._own_text = QApplication.clipboard().text(QClipboard.Mode.Clipboard)

    def _changed(self) -> None:
        board = QApplication.clipboard()
        # Reader's own copy: announced (own_copy), or any other, a line edit's own Ctrl+C
        # too, on the platforms that say who owns the clipboard (X11, Wayland, Windows, macOS).
        if self._own or board.ownsClipboard():
            return
        mime = board.mimeData(QClipboard.Mode.Clipboard)
        if mime is None or not mime.hasText():
            return
        # Its size first, in UTF-8 bytes, without making a Python string of it (that
        # costs ~10 ms a million characters): a huge clipboard is refused unread.
        size = mime.data("text/plain").size()
        if size > MAX_BYTES:
            self.window.statusBar().showMessage(clipboard.too_large(f"{size / 1e6:.1f} MB"), 8000)
            return
        raw = mime.text()
        if raw == self._own_text:  # reader's copy, announced after it returned
            return
        self.feed(raw)

    def feed(self, raw: str) -> None:
        """Append a clipboard text to the Clipboard article (on the writer thread), then
        open the article at it."""
        if len(raw) > clipboard.MAX_CLIPBOARD:  # refused before anything else looks at it
            self.window.statusBar().showMessage(clipboard.take(raw).note, 8000)
            return
        articles = self.articles

        def work() -> tuple[str, int, str] | None:
            clip = clipboard.take(raw)
            if not clip.text:
                return None
            article_id = articles.find_origin(clipboard.ORIGIN)
            if article_id is None:
                info = articles.add(clipboard.TITLE, clip.text, source="clipboard", origin=clipboard.ORIGIN)
                return info.id, 0, clip.note
            done = articles.append(article_id, clip.text)
            return None if done is None else (article_id, done.offset, clip.note)

        self.window.write(work, then=self._appended, title="Clipboard feed")

    def _appended(self, result: tuple[str, int, str] | None) -> None:
        if result is None:
            return
        article_id, offset, note = result
        self.appended += 1
        window = self.window
        window.statusBar().showMessage(note or "Added the copied text to “Clipboard”", 8000 if note else 3000)
        window.library.refresh()
        # The end first (where the new text is), then its first sentence once annotated.
        window.library.open_article(article_id, {"sentence": -1, "fraction": 1.0})
        generation = window.loader.generation
        view = window.reader_view

        def at_new_text(finished: int) -> None:
            if finished != generation or view.document.article_id != article_id:
                return
            starts = [s.sentence.start for s in view.document.sentences]
            index = min(bisect_left(starts, offset), len(starts) - 1)
            if index >= 0:
                view.highlight(index, True)
                window.translation_pane.show_sentence(index)

        window.loader.finished.connect(at_new_text, Qt.ConnectionType.SingleShotConnection)
