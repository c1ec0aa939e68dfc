"""Editing the glossary (termbase): terms and their preferred English, CSV in and out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.translation.glossary import Termbase
from reader.qt.window.commands import Write


class GlossaryDialog(QDialog):
    def __init__(self, termbase: Termbase, write: Write, parent: QWidget | None = None) -> None:
        """``write(fn, then=...)`` runs a change on the window's writer thread."""
        super().__init__(parent)
        self.write = write
        self.setWindowTitle("Glossary")
        self.setObjectName("glossaryDialog")
        self.resize(520, 420)
        self.termbase = termbase
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Japanese term", "Preferred English"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.term = QLineEdit(self)
        self.term.setPlaceholderText("首脳会談")
        self.english = QLineEdit(self)
        self.english.setPlaceholderText("summit")
        add = QPushButton("Add", self)
        remove = QPushButton("Remove selected", self)
        import_button = QPushButton("Import CSV…", self)
        export_button = QPushButton("Export CSV…", self)
        # Enter adds once, from the fields (no default button pressed a second time
        # with the fields already cleared); Enter in the term goes on to its English.
        for button in (add, remove, import_button, export_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        add.clicked.connect(self.add)
        self.term.returnPressed.connect(lambda: self.english.setFocus() if not self.english.text().strip() else self.add())
        self.english.returnPressed.connect(self.add)
        remove.clicked.connect(self.remove_selected)
        import_button.clicked.connect(self._import)
        export_button.clicked.connect(self._export)
        entry = QHBoxLayout()
        for widget in (self.term, self.english, add):
            entry.addWidget(widget)
        buttons = QHBoxLayout()
        for widget in (remove, import_button, export_button):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(entry)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        terms = self.termbase.terms()
        self.table.setRowCount(len(terms))
        for row, (term, english) in enumerate(terms):
            self.table.setItem(row, 0, QTableWidgetItem(term))
            self.table.setItem(row, 1, QTableWidgetItem(english))

    def add(self) -> None:
        term, english = self.term.text().strip(), self.english.text().strip()
        empty = self.term if not term else self.english if not english else None
        if empty is not None:  # nothing to add yet: say which field, no error box
            empty.setFocus()
            empty.setPlaceholderText("type the Japanese term" if empty is self.term else "type its English")
            return

        def added(_none: None) -> None:
            self.term.clear()
            self.english.clear()
            self.term.setFocus()
            self.refresh()

        self.write(lambda: self.termbase.set(term, english), then=added)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        terms = [self.table.item(row, 0).text() for row in rows]

        def remove() -> None:
            for term in terms:
                self.termbase.remove(term)

        self.write(remove, then=lambda _none: self.refresh())

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import glossary", str(Path.home()), "CSV (*.csv);;All files (*)")
        if path:
            self.write(lambda: self.termbase.import_csv(path), then=lambda _count: self.refresh())

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export glossary", str(Path.home() / "glossary.csv"), "CSV (*.csv)")
        if path:
            self.termbase.export_csv(path)
