"""Anki through AnkiConnect: the Preferences' "Anki" group (address, deck, note type,
field mapping and "Test connection") and the small dialog of "Import Statuses from Anki"."""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.core.vocabulary.ankiconnect import DEFAULT_FIELDS, DEFAULT_URL, FIELDS, AnkiConnect, AnkiSettings
from reader.qt.settings import SETTINGS, Settings
from reader.qt.workers import Task, run_in_pool

#: How the Preferences name our fields.
FIELD_TITLES = {
    "word": "Word field", "reading": "Reading field", "glosses": "Glosses field",
    "sentence": "Sentence field", "title": "Article title field", "audio": "Audio field",
}


def anki_settings(settings: Settings) -> AnkiSettings:
    """The AnkiConnect settings as the user left them."""
    from reader.core.vocabulary.ankiconnect import parse_fields

    return AnkiSettings(
        url=settings.get("anki/url"),
        deck=settings.get("anki/deck"),
        model=settings.get("anki/model"),
        fields=parse_fields(settings.get("anki/fields")),
        allow_remote=settings.get("anki/allow_remote"),
    )


def _combo(text: str, name: str, parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setObjectName(name)
    combo.setCurrentText(text)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return combo


def _fill(combo: QComboBox, items: Sequence[str], blank: bool = False) -> None:
    """Offer ``items`` in an editable combo, keeping what it says."""
    text = combo.currentText()
    combo.clear()
    combo.addItems(([""] if blank else []) + list(items))
    combo.setCurrentText(text)


class AnkiGroup(QGroupBox):
    """The "Anki" group of the Preferences."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__("Anki (through the AnkiConnect add-on)", parent)
        self.setObjectName("ankiGroup")
        self.settings = settings
        current = anki_settings(settings)
        form = QFormLayout(self)
        self.url = QLineEdit(current.url, self)
        self.url.setObjectName("ankiUrl")
        self.url.setPlaceholderText(DEFAULT_URL)
        self.allow_remote = QCheckBox(SETTINGS["anki/allow_remote"].title, self)
        self.allow_remote.setObjectName("ankiAllowRemote")
        self.allow_remote.setChecked(current.allow_remote)
        self.allow_remote.setToolTip("AnkiConnect can change your whole collection: leave this off "
                                     "unless Anki runs on a computer you trust")
        self.deck = _combo(current.deck, "ankiDeck", self)
        self.model = _combo(current.model, "ankiModel", self)
        form.addRow(SETTINGS["anki/url"].title, self.url)
        form.addRow("", self.allow_remote)
        form.addRow(SETTINGS["anki/deck"].title, self.deck)
        form.addRow(SETTINGS["anki/model"].title, self.model)
        self.fields: dict[str, QComboBox] = {}
        for name, what in FIELDS.items():
            combo = _combo(current.fields.get(name, ""), f"ankiField-{name}", self)
            combo.setToolTip(f"The note field that gets {what}; empty: none")
            self.fields[name] = combo
            form.addRow(FIELD_TITLES[name], combo)
        self.test_button = QPushButton("Test connection", self)
        self.test_button.setObjectName("ankiTest")
        self.test_button.clicked.connect(self.test)
        self.result = QLabel("", self)
        self.result.setObjectName("ankiResult")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)  # Anki's names are not HTML to us
        form.addRow(self.test_button, self.result)
        self._task: Task | None = None
        self.destroyed.connect(lambda *_: self._task.cancel() if self._task else None)

    def current(self) -> AnkiSettings:
        """The settings as the group shows them (not stored yet)."""
        return AnkiSettings(
            url=self.url.text().strip() or DEFAULT_URL,
            deck=self.deck.currentText().strip(),
            model=self.model.currentText().strip(),
            fields={name: combo.currentText().strip() for name, combo in self.fields.items()},
            allow_remote=self.allow_remote.isChecked(),
        )

    def test(self) -> None:
        """Ask Anki, on a worker: its version and whether the deck, note type and fields are
        there; the lists Anki has fill the choices."""
        try:
            client = AnkiConnect(self.current())
        except ReaderError as exc:
            self.result.setText(str(exc))
            return
        if self._task is not None:
            self._task.cancel()
        self.result.setText("Asking Anki…")
        model = client.settings.model

        def work(_task: Task) -> tuple[str, list[str], list[str], list[str]]:
            client.version()
            decks, models = client.deck_names(), client.model_names()
            fields = client.model_field_names(model) if model in models else []
            try:
                said = client.check()
            except ReaderError as exc:
                said = str(exc)
            return said, decks, models, fields

        def done(found: tuple[str, list[str], list[str], list[str]]) -> None:
            said, decks, models, fields = found
            self.result.setText(said)
            _fill(self.deck, decks)
            _fill(self.model, models)
            if fields:
                for combo in self.fields.values():
                    _fill(combo, fields, blank=True)

        def failed(exc: BaseException) -> None:
            if task.cancelled:
                return
            self.result.setText(str(exc) if isinstance(exc, ReaderError) else f"{type(exc).__name__}: {exc}")

        task = self._task = run_in_pool(work, done, failed)

    def store(self) -> None:
        s = self.current()
        self.settings.set("anki/url", s.url)
        self.settings.set("anki/deck", s.deck)
        self.settings.set("anki/model", s.model)
        fields = dict(s.fields)
        self.settings.set("anki/fields", "" if fields == DEFAULT_FIELDS else json.dumps(fields, ensure_ascii=False))
        self.settings.set("anki/allow_remote", s.allow_remote)


class ImportDialog(QDialog):
    """Which Anki cards give reader's words their statuses: a deck and a search."""

    def __init__(self, deck: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Statuses from Anki")
        self.setObjectName("ankiImportDialog")
        form = QFormLayout(self)
        about = QLabel(
            "Words whose cards are mature in Anki (an interval of 21 days or more) become known; "
            "words with new or learning cards become learning. Nothing is lowered: words you know "
            "or ignore stay so. Edit → Undo takes it back.",
            self,
        )
        about.setWordWrap(True)
        form.addRow(about)
        self.deck = QLineEdit(deck, self)
        self.deck.setObjectName("ankiImportDeck")
        self.query = QLineEdit(self)
        self.query.setObjectName("ankiImportQuery")
        self.query.setPlaceholderText("all its cards; or Anki's search, e.g. is:review or tag:jlpt")
        form.addRow("Deck", self.deck)
        form.addRow("Search", self.query)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str]:
        return self.deck.text().strip(), self.query.text().strip()
