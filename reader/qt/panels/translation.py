"""The translation pane: one row per sentence, aligned with the reader.

Columns: the Japanese, the machine translation (or, with no model installed, a
word-by-word gloss line that says it is one), the translator's English draft,
and the row's status. Rows are created once per article; translations and
drafts then change cells in place, so a long article stays cheap to update.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.core.text.model import AnnotatedSentence

Index = QModelIndex | QPersistentModelIndex
STATUSES = ("untranslated", "machine", "draft", "reviewed")
COL_N, COL_JA, COL_MT, COL_DRAFT, COL_STATUS = range(5)


@dataclass
class Row:
    japanese: str
    sentence: AnnotatedSentence | None = None  # for the gloss line, made when first shown
    machine: str = ""
    draft: str = ""
    reviewed: bool = False

    _glosses: str | None = None

    @property
    def glosses(self) -> str:
        if self._glosses is None:
            self._glosses = gloss_line(self.sentence) if self.sentence is not None else ""
        return self._glosses

    @property
    def status(self) -> str:
        if self.reviewed:
            return "reviewed"
        if self.draft:
            return "draft"
        return "machine" if self.machine else "untranslated"


def gloss_line(sentence: AnnotatedSentence, limit: int = 12) -> str:
    """Word glosses for a sentence with no machine translation: 停戦 ceasefire · …"""
    parts = []
    for word in sentence.words:
        if word.content and word.glosses and len(parts) < limit:
            parts.append(f"{word.base} {word.glosses[0]}")
    return " · ".join(parts)


class SentenceModel(QAbstractTableModel):
    HEADERS = ("#", "Japanese", "Machine translation", "Your draft", "Status")
    GLOSS_HEADER = "Glosses (not a translation)"

    draftEdited = Signal(int, str)  # noqa: N815 - row, text

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.glosses_only = False
        self.termbase = None  # the window's Termbase, for term hints and draft warnings

    def clear(self) -> None:
        self.set_sentences([])

    def set_sentences(self, sentences: list[AnnotatedSentence]) -> None:
        self.beginResetModel()
        self.rows = [Row(s.sentence.text, s) for s in sentences]
        self.endResetModel()

    def append(self, sentences: list[AnnotatedSentence]) -> None:
        if not sentences:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(sentences) - 1)
        self.rows.extend(Row(s.sentence.text, s) for s in sentences)
        self.endInsertRows()

    def set_glosses_only(self, on: bool) -> None:
        self.glosses_only = on
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_MT, COL_MT)
        self._changed(0, len(self.rows) - 1, COL_MT, COL_MT)

    def set_machine(self, pairs: list[tuple[int, str]]) -> None:
        touched = [i for i, _ in pairs if 0 <= i < len(self.rows)]
        for i, text in pairs:
            if 0 <= i < len(self.rows):
                self.rows[i].machine = text
        if touched:
            self._changed(min(touched), max(touched), COL_MT, COL_STATUS)

    def set_draft(self, row: int, text: str, reviewed: bool | None = None) -> None:
        if not 0 <= row < len(self.rows):
            return
        self.rows[row].draft = text
        if reviewed is not None:
            self.rows[row].reviewed = reviewed
        self._changed(row, row, COL_DRAFT, COL_STATUS)

    def reviewed_count(self) -> int:
        return sum(1 for r in self.rows if r.reviewed)

    def _changed(self, first: int, last: int, col0: int, col1: int) -> None:
        if self.rows and first <= last:
            self.dataChanged.emit(self.index(first, col0), self.index(last, col1))

    # --- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == COL_DRAFT:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if self.termbase is not None and col in (COL_JA, COL_STATUS):
            special = self._term_data(row, col, role)
            if special is not None:
                return special
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole):
            if col == COL_N:
                return str(index.row() + 1)
            if col == COL_JA:
                return row.japanese
            if col == COL_MT:
                return row.glosses if self.glosses_only else row.machine
            if col == COL_DRAFT:
                return row.draft
            return row.status
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_MT and self.glosses_only:
            return QColor(120, 120, 120)
        return None

    def _term_data(self, row: Row, col: int, role: int):
        """Glossary terms: a tint and their English on the Japanese; a warning on the
        status when the draft does not use a term's preferred English."""
        if col == COL_JA:
            found = self.termbase.found_in(row.japanese)
            if found and role == Qt.ItemDataRole.BackgroundRole:
                return QColor(255, 214, 102, 60)
            if found and role == Qt.ItemDataRole.ToolTipRole:
                return row.japanese + "\n\nGlossary: " + "; ".join(f"{t} → {e}" for t, e in found)
            return None
        missing = self.termbase.missing(row.japanese, row.draft)
        if not missing:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.status} ⚠"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "The draft does not use the glossary's " + ", ".join(f"“{e}” ({t})" for t, e in missing)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(200, 120, 0)
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != COL_DRAFT or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value)
        if text == self.rows[index.row()].draft:
            return False
        self.draftEdited.emit(index.row(), text)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if section == COL_MT and self.glosses_only:
                return self.GLOSS_HEADER
            return self.HEADERS[section]
        return None


class TranslationPane(QWidget):
    sentenceSelected = Signal(int)  # noqa: N815
    installRequested = Signal()  # noqa: N815
    downloadRequested = Signal()  # noqa: N815
    draftEdited = Signal(int, str)  # noqa: N815 - row, new text (the window makes it undoable)
    reviewToggled = Signal(int)  # noqa: N815
    cancelRequested = Signal()  # noqa: N815

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = SentenceModel(self)
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else
        self.table.setObjectName("sentenceTable")
        self.table.setModel(self.model)
        self.table.setWordWrap(False)  # uniform rows: long articles stay fast; full text in the tooltip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_N, QHeaderView.ResizeMode.Fixed)  # measuring every row is O(n)
        header.resizeSection(COL_N, self.fontMetrics().horizontalAdvance("00000") + 8)
        for col in (COL_JA, COL_MT, COL_DRAFT):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_STATUS, self.fontMetrics().horizontalAdvance("untranslated") + 16)

        self.banner = QWidget(self)
        self.banner.setObjectName("noModelBanner")
        note = QLabel(
            "No Japanese→English translation model is installed. The middle column shows "
            "dictionary glosses, word by word: they are not a translation.",
            self.banner,
        )
        note.setWordWrap(True)
        self.install_button = QPushButton("Install from file…", self.banner)
        self.download_button = QPushButton("Download ja→en", self.banner)
        self.install_button.clicked.connect(self.installRequested)
        self.download_button.clicked.connect(self.downloadRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.download_button)
        buttons.addStretch(1)
        banner_layout = QVBoxLayout(self.banner)
        banner_layout.setContentsMargins(4, 4, 4, 4)
        banner_layout.addWidget(note)
        banner_layout.addLayout(buttons)
        self.status = QLabel(self)
        self.status.setObjectName("translationStatus")
        self.status.setWordWrap(True)
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
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.draftEdited.connect(self.draftEdited)
        self.model.dataChanged.connect(lambda *_: self._update_status())
        self.model.modelReset.connect(self._update_status)
        for keys, slot in (("Ctrl+Return", self.accept_machine), ("Ctrl+R", self._toggle_reviewed)):
            shortcut = QShortcut(QKeySequence(keys), self.table, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def set_sentences(self, sentences: list[AnnotatedSentence]) -> None:
        """New rows; the view's own reset of its current row is not a user's choice."""
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

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def accept_machine(self) -> None:
        """Copy the machine translation of the current row into the draft (one key)."""
        row = self.current_row()
        if row >= 0 and self.model.rows[row].machine:
            self.draftEdited.emit(row, self.model.rows[row].machine)

    def _toggle_reviewed(self) -> None:
        """Ctrl+R: mark the row reviewed and move on to the next."""
        row = self.current_row()
        if row >= 0:
            self.reviewToggled.emit(row)
            if row + 1 < self.model.rowCount():
                self.table.setCurrentIndex(self.model.index(row + 1, self.table.currentIndex().column()))

    def _update_status(self) -> None:
        total = len(self.model.rows)
        drafts = sum(1 for r in self.model.rows if r.draft)
        machine_only = sum(1 for r in self.model.rows if r.machine and not r.draft)
        self.status.setText(
            f"{total} sentences: {self.model.reviewed_count()} reviewed, {drafts} drafted,"
            f" {machine_only} with only a machine translation"
            " — Ctrl+Enter: take the machine text, Ctrl+R: reviewed, next"
        )

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._syncing:
            self.sentenceSelected.emit(current.row())

    def show_sentence(self, index: int) -> None:
        """Follow the reader: select and reveal a row without echoing it back."""
        if not 0 <= index < self.model.rowCount():
            return
        self._syncing = True
        try:
            model_index = self.model.index(index, COL_JA)
            self.table.setCurrentIndex(model_index)
            self.table.scrollTo(model_index, QAbstractItemView.ScrollHint.PositionAtCenter)
        finally:
            self._syncing = False
