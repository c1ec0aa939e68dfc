"""The vocabulary side of the window: saving words, their statuses on the page, the
vocabulary panel's edits and deletions, review, coverage, and word lists in and out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from reader.core.dictionaries import labels
from reader.core.text.model import AnnotatedSentence, Word
from reader.core.vocabulary.review import Reviewer
from reader.core.vocabulary.status import IGNORED, KNOWN, LEARNING, status_of
from reader.core.vocabulary.words import Words
from reader.qt.window.commands import WriteCommand

if TYPE_CHECKING:
    from reader.qt.window.main_window import MainWindow

EXPORT_FILTERS = "Anki deck (*.apkg);;CSV (*.csv);;CSV for Excel (*.csv)"
LIST_FILTERS = "Word lists (*.txt *.csv *.tsv);;All files (*)"


#: The hover popup's keys: the status each gives the word ("" saves it, as learning).
POPUP_KEYS = {"s": "", "k": KNOWN, "i": IGNORED}
#: The popup's key that adds its word to Anki (window/anki.py), on only while it shows too.
ANKI_KEY = "e"
#: Widgets where a letter is text to type, not a command.
_TYPING = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


def _typing(widget: QWidget | None) -> bool:
    if isinstance(widget, _TYPING) or (isinstance(widget, QComboBox) and widget.isEditable()):
        return True
    return isinstance(widget, QAbstractItemView) and widget.state() == QAbstractItemView.State.EditingState


class PopupKeys(QObject):
    """S, K and I act on the word whose popup shows, whatever has the focus (keys work
    wherever the user is looking), except where the user is typing: window shortcuts,
    on only while a popup shows; the page, when it has the focus, sends them itself."""

    def __init__(self, controller: VocabularyController) -> None:
        super().__init__(controller)
        self.controller = controller
        window = controller.window
        self.shortcuts = []
        for key in (*POPUP_KEYS, ANKI_KEY):
            shortcut = QShortcut(QKeySequence(key.upper()), window, lambda k=key: self.pressed(k))
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setEnabled(False)
            self.shortcuts.append(shortcut)
        view = window.reader_view
        view.popupChanged.connect(self.update)
        view.popupKeyPressed.connect(self.pressed)
        QApplication.instance().focusChanged.connect(self.update)

    def update(self, *_args: object) -> None:
        """On while a popup shows and the focus is not where the user types."""
        on = self.controller.window.reader_view.popup_word is not None and not _typing(QApplication.focusWidget())
        for shortcut in self.shortcuts:
            shortcut.setEnabled(on)

    def pressed(self, key: str) -> None:
        shown = self.controller.window.reader_view.popup_word
        if key.lower() == ANKI_KEY and shown is not None and shown[0].content:
            self.controller.anki.add_word(*shown)
            return
        status = POPUP_KEYS.get(key.lower())
        if shown is None or status is None or not shown[0].content:
            return
        word, sentence = shown
        if status:
            self.controller.set_word_status(word, status)
        else:
            self.controller.save_word(word, sentence)


class VocabularyController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        #: Asks a yes/no question (tests answer it themselves).
        self.confirm: Callable[[str, str], bool] = lambda title, text: QMessageBox.question(
            window, title, text) == QMessageBox.StandardButton.Yes
        self.popup_keys = PopupKeys(self)
        self.panel = window.vocabulary_view
        self.words = Words(window.store)
        self.reviewer = Reviewer(window.store)
        self.panel.queryChanged.connect(self.refresh)
        self.panel.model.edited.connect(self.word_edited)
        self.panel.deleteRequested.connect(self.delete_words)
        self.panel.statusRequested.connect(self.set_statuses)
        self.panel.jumpRequested.connect(self.jump_to_word)
        from reader.qt.window.anki import AnkiController

        self.anki = AnkiController(self)  # E on the popup, "in Anki", statuses from Anki

    def statuses(self) -> dict[tuple[str, str], str]:
        """Every stored status, for the page."""
        return self.words.word_statuses()

    def refresh(self) -> None:
        self.panel.model.set_rows(self.words.search_words(**self.panel.query()))
        due = self.reviewer.due_count()
        self.window.due_label.setText(f"{due} due for review" if due else "")

    # --- saving and editing ------------------------------------------------------------
    def save_word(self, word: Word, sentence: AnnotatedSentence) -> None:
        """Save a word by its dictionary entry (食べる for 食べさせられなかった, 首脳会談 whole)
        with the sentence it was read in."""
        article_id = self.window.current_id
        start = word.start - sentence.sentence.start
        key = word.key
        pos = labels.word_pos(word.entries, word.pos)

        def work() -> str:
            self.words.save_word(
                key[0], key[1], list(word.glosses[:5]), pos,
                sentence.sentence.text, article_id, start, start + len(word.text),
            )
            return self.words.word_statuses([key]).get(key, LEARNING)

        def done(status: str) -> None:
            self.window.word_panel.mark_saved()
            if self.window.word_panel.word is not None and self.window.word_panel.word.key == key:
                self.window.word_panel.show_status(status)
            self.window.statusBar().showMessage(f"Saved {key[0]} to your vocabulary", 3000)
            self.window.reader_view.set_word_status(*key, status)
            self.refresh()

        self.window.write(work, then=done)

    def save_looked_up(self, rows: list, then: Callable[[], None] | None = None) -> None:
        """Save words from the lookup history (Words → History → Save Selected), each
        with the last sentence it was looked up in."""
        from reader.core.vocabulary.history import save_to_vocabulary

        dictionary, words = self.window.annotators.dictionary(), self.words

        def work() -> dict[tuple[str, str], str]:
            keys = save_to_vocabulary(words, rows, dictionary)
            return words.word_statuses(keys)

        def done(statuses: dict[tuple[str, str], str]) -> None:
            for key, status in statuses.items():
                self.window.reader_view.set_word_status(*key, status)
            self.window.statusBar().showMessage(f"Saved {len(statuses)} word(s) to your vocabulary", 3000)
            self.refresh()
            if then is not None:
                then()

        self.window.write(work, then=done)

    def word_edited(self, word_id: int, field: str, value) -> None:
        if field == "status":
            self.set_statuses([word_id], str(value))
            return
        self.window.write(lambda: self.words.update_word(word_id, **{field: value}))

    def set_statuses(self, ids: list[int], status: str) -> None:
        """Give words a status, undoably; the page recolours them."""
        if not ids:
            return

        def after() -> None:
            self.window.apply_settings()  # the page's statuses reloaded
            self.refresh()

        self.window.undo_stack.push(WriteCommand(
            f"Mark {len(ids)} word(s) {status}", self.window.write,
            lambda: self.words.set_statuses(ids, status),
            lambda old: self.words.restore_statuses(old),
            after,
        ))

    def set_word_status(self, word: Word, status: str) -> None:
        """From the word panel or the popup: one word's status, undoably (saved or not)."""
        key = word.key

        def do() -> tuple[int, str | None]:
            old = self.words.word_statuses([key]).get(key)
            self.words.set_word_status(*key, status)
            return old  # type: ignore[return-value]

        def undo(old: str | None) -> None:
            if old is None:
                found = self.words.find_word(*key)
                if found is not None and not found.get("saved"):
                    self.words.delete_words([found["id"]])
                else:
                    self.words.set_word_status(*key, "new")
            else:
                self.words.set_word_status(*key, old)

        def after() -> None:
            now = self.words.word_statuses([key]).get(key, "new")
            self.window.reader_view.set_word_status(*key, now)
            panel = self.window.word_panel
            if panel.word is not None and panel.word.key == key:
                panel.show_status(now)
            self.refresh()

        self.window.undo_stack.push(WriteCommand(f"Mark {key[0]} {status}", self.window.write, do, undo, after))

    def delete_words(self, ids: list[int]) -> None:
        """Deleting keeps everything needed to bring the words back whole (undo)."""
        self.window.undo_stack.push(WriteCommand(
            f"Delete {len(ids)} word(s)", self.window.write,
            lambda: self.words.delete_words(ids),
            lambda rows: self.words.restore_words(rows),
            self.refresh,
        ))

    def jump_to_word(self, row: dict) -> None:
        """Open the article a word was saved from, at its sentence."""
        contexts = self.words.word_contexts(row["id"])
        if not contexts:
            self.window.statusBar().showMessage(f"{row['base']} has no saved sentence", 3000)
            return
        context = contexts[0]
        view = self.window.reader_view

        def highlight(_generation: int = 0) -> None:
            for n, s in enumerate(view.document.sentences):
                if s.sentence.text == context["sentence"]:
                    view.highlight(n, True)
                    self.window.translation_pane.show_sentence(n)
                    return

        if context["article_id"] == self.window.current_id and view.document.finished:
            highlight()
        else:
            self.window.loader.finished.connect(highlight, Qt.ConnectionType.SingleShotConnection)
            self.window.library.open_article(context["article_id"])

    def mark_article_known(self) -> None:
        """Every word of this article not being learnt becomes known."""
        from reader.core.vocabulary import coverage

        sentences = list(self.window.reader_view.document.sentences)
        if not sentences:
            return
        statuses = self.window.reader_view.statuses
        remaining = [k for k in coverage.content_words(sentences) if status_of(statuses, k) == "new"]
        if not remaining:
            self.window.statusBar().showMessage("Every word of this article has a status already", 4000)
            return
        question = (
            f"Mark the {len(remaining)} words of this article you have not saved or marked as known?"
            "\n\nEdit → Undo takes it back."
        )
        if not self.confirm("Mark remaining words known", question):
            return

        def after() -> None:
            self.window.apply_settings()  # statuses reloaded for the page
            self.window.library.reopen_here()
            self.refresh()

        self.window.undo_stack.push(WriteCommand(
            f"Mark {len(remaining)} words known", self.window.write,
            lambda: self.words.mark_known_undoably(remaining),
            lambda changed: self.words.undo_mark_known(changed),
            after,
        ))
        self.window.statusBar().showMessage(f"{len(remaining)} words marked as known — Ctrl+Z takes it back", 5000)

    # --- review and coverage -----------------------------------------------------------
    def open_review(self) -> None:
        from reader.qt.dialogs.review import ReviewDialog

        dialog = ReviewDialog(self.window.store, self.window.write, self.window, annotator=self.window.annotators.get)
        dialog.exec()
        self.refresh()

    def open_coverage(self) -> None:
        from reader.core.vocabulary import coverage
        from reader.qt.dialogs.coverage import CoverageDialog

        document = self.window.reader_view.document
        sentences = list(document.sentences)
        statuses = self.words.word_statuses()
        title = document.info.title if document.info else ""
        saved = [w["saved"] for w in self.words.search_words(limit=None)]
        dialog = CoverageDialog(title, coverage.coverage(sentences, statuses), saved, self.window)
        self.coverage_dialog = dialog
        from reader.qt.window import mining  # Save Selected, Mark Selected Known

        window = self.window
        dialog.saveRequested.connect(lambda keys: mining.save_keys(window, keys, lambda k: dialog.words_done(k, "saved")))
        dialog.knownRequested.connect(lambda keys: mining.mark_keys_known(window, keys, lambda k: dialog.words_done(k, "known")))
        items = self.window.library_panel.model.items()
        annotators, load_text = self.window.annotators, self.window.library.load_text

        def work(task) -> list[tuple[str, float]]:
            annotator = annotators.get()
            rows = []
            for item in items:
                if task.cancelled or item.length > 200_000:
                    continue
                text = load_text(item.info.id).text
                share = coverage.coverage(annotator.iter_annotate(text), statuses).running_share
                rows.append((item.info.title, share))
            return rows

        task = self.window.run(work, dialog.show_per_article)
        dialog.finished.connect(lambda _r: task.cancel())
        dialog.open()

    # --- word lists in and out ---------------------------------------------------------
    def export_dialog(self) -> None:
        default = str(Path.home() / "vocabulary.apkg")
        path, chosen = QFileDialog.getSaveFileName(self.window, "Export vocabulary", default, EXPORT_FILTERS)
        if path:
            self.export(path, bom="Excel" in chosen)

    def export(self, path: str | Path, bom: bool = False) -> None:
        """Export saved words: .apkg for Anki (with the sentence's draft), else CSV."""
        store, drafts = self.window.store, self.window.translation.drafts

        def work(task) -> int:
            if str(path).lower().endswith(".apkg"):
                from reader.core.vocabulary.anki import export_apkg

                return export_apkg(store, path, translation_for=drafts.for_sentence)
            from reader.core.vocabulary.lists import export_csv

            return export_csv(store, path, bom=bom)

        def done(count: int) -> None:
            self.window.statusBar().showMessage(f"Exported {count} words to {Path(path).name}", 5000)

        self.window.run(work, done, title="Could not export")

    def import_known_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Import known words", str(Path.home()), LIST_FILTERS)
        if path:
            self.import_known(path)

    def import_known(self, path: str | Path) -> None:
        """Mark the words of a list (text, CSV or an Anki notes export) as known."""
        annotators, store = self.window.annotators, self.window.store

        def work():
            from reader.core.vocabulary.lists import dictionary_readings, import_known_words

            annotator = annotators.get()
            readings = dictionary_readings(annotator.dictionary) if annotator.dictionary else None
            return import_known_words(store, path, readings)

        def done(counts) -> None:
            message = f"{counts.added} words marked known, {counts.unchanged} already were"
            self.window.statusBar().showMessage(message, 5000)
            self.window.apply_settings()
            self.refresh()

        self.window.write(work, then=done)
