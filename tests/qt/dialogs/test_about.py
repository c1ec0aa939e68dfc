"""The About box: the version, what reader runs on, the dictionary, and every data
source's licence; and the application icon at each size drawn for it."""

from __future__ import annotations

import sqlite3

import PySide6
from PySide6.QtCore import QSize, qVersion
from PySide6.QtWidgets import QApplication, QDialog

from reader.core.app import credits
from reader.core.app.desktop import ICON_SIZES
from reader.qt.dialogs import about, preferences
from reader.qt.icons import app_icon


def _dialog(qtbot, dictionary_path):
    dialog = about.AboutDialog(dictionary_path=dictionary_path)
    qtbot.addWidget(dialog)
    return dialog


def _text(dialog) -> str:
    return dialog.title.text() + "\n" + dialog.body.toPlainText()


def test_it_shows_the_versions_and_every_licence(qtbot, tmp_path):
    built = tmp_path / "jmdict.sqlite"
    with sqlite3.connect(built) as con:
        con.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        con.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("source", "jamdict-data 1.5"), ("date", "2021-04-17"), ("entries", "191541"),
             ("names", "741275"), ("kanji", "13108"), ("built_at", "2026-01-02T03:04:05Z")],
        )
    con.close()
    dialog = _dialog(qtbot, built)
    text = _text(dialog)
    assert f"reader {credits.app_version()}" in text
    for name in ("Python", "Qt", "PySide6", "fugashi", "unidic-lite", "ctranslate2", "sentencepiece"):
        assert name in text
    assert qVersion() in text and PySide6.__version__ in text
    assert "jamdict-data 1.5; JMdict of 2021-04-17; 191,541 entries, 741,275 names, 13,108 kanji" in text
    assert "built 2026-01-02 03:04:05 UTC" in text
    for credit in credits.DATA:
        assert credit.name in text
        assert credit.licence[:1].upper() + credit.licence[1:] in text
        assert not credit.holder or credit.holder in text
    for name, licence in credits.SOFTWARE:
        assert f"{name}: {licence}." in text
    assert credits.OFFLINE in text
    links = dialog.body.toHtml()
    assert "https://www.edrdg.org/edrdg/licence.html" in links
    assert "https://creativecommons.org/licenses/by/2.0/fr/" in links


def test_without_a_dictionary_it_says_how_to_build_one(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path / "missing.sqlite")
    assert "Not built yet: run reader dict build" in _text(dialog)


def test_copy_versions_fills_the_clipboard(qtbot, tmp_path):
    dialog = _dialog(qtbot, tmp_path / "missing.sqlite")
    dialog.copy.click()
    copied = QApplication.clipboard().text()
    assert copied.splitlines()[0] == f"reader {credits.app_version()}"
    assert f"Qt {qVersion()}" in copied.splitlines()


def test_show_about_opens_the_dialog(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(about.AboutDialog, "exec", lambda self: shown.append(self) or 0)
    preferences.show_about(None)
    assert len(shown) == 1 and isinstance(shown[0], QDialog)
    assert shown[0].objectName() == "aboutDialog"
    assert not shown[0].windowIcon().isNull()


def test_the_app_icon_has_every_size(qtbot):
    icon = app_icon()
    assert [s.width() for s in icon.availableSizes()] == list(ICON_SIZES)
    for size in (16, 32, 256):
        assert icon.pixmap(QSize(size, size)).size() == QSize(size, size)
