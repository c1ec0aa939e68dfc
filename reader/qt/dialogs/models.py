"""Translation models: the installed Argos packages, with size, version and readme;
install from a file (in a worker, with progress shown) and remove."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.translation import packages
from reader.qt.errors import show_error
from reader.qt.workers import run_in_pool


def choose_model_file(parent: QWidget | None) -> str:
    """A model file picked by the user, or "" if they cancelled."""
    path, _ = QFileDialog.getOpenFileName(
        parent, "Install a translation model", str(Path.home()),
        "Argos Translate models (*.argosmodel);;All files (*)",
    )
    return path


def install_model(
    parent: QWidget | None, path: str | Path, on_installed: Callable[[packages.PackageInfo], None],
    on_failed: Callable[[], None] | None = None,
) -> None:
    """Check and unpack a model in a worker; ``on_installed(info)`` on success, else the
    error is shown (and ``on_failed()`` called)."""

    def failed(exc: BaseException) -> None:
        if on_failed is not None:
            on_failed()
        show_error(parent, exc, "Could not install the model")

    run_in_pool(lambda task: packages.install_package(path), on_installed, failed)


class ModelsDialog(QDialog):
    changed = Signal()  # a model was installed or removed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Translation models")
        self.setObjectName("modelsDialog")
        self.resize(620, 420)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["Package", "Languages", "Version", "Size"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_readme(row))
        self.readme = QPlainTextEdit(self)
        self.readme.setReadOnly(True)
        self.status = QLabel(self)
        self.install_button = QPushButton("Install from file…", self)
        self.remove_button = QPushButton("Remove", self)
        self.install_button.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.readme, 1)
        layout.addLayout(buttons)
        self.packages: list[packages.PackageInfo] = []
        self.refresh()

    def refresh(self) -> None:
        self.packages = packages.list_packages()
        self.table.setRowCount(len(self.packages))
        for row, p in enumerate(self.packages):
            values = (p.name, f"{p.from_name or p.from_code} → {p.to_name or p.to_code}", p.version, f"{p.size / 1e6:.1f} MB")
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.remove_button.setEnabled(bool(self.packages))
        if not self.packages:
            self.readme.setPlainText("No translation model is installed.")
        else:
            self.table.selectRow(0)
            self._show_readme(0)

    def _show_readme(self, row: int) -> None:
        if 0 <= row < len(self.packages):
            self.readme.setPlainText(self.packages[row].readme or "(this package has no readme)")

    def _choose(self) -> None:
        path = choose_model_file(self)
        if path:
            self.install(path)

    def install(self, path: str | Path) -> None:
        self.status.setText(f"Installing {Path(path).name}… (checking and unpacking)")
        self.install_button.setEnabled(False)

        def done(info) -> None:
            self.install_button.setEnabled(True)
            self.status.setText(f"Installed {info.name} {info.version}")
            self.refresh()
            self.changed.emit()

        def failed() -> None:
            self.install_button.setEnabled(True)
            self.status.setText("")

        install_model(self, path, done, failed)

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.packages):
            try:
                packages.remove_package(self.packages[row].name)
            except Exception as exc:  # noqa: BLE001 - shown to the user
                show_error(self, exc)
            self.refresh()
            self.changed.emit()
