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
    QMenu,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.core.text.kana import shown_reading
from reader.core.vocabulary.status import KNOWN_STATUSES, STATUSES

Index = QModelIndex | QPersistentModelIndex
PAGE = 500
STATUS_COLUMN = 3


class VocabularyModel(QAbstractTableModel):
    # (row key, header, store sort key or "", editable)
    COLUMNS = (
        ("base", "Word", "word", False),
        ("reading", "Reading", "reading", False),
        ("glosses", "Meaning", "", False),
        ("status", "Status", "status", True),  # a choice of STATUSES (StatusDelegate)
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
            if key == "reading" and role == Qt.ItemDataRole.DisplayRole:
                value = shown_reading(self._rows[index.row()].get("base", ""), value)
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


class StatusDelegate(QStyledItemDelegate):
    """The Status column edits as a choice of the four statuses."""

    def createEditor(self, parent: QWidget, option, index: Index) -> QWidget:  # noqa: N802 - Qt API
        box = QComboBox(parent)
        box.addItems(list(STATUSES))
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802 - Qt API
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model, index: Index) -> None:  # noqa: N802 - Qt API
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class VocabularyView(QWidget):
    """Search box, status filter and the table; the window supplies the store.

    Rows are edited in place (tags, note, status), changed in bulk from their context
    menu (a status, delete, go to the sentence) and deleted with Del; the window makes
    each change undoable."""

    queryChanged = Signal()  # noqa: N815
    deleteRequested = Signal(list)  # noqa: N815 - word ids
    jumpRequested = Signal(dict)  # noqa: N815 - the word's row
    statusRequested = Signal(list, str)  # noqa: N815 - word ids, the status to give them

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
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.setItemDelegateForColumn(STATUS_COLUMN, StatusDelegate(self.table))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self._double_clicked)

    def context_menu(self) -> QMenu:
        """The menu of the selected rows: a status, go to the sentence, delete."""
        menu = QMenu(self.table)
        ids = self.selected_ids()
        for status in STATUSES:
            action = menu.addAction(f"Mark as {status}")
            action.setObjectName(f"mark-{status}")
            action.triggered.connect(lambda _=False, st=status: self.statusRequested.emit(self.selected_ids(), st))
        menu.addSeparator()
        jump = menu.addAction("Go to Sentence")
        jump.setObjectName("jump")
        jump.setEnabled(len(ids) == 1)
        jump.triggered.connect(self._jump_selected)
        delete = menu.addAction("Delete")
        delete.setObjectName("delete")
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.triggered.connect(self._delete)
        for action in menu.actions():
            action.setEnabled(action.isEnabled() and bool(ids))
        return menu

    def _context_menu(self, point) -> None:
        menu = self.context_menu()
        menu.exec(self.table.viewport().mapToGlobal(point))
        menu.deleteLater()

    def _jump_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if len(rows) == 1:
            self.jumpRequested.emit(self.model.row(rows[0]))

    def query(self) -> dict:
        status = self.status.currentText()
        return {
            "query": self.search.text().strip(),
            "status": None if status == "all" else status,
            "sort": self.sort,
            "descending": self.descending,
            "limit": PAGE,
            # known and ignored words need not be saved: marked known, they are listed too
            "saved_only": status not in KNOWN_STATUSES,
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
