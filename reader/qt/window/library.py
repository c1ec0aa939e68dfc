"""The library side of the window: listing articles, opening one, importing files and
pasted text, renaming and deleting imported articles, the reading position, and
finding text across the library."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from reader.core.errors import ReaderError
from reader.core.library import bundled
from reader.core.library.imported import ImportedArticles, is_imported
from reader.core.library.model import Article
from reader.core.library.position import ReadingPositions
from reader.qt.errors import show_error
from reader.qt.panels.library import LibraryItem
from reader.qt.window.commands import WriteCommand

if TYPE_CHECKING:
    from reader.qt.window.main_window import MainWindow

FILE_FILTER = (
    "Articles (*.txt *.md *.markdown *.html *.htm *.xhtml *.epub);;"
    "Yomitan dictionaries (*.zip);;All files (*)"
)
POSITION_SAVE_MS = 800


class LibraryController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = window.library_panel
        self.articles = ImportedArticles(window.store)
        self.positions = ReadingPositions(window.store)
        self.position: tuple[int, float] | None = None
        #: The sentence the reader chose (a click, j/k, the translation table): the
        #: status bar names it rather than the first one on screen.
        self.chosen_sentence: int | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(POSITION_SAVE_MS)
        self._save_timer.timeout.connect(self.save_position)
        self.panel.articleChosen.connect(self.open_article)

    # --- listing and opening ----------------------------------------------------------
    def refresh(self) -> None:
        progress = self.positions.progress()
        items = [
            LibraryItem(info, len(bundled.load_article(info.id).text), True, progress.get(info.id, 0.0))
            for info in bundled.list_articles()
        ]
        for info in self.articles.all():
            items.append(LibraryItem(info, self.articles.length(info.id), False, progress.get(info.id, 0.0)))
        self.panel.model.set_items(items)
        self.show_translation_progress()
        if self.window.current_id:
            self.panel.select(self.window.current_id)

    def show_translation_progress(self) -> None:
        """Sentences drafted and reviewed per article, under its title (issue 12, item 7)."""
        from reader.core.translation.drafts import Drafts

        self.panel.model.set_translation_progress(Drafts(self.window.store).progress_all())

    def load_text(self, article_id: str) -> Article:
        return self.articles.get(article_id) if is_imported(article_id) else bundled.load_article(article_id)

    def open_article(self, article_id: str, scroll_to: dict | None = None) -> None:
        try:
            article = self.load_text(article_id)
        except ReaderError as exc:
            show_error(self.window, exc)
            return
        if scroll_to is None:
            saved = self.positions.get(article_id)
            scroll_to = {"sentence": saved[0], "fraction": saved[1]} if saved else None
        settings = self.window.settings
        settings.set("session/opening", article_id)
        settings.sync()  # on disk before annotating: a crash in it must not recur at start-up
        self.chosen_sentence = None
        self.window.article_opening(article_id, article)
        self.panel.select(article_id)
        self.window.loader.load(article_id, article.info, article.text, scroll_to)

    def article_opened(self) -> None:
        """The article on screen is annotated: it is safe to reopen at the next start."""
        self.window.settings.set("session/opening", "")

    def open_initial(self) -> None:
        """The last article read, or the first bundled one; none when reader died while
        opening an article last time (the library is shown, and the user told why)."""
        settings = self.window.settings
        crashed = settings.get("session/opening")
        if crashed:
            settings.set("session/opening", "")
            settings.sync()
            self._not_reopened(crashed)
            return
        last = settings.get("session/last_article") or self.positions.last_article()
        ids = [item.info.id for item in self.panel.model.items()]
        self.open_article(last if last in ids else ids[0])

    def _not_reopened(self, article_id: str) -> None:
        try:
            title = f"“{self.load_text(article_id).info.title}”"
        except ReaderError:
            title = "an article"
        self.window.docks["library"].show()
        self.panel.view.setFocus()
        show_error(self.window, ReaderError(
            f"reader stopped while opening {title} last time, so it was not opened again",
            "choose an article in the library; to try that one again, choose it there",
        ), "reader")

    def reopen_here(self) -> None:
        """Open the article on screen again (its statuses changed), at the same sentence."""
        sentence = self.position[0] if self.position else 0
        self.open_article(self.window.current_id, {"sentence": sentence, "fraction": 0})

    # --- the reading position ----------------------------------------------------------
    def position_changed(self, sentence: int, fraction: float) -> None:
        self.position = (sentence, fraction)
        self._show_sentence_number()
        self._save_timer.start()

    def sentence_chosen(self, index: int) -> None:
        self.chosen_sentence = index
        self._show_sentence_number()

    def _show_sentence_number(self) -> None:
        total = max(len(self.window.reader_view.document.sentences), 1)
        shown = self.chosen_sentence if self.chosen_sentence is not None else (self.position or (0, 0))[0]
        self.window.position_label.setText(f"sentence {shown + 1} of {total}")

    def save_position(self) -> None:
        self._save_timer.stop()
        article_id = self.window.current_id
        if self.position is None or not article_id:
            return
        sentence, fraction = self.position
        total = len(self.window.reader_view.document.sentences)
        self.window.write(lambda: self.positions.save(article_id, sentence, fraction, total))

    # --- importing ------------------------------------------------------------------
    def open_file_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open an article", str(Path.home()), FILE_FILTER)
        if path:
            self.import_path(path)

    def import_path(self, path: str | Path) -> None:
        """Import an article; a ``.zip`` (what Yomitan dictionaries come as) goes to the
        Dictionaries dialog instead."""
        if str(path).lower().endswith(".zip"):
            self.window.dictionaries.open_dialog(import_zip=path)
            return

        def work() -> tuple[str, tuple[str, ...]]:
            from reader.core.library import (
                importers,  # trafilatura and lxml: loaded when first needed
            )

            imported = importers.import_file(path)
            info = self.articles.add(
                imported.title, imported.text, source=imported.source, url=imported.url,
                author=imported.author, date=imported.date, origin=str(path),
            )
            return info.id, imported.notes

        self.window.statusBar().showMessage(f"Importing {Path(path).name}…")
        self.window.write(work, then=lambda done: self._imported(*done), title="Could not import")

    def paste_article(self) -> None:
        text = QApplication.clipboard().text()
        if not text.strip():
            show_error(self.window, ReaderError("the clipboard holds no text", "copy some Japanese text first"))
            return
        from reader.core.library import importers

        imported = importers.import_text(text)
        self.window.write(
            lambda: self.articles.add(imported.title, imported.text, source="clipboard").id,
            then=lambda article_id: self._imported(article_id, imported.notes),
        )

    def _imported(self, article_id: str, notes: tuple[str, ...] = ()) -> None:
        """Show the new article; what had to be repaired in it is said in the status bar."""
        self.window.statusBar().showMessage("Imported" + "".join(f" — {n}" for n in notes), 8000 if notes else 2000)
        self.refresh()
        self.open_article(article_id)

    # --- renaming and deleting -------------------------------------------------------
    def _chosen_imported(self, what: str, why: str) -> str:
        article_id = self.panel.selected_id() or self.window.current_id
        if not is_imported(article_id):
            show_error(self.window, ReaderError(f"bundled articles cannot be {what}", why))
            return ""
        # Deleted a moment ago (a second Del before the list caught up): nothing to do.
        return article_id if self.articles.exists(article_id) else ""

    def rename_article(self, title: str | None = None) -> None:
        """Rename the chosen imported article, to ``title`` or what the user types."""
        article_id = self._chosen_imported("renamed", "import your own copy to rename it")
        if not article_id:
            return
        old = self.articles.get(article_id).info.title
        if title is None:
            dialog = QInputDialog(self.window)
            dialog.setWindowTitle("Rename article")
            dialog.setLabelText("Title:")
            dialog.setTextValue(old)
            dialog.resize(max(480, dialog.sizeHint().width()), dialog.sizeHint().height())  # room for a title
            if dialog.exec() != QInputDialog.DialogCode.Accepted:
                return
            title = dialog.textValue()
        new = title.strip()
        if not new or new == old:
            return

        def after() -> None:
            self.refresh()
            if self.window.current_id == article_id:  # the heading and title bar follow
                title = self.articles.get(article_id).info.title
                self.window.reader_view.set_title(title)
                self.window.setWindowTitle(f"{title} — reader")

        self.window.undo_stack.push(WriteCommand(
            f"Rename “{old}”", self.window.write,
            lambda: self.articles.rename(article_id, new),
            lambda _old: self.articles.rename(article_id, old),
            after,
        ))

    def delete_article(self) -> None:
        article_id = self._chosen_imported("deleted", "they ship with reader")
        if not article_id:
            return
        title = self.articles.get(article_id).info.title
        was_open = article_id == self.window.current_id

        def after() -> None:
            self.refresh()
            # The article on screen was deleted: show another rather than a ghost.
            if was_open and self.window.current_id == article_id and not self.articles.exists(article_id):
                self.open_article(bundled.list_articles()[0].id)

        self.window.undo_stack.push(WriteCommand(
            f"Delete “{title}”", self.window.write,
            lambda: self.articles.delete(article_id),
            lambda _none: self.articles.restore(article_id),
            after,
        ))
        self.window.statusBar().showMessage(f"Deleted “{title}” — Ctrl+Z brings it back", 5000)

    # --- finding across the library ------------------------------------------------
    def find_in_library(self, needle: str) -> None:
        titles = {item.info.id: item.info.title for item in self.panel.model.items()}
        hits = bundled.search(needle) + self.articles.search(needle)
        self.window.find_bar.show_results([(aid, titles.get(aid, aid), off, snip) for aid, off, snip in hits])

    def open_result(self, article_id: str, offset: int, needle: str) -> None:
        view = self.window.reader_view
        if article_id != self.window.current_id:
            self.open_article(article_id)
            self.window.loader.finished.connect(
                lambda _g: view.findText(needle), Qt.ConnectionType.SingleShotConnection
            )
        else:
            view.findText(needle)
