"""Anki from the window, against an AnkiConnect-compatible server over a real collection
(tests/ankiconnect_server.py): E on the popup adds a note, a second E is refused as a
duplicate, the popup says "in Anki: …", statuses come in from Anki, and Anki not
running is said plainly."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.core.library import bundled
from reader.core.vocabulary.words import Words
from tests.ankiconnect_server import AnkiServer
from tests.qt.conftest import hover, js, open_and_wait, popup_text

FIRST = bundled.list_articles()[0].id


@pytest.fixture
def anki(tmp_path):
    folder = tmp_path / "anki"
    folder.mkdir()
    with AnkiServer(folder) as server:
        yield server


def _message(window) -> str:
    return window.statusBar().currentMessage()


def _press_e(qtbot, window) -> None:
    """E with the focus outside the page: the window's shortcut, on while the popup shows."""
    window.library_panel.setFocus()
    qtbot.waitUntil(lambda: all(s.isEnabled() for s in window.vocabulary.popup_keys.shortcuts), timeout=5000)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_E)


def test_e_adds_a_note_and_a_second_e_is_refused_as_a_duplicate(qtbot, window, anki):
    window.settings.set("anki/url", anki.url)
    open_and_wait(qtbot, window, FIRST)
    hover(qtbot, window, "停戦")
    assert "E: + Anki" in popup_text(qtbot, window)
    assert "in Anki" not in popup_text(qtbot, window)
    _press_e(qtbot, window)
    qtbot.waitUntil(lambda: len(anki.notes()) == 1, timeout=10000)
    [note] = anki.notes('"deck:reader vocabulary"')
    assert note["Word"] == "停戦" and note["Reading"] == "ていせん"
    assert "<b>停戦</b>" in note["Sentence"] and note["Glosses"]
    assert note["Source"] == window.reader_view.document.info.title
    qtbot.waitUntil(lambda: "Added 停戦 to Anki" in _message(window), timeout=5000)
    qtbot.waitUntil(lambda: "in Anki: new" in popup_text(qtbot, window), timeout=5000)
    # again, from the page this time (the page has the focus): refused, and said so
    js(qtbot, window.reader_view, "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'e'})); 1")
    qtbot.waitUntil(lambda: "already" in _message(window), timeout=10000)
    assert "停戦 is in Anki already" in _message(window)
    assert len(anki.notes()) == 1
    assert Words(window.store).find_word("停戦", "ていせん") is None  # Anki only: reader's list untouched


def test_the_popup_says_what_anki_knows_once_the_article_loads(qtbot, window, anki):
    anki.add("停戦", "ていせん")
    anki.mature("停戦")
    anki.add("首脳会談", "しゅのうかいだん")
    anki.learn("首脳会談")
    window.settings.set("anki/url", anki.url)
    open_and_wait(qtbot, window, FIRST)
    view = window.reader_view
    qtbot.waitUntil(lambda: ("停戦", "ていせん") in view.anki_statuses, timeout=10000)
    hover(qtbot, window, "停戦")
    qtbot.waitUntil(lambda: "in Anki: known" in popup_text(qtbot, window), timeout=5000)
    hover(qtbot, window, "首脳会談")
    qtbot.waitUntil(lambda: "in Anki: learning" in popup_text(qtbot, window), timeout=5000)


def test_import_statuses_from_anki_marks_words_undoably(qtbot, window, anki):
    anki.add("停戦", "ていせん")
    anki.mature("停戦")
    anki.add("首脳会談", "しゅのうかいだん")
    anki.add("撃墜", "げきつい", deck="Other")
    window.settings.set("anki/url", anki.url)
    open_and_wait(qtbot, window, FIRST)
    asked = []
    window.vocabulary.anki.ask_import = lambda: asked.append(1) or ("reader vocabulary", "")
    window.actions.by_name["importAnki"].trigger()
    words = Words(window.store)
    qtbot.waitUntil(lambda: words.word_statuses().get(("停戦", "ていせん")) == "known", timeout=10000)
    assert asked
    assert words.word_statuses() == {("停戦", "ていせん"): "known", ("首脳会談", "しゅのうかいだん"): "learning"}
    qtbot.waitUntil(lambda: window.reader_view.statuses.get(("停戦", "ていせん")) == "known", timeout=10000)
    assert "1 words known, 1 learning" in _message(window)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: not words.word_statuses(), timeout=10000)


def test_anki_not_running_is_said_plainly(qtbot, window):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    window.settings.set("anki/url", f"http://127.0.0.1:{port}")
    open_and_wait(qtbot, window, FIRST)
    hover(qtbot, window, "停戦")
    _press_e(qtbot, window)
    qtbot.waitUntil(lambda: "not running" in _message(window), timeout=10000)
    assert "AnkiConnect add-on" in _message(window) and ".apkg" in _message(window)
    # a failed import says so in a dialog
    window.vocabulary.anki.ask_import = lambda: ("reader vocabulary", "")
    window.vocabulary.anki.import_dialog()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorDialog") is not None, timeout=10000)
    box = window.findChild(QMessageBox, "errorDialog")
    assert "not running" in box.text() and ".apkg" in box.informativeText()
    box.close()


def test_a_remote_address_is_refused_unless_allowed(qtbot, window):
    window.settings.set("anki/url", "http://192.168.7.7:8765")
    open_and_wait(qtbot, window, FIRST)
    hover(qtbot, window, "停戦")
    _press_e(qtbot, window)
    qtbot.waitUntil(lambda: "not on this computer" in _message(window), timeout=5000)


def test_preferences_test_connection_and_store(qtbot, window, anki):
    from reader.qt.dialogs.preferences import PreferencesDialog

    dialog = PreferencesDialog(window.settings, window)
    group = dialog.anki
    group.url.setText(anki.url)
    qtbot.mouseClick(group.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "AnkiConnect 6" in group.result.text(), timeout=10000)
    assert group.deck.findText("reader vocabulary") >= 0 and group.model.findText("Basic") >= 0
    assert group.fields["word"].findText("Word") >= 0
    group.model.setCurrentText("Basic")
    qtbot.mouseClick(group.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "has no field 'Word'" in group.result.text(), timeout=10000)
    group.fields["word"].setCurrentText("Front")
    group.fields["reading"].setCurrentText("Back")
    for name in ("glosses", "sentence", "title"):
        group.fields[name].setCurrentText("")
    qtbot.mouseClick(group.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "note type “Basic”" in group.result.text(), timeout=10000)
    group.url.setText("http://192.168.7.7:8765")
    qtbot.mouseClick(group.test_button, Qt.MouseButton.LeftButton)
    assert "not on this computer" in group.result.text()  # refused before any network call
    group.url.setText(anki.url)
    dialog.store()
    assert window.settings.get("anki/url") == anki.url and window.settings.get("anki/model") == "Basic"
    assert '"word": "Front"' in window.settings.get("anki/fields")
    dialog.close()
