"""Words → History: the words looked up, how often, and the last sentence and time; a
filter for the often looked up ones, saving selected words, and clearing the history.

The list is one row per word (lookup_words, kept by the database), at most PAGE of
them, the most looked up first: it opens as fast with 100k lookups as with 1k.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.core.vocabulary.history import OFTEN, PAGE, LookedUp
from reader.core.vocabulary.status import status_of

if TYPE_CHECKING:
    from reader.qt.window.history import HistoryController

COLUMNS = ("Word", "Reading", "Looked up", "Status", "Last sentence", "Last looked up")
Index = QModelIndex | QPersistentModelIndex


def when(stamp: str) -> str:
    """An ISO time as local "2026-03-02 20:15"."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[LookedUp] = []
        self.statuses: dict[tuple[str, str], str] = {}

    def set_rows(self, rows: list[LookedUp], statuses: dict[tuple[str, str], str]) -> None:
        self.beginResetModel()
        self.rows, self.statuses = rows, statuses
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def _value(self, row: LookedUp, column: int) -> Any:
        if column == 0:
            return row.base
        if column == 1:
            return row.reading
        if column == 2:
            return row.count
        if column == 3:
            return status_of(self.statuses, row.key)
        if column == 4:
            return row.sentence
        return when(row.last_at)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._value(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return row.sentence
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        key: Callable[[LookedUp], Any] = (
            (lambda r: (r.count, r.last_at)) if column == 2
            else (lambda r: r.last_at) if column == 5
            else (lambda r: str(self._value(r, column)))
        )
        self.rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class HistoryDialog(QDialog):
    def __init__(self, controller: HistoryController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Lookup history")
        self.setObjectName("historyDialog")
        self.resize(860, 520)
        #: Asks a yes/no question (tests answer it themselves).
        self.confirm: Callable[[str, str], bool] = lambda title, text: QMessageBox.question(
            self, title, text) == QMessageBox.StandardButton.Yes
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.often = QCheckBox(f"Only words looked up {OFTEN}+ times", self)
        self.often.setObjectName("historyOften")
        self.often.toggled.connect(lambda _on: self.reload())
        self.model = HistoryModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 110), (1, 110), (2, 80), (3, 80), (5, 130)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.save_button = QPushButton("&Save Selected", self)
        self.save_button.setToolTip("Save the selected words to your vocabulary, with their last sentence")
        self.save_button.clicked.connect(self.save_selected)
        self.save_button.setEnabled(False)
        self.clear_button = QPushButton("C&lear History…", self)
        self.clear_button.clicked.connect(self.clear_history)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(close)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.often)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def reload(self) -> None:
        """Read the history again (on the GUI thread: one indexed page)."""
        history = self.controller.history
        least = OFTEN if self.often.isChecked() else 1
        rows = history.counts(least, PAGE)
        self.model.set_rows(rows, self.controller.window.reader_view.statuses)
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() != 2 or header.sortIndicatorOrder() != Qt.SortOrder.DescendingOrder:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        words = history.word_count(least) if len(rows) >= PAGE else len(rows)
        private = " Private mode is on: nothing is being recorded." if self.controller.private else ""
        if not words:
            self.summary.setText(
                ("No word has been looked up that often yet." if least > 1 else
                 "No lookups yet. Rest the pointer on a word, or click it: every word you look up "
                 "is listed here with how often, so the ones to learn stand out.") + private)
        else:
            shown = f"the {len(rows):,} most looked up of " if words > len(rows) else ""
            often = f" looked up {OFTEN}+ times" if least > 1 else ""
            self.summary.setText(f"Showing {shown}{words:,} word(s){often}.{private}")
        self.clear_button.setEnabled(bool(rows) or least > 1)
        self._selection_changed()

    def selected(self) -> list[LookedUp]:
        return [self.model.rows[i.row()] for i in self.table.selectionModel().selectedRows()]

    def _selection_changed(self) -> None:
        self.save_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def save_selected(self) -> None:
        rows = self.selected()
        if rows:
            self.controller.save(rows, self.reload)

    def clear_history(self) -> None:
        question = "Forget every word you have looked up, and how often?\n\nThis cannot be undone."
        if self.confirm("Clear lookup history", question):
            self.controller.clear(self.reload)
