"""Translation models: the installed models, with layout, size, licence and readme;
install from a file or folder, download one of the known models (in a worker, with
progress and a cancel button), and remove. A non-commercial licence (NLLB-200) is
shown and must be accepted before the model is installed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.translation import download, packages
from reader.qt.errors import show_error
from reader.qt.workers import Task, run_in_pool

MODEL_FILTERS = "Translation models (*.argosmodel *.zip);;All files (*)"


def choose_model_file(parent: QWidget | None) -> str:
    """A model file picked by the user, or "" if they cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, "Install a translation model", str(Path.home()), MODEL_FILTERS)
    return path


def ask_licence(parent: QWidget | None, name: str, notice: str) -> bool:
    answer = QMessageBox.question(
        parent, "Licence", f"{notice}\n\nInstall {name} under this licence?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class _Asker:
    """Lets a worker ask the GUI thread about a licence and wait for the answer."""

    def __init__(self, parent: QWidget | None) -> None:
        self.parent = parent
        self.task: Task | None = None

    def consent(self, name: str, notice: str) -> bool:
        assert self.task is not None
        question = {"name": name, "notice": notice, "event": threading.Event(), "answer": False}
        self.task.progress(("licence", question))
        while not question["event"].wait(0.2):  # type: ignore[attr-defined]
            if self.task.cancelled:
                return False
        return bool(question["answer"])

    def answer(self, question: dict) -> None:
        question["answer"] = ask_licence(self.parent, question["name"], question["notice"])
        question["event"].set()


def _in_worker(
    parent: QWidget | None,
    work: Callable[[Task, _Asker], packages.PackageInfo],
    on_installed: Callable[[packages.PackageInfo], None],
    on_failed: Callable[[], None] | None,
    on_progress: Callable[[int, int, str], None] | None,
    title: str,
) -> Task:
    asker = _Asker(parent)

    def failed(exc: BaseException) -> None:
        if on_failed is not None:
            on_failed()
        if not isinstance(exc, download.Cancelled):
            show_error(parent, exc, title)

    def progressed(message: tuple) -> None:
        if message[0] == "licence":
            asker.answer(message[1])
        elif on_progress is not None:
            on_progress(*message[1:])

    def run(task: Task) -> packages.PackageInfo:
        asker.task = task
        return work(task, asker)

    return run_in_pool(run, on_installed, failed, progressed)


def install_model(
    parent: QWidget | None, path: str | Path, on_installed: Callable[[packages.PackageInfo], None],
    on_failed: Callable[[], None] | None = None,
) -> Task:
    """Check and unpack a model (file, zip or folder) in a worker; ``on_installed(info)``
    on success, else the error is shown (and ``on_failed()`` called)."""
    work = lambda task, asker: packages.install_package(path, accept_licence=asker.consent)  # noqa: E731
    return _in_worker(parent, work, on_installed, on_failed, None, "Could not install the model")


def download_model(
    parent: QWidget | None, choice: download.Choice, on_installed: Callable[[packages.PackageInfo], None],
    on_failed: Callable[[], None] | None = None, on_progress: Callable[[int, int, str], None] | None = None,
) -> Task:
    """Download and install a catalogue choice in a worker; cancel the returned task to stop."""

    def work(task: Task, asker: _Asker) -> packages.PackageInfo:
        def progress(done: int, total: int, name: str) -> None:
            task.progress(("bytes", done, total, name))

        return download.download(choice, progress, lambda: task.cancelled, asker.consent)

    return _in_worker(parent, work, on_installed, on_failed, on_progress, "Could not download the model")


def pick_download(parent: QWidget | None, from_code: str = "ja", to_code: str = "en") -> download.Choice | None:
    """The known models for the pair, best first, with size and licence; the one chosen."""
    offered = download.choices(from_code, to_code)
    if not offered:
        return None
    labels = [f"{n}. {download.describe(c)}" for n, c in enumerate(offered, 1)]
    label, ok = QInputDialog.getItem(
        parent, "Download a model",
        "Downloads only what you choose here, from the model's public page:", labels, 0, False,
    )
    return offered[labels.index(label)] if ok and label in labels else None


class ModelsDialog(QDialog):
    changed = Signal()  # a model was installed or removed
    COLUMNS = ("Package", "Languages", "Version", "Size", "Layout", "Licence")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Translation models")
        self.setObjectName("modelsDialog")
        self.resize(760, 440)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_readme(row))
        self.readme = QPlainTextEdit(self)
        self.readme.setReadOnly(True)
        self.status = QLabel(self)
        self.install_button = QPushButton("Install from file…", self)
        self.folder_button = QPushButton("Install from folder…", self)
        self.download_button = QPushButton("Download…", self)
        self.remove_button = QPushButton("Remove", self)
        self.install_button.clicked.connect(self._choose)
        self.folder_button.clicked.connect(self._choose_folder)
        self.download_button.clicked.connect(self._download_clicked)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.install_button, self.folder_button, self.download_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.readme, 1)
        layout.addLayout(buttons)
        self.packages: list[packages.PackageInfo] = []
        self.download_task: Task | None = None
        self.refresh()

    def refresh(self) -> None:
        self.packages = packages.list_packages()
        self.table.setRowCount(len(self.packages))
        for row, p in enumerate(self.packages):
            values = (p.name, f"{p.from_name or p.from_code} → {p.to_name or p.to_code}", p.version,
                      f"{p.size / 1e6:.1f} MB", p.layout, p.licence)
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
            p = self.packages[row]
            head = f"{p.name}: {p.layout} layout, licence {p.licence or '?'}, from {p.source or '?'}\n\n"
            self.readme.setPlainText(head + (p.readme or "(this package has no readme)"))

    def _choose(self) -> None:
        path = choose_model_file(self)
        if path:
            self.install(path)

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Install a model folder", str(Path.home()))
        if path:
            self.install(path)

    def _installed(self, info: packages.PackageInfo) -> None:
        self._idle()
        self.status.setText(f"Installed {info.name} {info.version}")
        self.refresh()
        self.changed.emit()

    def _idle(self) -> None:
        self.download_task = None
        self.install_button.setEnabled(True)
        self.download_button.setText("Download…")
        self.status.setText("")

    def install(self, path: str | Path) -> None:
        self.status.setText(f"Installing {Path(path).name}… (checking and unpacking)")
        self.install_button.setEnabled(False)
        install_model(self, path, self._installed, self._idle)

    def _download_clicked(self) -> None:
        if self.download_task is not None:
            self.download_task.cancel()
            self.status.setText("Download cancelled: downloading it again resumes")
            return
        choice = pick_download(self)
        if choice is not None:
            self.start_download(choice)

    def start_download(self, choice: download.Choice) -> None:
        def progress(done: int, total: int, name: str) -> None:
            amount = f"{done / 1e6:.1f} of {total / 1e6:.1f} MB" if total else f"{done / 1e6:.1f} MB"
            self.status.setText(f"Downloading {name}: {amount}")

        self.download_button.setText("Cancel download")
        self.status.setText(f"Downloading {choice.title}…")
        self.download_task = download_model(self, choice, self._installed, self._idle, progress)

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.packages):
            try:
                packages.remove_package(self.packages[row].name)
            except Exception as exc:  # noqa: BLE001 - shown to the user
                show_error(self, exc)
            self.refresh()
            self.changed.emit()
