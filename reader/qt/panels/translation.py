"""The translation pane: a segment editor, one segment per sentence, aligned with the reader.

Every sentence's Japanese and English are shown whole, wrapped (segment_view.py); the
current segment opens for editing (segment_editor.py) with its machine translation,
translation-memory matches and glossary terms. Keys, with the focus in the pane:
Ctrl+Enter takes the machine translation, Ctrl+1…3 a memory match, Ctrl+↓/↑ go to the
next/previous segment not yet reviewed, Ctrl+R marks reviewed and goes on, Enter goes
to the next segment. What is typed becomes an undoable edit (draftEdited) when typing
pauses or the segment is left; the window saves it at once.

``english_changed`` tells the reader page the English shown for sentences (the draft,
else the machine translation), as it changes; ``english_for``/``english_all`` read it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from reader.core.text.model import AnnotatedSentence
from reader.qt.panels.segment_editor import SegmentEditor
from reader.qt.panels.segment_model import (  # noqa: F401 - the pane's model, named here too
    COL_DRAFT,
    COL_JA,
    COL_MT,
    COL_N,
    COL_STATUS,
    STATUSES,
    Row,
    SentenceModel,
    gloss_line,
)
from reader.qt.panels.segment_view import SegmentList
from reader.qt.workers import run_in_pool

COMMIT_AFTER_MS = 700  # a pause in typing makes the draft an edit (saved, undoable)
TM_AFTER_MS = 120  # the memory is searched for a segment the translator stays on
KEYS_HINT = "Ctrl+Enter MT · Ctrl+1–3 memory · Ctrl+↓/↑ next to review · Ctrl+R reviewed"


class TranslationPane(QWidget):
    sentenceSelected = Signal(int)  # noqa: N815
    installRequested = Signal()  # noqa: N815
    downloadRequested = Signal()  # noqa: N815
    draftEdited = Signal(int, str)  # noqa: N815 - row, new text (the window makes it undoable)
    reviewToggled = Signal(int)  # noqa: N815
    cancelRequested = Signal()  # noqa: N815
    #: sentence index -> the English shown for it (draft, else MT); only what changed
    english_changed = Signal(object)  # a dict {int: str}; object, as Signal(dict) would need str keys

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = SentenceModel(self)
        self.table = SegmentList(self)  # named as it was: the window and tests call it so
        self.table.set_source(self.model)
        editor = SegmentEditor()
        self.table.set_editor(editor)
        editor.draft.textChanged.connect(self._typed)
        editor.draft.flushRequested.connect(self.flush)
        editor.draft.nextRequested.connect(lambda: self.select_row(self.current_row() + 1))
        editor.heightChanged.connect(self._editor_resized)
        self.memory = None  # the window's TranslationMemory: matches for the open segment
        self.matches: list = []
        self._tm_generation = 0
        self.tm_searches = 0  # searches finished (for tests and the benchmark)
        self._tm_timer = QTimer(self)
        self._tm_timer.setSingleShot(True)
        self._tm_timer.setInterval(TM_AFTER_MS)
        self._tm_timer.timeout.connect(lambda: self._lookup(self.current_row()))

        self.banner = QWidget(self)
        self.banner.setObjectName("noModelBanner")
        note = QLabel("No translation model: glosses only.", self.banner)
        note.setWordWrap(True)
        note.setToolTip("No Japanese→English translation model is installed. Under each sentence are "
                        "dictionary glosses, word by word: they are not a translation.")
        self.install_button = QPushButton("Install…", self.banner)
        self.install_button.setToolTip("Install a translation model from a file")
        self.download_button = QPushButton("Download", self.banner)
        self.download_button.setToolTip("Download the Japanese→English model")
        self.install_button.clicked.connect(self.installRequested)
        self.download_button.clicked.connect(self.downloadRequested)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(4, 2, 4, 2)
        banner_layout.addWidget(note, 1)
        banner_layout.addWidget(self.install_button)
        banner_layout.addWidget(self.download_button)
        self.status = QLabel(self)
        self.status.setObjectName("translationStatus")
        self.status.setWordWrap(True)
        self.status.setToolTip(KEYS_HINT)
        # Progress as text with a cancel button (QProgressBar repaints synchronously).
        self.progress = QLabel(self)
        self.progress.setObjectName("translationProgress")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.progress_row = QWidget(self)
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(4, 0, 4, 0)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.status)
        self._syncing = False
        self._note = ""
        self._commit = QTimer(self)
        self._commit.setSingleShot(True)
        self._commit.setInterval(COMMIT_AFTER_MS)
        self._commit.timeout.connect(self.flush)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        # A click or Enter on a segment is to write in it; arrow keys only move through the list.
        self.table.clicked.connect(lambda index: self.focus_draft())
        self.table.activated.connect(lambda index: self.focus_draft())
        self.model.draftEdited.connect(self.draftEdited)
        self.model.englishChanged.connect(self.english_changed)
        self.model.dataChanged.connect(self._data_changed)
        self.model.modelReset.connect(self._update_status)
        self.model.rowsInserted.connect(lambda *_: self._update_status())
        for keys, slot in (
            ("Ctrl+Return", self.accept_machine), ("Ctrl+Enter", self.accept_machine),
            ("Ctrl+R", self._toggle_reviewed),
            ("Ctrl+Down", lambda: self.next_unreviewed(+1)), ("Ctrl+Up", lambda: self.next_unreviewed(-1)),
            *((f"Ctrl+{n}", lambda n=n: self.insert_match(n - 1)) for n in (1, 2, 3)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_status()

    # --- the article ----------------------------------------------------------------------
    def set_sentences(self, sentences: list[AnnotatedSentence]) -> None:
        """New rows; the view's own reset of its current row is not a user's choice."""
        self._commit.stop()
        self._syncing = True
        try:
            self.model.set_sentences(sentences)
        finally:
            self._syncing = False

    def set_progress(self, done: int, total: int) -> None:
        """Machine translation progress; done < 0 hides it."""
        if done < 0 or total <= 0 or done >= total:
            self.progress_row.hide()
            return
        self.progress.setText(f"Translating… {done}/{total} sentences")
        self.progress_row.show()

    def set_model_available(self, available: bool) -> None:
        self.banner.setVisible(not available)
        self.model.set_glosses_only(not available)

    # --- the English shown (for the reader page) -----------------------------------------
    def english_for(self, index: int) -> str:
        rows = self.model.rows
        return rows[index].english if 0 <= index < len(rows) else ""

    def english_all(self) -> dict[int, str]:
        return {i: r.english for i, r in enumerate(self.model.rows) if r.english}

    # --- the open segment ---------------------------------------------------------------
    @property
    def editor(self) -> SegmentEditor | None:
        """The open segment's editor; None when no segment is open."""
        return self.table.editor if self.table.delegate.editor_row >= 0 else None

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if previous.isValid():
            self.flush()
        if current.isValid():
            self._open(current.row())
            if not self._syncing:
                self.sentenceSelected.emit(current.row())
        else:
            self.table.open_row(-1, 0)

    def _open(self, row: int) -> None:
        """Fill the editor with the segment and lay it over its row."""
        editor, r = self.table.editor, self.model.rows[row]
        editor.blockSignals(True)  # one height, once filled
        try:
            editor.show_segment(row + 1, r.status, r.japanese, r.draft, r.machine,
                                r.glosses if self.model.glosses_only or r.no_mt else "")
            self._fill_terms(editor, row)
            self.matches = []
            editor.set_matches([])
        finally:
            editor.blockSignals(False)
        self._tm_timer.start()  # searched once the translator stops on a segment
        self.table.open_row(row, editor.height_for(self.table.viewport().width()))

    def _editor_resized(self) -> None:
        row, editor = self.table.delegate.editor_row, self.editor
        if editor is None or row < 0:
            return
        height = editor.height_for(self.table.viewport().width())
        if height != self.table.delegate.editor_height:
            self.table.open_row(row, height)
            self.table.scrollTo(self.table.row_index(row), QAbstractItemView.ScrollHint.EnsureVisible)

    def show_terms(self) -> None:
        """The open segment's glossary terms (again: the glossary changed, or the draft)."""
        if self.editor is not None:
            self._fill_terms(self.editor, self.table.delegate.editor_row)

    def _fill_terms(self, editor: SegmentEditor, row: int) -> None:
        termbase, r = self.model.termbase, self.model.rows[row]
        if termbase is None:
            editor.set_terms([], [])
        else:
            editor.set_terms(termbase.found_in(r.japanese), termbase.missing(r.japanese, r.draft))

    def _lookup(self, row: int) -> None:
        """Translation-memory matches for the open segment, searched on a worker."""
        self._tm_generation += 1
        generation, memory, editor = self._tm_generation, self.memory, self.editor
        if memory is None or editor is None or not 0 <= row < len(self.model.rows):
            return
        source = self.model.rows[row].japanese

        def done(found) -> None:
            if not isValid(self):  # the pane was closed meanwhile
                return
            self.tm_searches += 1
            if generation == self._tm_generation and self.editor is not None and isValid(self.editor):
                self.matches = list(found)[:3]
                self.editor.set_matches(self.matches)

        run_in_pool(lambda task: memory.matches(source, limit=3), done, lambda exc: done([]))

    def _typed(self) -> None:
        self._commit.start()

    def flush(self) -> None:
        """What was typed in the open segment becomes an edit of its draft, now."""
        self._commit.stop()
        editor, row = self.editor, self.table.delegate.editor_row
        if editor is None or not 0 <= row < len(self.model.rows):
            return
        text = editor.draft.toPlainText()
        if text != self.model.rows[row].draft:
            self.draftEdited.emit(row, text)

    def _data_changed(self, first: QModelIndex, last: QModelIndex, _roles=()) -> None:
        self._update_status()
        row, editor = self.table.delegate.editor_row, self.editor
        if editor is not None and first.row() <= row <= last.row():
            r = self.model.rows[row]
            if not self._commit.isActive():  # never under the translator's typing
                editor.set_draft_text(r.draft)
            editor.set_status(row + 1, r.status)
            editor.set_machine(r.machine, r.glosses if self.model.glosses_only or r.no_mt else "")
            self.show_terms()

    # --- keys ---------------------------------------------------------------------------------
    def select_row(self, row: int, focus: bool = True) -> None:
        """Open a segment (a jump from QA, a key), scrolled into view, ready to type."""
        if not 0 <= row < self.model.rowCount():
            return
        self.table.setCurrentIndex(self.table.row_index(row))
        self.table.scroll_to_row(row, QAbstractItemView.ScrollHint.EnsureVisible)
        if focus:
            self.focus_draft()

    def focus_draft(self) -> None:
        if self.editor is not None:
            self.editor.draft.setFocus()

    def accept_machine(self) -> None:
        """Copy the machine translation of the current row into the draft (one key)."""
        row = self.current_row()
        if row >= 0 and self.model.rows[row].machine:
            self._commit.stop()
            self.draftEdited.emit(row, self.model.rows[row].machine)

    def insert_match(self, n: int) -> None:
        """Ctrl+1…3: the n-th translation-memory match becomes the draft."""
        row = self.current_row()
        if row >= 0 and n < len(self.matches):
            self._commit.stop()
            self.draftEdited.emit(row, self.matches[n].target)

    def next_unreviewed(self, step: int) -> None:
        """Ctrl+↓/↑: the next (previous) segment not yet reviewed."""
        self.flush()
        rows, row = self.model.rows, self.current_row()
        r = row + step if row >= 0 else (0 if step > 0 else len(rows) - 1)
        while 0 <= r < len(rows):
            if not rows[r].reviewed:
                self.select_row(r)
                return
            r += step
        self._note = "Every segment " + ("below" if step > 0 else "above") + " is reviewed"
        self._update_status()
        self._note = ""

    def _toggle_reviewed(self) -> None:
        """Ctrl+R: mark the row reviewed and move on to the next."""
        row = self.current_row()
        if row >= 0:
            self.flush()
            self.reviewToggled.emit(row)
            if row + 1 < self.model.rowCount():
                self.select_row(row + 1)

    def _update_status(self) -> None:
        model = self.model
        text = f"{model.drafted_count()} drafted, {model.reviewed_count()} reviewed of {len(model.rows)}"
        self.status.setText(f"{text} — {self._note}" if self._note else text)

    def show_sentence(self, index: int) -> None:
        """Follow the reader: open and reveal a row without echoing it back."""
        if not 0 <= index < self.model.rowCount():
            return
        self._syncing = True
        try:
            self.table.setCurrentIndex(self.table.row_index(index))
            self.table.scroll_to_row(index)
        finally:
            self._syncing = False
