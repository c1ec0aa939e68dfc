"""The main window: library, reader, translation pane, word panel and vocabulary."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.core.library import bundled
from reader.core.library.imported import ImportedArticles
from reader.core.library.model import Article
from reader.core.library.position import ReadingPositions
from reader.core.text.model import AnnotatedSentence, Token
from reader.core.vocabulary.words import Words
from reader.qt.dialogs.preferences import PreferencesDialog, show_about
from reader.qt.errors import show_error
from reader.qt.page.find_bar import FindBar
from reader.qt.page.view import ReaderView
from reader.qt.panels.library import LibraryItem, LibraryPanel
from reader.qt.panels.translation import TranslationPane
from reader.qt.panels.vocabulary import VocabularyView
from reader.qt.panels.word import WordPanel
from reader.qt.settings import FURIGANA_LEVELS, FURIGANA_MODES, Settings
from reader.qt.workers import run_in_pool

if TYPE_CHECKING:
    from reader.core.storage.store import Store

log = logging.getLogger(__name__)

FILE_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm *.xhtml *.epub);;Yomitan dictionaries (*.zip);;All files (*)"


class _StoreCommand(QUndoCommand):
    """An undoable change to the library, written by the store's one writer thread."""

    def __init__(self, window: MainWindow, text: str, do, undo) -> None:
        super().__init__(text)
        self.window, self._do, self._undo = window, do, undo

    def redo(self) -> None:
        self.window.write(self._do, then=self.window.refresh_library)

    def undo(self) -> None:
        self.window.write(self._undo, then=self.window.refresh_library)


def apply_palette(theme: str) -> None:
    """A dark Fusion palette for the dark theme; the style's own palette otherwise."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if theme != "dark":
        app.setPalette(app.style().standardPalette())
        return
    app.setStyle("Fusion")
    palette = QPalette()
    base, window, text = QColor(30, 30, 30), QColor(45, 45, 45), QColor(225, 225, 225)
    for role, colour in (
        (QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, QColor(38, 38, 38)),
        (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text), (QPalette.ColorRole.Highlight, QColor(70, 110, 160)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
        (QPalette.ColorRole.PlaceholderText, QColor(140, 140, 140)),
    ):
        palette.setColor(role, colour)
    app.setPalette(palette)


class _DraftCommand(QUndoCommand):
    """An edit of one sentence's draft: undoable, and saved as soon as it is made."""

    def __init__(self, window: MainWindow, row: int, old: str, new: str) -> None:
        super().__init__(f"Edit draft of sentence {row + 1}")
        self.window, self.row, self.old, self.new = window, row, old, new
        self.article_id = window.current_id

    def _apply(self, text: str) -> None:
        if self.window.current_id == self.article_id:
            self.window.translation_pane.model.set_draft(self.row, text)
            self.window._save_draft(self.row)

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class _DeleteWordsCommand(QUndoCommand):
    """Deleting saved words keeps everything needed to bring them back whole."""

    def __init__(self, window: MainWindow, ids: list[int]) -> None:
        super().__init__(f"Delete {len(ids)} word(s)")
        self.window, self.ids = window, ids
        self.rows: list[dict] = []

    def redo(self) -> None:
        self.rows = Words(self.window.store).delete_words(self.ids)
        self.window.refresh_vocabulary()

    def undo(self) -> None:
        Words(self.window.store).restore_words(self.rows)
        self.window.refresh_vocabulary()


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None, store: Store | None = None) -> None:
        super().__init__()
        self.setWindowTitle("reader")
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        # The page first: its HTML is built before the pipeline's modules load.
        self.reader_view = ReaderView(self)
        from reader.core.storage.store import Store
        from reader.qt.page.loader import Annotators, ArticleLoader

        self.settings = settings or Settings()
        self.store = store or Store()
        from reader.core.translation.drafts import Drafts
        from reader.core.translation.glossary import Termbase

        self.drafts = Drafts(self.store)
        self.termbase = Termbase(self.store)
        self.annotators = Annotators()
        self.undo_stack = QUndoStack(self)
        self.current_id = ""
        self._position: tuple[int, float] | None = None
        self.loader = ArticleLoader(self.reader_view, self.annotators)
        from reader.qt.window.translation import TranslationRunner

        self.translation = TranslationRunner(self)
        self.find_bar = FindBar(self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.reader_view, 1)
        self.setCentralWidget(central)

        self.library_panel = LibraryPanel(self)
        self.translation_pane = TranslationPane(self)
        self.word_panel = WordPanel(self)
        self._user_dicts = None
        self._examples: object = None  # None: not tried yet; False: not built
        self.reader_view.user_dicts = self.user_dictionaries
        self.word_panel.user_dicts = self.user_dictionaries
        self.word_panel.dictionary = self.annotators.dictionary
        self.word_panel.examples = self.example_sentences
        self.vocabulary_view = VocabularyView(self)
        self.docks = {
            "library": self._dock("Library", self.library_panel, Qt.DockWidgetArea.LeftDockWidgetArea),
            "translation": self._dock("Translation", self.translation_pane, Qt.DockWidgetArea.RightDockWidgetArea),
            "word": self._dock("Word", self.word_panel, Qt.DockWidgetArea.RightDockWidgetArea),
            "vocabulary": self._dock("Vocabulary", self.vocabulary_view, Qt.DockWidgetArea.BottomDockWidgetArea),
        }
        self.tabifyDockWidget(self.docks["translation"], self.docks["word"])
        self.docks["translation"].raise_()

        self.length_label = QLabel(self)
        self.position_label = QLabel(self)
        # A label, not a QProgressBar: QProgressBar.setValue repaints synchronously,
        # which stalled the event loop by tens of milliseconds per chunk.
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("annotationProgress")
        self.statusBar().addWidget(self.length_label)
        self.statusBar().addWidget(self.position_label)
        self.due_label = QLabel(self)
        self.due_label.setObjectName("dueCount")
        self.statusBar().addPermanentWidget(self.due_label)
        self.statusBar().addPermanentWidget(self.progress_label)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(800)
        self._save_timer.timeout.connect(self._save_position)

        self._build_menus()
        self.translation_pane.model.termbase = self.termbase
        self._connect()
        self.resize(1280, 820)
        self._restore_layout()
        self.apply_settings()
        self.refresh_library()
        self.refresh_vocabulary()
        # Load the pipeline (tokenizer, dictionary) while Chromium loads the page, not
        # once the first article is opened; its problems show when that article loads.
        annotators = self.annotators  # not self: the task must not keep the window alive
        run_in_pool(lambda task: annotators.get(), None, lambda exc: None)

    # --- layout ----------------------------------------------------------------------
    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock{title}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _restore_layout(self) -> None:
        geometry = self.settings.get("window/geometry")
        state = self.settings.get("window/state")
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resizeDocks([self.docks["library"], self.docks["translation"]], [250, 380], Qt.Orientation.Horizontal)
            self.resizeDocks([self.docks["vocabulary"]], [150], Qt.Orientation.Vertical)
        if state:
            self.restoreState(QByteArray(state))

    def _action(self, menu, text: str, slot, shortcut=None, checkable: bool = False, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.setObjectName(name or text)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)  # shortcuts work wherever the focus is
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&Open…", self.open_file_dialog, QKeySequence.StandardKey.Open, name="open")
        self._action(file_menu, "&Paste as New Article", self.paste_article, "Ctrl+Shift+V", name="paste")
        self._action(file_menu, "&Export Translation…", self.export_translation_dialog, "Ctrl+E", name="exportTranslation")
        file_menu.addSeparator()
        self._action(file_menu, "&Rename Article…", self.rename_article, "F2", name="rename")
        self._action(file_menu, "&Delete Article", self.delete_article, QKeySequence.StandardKey.Delete, name="delete")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit, name="quit")

        edit = bar.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addActions([undo, redo])
        edit.addSeparator()
        self._action(edit, "&Copy", lambda: self.copy_selection("plain"), QKeySequence.StandardKey.Copy, name="copy")
        self._action(edit, "Copy with &Furigana", lambda: self.copy_selection("brackets"), "Ctrl+Shift+C", name="copyFurigana")
        self._action(edit, "Copy the English &Draft", self.copy_draft, "Ctrl+Shift+D", name="copyDraft")
        edit.addSeparator()
        self._action(edit, "&Glossary…", self.open_glossary, "Ctrl+Shift+G", name="glossary")
        self._action(edit, "Translation &Models…", self.open_models, name="models")
        self._action(edit, "D&ictionaries…", lambda: self.open_dictionaries(), name="dictionaries")
        edit.addSeparator()
        self._action(edit, "&Find…", lambda: self.find_bar.open_bar(), QKeySequence.StandardKey.Find, name="find")
        self._action(edit, "Find in &Library…", lambda: self.find_bar.open_bar(library=True), "Ctrl+Shift+F", name="findLibrary")
        edit.addSeparator()
        self._action(edit, "&Preferences…", self.open_preferences, QKeySequence.StandardKey.Preferences, name="preferences")

        view = bar.addMenu("&View")
        furigana = view.addMenu("&Furigana")
        self.furigana_group = QActionGroup(self)
        self.furigana_actions: dict[str, QAction] = {}
        titles = {
            "all": "&All",
            "unknown": "Only words not yet &known",
            "level": "Only words not known and above my JLPT &level",
            "off": "&Off",
        }
        for mode in FURIGANA_MODES:
            action = self._action(furigana, titles[mode], lambda _=False, m=mode: self.set_furigana(m), checkable=True, name=f"furigana-{mode}")
            self.furigana_group.addAction(action)
            self.furigana_actions[mode] = action
        level_menu = furigana.addMenu("My JLPT Level (furigana hidden at and below)")
        self.level_group = QActionGroup(self)
        self.level_actions: dict[str, QAction] = {}
        for level in FURIGANA_LEVELS:
            action = self._action(level_menu, f"N{level}", lambda _=False, n=level: self.set_furigana_level(n), checkable=True, name=f"furiganaLevel-{level}")
            self.level_group.addAction(action)
            self.level_actions[level] = action
        self._action(view, "Cycle Furigana Mode", self.cycle_furigana, "F8", name="cycleFurigana")
        view.addSeparator()
        self._action(view, "Zoom &In", lambda: self.zoom(+2), QKeySequence.StandardKey.ZoomIn, name="zoomIn")
        self._action(view, "Zoom &Out", lambda: self.zoom(-2), QKeySequence.StandardKey.ZoomOut, name="zoomOut")
        self._action(view, "&Reset Zoom", lambda: self.zoom(0), "Ctrl+0", name="zoomReset")
        view.addSeparator()
        theme = view.addMenu("&Theme")
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for name in ("system", "light", "dark", "sepia"):
            action = self._action(theme, name.capitalize(), lambda _=False, n=name: self.set_setting("reading/theme", n), checkable=True, name=f"theme-{name}")
            self.theme_group.addAction(action)
            self.theme_actions[name] = action
        self.vertical_action = self._action(view, "&Vertical Writing", lambda on: self.set_setting("reading/vertical", on), checkable=True, name="vertical")
        view.addSeparator()
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())

        words = bar.addMenu("&Words")
        self._action(words, "Mark Remaining Words &Known", self.mark_article_known, "Ctrl+Shift+K", name="markKnown")
        self._action(words, "&Review Due Words…", self.open_review, "F9", name="review")
        self._action(words, "&Coverage and Progress…", self.open_coverage, "Ctrl+Shift+P", name="coverage")
        words.addSeparator()
        self._action(words, "&Export Vocabulary…", self.export_vocabulary_dialog, name="exportVocabulary")
        self._action(words, "&Import Known Words…", self.import_known_dialog, name="importKnown")

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&About reader", lambda: show_about(self), name="about")

    def _connect(self) -> None:
        self.library_panel.articleChosen.connect(self.open_article)
        self.loader.progress.connect(self._on_progress)
        self.loader.finished.connect(self._on_loaded)
        self.loader.failed.connect(lambda exc: show_error(self, exc))
        self.reader_view.tokenClicked.connect(self._on_token_clicked)
        self.reader_view.kanjiClicked.connect(self._on_token_clicked)
        self.reader_view.sentenceActivated.connect(self._on_sentence_activated)
        self.reader_view.positionChanged.connect(self._on_position)
        self.translation_pane.sentenceSelected.connect(lambda i: self.reader_view.highlight(i, True))
        self.translation_pane.draftEdited.connect(self.edit_draft)
        self.translation_pane.reviewToggled.connect(self.toggle_reviewed)
        self.translation_pane.installRequested.connect(self.install_model_dialog)
        self.translation_pane.downloadRequested.connect(self.download_model)
        self.translation.batch.connect(self._translated_batch)
        self.translation.finished.connect(lambda _g: self.translation_pane.set_progress(-1, 0))
        self.translation_pane.cancelRequested.connect(self._cancel_translation)
        self.translation.failed.connect(lambda exc: show_error(self, exc, "Translation failed"))
        self.word_panel.saveRequested.connect(self.save_word)
        self.reader_view.saveRequested.connect(self.save_word)
        self.vocabulary_view.queryChanged.connect(self.refresh_vocabulary)
        self.vocabulary_view.model.edited.connect(self._word_edited)
        self.vocabulary_view.deleteRequested.connect(self.delete_words)
        self.vocabulary_view.jumpRequested.connect(self.jump_to_word)
        self.find_bar.findInPage.connect(self._find_in_page)
        self.find_bar.findInLibrary.connect(self._find_in_library)
        self.find_bar.resultChosen.connect(self._open_result)

    # --- settings ----------------------------------------------------------------------
    def effective_theme(self) -> str:
        theme = self.settings.get("reading/theme")
        if theme != "system":
            return theme
        scheme = QGuiApplication.styleHints().colorScheme()
        return "dark" if scheme == Qt.ColorScheme.Dark else "light"

    def apply_settings(self) -> None:
        s = self.settings
        mode = s.get("reading/furigana")
        apply_palette(self.effective_theme())  # the window's chrome follows the page
        self.furigana_actions[mode].setChecked(True)
        self.level_actions[s.get("reading/furigana_level")].setChecked(True)
        self.theme_actions[s.get("reading/theme")].setChecked(True)
        self.vertical_action.setChecked(s.get("reading/vertical"))
        self.reader_view.known = Words(self.store).word_statuses()
        self.reader_view.apply_settings(
            {
                "furigana": mode,
                "furiganaLevel": int(s.get("reading/furigana_level")),
                "theme": self.effective_theme(),
                "fontSize": s.get("reading/font_size"),
                "lineHeight": s.get("reading/line_height"),
                "vertical": s.get("reading/vertical"),
            }
        )

    def set_setting(self, key: str, value) -> None:
        self.settings.set(key, value)
        self.apply_settings()

    def set_furigana(self, mode: str) -> None:
        self.set_setting("reading/furigana", mode)
        self.statusBar().showMessage(f"Furigana: {mode}", 2000)

    def set_furigana_level(self, level: str) -> None:
        """Choosing a level also switches to the level mode: that is why one picks it."""
        self.settings.set("reading/furigana_level", level)
        self.set_furigana("level")
        self.statusBar().showMessage(f"Furigana hidden for known words and JLPT N{level} and easier", 3000)

    def cycle_furigana(self) -> None:
        modes = list(FURIGANA_MODES)
        self.set_furigana(modes[(modes.index(self.settings.get("reading/furigana")) + 1) % len(modes)])

    def zoom(self, step: int) -> None:
        size = 20 if step == 0 else max(10, min(48, self.settings.get("reading/font_size") + step))
        self.set_setting("reading/font_size", size)

    def open_preferences(self) -> None:
        dialog = PreferencesDialog(self.settings, self)
        if dialog.exec():
            dialog.store()
            self.apply_settings()

    # --- the library -------------------------------------------------------------------
    def refresh_library(self) -> None:
        progress = ReadingPositions(self.store).progress()
        items = [
            LibraryItem(info, len(bundled.load_article(info.id).text), True, progress.get(info.id, 0.0))
            for info in bundled.list_articles()
        ]
        for info in ImportedArticles(self.store).all():
            items.append(LibraryItem(info, ImportedArticles(self.store).length(info.id), False, progress.get(info.id, 0.0)))
        self.library_panel.model.set_items(items)
        if self.current_id:
            self.library_panel.select(self.current_id)

    def load_text(self, article_id: str) -> Article:
        if article_id.startswith("imp-"):
            return ImportedArticles(self.store).get(article_id)
        return bundled.load_article(article_id)

    def open_article(self, article_id: str, scroll_to: dict | None = None) -> None:
        try:
            article = self.load_text(article_id)
        except ReaderError as exc:
            show_error(self, exc)
            return
        if scroll_to is None:
            saved = ReadingPositions(self.store).get(article_id)
            scroll_to = {"sentence": saved[0], "fraction": saved[1]} if saved else None
        self.current_id = article_id
        self.settings.set("session/last_article", article_id)
        self.translation.cancel()
        self.translation_pane.set_sentences([])
        self.library_panel.select(article_id)
        self.setWindowTitle(f"{article.info.title} — reader")
        self.length_label.setText(f"{len(article.text):,} characters")
        self.progress_label.setText("annotating…")
        self.loader.load(article_id, article.info, article.text, scroll_to)

    def open_initial(self) -> None:
        """The last article read, or the first bundled one."""
        last = self.settings.get("session/last_article") or ReadingPositions(self.store).last_article()
        ids = [item.info.id for item in self.library_panel.model.items()]
        self.open_article(last if last in ids else ids[0])

    def _on_progress(self, done: int, total: int) -> None:
        self.progress_label.setText(f"annotating {done * 100 // max(total, 1)}%")
        if self.translation_pane.model.rowCount() == 0:  # the first screen; the rest at the end
            self.translation_pane.set_sentences(self.reader_view.document.sentences)
        if self.annotators.problem is not None:
            problem = self.annotators.problem
            self.statusBar().showMessage(f"{problem.message}: {problem.advice}")

    def _on_loaded(self, generation: int) -> None:
        self.progress_label.setText("")
        sentences = self.reader_view.document.sentences
        self.translation_pane.set_sentences(sentences)
        self._load_drafts()
        self.start_translation()
        self.statusBar().showMessage(f"{len(self.reader_view.document.sentences)} sentences", 3000)

    # --- translation --------------------------------------------------------------------
    def start_translation(self) -> None:
        """Machine-translate the article on screen if a model is installed; glosses otherwise."""
        available = self.translation.package() is not None
        self.translation_pane.set_model_available(available)
        sentences = [s.sentence.text for s in self.reader_view.document.sentences]
        if available and sentences:
            self.translation_pane.set_progress(0, len(sentences))
            self.translation.start(sentences, self.settings.get("translation/beam"))

    def _translated_batch(self, _generation: int, batch) -> None:
        pane = self.translation_pane
        pane.model.set_machine(batch)
        pane.set_progress(sum(1 for r in pane.model.rows if r.machine), len(pane.model.rows))

    def _cancel_translation(self) -> None:
        self.translation.cancel()
        self.translation_pane.set_progress(-1, 0)
        self.statusBar().showMessage("Translation cancelled; reopen the article to resume (done sentences are cached)", 4000)

    def install_model_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Install a translation model", str(Path.home()), "Argos Translate models (*.argosmodel);;All files (*)")
        if path:
            self.install_model(path)

    def install_model(self, path: str | Path) -> None:
        def work(task):
            from reader.core.translation.packages import install_package

            return install_package(path)

        def done(info) -> None:
            self.translation.forget_model()
            self.statusBar().showMessage(f"Installed {info.name} {info.version}", 4000)
            self.start_translation()

        self.statusBar().showMessage(f"Installing {Path(path).name}…")
        run_in_pool(work, done, lambda exc: show_error(self, exc, "Could not install the model"))

    def download_model(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self, "Download a model",
            "Download the Japanese→English model from the Argos Translate index? "
            "This is the only thing reader ever fetches from the internet, and only now that you ask.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(task):
            from reader.core.translation.packages import download_package

            return download_package("ja", "en")

        def done(info) -> None:
            self.translation.forget_model()
            self.start_translation()

        run_in_pool(work, done, lambda exc: show_error(self, exc, "Could not download the model"))

    def edit_draft(self, row: int, text: str) -> None:
        model = self.translation_pane.model
        if not 0 <= row < len(model.rows):
            return
        old = model.rows[row].draft
        self.undo_stack.push(_DraftCommand(self, row, old, text))

    def toggle_reviewed(self, row: int) -> None:
        model = self.translation_pane.model
        if 0 <= row < len(model.rows):
            r = model.rows[row]
            model.set_draft(row, r.draft, not r.reviewed)
            self._save_draft(row)

    def _save_draft(self, row: int) -> None:
        """Drafts are written at once, each in its own transaction."""
        r = self.translation_pane.model.rows[row]
        article_id = self.current_id
        draft, reviewed = r.draft, r.reviewed
        self.write(lambda: self.drafts.save(article_id, row, r.japanese, draft, reviewed))

    def _load_drafts(self) -> None:
        sources = [r.japanese for r in self.translation_pane.model.rows]
        for row, (text, reviewed) in self.drafts.load(self.current_id, sources).items():
            self.translation_pane.model.set_draft(row, text, reviewed)

    def _export_rows(self):
        from reader.core.translation.export import lines

        rows = self.translation_pane.model.rows
        return lines(self.reader_view.document.sentences, [r.draft for r in rows], [r.machine for r in rows])

    def _title(self) -> str:
        info = self.reader_view.document.info
        return info.title if info else ""

    def open_models(self) -> None:
        from reader.qt.dialogs.models import ModelsDialog

        dialog = ModelsDialog(self)
        dialog.changed.connect(self.translation.forget_model)
        dialog.changed.connect(self.start_translation)
        dialog.exec()

    def open_dictionaries(self, import_zip: str | Path | None = None) -> None:
        """The imported Yomitan dictionaries: import, remove, order, turn on and off.

        ``import_zip`` (a Yomitan zip dropped on the window) starts importing at once.
        """
        from reader.core.dictionaries.yomitan.store import UserDictionaries
        from reader.qt.dialogs.dictionaries import DictionariesDialog

        own = self.user_dictionaries()
        try:
            user_dicts = own or UserDictionaries.open_default()  # the error, if it still fails
        except ReaderError as exc:
            show_error(self, exc, "Dictionaries")
            return
        dialog = DictionariesDialog(user_dicts, user_dicts.path, self)
        dialog.changed.connect(self._dictionaries_changed)
        if import_zip is not None:
            dialog.import_file(Path(import_zip))
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
            if user_dicts is not own:
                user_dicts.close()

    def _dictionaries_changed(self) -> None:
        """After an import, removal, reorder or on/off: lookups must not answer from memory."""
        if self._user_dicts:
            self._user_dicts.changed()

    def open_glossary(self) -> None:
        from reader.qt.dialogs.glossary import GlossaryDialog

        GlossaryDialog(self.termbase, self).exec()
        model = self.translation_pane.model
        if model.rows:  # hints and warnings follow the new glossary
            model.dataChanged.emit(model.index(0, 0), model.index(len(model.rows) - 1, model.columnCount() - 1))

    def copy_draft(self) -> None:
        from reader.core.translation.export import draft_text

        QApplication.clipboard().setText(draft_text(self._title(), self._export_rows()))
        self.statusBar().showMessage("Copied the English draft", 2000)

    def export_translation_dialog(self) -> None:
        filters = "Text (*.txt);;Markdown (*.md);;Word (*.docx);;Bilingual page (*.html);;Bilingual PDF (*.pdf)"
        path, _ = QFileDialog.getSaveFileName(self, "Export translation", str(Path.home() / "translation.docx"), filters)
        if path:
            self.export_translation(path)

    def export_translation(self, path: str | Path) -> None:
        """The English draft (.txt, .md, .docx), or Japanese with furigana beside it (.html, .pdf)."""
        from reader.core.translation.export import bilingual_html, export

        path = Path(path)
        rows, title = self._export_rows(), self._title()
        if path.suffix.lower() != ".pdf":
            try:
                export(path, title, rows)
            except ReaderError as exc:
                show_error(self, exc, "Could not export")
                return
            self.statusBar().showMessage(f"Exported {path.name}", 4000)
            return
        from PySide6.QtWebEngineCore import QWebEnginePage

        from reader.qt.page.view import BASE_URL, shared_profile

        page = QWebEnginePage(shared_profile(), self)
        self._pdf_page = page

        def printed(file: str, ok: bool) -> None:
            page.deleteLater()
            if ok:
                self.statusBar().showMessage(f"Exported {Path(file).name}", 4000)
            else:
                show_error(self, ReaderError(f"could not write {file}", "choose another folder"))

        page.pdfPrintingFinished.connect(printed)
        page.loadFinished.connect(lambda ok: page.printToPdf(str(path)))
        page.setHtml(bilingual_html(title, rows), BASE_URL)

    # --- import -------------------------------------------------------------------------
    def open_file_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open an article", str(Path.home()), FILE_FILTER)
        if path:
            self.import_path(path)

    def import_path(self, path: str | Path) -> None:
        """Import an article; a ``.zip`` (what Yomitan dictionaries come as) goes to the
        Dictionaries dialog instead."""
        if str(path).lower().endswith(".zip"):
            self.open_dictionaries(import_zip=path)
            return
        from reader.core.library import importers  # trafilatura and lxml: loaded when first needed

        def work(task) -> str:
            imported = importers.import_file(path)
            info = ImportedArticles(self.store).add(
                imported.title, imported.text, source=imported.source, url=imported.url,
                author=imported.author, date=imported.date, origin=str(path),
            )
            return info.id

        self.statusBar().showMessage(f"Importing {Path(path).name}…")
        run_in_pool(work, self._imported, lambda exc: show_error(self, exc, "Could not import"), writer=True)

    def paste_article(self) -> None:
        text = QApplication.clipboard().text()
        if not text.strip():
            show_error(self, ReaderError("the clipboard holds no text", "copy some Japanese text first"))
            return
        from reader.core.library import importers

        imported = importers.import_text(text)

        def work(task) -> str:
            return ImportedArticles(self.store).add(imported.title, imported.text, source="clipboard").id

        run_in_pool(work, self._imported, lambda exc: show_error(self, exc), writer=True)

    def _imported(self, article_id: str) -> None:
        self.statusBar().showMessage("Imported", 2000)
        self.refresh_library()
        self.open_article(article_id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.import_path(url.toLocalFile())
        event.acceptProposedAction()

    def rename_article(self) -> None:
        article_id = self.library_panel.selected_id() or self.current_id
        if not article_id.startswith("imp-"):
            show_error(self, ReaderError("bundled articles cannot be renamed", "import your own copy to rename it"))
            return
        old = ImportedArticles(self.store).get(article_id).info.title
        title, ok = QInputDialog.getText(self, "Rename article", "Title:", text=old)
        if ok and title.strip() and title != old:
            new = title.strip()
            self.undo_stack.push(
                _StoreCommand(self, f"Rename “{old}”",
                              lambda: ImportedArticles(self.store).rename(article_id, new),
                              lambda: ImportedArticles(self.store).rename(article_id, old))
            )

    def delete_article(self) -> None:
        article_id = self.library_panel.selected_id() or self.current_id
        if not article_id.startswith("imp-"):
            show_error(self, ReaderError("bundled articles cannot be deleted", "they ship with reader"))
            return
        title = ImportedArticles(self.store).get(article_id).info.title
        self.undo_stack.push(
            _StoreCommand(self, f"Delete “{title}”",
                          lambda: ImportedArticles(self.store).delete(article_id),
                          lambda: ImportedArticles(self.store).restore(article_id))
        )
        self.statusBar().showMessage(f"Deleted “{title}” — Ctrl+Z brings it back", 5000)

    def write(self, fn, then=None) -> None:
        """Run a store write on the one writer thread, then refresh on the GUI thread."""
        run_in_pool(lambda task: fn(), (lambda _: then()) if then else None, lambda exc: show_error(self, exc), writer=True)

    # --- words and sentences -------------------------------------------------------------
    def _on_token_clicked(self, token: Token, sentence: AnnotatedSentence, kanji: str = "") -> None:
        self.word_panel.show_token(token, sentence, kanji)
        self.docks["word"].show()
        self.docks["word"].raise_()

    def save_word(self, token: Token, sentence: AnnotatedSentence) -> None:
        article_id = self.current_id
        start = token.start - sentence.sentence.start

        def work(task) -> int:
            return Words(self.store).save_word(
                token.base, token.base_reading, list(token.glosses[:5]), token.pos,
                sentence.sentence.text, article_id, start, start + len(token.surface),
            )

        def done(_: int) -> None:
            self.word_panel.mark_saved()
            self.statusBar().showMessage(f"Saved {token.base} to your vocabulary", 3000)
            status = Words(self.store).word_statuses([(token.base, token.base_reading)]).get((token.base, token.base_reading), "learning")
            self.reader_view.set_word_status(token.base, token.base_reading, status)
            self.refresh_vocabulary()

        run_in_pool(work, done, lambda exc: show_error(self, exc), writer=True)

    def refresh_vocabulary(self) -> None:
        self.vocabulary_view.model.set_rows(Words(self.store).search_words(**self.vocabulary_view.query()))
        self.update_due_count()

    def _word_edited(self, word_id: int, field: str, value) -> None:
        self.write(lambda: Words(self.store).update_word(word_id, **{field: value}))

    def delete_words(self, ids: list[int]) -> None:
        self.undo_stack.push(_DeleteWordsCommand(self, ids))

    def jump_to_word(self, row: dict) -> None:
        """Open the article a word was saved from, at its sentence."""
        contexts = Words(self.store).word_contexts(row["id"])
        if not contexts:
            self.statusBar().showMessage(f"{row['base']} has no saved sentence", 3000)
            return
        context = contexts[0]

        def highlight(_g: int = 0) -> None:
            for n, s in enumerate(self.reader_view.document.sentences):
                if s.sentence.text == context["sentence"]:
                    self.reader_view.highlight(n, True)
                    self.translation_pane.show_sentence(n)
                    return

        if context["article_id"] == self.current_id and self.reader_view.document.finished:
            highlight()
        else:
            self.loader.finished.connect(highlight, Qt.ConnectionType.SingleShotConnection)
            self.open_article(context["article_id"])

    def update_due_count(self) -> None:
        from reader.core.vocabulary.review import Reviewer

        due = Reviewer(self.store).due_count()
        self.due_label.setText(f"{due} due for review" if due else "")

    def mark_article_known(self) -> None:
        """Every word of this article not being learnt becomes known (undo: set them back)."""
        from reader.core.vocabulary import coverage

        sentences = list(self.reader_view.document.sentences)
        if not sentences:
            return

        def work(task) -> int:
            return coverage.mark_article_known(self.store, sentences)

        def done(changed: int) -> None:
            self.statusBar().showMessage(f"{changed} words marked as known", 4000)
            self.apply_settings()  # statuses reloaded for the page
            self.open_article(self.current_id, {"sentence": self._position[0] if self._position else 0, "fraction": 0})

        self.write_with_result(work, done)

    def export_vocabulary_dialog(self) -> None:
        filters = "Anki deck (*.apkg);;CSV (*.csv);;CSV for Excel (*.csv)"
        path, chosen = QFileDialog.getSaveFileName(self, "Export vocabulary", str(Path.home() / "vocabulary.apkg"), filters)
        if path:
            self.export_vocabulary(path, bom="Excel" in chosen)

    def export_vocabulary(self, path: str | Path, bom: bool = False) -> None:
        """Export saved words: .apkg for Anki (with the sentence's draft), else CSV."""

        def work(task) -> int:
            if str(path).lower().endswith(".apkg"):
                from reader.core.vocabulary.anki import export_apkg

                return export_apkg(self.store, path, translation_for=self.drafts.for_sentence)
            from reader.core.vocabulary.lists import export_csv

            return export_csv(self.store, path, bom=bom)

        def done(count: int) -> None:
            self.statusBar().showMessage(f"Exported {count} words to {Path(path).name}", 5000)

        run_in_pool(work, done, lambda exc: show_error(self, exc, "Could not export"))

    def import_known_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import known words", str(Path.home()), "Word lists (*.txt *.csv *.tsv);;All files (*)"
        )
        if path:
            self.import_known(path)

    def import_known(self, path: str | Path) -> None:
        """Mark the words of a list (text, CSV or an Anki notes export) as known."""

        def work(task):
            from reader.core.vocabulary.lists import dictionary_readings, import_known_words

            annotator = self.annotators.get()
            readings = dictionary_readings(annotator.dictionary) if annotator.dictionary else None
            return import_known_words(self.store, path, readings)

        def done(counts) -> None:
            self.statusBar().showMessage(f"{counts.added} words marked known, {counts.unchanged} already were", 5000)
            self.apply_settings()
            self.refresh_vocabulary()

        self.write_with_result(work, lambda counts: done(counts))

    def open_coverage(self) -> None:
        from reader.core.vocabulary import coverage
        from reader.qt.dialogs.coverage import CoverageDialog

        sentences = list(self.reader_view.document.sentences)
        statuses = Words(self.store).word_statuses()
        title = self.reader_view.document.info.title if self.reader_view.document.info else ""
        saved = [w["saved"] for w in Words(self.store).search_words(limit=None)]
        dialog = CoverageDialog(title, coverage.coverage(sentences, statuses), saved, self)
        self.coverage_dialog = dialog
        items = self.library_panel.model.items()

        def work(task) -> list[tuple[str, float]]:
            annotator = self.annotators.get()
            rows = []
            for item in items:
                if task.cancelled or item.length > 200_000:
                    continue
                text = self.load_text(item.info.id).text
                rows.append((item.info.title, coverage.coverage(annotator.iter_annotate(text), statuses).running_share))
            return rows

        task = run_in_pool(work, dialog.show_per_article, lambda exc: show_error(self, exc))
        dialog.finished.connect(lambda _r: task.cancel())
        dialog.open()

    def write_with_result(self, fn, done) -> None:
        run_in_pool(fn, done, lambda exc: show_error(self, exc), writer=True)

    def open_review(self) -> None:
        from reader.qt.dialogs.review import ReviewDialog

        dialog = ReviewDialog(self.store, self, annotator=self.annotators.get)
        dialog.exec()
        self.refresh_vocabulary()

    def _on_sentence_activated(self, index: int) -> None:
        self.translation_pane.show_sentence(index)
        self.reader_view.highlight(index, False)

    def _on_position(self, sentence: int, fraction: float) -> None:
        self._position = (sentence, fraction)
        total = max(len(self.reader_view.document.sentences), 1)
        self.position_label.setText(f"sentence {sentence + 1} of {total}")
        self._save_timer.start()

    def _save_position(self) -> None:
        if self._position is None or not self.current_id:
            return
        article_id, (sentence, fraction) = self.current_id, self._position
        total = len(self.reader_view.document.sentences)
        self.write(lambda: ReadingPositions(self.store).save(article_id, sentence, fraction, total))

    # --- copy and find -------------------------------------------------------------------
    def copy_selection(self, mode: str) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and focus is not self.reader_view.focusProxy() and focus is not self.reader_view and hasattr(focus, "copy"):
            focus.copy()  # a line edit or table has the focus: its own copy
            return

        def done(text) -> None:
            if text:
                QApplication.clipboard().setText(str(text))
                self.statusBar().showMessage("Copied" + (" with furigana" if mode == "brackets" else ""), 2000)

        self.reader_view.copy_text(mode, done)

    def _find_in_page(self, text: str, backwards: bool) -> None:
        flags = QWebEnginePage.FindFlag.FindBackward if backwards else QWebEnginePage.FindFlag(0)
        self.reader_view.findText(text, flags)

    def _find_in_library(self, needle: str) -> None:
        titles = {item.info.id: item.info.title for item in self.library_panel.model.items()}
        results = [(aid, titles.get(aid, aid), off, snip) for aid, off, snip in bundled.search(needle)]
        results += [(aid, titles.get(aid, aid), off, snip) for aid, off, snip in ImportedArticles(self.store).search(needle)]
        self.find_bar.show_results(results)

    def _open_result(self, article_id: str, offset: int, needle: str) -> None:
        if article_id != self.current_id:
            self.open_article(article_id)
            self.loader.finished.connect(lambda _g: self.reader_view.findText(needle), Qt.ConnectionType.SingleShotConnection)
        else:
            self.reader_view.findText(needle)

    # --- closing ------------------------------------------------------------------------
    # --- imported dictionaries and examples (opened on first use) ----------------------
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
        if not self.settings.get("words/examples"):
            return None
        if self._examples is None:
            from reader.core.dictionaries.examples import Examples

            try:
                self._examples = Examples.open_default() or False
            except ReaderError as exc:
                log.warning("example sentences unavailable: %s", exc)
                self._examples = False
        return self._examples or None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self._save_timer.stop()
        self._save_position()
        self.settings.set("window/geometry", bytes(self.saveGeometry().data()))
        self.settings.set("window/state", bytes(self.saveState().data()))
        self.settings.sync()
        from reader.qt.workers import wait_all

        wait_all()
        super().closeEvent(event)
