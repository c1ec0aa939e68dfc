"""The main window: the reader in the middle, the library, translation, word and
vocabulary panels docked around it, and the status bar.

The window builds the widgets and wires them; the work is done by one controller per
domain (library.py, translation.py, vocabulary.py, dictionaries.py), the menus are
declared in actions.py and undoable changes in commands.py. Every write to the
user's database goes through ``write``: the one writer thread, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QVBoxLayout, QWidget

from reader.core.library.model import Article
from reader.core.text.model import AnnotatedSentence, Word
from reader.core.vocabulary.status import status_of
from reader.qt.dialogs.preferences import PreferencesDialog, show_about
from reader.qt.errors import show_error
from reader.qt.page.find_bar import FindBar
from reader.qt.page.view import ReaderView
from reader.qt.panels.library import LibraryPanel
from reader.qt.panels.qa import QAPanel
from reader.qt.panels.translation import TranslationPane
from reader.qt.panels.vocabulary import VocabularyView
from reader.qt.panels.word import WordPanel
from reader.qt.settings import FURIGANA_MODES, Settings
from reader.qt.theme import apply_palette, effective_theme
from reader.qt.workers import Task, run_in_pool

if TYPE_CHECKING:
    from reader.core.storage.store import Store


#: The docks' arrangement; a state saved under another number is not restored (version 1:
#: the translation dock above the word dock, and the QA dock).
LAYOUT_VERSION = 1


def furigana_description(mode: str, level: str) -> str:
    """What a furigana mode shows, in words, with the level the level mode uses."""
    return {
        "all": "on every word",
        "unknown": "only on words not yet known",
        "level": f"only on words not known and above JLPT N{level} (View → Furigana → My JLPT Level)",
        "off": "off",
    }.get(mode, mode)


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None, store: Store | None = None) -> None:
        super().__init__()
        self.setWindowTitle("reader")
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        # The annotation process first: MeCab and the dictionary load there while
        # Chromium starts. Then the page: its HTML is built before the rest loads.
        from reader.qt.page.loader import start_process

        process = start_process()
        self.reader_view = ReaderView(self)
        from reader.core.storage.store import Store
        from reader.qt.page.loader import open_user_dictionaries, Annotators, ArticleLoader
        from reader.qt.window.actions import Actions
        from reader.qt.window.dictionaries import DictionariesController
        from reader.qt.window.library import LibraryController
        from reader.qt.window.translation import TranslationController
        from reader.qt.window.vocabulary import VocabularyController

        self.settings = settings or Settings()
        self.store = store or Store()
        # Imported dictionaries' headwords become words too: the annotator opens its own
        # connection to them, on its worker, touching nothing of the window.
        self.annotators = Annotators(open_user_dictionaries)
        self.undo_stack = QUndoStack(self)
        self.current_id = ""
        self.loader = ArticleLoader(self.reader_view, self.annotators, process)
        self._setup_offered = False  # the first-run set-up is offered once, at the first show
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
        self.vocabulary_view = VocabularyView(self)
        self.qa_panel = QAPanel(self)
        area = Qt.DockWidgetArea
        self.docks = {
            "library": self._dock("Library", self.library_panel, area.LeftDockWidgetArea),
            "translation": self._dock("Translation", self.translation_pane, area.RightDockWidgetArea),
            "word": self._dock("Word", self.word_panel, area.RightDockWidgetArea),
            "vocabulary": self._dock("Vocabulary", self.vocabulary_view, area.BottomDockWidgetArea),
            "qa": self._dock("QA", self.qa_panel, area.BottomDockWidgetArea),
        }
        # The segment editor above the word panel: looking a word up never hides the draft;
        # the right column runs the window's full height, beside the bottom docks.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.splitDockWidget(self.docks["translation"], self.docks["word"], Qt.Orientation.Vertical)
        self.tabifyDockWidget(self.docks["vocabulary"], self.docks["qa"])
        self.docks["vocabulary"].raise_()
        self._status_bar()

        self.library = LibraryController(self)
        self.translation = TranslationController(self)
        from reader.qt.window.bilingual import BilingualController

        self.bilingual = BilingualController(self)  # the English in the page (View menu)
        self.vocabulary = VocabularyController(self)
        self.dictionaries = DictionariesController(self)
        from reader.qt.window.clipboard import ClipboardFeed

        self.clipboard_feed = ClipboardFeed(self)  # File → Clipboard Feed
        from reader.qt.window.history import HistoryController
        from reader.qt.window.stats import StatsController

        self.history = HistoryController(self)  # lookups recorded; Words → History
        self.reading_stats = StatsController(self)  # time and characters read; Words → Statistics
        from reader.qt.window.audio import AudioController

        self.audio = AudioController(self)  # speech: the popup's A, P, read aloud (Audio menu)
        self.reader_view.user_dicts = self.dictionaries.user_dictionaries
        self.word_panel.user_dicts = self.dictionaries.user_dictionaries
        self.word_panel.dictionary = self.annotators.dictionary
        self.word_panel.examples = self.dictionaries.example_sentences
        self.actions = Actions(self)
        self._connect()
        self.resize(1200, 760)  # fits a 1280×800 screen with its panel
        self._restore_layout()
        self.apply_settings()
        self.library.refresh()
        self.vocabulary.refresh()
        annotators = self.annotators  # not self: the task must not keep the window alive
        if self.loader.in_process:
            # The process annotates; here only the word panel's dictionary is needed, and
            # not before the first article is in (the GIL is the GUI thread's till then).
            self.loader.finished.connect(
                lambda _g: run_in_pool(lambda task: annotators.preload_dictionary(), None, lambda exc: None),
                Qt.ConnectionType.SingleShotConnection,
            )
        else:
            # Load the pipeline (tokenizer, dictionary) while Chromium loads the page, not
            # once the first article is opened; its problems show when that article loads.
            run_in_pool(lambda task: annotators.get(), None, lambda exc: None)

    # --- building ----------------------------------------------------------------------
    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock{title}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _status_bar(self) -> None:
        self.length_label = QLabel(self)
        self.position_label = QLabel(self)
        # A label, not a QProgressBar: QProgressBar.setValue repaints synchronously,
        # which stalled the event loop by tens of milliseconds per chunk.
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("annotationProgress")
        self.due_label = QLabel(self)
        self.due_label.setObjectName("dueCount")
        self.statusBar().addWidget(self.length_label)
        self.statusBar().addWidget(self.position_label)
        self.statusBar().addPermanentWidget(self.due_label)
        self.statusBar().addPermanentWidget(self.progress_label)

    def _restore_layout(self) -> None:
        geometry = self.settings.get("window/geometry")
        state = self.settings.get("window/state")
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            docks = [self.docks["library"], self.docks["translation"]]
            self.resizeDocks(docks, [250, 380], Qt.Orientation.Horizontal)
            self.resizeDocks([self.docks["vocabulary"]], [150], Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["translation"], self.docks["word"]], [430, 270], Qt.Orientation.Vertical)
        if state:  # a state saved with another dock layout (LAYOUT_VERSION) is not restored
            self.restoreState(QByteArray(state), LAYOUT_VERSION)

    def _connect(self) -> None:
        view, loader = self.reader_view, self.loader
        loader.progress.connect(self._on_progress)
        loader.finished.connect(self._on_loaded)
        loader.failed.connect(self._on_load_failed)
        view.wordClicked.connect(self._on_word_clicked)
        view.kanjiClicked.connect(self._on_word_clicked)
        view.sentenceActivated.connect(self._on_sentence_activated)
        view.positionChanged.connect(self.library.position_changed)
        self.word_panel.saveRequested.connect(self.vocabulary.save_word)
        self.word_panel.statusRequested.connect(self.vocabulary.set_word_status)
        self.word_panel.status_of = lambda word: status_of(view.statuses, word.key)
        # The reader follows the open segment after the editor has painted, and only to the
        # last of several segments passed quickly (Ctrl+↓ held): one page scroll, not many.
        self._segment = 0
        self._follow = QTimer(self, singleShot=True, interval=40)
        self._follow.timeout.connect(lambda: (view.highlight(self._segment, True),
                                              self.library.sentence_chosen(self._segment)))
        self.translation_pane.sentenceSelected.connect(self._segment_opened)
        self.find_bar.findInPage.connect(self._find_in_page)
        self.find_bar.findInLibrary.connect(self.library.find_in_library)
        self.find_bar.resultChosen.connect(self.library.open_result)

    def _segment_opened(self, sentence: int) -> None:
        self._segment = sentence
        self._follow.start()

    # --- background work ---------------------------------------------------------------
    def write(self, fn: Callable[[], Any], then: Callable[[Any], None] | None = None, title: str = "reader") -> Task:
        """Run a write to the user's database on the one writer thread, then ``then(result)``
        on the GUI thread; a failure is shown to the user."""
        return run_in_pool(lambda task: fn(), then, lambda exc: show_error(self, exc, title), writer=True)

    def run(self, fn: Callable[[Task], Any], then: Callable[[Any], None] | None = None, title: str = "reader") -> Task:
        """Run slow work that writes nothing (reading, exporting) on a worker."""
        return run_in_pool(fn, then, lambda exc: show_error(self, exc, title))

    # --- the article on screen ------------------------------------------------------
    def article_opening(self, article_id: str, article: Article) -> None:
        self.current_id = article_id
        self.settings.set("session/last_article", article_id)
        self.translation.article_opened()
        self.setWindowTitle(f"{article.info.title} — reader")
        self.length_label.setText(f"{len(article.text):,} characters")
        self.progress_label.setText("annotating…")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress_label.setText(f"annotating {done * 100 // max(total, 1)}%")
        self.translation.article_progress()
        problem = self.annotators.problem
        if problem is not None:
            self.statusBar().showMessage(f"{problem.message}: {problem.advice}")

    def _on_loaded(self, _generation: int) -> None:
        self.progress_label.setText("")
        self.library.article_opened()
        self.translation.article_loaded()
        self.statusBar().showMessage(f"{len(self.reader_view.document.sentences)} sentences", 3000)

    def _on_load_failed(self, exc: BaseException) -> None:
        self.progress_label.setText("")
        self.library.article_opened()  # failed with a message, not a crash
        show_error(self, exc)

    def _on_word_clicked(self, word: Word, sentence: AnnotatedSentence, kanji: str = "") -> None:
        self.word_panel.show_word(word, sentence, kanji)
        word, translation = self.docks["word"], self.docks["translation"]
        if translation.isVisible() and translation in self.tabifiedDockWidgets(word):  # never over the draft
            self.removeDockWidget(word)
            self.addDockWidget(self.dockWidgetArea(translation), word, Qt.Orientation.Vertical)
        word.show()
        word.raise_()

    def _on_sentence_activated(self, index: int) -> None:
        self.translation_pane.show_sentence(index)
        self.reader_view.highlight(index, False)
        self.library.sentence_chosen(index)

    # --- settings ----------------------------------------------------------------------
    def apply_settings(self) -> None:
        s = self.settings
        theme = effective_theme(s.get("reading/theme"))
        apply_palette(theme)  # the window's chrome follows the page
        self.actions.show_settings(s)
        self.reader_view.statuses = self.vocabulary.statuses()
        self.reader_view.apply_settings({
            "furigana": s.get("reading/furigana"),
            "furiganaLevel": int(s.get("reading/furigana_level")),
            "theme": theme,
            "fontSize": s.get("reading/font_size"),
            "lineHeight": s.get("reading/line_height"),
            "vertical": s.get("reading/vertical"),
            "bilingual": s.get("reading/bilingual"),
            "hideEnglish": s.get("reading/hide_english"),
        })
        self.audio.apply_settings()  # voice, speed, volume

    def set_setting(self, key: str, value) -> None:
        self.settings.set(key, value)
        self.apply_settings()

    def set_furigana(self, mode: str) -> None:
        self.set_setting("reading/furigana", mode)
        self.statusBar().showMessage(f"Furigana: {furigana_description(mode, self.settings.get('reading/furigana_level'))}", 3000)

    def set_furigana_level(self, level: str) -> None:
        """Choosing a level also switches to the level mode: that is why one picks it."""
        self.settings.set("reading/furigana_level", level)
        self.set_furigana("level")

    def cycle_furigana(self) -> None:
        modes = list(FURIGANA_MODES)
        self.set_furigana(modes[(modes.index(self.settings.get("reading/furigana")) + 1) % len(modes)])

    def zoom(self, step: int) -> None:
        size = 20 if step == 0 else max(10, min(48, self.settings.get("reading/font_size") + step))
        self.set_setting("reading/font_size", size)

    def open_preferences(self) -> None:
        dialog = PreferencesDialog(self.settings, self)
        if dialog.exec():
            engine_keys = ("translation/engine", "translation/llm_url", "translation/llm_model",
                           "translation/llm_context", "translation/llm_allow_remote")
            before = [self.settings.get(k) for k in engine_keys]
            dialog.store()
            self.apply_settings()
            if [self.settings.get(k) for k in engine_keys] != before:
                self.translation.models_changed()  # the new engine translates the article now

    # --- first run -----------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._setup_offered:
            self._setup_offered = True
            QTimer.singleShot(0, self.offer_setup)

    def offer_setup(self, always: bool = False) -> None:
        """With no dictionary (a fresh install), offer to build it; ``always``: the menu's
        Set Up Dictionary…, which also offers the example sentences."""
        from reader.core.dictionaries import firstrun
        from reader.qt.dialogs.firstrun import FirstRunDialog

        needs = firstrun.needs()
        if not (needs.dictionary or (always and needs.anything)):
            if always:
                self.statusBar().showMessage("The dictionary and the example sentences are ready", 4000)
            return
        dialog = FirstRunDialog(self, needs)
        self.first_run_dialog = dialog
        if not needs.dictionary:
            dialog.intro.setText("The dictionary is ready. The example sentences are optional.")
            dialog.start_button.setText("Download")
            dialog.examples.setChecked(True)
        dialog.finished_setup.connect(self._setup_finished)
        dialog.open()

    def _setup_finished(self, outcome: str) -> None:
        if outcome == "failed":
            return
        self.annotators.reset()
        self.dictionaries.examples_built()
        if self.current_id:
            self.library.reopen_here()

    def show_about(self) -> None:
        show_about(self)

    # --- copy, find, drop ----------------------------------------------------------------
    def copy_selection(self, mode: str) -> None:
        focus = QApplication.focusWidget()
        view = self.reader_view
        if focus is not None and focus not in (view, view.focusProxy()) and hasattr(focus, "copy"):
            with self.clipboard_feed.own_copy():  # not fed back into the Clipboard article
                focus.copy()  # a line edit or table has the focus: its own copy
            return

        def done(text: str) -> None:
            if text:
                with self.clipboard_feed.own_copy():
                    QApplication.clipboard().setText(text)
                self.statusBar().showMessage("Copied" + (" with furigana" if mode == "brackets" else ""), 2000)

        view.copy_text(mode, done)

    def _find_in_page(self, text: str, backwards: bool) -> None:
        flags = QWebEnginePage.FindFlag.FindBackward if backwards else QWebEnginePage.FindFlag(0)
        self.reader_view.findText(text, flags)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.library.import_path(url.toLocalFile())
        event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.audio.close()  # silence, and the speech process ends
        self.library.save_position()
        self.history.flush()
        self.reading_stats.save()
        self.settings.set("window/geometry", bytes(self.saveGeometry().data()))
        self.translation_pane.flush()  # the draft being typed is saved
        self.settings.set("window/state", bytes(self.saveState(LAYOUT_VERSION).data()))
        self.settings.sync()
        self.loader.close()  # and the annotation process
        from reader.qt.workers import wait_all

        wait_all()
        super().closeEvent(event)
