"""Small dialogs: preferences and about (with the data licences)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from reader.qt.settings import FURIGANA_LEVELS, FURIGANA_MODES, SETTINGS, THEMES, Settings

def show_about(parent: QWidget | None) -> None:
    """The About box (versions, the dictionary, every data licence): dialogs/about.py."""
    from reader.qt.dialogs.about import show_about as show

    show(parent)


class PreferencesDialog(QDialog):
    """Edits the reading settings; the caller applies them when accepted."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.settings = settings
        form = QFormLayout(self)
        self.furigana = QComboBox(self)
        self.furigana.addItems(list(FURIGANA_MODES))
        self.furigana.setCurrentText(settings.get("reading/furigana"))
        self.furigana_level = QComboBox(self)
        for level in FURIGANA_LEVELS:
            self.furigana_level.addItem(f"N{level}", level)
        self.furigana_level.setCurrentIndex(FURIGANA_LEVELS.index(settings.get("reading/furigana_level")))
        self.theme = QComboBox(self)
        self.theme.addItems(list(THEMES))
        self.theme.setCurrentText(settings.get("reading/theme"))
        self.font_size = QSpinBox(self)
        self.font_size.setRange(10, 48)
        self.font_size.setValue(settings.get("reading/font_size"))
        self.line_height = QDoubleSpinBox(self)
        self.line_height.setRange(1.4, 3.5)
        self.line_height.setSingleStep(0.1)
        self.line_height.setValue(settings.get("reading/line_height"))
        self.vertical = QCheckBox(self)
        self.vertical.setChecked(settings.get("reading/vertical"))
        self.examples = QCheckBox(self)
        self.examples.setChecked(settings.get("words/examples"))
        for key, widget in (
            ("reading/furigana", self.furigana),
            ("reading/furigana_level", self.furigana_level),
            ("reading/theme", self.theme),
            ("reading/font_size", self.font_size),
            ("reading/line_height", self.line_height),
            ("reading/vertical", self.vertical),
            ("words/examples", self.examples),
        ):
            form.addRow(SETTINGS[key].title, widget)
        from reader.qt.dialogs.anki import AnkiGroup

        self.anki = AnkiGroup(settings, self)  # AnkiConnect: address, deck, note type, fields
        form.addRow(self.anki)
        from reader.qt.dialogs.llm import LLMGroup

        self.llm = LLMGroup(settings, self)  # translation engine: installed model or a local LLM
        form.addRow(self.llm)
        from reader.qt.dialogs.audio import AudioGroup

        self.audio = AudioGroup(settings, self)  # speech: voice, speed, volume, shadowing
        form.addRow(self.audio)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def store(self) -> None:
        self.settings.set("reading/furigana", self.furigana.currentText())
        self.settings.set("reading/furigana_level", self.furigana_level.currentData())
        self.settings.set("reading/theme", self.theme.currentText())
        self.settings.set("reading/font_size", self.font_size.value())
        self.settings.set("reading/line_height", round(self.line_height.value(), 2))
        self.settings.set("reading/vertical", self.vertical.isChecked())
        self.settings.set("words/examples", self.examples.isChecked())
        self.anki.store()
        self.llm.store()
        self.audio.store()
