"""First run with no dictionary (a fresh pip or pipx install): build it here, in a
worker, with progress and Cancel, rather than read without glosses. The example
sentences are offered too, unticked: the one download, only if the user agrees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.dictionaries import firstrun
from reader.qt.workers import Task, run_in_pool


def _build_all(task: Task, examples: bool, build: Callable[..., Any], fetch: Callable[..., Any],
               index: Callable[..., Any]) -> str:
    """The work, on a worker: the dictionary, then (if asked) the example sentences."""
    def step(stage: str) -> Callable[[int, int], None]:
        return lambda done, total: task.progress((stage, done, total))

    build(step("dictionary"), cancelled=lambda: task.cancelled)
    if examples and not task.cancelled:
        task.progress(("downloading", 0, 0))
        source = fetch(progress=step("downloading"), cancelled=lambda: task.cancelled)
        if not task.cancelled:
            index(source, step("examples"))
    if task.cancelled:
        raise firstrun.Cancelled
    return "done"


class FirstRunDialog(QDialog):
    """Builds what reader needs; ``finished_setup`` says "done", "cancelled" or "failed"."""

    finished_setup = Signal(str)

    def __init__(self, parent: QWidget | None = None, needs: firstrun.Needs | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.setWindowTitle("Set up reader")
        self.setMinimumWidth(460)
        self.needs = needs or firstrun.needs()
        # The work itself (tests give quick stand-ins).
        self.build: Callable[..., Any] = firstrun.build_dictionary
        self.fetch: Callable[..., Any] = firstrun.fetch_examples
        self.index: Callable[..., Any] = firstrun.build_examples
        self.task: Task | None = None
        self.outcome = ""
        self.intro = QLabel(
            "<b>reader needs its dictionary</b> for readings and meanings. It is built on this "
            "computer from the JMdict data installed with reader: no download, about a minute.",
            self,
        )
        self.intro.setWordWrap(True)
        self.examples = QCheckBox(
            f"Also download example sentences (Tatoeba, {firstrun.EXAMPLES_SIZE_MB} MB) — optional", self
        )
        self.examples.setObjectName("downloadExamples")
        self.examples.setVisible(self.needs.examples)
        self.examples.setChecked(False)  # a download only when the user says so
        self.stage = QLabel("", self)
        self.bar = QProgressBar(self)
        self.bar.setVisible(False)
        self.buttons = QDialogButtonBox(self)
        self.start_button = QPushButton("Build Dictionary", self)
        self.start_button.setObjectName("buildDictionary")
        self.start_button.setDefault(True)
        self.later_button = QPushButton("Later", self)
        self.later_button.setToolTip("read without meanings for now; Edit → Set Up Dictionary and Examples… builds it later")
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.later_button.clicked.connect(self.cancel_or_close)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.examples, self.stage, self.bar, self.buttons):
            layout.addWidget(widget)

    def start(self) -> None:
        if self.task is not None:
            return
        self.start_button.setEnabled(False)
        self.examples.setEnabled(False)
        self.later_button.setText("Cancel")
        self.bar.setVisible(True)
        self.stage.setText("Building the dictionary…")
        examples, build, fetch, index = self.examples.isChecked(), self.build, self.fetch, self.index
        self.task = run_in_pool(
            lambda task: _build_all(task, examples, build, fetch, index),
            self._done, self._failed, self._progress,
        )

    def _progress(self, message: tuple[str, int, int]) -> None:
        stage, done, total = message
        self.stage.setText({
            "dictionary": "Building the dictionary…",
            "downloading": f"Downloading the example sentences ({firstrun.EXAMPLES_SIZE_MB} MB)…",
            "examples": "Indexing the example sentences…",
        }.get(stage, stage))
        self.bar.setRange(0, total if total else 0)  # 0, 0: busy, no percentage
        if total:
            self.bar.setValue(done)

    def _finish(self, outcome: str) -> None:
        self.outcome = outcome
        self.task = None
        self.finished_setup.emit(outcome)
        if outcome in ("done", "cancelled"):
            self.accept() if outcome == "done" else self.reject()

    def _done(self, outcome: str) -> None:
        self._finish(outcome)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, firstrun.Cancelled):
            self._finish("cancelled")
            return
        from reader.qt.errors import show_error

        self.bar.setVisible(False)
        self.stage.setText("")
        self.start_button.setEnabled(True)
        self.later_button.setText("Later")
        self.task = None
        show_error(self, exc, "Could not set up reader")
        self.outcome = "failed"
        self.finished_setup.emit("failed")

    def cancel_or_close(self) -> None:
        """Cancel stops the build (nothing half-written stays); Later closes."""
        if self.task is not None:
            self.stage.setText("Cancelling…")
            self.task.cancel()
            return
        self.reject()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.cancel_or_close()
            return
        super().keyPressEvent(event)
