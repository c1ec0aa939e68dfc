"""Find in the article (Ctrl+F) and across the library (Ctrl+Shift+F)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class FindBar(QWidget):
    findInPage = Signal(str, bool)  # noqa: N815 - (text, backwards)
    findInLibrary = Signal(str)  # noqa: N815
    resultChosen = Signal(str, int, str)  # noqa: N815 - (article id, offset, needle)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in this article — Enter: next, Shift+Enter: previous")
        self.edit.setObjectName("findEdit")
        self.library_button = QPushButton("All articles", self)
        self.close_button = QPushButton("✕", self)
        self.close_button.setFlat(True)
        self.status = QLabel(self)
        self.results = QListWidget(self)
        self.results.setObjectName("findResults")
        self.results.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.library_button)
        row.addWidget(self.status)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(row)
        layout.addWidget(self.results)
        self.edit.returnPressed.connect(lambda: self.findInPage.emit(self.edit.text(), False))
        QShortcut(QKeySequence("Shift+Return"), self.edit, lambda: self.findInPage.emit(self.edit.text(), True))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)
        self.library_button.clicked.connect(lambda: self.findInLibrary.emit(self.edit.text()))
        self.close_button.clicked.connect(self.close_bar)
        self.results.itemActivated.connect(self._chosen)
        self.results.itemClicked.connect(self._chosen)
        self.hide()

    def open_bar(self, library: bool = False) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        if library and self.edit.text():
            self.findInLibrary.emit(self.edit.text())

    def close_bar(self) -> None:
        self.results.hide()
        self.hide()
        self.findInPage.emit("", False)

    def show_results(self, results: list[tuple[str, str, int, str]]) -> None:
        """(article id, article title, offset, snippet) rows."""
        self.results.clear()
        for article_id, title, offset, snippet in results:
            item = QListWidgetItem(f"{title} — …{snippet}…")
            item.setData(Qt.ItemDataRole.UserRole, (article_id, offset))
            self.results.addItem(item)
        self.status.setText(f"{len(results)} found in the library")
        self.results.setVisible(bool(results))

    def _chosen(self, item: QListWidgetItem) -> None:
        article_id, offset = item.data(Qt.ItemDataRole.UserRole)
        self.resultChosen.emit(article_id, offset, self.edit.text())
