"""The QA panel: what the checks found in the article's drafts (numbers changed or
dropped, glossary terms not used, empty or untranslated segments, one source translated
two ways, unbalanced brackets, double spaces), one line per issue. Activating a line
(a click, Enter) jumps to its segment."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QMessageBox, QVBoxLayout, QWidget

SENTENCE_ROLE = Qt.ItemDataRole.UserRole
EMPTY = "empty"  # qa.py's code for a segment with no draft


class QAPanel(QWidget):
    jumpRequested = Signal(int)  # noqa: N815 - the sentence index of the chosen issue

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.summary = QLabel("No article open.", self)
        self.summary.setObjectName("qaSummary")
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("qaList")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.issues: list = []

    def set_issues(self, issues: list) -> None:
        """QAIssue(sentence, code, message) objects, in sentence order. Segments with no
        draft yet are one line (a fresh article has nothing else), which jumps to the first."""
        self.issues = sorted(issues, key=lambda i: (i.sentence, i.code))
        shown = [i for i in self.issues if i.code != EMPTY]
        empty = [i.sentence for i in self.issues if i.code == EMPTY]
        self.list.clear()
        for issue in shown:
            self._add(f"{issue.sentence + 1}: {issue.message}", issue.sentence,
                      f"Sentence {issue.sentence + 1} · {issue.code}\n{issue.message}")
        if empty:
            self._add(f"{len(empty)} sentence{'s' if len(empty) != 1 else ''} with no draft yet (first: {empty[0] + 1})",
                      empty[0], "Ctrl+↓ in the editor goes from one to the next")
        if not self.issues:
            self.summary.setText("No QA issues in the drafts.")
        elif not shown:
            self.summary.setText("No QA issues in the drafts written so far.")
        else:
            codes = sorted({i.code for i in shown})
            self.summary.setText(
                f"{len(shown)} QA issue{'s' if len(shown) != 1 else ''} ({', '.join(codes)}) — click one to go to it"
            )

    def _add(self, text: str, sentence: int, tip: str) -> None:
        item = QListWidgetItem(text)
        item.setData(SENTENCE_ROLE, sentence)
        item.setToolTip(tip)
        self.list.addItem(item)

    def clear(self) -> None:
        self.issues = []
        self.list.clear()
        self.summary.setText("Checking…")

    def _chosen(self, item: QListWidgetItem) -> None:
        self.jumpRequested.emit(int(item.data(SENTENCE_ROLE)))


def ask_export(parent: QWidget, issues: list) -> str:
    """Before an export with QA issues: "export" (anyway), "show" (the issues) or "cancel"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Export translation")
    codes = ", ".join(sorted({i.code for i in issues}))
    box.setText(f"QA found {len(issues)} issue{'s' if len(issues) != 1 else ''} in the drafts ({codes}).")
    box.setInformativeText(f"First issue: sentence {issues[0].sentence + 1}: {issues[0].message}")
    export = box.addButton("Export Anyway", QMessageBox.ButtonRole.AcceptRole)
    show = box.addButton("Show Issues", QMessageBox.ButtonRole.RejectRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(show)
    box.exec()
    return {export: "export", show: "show"}.get(box.clickedButton(), "cancel")
