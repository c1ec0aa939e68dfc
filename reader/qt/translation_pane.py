"""The translation pane: the article's sentences, aligned with the reader.

For now one row per sentence holding the Japanese; the translation issue adds
the machine translation, the draft and its status as further columns.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ..core.models import AnnotatedSentence

Index = QModelIndex | QPersistentModelIndex


class SentenceModel(QAbstractTableModel):
    HEADERS = ("#", "Japanese")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._texts: list[str] = []

    def clear(self) -> None:
        self.beginResetModel()
        self._texts = []
        self.endResetModel()

    def append(self, sentences: list[AnnotatedSentence]) -> None:
        if not sentences:
            return
        first = len(self._texts)
        self.beginInsertRows(QModelIndex(), first, first + len(sentences) - 1)
        self._texts.extend(s.sentence.text for s in sentences)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._texts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._texts):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(index.row() + 1) if index.column() == 0 else self._texts[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class TranslationPane(QWidget):
    sentenceSelected = Signal(int)  # noqa: N815

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = SentenceModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("sentenceTable")
        self.table.setModel(self.model)
        self.table.setWordWrap(False)  # uniform rows: long articles stay fast; full text in the tooltip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)  # measuring every row is O(n)
        header.resizeSection(0, self.fontMetrics().horizontalAdvance("00000") + 8)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.note = QLabel("Machine translation and your English draft will appear here.", self)
        self.note.setWordWrap(True)
        self.note.setObjectName("translationNote")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        self._syncing = False
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._syncing:
            self.sentenceSelected.emit(current.row())

    def show_sentence(self, index: int) -> None:
        """Follow the reader: select and reveal a row without echoing it back."""
        if not 0 <= index < self.model.rowCount():
            return
        self._syncing = True
        try:
            model_index = self.model.index(index, 1)
            self.table.setCurrentIndex(model_index)
            self.table.scrollTo(model_index, QAbstractItemView.ScrollHint.PositionAtCenter)
        finally:
            self._syncing = False
