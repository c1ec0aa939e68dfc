"""Imported Yomitan dictionaries: turn them on and off, order them, import and remove.

The order is the lookup priority, so it is edited where it is seen: drag a row or use
Move up / Move down. Importing and removing can touch hundreds of thousands of rows,
so both run in a worker with their own connection; the quick edits (order, enabled)
go through the window's ``UserDictionaries``. While an import holds its transaction
the other edits are disabled, so that none of them waits on its lock on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from reader.core.dictionaries.yomitan.database import DictInfo
from reader.core.dictionaries.yomitan.importer import ImportCancelled, import_dictionary
from reader.core.dictionaries.yomitan.store import UserDictionaries
from reader.qt.errors import plain_text, show_error
from reader.qt.workers import Task, run_in_pool

IdRole = Qt.ItemDataRole.UserRole


def holdings(info: DictInfo) -> str:
    """What a dictionary holds, with counts: "3 terms · 2 frequencies · 3 pitch accents"."""
    parts = [
        f"{count:,} {one if count == 1 else many}"
        for count, one, many in (
            (info.terms, "term", "terms"),
            (info.freqs, "frequency", "frequencies"),
            (info.pitches, "pitch accent", "pitch accents"),
            (info.kanji, "kanji", "kanji"),
            (info.kanji_freqs, "kanji frequency", "kanji frequencies"),
        )
        if count
    ]
    return " · ".join(parts) or "nothing to look up"


def imported_when(stamp: str) -> str:
    """An ISO stamp in local time, "2025-11-25 23:59"; odd stamps stay as they are."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return stamp or ""


def describe(info: DictInfo) -> str:
    """The details shown under the list; plain text, so nothing in it is markup."""
    lines = [f"{info.title} (revision {info.revision}, format {info.format})", holdings(info)]
    for label, value in (
        ("Author", info.author),
        ("Attribution", info.attribution),
        ("Website", info.url),
        ("Imported", imported_when(info.imported_at)),
    ):
        if value:
            lines.append(f"{label}: {value}")
    if info.description:
        lines += ["", info.description]
    return "\n".join(lines)


class DictionariesDialog(QDialog):
    changed = Signal()  # a dictionary was imported, removed, reordered, turned on or off

    def __init__(
        self, user_dicts: UserDictionaries, db_path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dictionaries")
        self.setObjectName("dictionariesDialog")
        self.resize(640, 480)
        self.user_dicts = user_dicts
        self.db_path = Path(db_path)
        #: Asked before removing; tests replace it to answer without a message box.
        self.confirm: Callable[[DictInfo], bool] = self._ask_remove
        self.infos: list[DictInfo] = []
        self._filling = False
        self._task: Task | None = None
        self._cancel = threading.Event()

        self.hint = QLabel(
            "Words are looked up from the top down: drag a dictionary or use Move up / "
            "Move down to change the order, and untick one to turn it off.",
            self,
        )
        self.hint.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("dictionaryList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setToolTip(
            "Higher in the list is looked up first. Drag to reorder; the checkbox turns one off."
        )
        self.list.currentRowChanged.connect(self._show_details)
        self.list.itemChanged.connect(self._item_changed)
        self.list.model().rowsMoved.connect(self._rows_moved)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("dictionaryDetails")
        self.details.setReadOnly(True)

        self.import_button = QPushButton("&Import…", self)
        self.remove_button = QPushButton("&Remove", self)
        self.up_button = QPushButton("Move &up", self)
        self.down_button = QPushButton("Move &down", self)
        self.up_button.setToolTip("Look this dictionary up earlier (Ctrl+Up)")
        self.down_button.setToolTip("Look this dictionary up later (Ctrl+Down)")
        self.import_button.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", +1)):
            shortcut = QShortcut(QKeySequence(keys), self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda s=step: self.move_selected(s))
        self.status = QLabel(self)
        self.status.setObjectName("dictionaryStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # it quotes titles and file names
        self.cancel_button = QPushButton("Cancel import", self)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.cancel_button.hide()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        side = QVBoxLayout()
        for button in (self.up_button, self.down_button):
            side.addWidget(button)
        side.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(side)
        progress = QHBoxLayout()
        progress.addWidget(self.status, 1)
        progress.addWidget(self.cancel_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(top, 3)
        layout.addWidget(self.details, 2)
        layout.addLayout(progress)
        layout.addLayout(buttons)
        self.refresh()

    # -- the list ----------------------------------------------------------------------

    def refresh(self, select: object = None) -> None:
        """Reload from the store, keeping (or moving to) the selected dictionary."""
        current = select if select is not None else self.selected_id()
        self.infos = self.user_dicts.list()
        self._filling = True
        try:
            self.list.clear()
            for info in self.infos:
                item = QListWidgetItem(f"{info.title}   revision {info.revision}\n{holdings(info)}")
                item.setData(IdRole, info.id)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsDragEnabled
                )
                item.setCheckState(
                    Qt.CheckState.Checked if info.enabled else Qt.CheckState.Unchecked
                )
                if not info.enabled:
                    item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
                # A tooltip is rich text when it looks like it: escape, and say it is.
                item.setToolTip(
                    f"<p>{escape(info.title)}: {'on' if info.enabled else 'off'}; "
                    f"{escape(holdings(info))}</p>"
                )
                self.list.addItem(item)
        finally:
            self._filling = False
        ids = [info.id for info in self.infos]
        self.list.setCurrentRow(ids.index(current) if current in ids else (0 if ids else -1))
        if not ids:
            self.details.setPlainText(
                "No dictionary is imported. Import a Yomitan dictionary (.zip) to add "
                "its words, names, kanji, frequencies or pitch accent to lookups."
            )
        self._update_buttons()

    def ids(self) -> list:
        """The dictionaries in the order the list shows them."""
        return [self.list.item(row).data(IdRole) for row in range(self.list.count())]

    def selected_id(self) -> object:
        item = self.list.currentItem()
        return item.data(IdRole) if item is not None else None

    def _info(self, dict_id: object) -> DictInfo | None:
        return next((info for info in self.infos if info.id == dict_id), None)

    def _show_details(self, row: int) -> None:
        info = self._info(self.list.item(row).data(IdRole)) if row >= 0 else None
        if info is not None:
            self.details.setPlainText(describe(info))
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._task is not None
        row, count = self.list.currentRow(), self.list.count()
        self.list.setEnabled(not busy)
        self.import_button.setEnabled(not busy)
        self.remove_button.setEnabled(not busy and row >= 0)
        self.up_button.setEnabled(not busy and row > 0)
        self.down_button.setEnabled(not busy and 0 <= row < count - 1)

    # -- quick edits: order and enabled ------------------------------------------------

    def move_selected(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if self._task is not None or row < 0 or not 0 <= target < self.list.count():
            return
        self._filling = True
        try:
            item = self.list.takeItem(row)
            self.list.insertItem(target, item)
        finally:
            self._filling = False
        self.list.setCurrentRow(target)
        self._save_order()

    def _rows_moved(self, *_: QModelIndex | int) -> None:
        if not self._filling:  # a drag and drop finished
            self._save_order()

    def _save_order(self) -> None:
        ids = self.ids()
        if ids == [info.id for info in self.infos]:
            return
        try:
            self.user_dicts.set_order(ids)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc, "Could not reorder the dictionaries")
        self.refresh()
        self.changed.emit()

    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        info = self._info(item.data(IdRole))
        enabled = item.checkState() == Qt.CheckState.Checked
        if info is None or info.enabled == enabled:
            return
        self.set_enabled(info.id, enabled)

    def set_enabled(self, dict_id: object, enabled: bool) -> None:
        try:
            self.user_dicts.set_enabled(dict_id, enabled)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc, "Could not change the dictionary")
        self.refresh()
        self.changed.emit()

    # -- import --------------------------------------------------------------------------

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import a Yomitan dictionary",
            str(Path.home()),
            "Yomitan dictionaries (*.zip);;All files (*)",
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> Task | None:
        """Import in a worker; the list and the quick edits wait until it is done."""
        if self._task is not None:
            return None
        zip_path, db_path = Path(path), self.db_path
        before = {info.title: info.revision for info in self.infos}
        cancel = self._cancel = threading.Event()
        self.status.setText(f"Importing {zip_path.name}…")
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()

        def work(task: Task) -> DictInfo:
            return import_dictionary(
                db_path,
                zip_path,
                progress=lambda done, total: task.progress((done, total)),
                cancelled=cancel.is_set,
            )

        def progressed(value: tuple[int, int]) -> None:
            if isValid(self) and not cancel.is_set():
                done, total = value
                share = f" {100 * done // total}%" if total else ""
                self.status.setText(
                    f"Importing {zip_path.name}…{share} ({done:,} of {total:,} parts)"
                )

        def finished(info: DictInfo) -> None:
            if not self._finish():
                return
            old = before.get(info.title)
            if old is not None and old != info.revision:
                self.status.setText(f"Updated {info.title} to revision {info.revision}")
            else:
                self.status.setText(f"Imported {info.title} ({holdings(info)})")
            self.refresh(select=info.id)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            if not self._finish():
                return
            if isinstance(exc, ImportCancelled):
                self.status.setText(f"Import of {zip_path.name} cancelled; nothing was added.")
                return
            self.status.setText(f"Could not import {zip_path.name}.")
            show_error(self, exc, "Could not import the dictionary")

        self._task = run_in_pool(work, finished, failed, progressed)
        self._update_buttons()
        return self._task

    def cancel_import(self) -> None:
        if self._task is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling the import…")

    def _finish(self) -> bool:
        """Forget the running task; False when the dialog is gone already."""
        if not isValid(self):
            return False
        self._task = None
        self.cancel_button.hide()
        self._update_buttons()
        return True

    def importing(self) -> bool:
        return self._task is not None

    # -- remove --------------------------------------------------------------------------

    def _ask_remove(self, info: DictInfo) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove dictionary",
            f"Remove {info.title} (revision {info.revision}) and its {holdings(info)}?\n\n"
            "You can import it again from its .zip file.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        plain_text(box)
        return box.exec() == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        info = self._info(self.selected_id())
        if info is not None and self._task is None and self.confirm(info):
            self.remove(info.id)

    def remove(self, dict_id: object) -> Task | None:
        """Remove in a worker: a large dictionary is many rows to delete."""
        info = self._info(dict_id)
        if info is None or self._task is not None:
            return None
        db_path = self.db_path
        self.status.setText(f"Removing {info.title}…")

        def work(task: Task) -> DictInfo:
            store = UserDictionaries(db_path)
            try:
                return store.remove(dict_id)
            finally:
                store.close()

        def finished(removed: DictInfo) -> None:
            if self._finish():
                self.status.setText(f"Removed {removed.title}")
                self.refresh()
                self.changed.emit()

        def failed(exc: BaseException) -> None:
            if self._finish():
                self.status.setText("")
                self.refresh()
                show_error(self, exc, "Could not remove the dictionary")

        self._task = run_in_pool(work, finished, failed)
        self._update_buttons()
        return self._task

    def done(self, result: int) -> None:
        """Closing the dialog cancels a running import (nothing half-written is kept)."""
        self._cancel.set()
        super().done(result)
