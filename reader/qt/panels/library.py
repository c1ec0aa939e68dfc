"""The library sidebar: bundled and imported articles with date, length and progress."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QVBoxLayout, QWidget

from reader.core.library.model import ArticleInfo

Index = QModelIndex | QPersistentModelIndex
ArticleIdRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class LibraryItem:
    info: ArticleInfo
    length: int
    bundled: bool
    progress: float = 0.0

    def subtitle(self) -> str:
        parts = [self.info.date, f"{self.length:,} 字", f"{round(self.progress * 100)}% read"]
        if not self.bundled:
            parts.append("imported")
        return " · ".join(p for p in parts if p)


class LibraryModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list[LibraryItem] = []

    def set_items(self, items: list[LibraryItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[LibraryItem]:
        return list(self._items)

    def row_of(self, article_id: str) -> int:
        for n, item in enumerate(self._items):
            if item.info.id == article_id:
                return n
        return -1

    def set_progress(self, progress: dict[str, float]) -> None:
        for n, item in enumerate(self._items):
            value = progress.get(item.info.id, 0.0)
            if value != item.progress:
                self._items[n] = LibraryItem(item.info, item.length, item.bundled, value)
                index = self.index(n)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.info.title}\n{item.subtitle()}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [item.info.title, item.info.series, item.info.author, item.info.source, item.subtitle()]
            return "\n".join(line for line in lines if line)
        if role == ArticleIdRole:
            return item.info.id
        return None


class LibraryPanel(QWidget):
    articleChosen = Signal(str)  # noqa: N815

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = LibraryModel(self)
        self.view = QListView(self)
        self.view.setObjectName("libraryList")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSpacing(2)
        self.view.activated.connect(self._chosen)
        self.view.clicked.connect(self._chosen)
        self.shown_id: str | None = None  # the article on screen (select() sets it)
        # The arrow keys open the article they move to, once the keys rest a moment
        # (holding ↓ through the list does not annotate every article on the way).
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(250)
        self._follow.timeout.connect(lambda: self._chosen(self.view.currentIndex()))
        self.view.selectionModel().currentChanged.connect(self._moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def _moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.view.hasFocus() and current.isValid() and current.data(ArticleIdRole) != self.shown_id:
            self._follow.start()

    def _chosen(self, index: QModelIndex) -> None:
        self._follow.stop()
        article_id = index.data(ArticleIdRole) if index.isValid() else None
        if article_id:
            self.articleChosen.emit(article_id)

    def select(self, article_id: str) -> None:
        self.shown_id = article_id
        row = self.model.row_of(article_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))

    def selected_id(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(ArticleIdRole) if index.isValid() else None
