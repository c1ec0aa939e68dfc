"""The library sidebar: bundled and imported articles with date, length, reading progress
and, where the user has drafted English, translation progress."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.library.model import ArticleInfo

Index = QModelIndex | QPersistentModelIndex
ArticleIdRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class LibraryItem:
    info: ArticleInfo
    length: int
    bundled: bool
    progress: float = 0.0
    drafted: int = 0  # sentences with an English draft
    reviewed: int = 0  # of those, marked reviewed

    def subtitle(self) -> str:
        parts = [self.info.date, f"{self.length:,} 字", f"{round(self.progress * 100)}% read"]
        if not self.bundled:
            parts.append("imported")
        return " · ".join(p for p in parts if p)

    def translation(self) -> str:
        """Translation progress, "" where nothing is drafted: English: 12 drafted · 5 reviewed."""
        if not self.drafted and not self.reviewed:
            return ""
        return f"English: {self.drafted} drafted · {self.reviewed} reviewed"


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
                self._items[n] = dataclasses.replace(item, progress=value)
                index = self.index(n)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def set_translation_progress(self, counts: dict[str, tuple[int, int]]) -> None:
        """Article id -> (sentences drafted, reviewed); articles not named have none."""
        grew = False
        for n, item in enumerate(self._items):
            drafted, reviewed = counts.get(item.info.id, (0, 0))
            if (drafted, reviewed) != (item.drafted, item.reviewed):
                grew |= not item.translation()  # a line more (or less): the row's height changes
                self._items[n] = dataclasses.replace(item, drafted=drafted, reviewed=reviewed)
                grew |= not self._items[n].translation()
                index = self.index(n)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])
        if grew:  # the list measures rows again only when told the layout changed
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(line for line in (item.info.title, item.subtitle(), item.translation()) if line)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [item.info.title, item.info.series, item.info.author, item.info.source, item.subtitle()]
            if item.drafted or item.reviewed:
                lines.append(f"Translation: {item.drafted} sentences drafted, {item.reviewed} reviewed")
            return "\n".join(line for line in lines if line)
        if role == ArticleIdRole:
            return item.info.id
        return None


class _RowDelegate(QStyledItemDelegate):
    """Rows with a translation line get room for it: the style measures a line of Latin
    text by the UI font, but draws the row's lines as tall as its Japanese ones (their
    fallback font is taller), and would cut the last line off."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802 - Qt API
        size = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        if text.count("\n") >= 2:
            size.setHeight(size.height() + option.fontMetrics.height() // 2)
        return size


class LibraryPanel(QWidget):
    articleChosen = Signal(str)  # noqa: N815

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = LibraryModel(self)
        self.view = QListView(self)
        self.view.setObjectName("libraryList")
        self.view.setModel(self.model)
        self.view.setItemDelegate(_RowDelegate(self.view))
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
