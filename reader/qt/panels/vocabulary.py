"""The vocabulary dock: search, filter and sort saved words; edit notes and tags.

The model holds one page of rows from ``Store.search_words`` (indexed, so a
keystroke stays cheap with 100,000 words); sorting and filtering ask the store
again rather than sorting in Python.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.core.vocabulary.status import STATUSES

Index = QModelIndex | QPersistentModelIndex
PAGE = 500


class VocabularyModel(QAbstractTableModel):
    # (row key, header, store sort key or "", editable)
    COLUMNS = (
        ("base", "Word", "word", False),
        ("reading", "Reading", "reading", False),
        ("glosses", "Meaning", "", False),
        ("status", "Status", "status", False),
        ("tags", "Tags", "", True),
        ("note", "Note", "", True),
        ("contexts", "Seen", "", False),
    )
    edited = Signal(int, str, object)  # noqa: N815 - word id, field, new value

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, n: int) -> dict:
        return self._rows[n]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.COLUMNS[index.column()][3]:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole):
            key = self.COLUMNS[index.column()][0]
            value = self._rows[index.row()].get(key, "")
            if isinstance(value, (list, tuple)):
                value = (", " if key == "tags" else "; ").join(str(v) for v in value)
            return "" if value is None else str(value)
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        key = self.COLUMNS[index.column()][0]
        row = self._rows[index.row()]
        new: object = [t.strip() for t in str(value).split(",") if t.strip()] if key == "tags" else str(value)
        if new == row.get(key):
            return False
        row[key] = new
        self.dataChanged.emit(index, index)
        self.edited.emit(row["id"], key, new)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section][1]
        return None


class VocabularyView(QWidget):
    """Search box, status filter and the table; the window supplies the store."""

    queryChanged = Signal()  # noqa: N815
    deleteRequested = Signal(list)  # noqa: N815 - word ids
    jumpRequested = Signal(dict)  # noqa: N815 - the word's row

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = VocabularyModel(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("vocabularySearch")
        self.search.setPlaceholderText("Search word, reading, meaning, tag or note")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox(self)
        self.status.addItems(["all", *STATUSES])
        self.table = QTableView(self)
        self.table.setObjectName("vocabularyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().sectionClicked.connect(self._sort_clicked)
        self.sort, self.descending = "saved", True
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.queryChanged)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.status.currentTextChanged.connect(lambda _t: self.queryChanged.emit())
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self._delete)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.doubleClicked.connect(self._double_clicked)

    def query(self) -> dict:
        status = self.status.currentText()
        return {
            "query": self.search.text().strip(),
            "status": None if status == "all" else status,
            "sort": self.sort,
            "descending": self.descending,
            "limit": PAGE,
        }

    def _sort_clicked(self, section: int) -> None:
        key = VocabularyModel.COLUMNS[section][2]
        if not key:
            return
        self.descending = not self.descending if key == self.sort else False
        self.sort = key
        order = Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(section, order)
        self.queryChanged.emit()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row(r)["id"] for r in rows]

    def _delete(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.deleteRequested.emit(ids)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and not VocabularyModel.COLUMNS[index.column()][3]:
            self.jumpRequested.emit(self.model.row(index.row()))
