"""The Dictionaries dialog over a real user dictionary database and real Yomitan zips."""

from __future__ import annotations

import itertools
import re
import time
import zipfile

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer

from reader.core.dictionaries.yomitan.store import UserDictionaries
from reader.core.errors import ReaderError
from reader.core.library.imported import ImportedArticles
from reader.qt.dialogs import dictionaries as dictionaries_dialog
from reader.qt.dialogs.dictionaries import DictionariesDialog
from tests.yomitan_factory import index_json, make_large_zip, make_zip

TIMEOUT = 60000


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "user-dictionaries.sqlite"


@pytest.fixture
def store(db_path):
    s = UserDictionaries(db_path)
    yield s
    s.close()


@pytest.fixture
def dialog(qtbot, store, db_path):
    d = DictionariesDialog(store, db_path)
    qtbot.addWidget(d)
    d.show()
    yield d
    if d.importing():
        d.cancel_import()
        qtbot.waitUntil(lambda: not d.importing(), timeout=TIMEOUT)


@pytest.fixture
def errors(monkeypatch):
    shown: list[BaseException] = []
    monkeypatch.setattr(
        dictionaries_dialog, "show_error", lambda parent, exc, title="": shown.append(exc)
    )
    return shown


def import_and_wait(qtbot, dialog, path) -> None:
    with qtbot.waitSignal(dialog.changed, timeout=TIMEOUT):
        dialog.import_file(path)


def titles(store) -> list[str]:
    return [info.title for info in store.list()]


def texts(dialog) -> list[str]:
    return [dialog.list.item(row).text() for row in range(dialog.list.count())]


def two_imported(qtbot, dialog, tmp_path) -> None:
    import_and_wait(qtbot, dialog, make_zip(tmp_path / "a.zip", title="Alpha"))
    import_and_wait(qtbot, dialog, make_zip(tmp_path / "b.zip", title="Beta", kanji=[], meta=[]))


def test_empty_dialog_says_what_to_do(dialog):
    assert dialog.list.count() == 0
    assert "Import a Yomitan dictionary" in dialog.details.toPlainText()
    assert not dialog.remove_button.isEnabled()
    assert not dialog.up_button.isEnabled() and not dialog.down_button.isEnabled()
    assert dialog.import_button.isEnabled()


def test_import_lists_the_dictionary_with_its_counts(qtbot, dialog, store, tmp_path, errors):
    import_and_wait(
        qtbot, dialog, make_zip(tmp_path / "sample.zip", title="Sample", revision="2024.1")
    )
    assert errors == []
    assert titles(store) == ["Sample"]
    [text] = texts(dialog)
    assert "Sample" in text and "revision 2024.1" in text
    assert "3 terms · 2 frequencies · 3 pitch accents · 2 kanji" in text
    assert dialog.list.item(0).checkState() == Qt.CheckState.Checked
    assert dialog.status.text().startswith("Imported Sample")
    details = dialog.details.toPlainText()
    assert (
        "Attribution: made up for the tests, CC0" in details and "Author: reader tests" in details
    )


def test_details_are_plain_text(qtbot, dialog, tmp_path):
    index = index_json("<b>Bold</b> & co", "1", description="<script>alert(1)</script> 辞書")
    import_and_wait(qtbot, dialog, make_zip(tmp_path / "html.zip", index=index))
    assert "<b>Bold</b> & co" in dialog.list.item(0).text()
    details = dialog.details.toPlainText()
    assert "<b>Bold</b> & co" in details and "<script>alert(1)</script> 辞書" in details
    # Everywhere the title is quoted, Qt must not read it as markup.
    assert dialog.status.textFormat() == Qt.TextFormat.PlainText
    assert "<b>Bold</b> & co" in dialog.status.text()  # shown as written
    tip = dialog.list.item(0).toolTip()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in tip and "<b>" not in tip


def test_message_boxes_show_titles_as_plain_text(qtbot, dialog, tmp_path, monkeypatch):
    """A title like <a href=…> must not become a live link in the remove confirmation."""
    from PySide6.QtWidgets import QLabel, QMessageBox

    index = index_json('<a href="https://example.invalid">Evil</a>', "1")
    import_and_wait(qtbot, dialog, make_zip(tmp_path / "evil.zip", index=index))
    shown = []

    def capture(box) -> int:
        shown.append([(label.textFormat(), label.text()) for label in box.findChildren(QLabel) if label.text()])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "exec", capture)
    assert dialog._ask_remove(dialog.infos[0]) is False
    texts = shown[0]
    assert any('<a href="https://example.invalid">Evil</a>' in text for _, text in texts)
    assert all(fmt == Qt.TextFormat.PlainText for fmt, _ in texts)


def test_a_newer_revision_is_an_update(qtbot, dialog, store, tmp_path):
    import_and_wait(qtbot, dialog, make_zip(tmp_path / "v1.zip", title="Sample", revision="1"))
    import_and_wait(qtbot, dialog, make_zip(tmp_path / "v2.zip", title="Sample", revision="2"))
    assert dialog.status.text() == "Updated Sample to revision 2"
    assert [(i.title, i.revision) for i in store.list()] == [("Sample", "2")]
    assert dialog.list.count() == 1 and "revision 2" in dialog.list.item(0).text()


def test_move_buttons_set_the_priority(qtbot, dialog, store, tmp_path):
    two_imported(qtbot, dialog, tmp_path)
    first, second = titles(store)
    dialog.list.setCurrentRow(0)
    assert not dialog.up_button.isEnabled() and dialog.down_button.isEnabled()
    with qtbot.waitSignal(dialog.changed, timeout=1000):
        qtbot.mouseClick(dialog.down_button, Qt.MouseButton.LeftButton)
    assert titles(store) == [second, first]
    assert dialog.list.currentRow() == 1  # the moved one stays selected
    assert first in dialog.list.item(1).text()
    assert dialog.up_button.isEnabled() and not dialog.down_button.isEnabled()
    with qtbot.waitSignal(dialog.changed, timeout=1000):
        dialog.up_button.click()
    assert titles(store) == [first, second]


def test_keyboard_moves_the_selected_dictionary(qtbot, dialog, store, tmp_path):
    two_imported(qtbot, dialog, tmp_path)
    first, second = titles(store)
    dialog.activateWindow()
    dialog.list.setFocus()
    dialog.list.setCurrentRow(0)
    qtbot.waitUntil(dialog.list.hasFocus)
    with qtbot.waitSignal(dialog.changed, timeout=1000):
        qtbot.keyClick(dialog.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert titles(store) == [second, first]


def test_a_drop_in_the_list_sets_the_priority(qtbot, dialog, store, tmp_path):
    """A drag and drop moves a row of the list's model; the new order is saved."""
    two_imported(qtbot, dialog, tmp_path)
    first, second = titles(store)
    with qtbot.waitSignal(dialog.changed, timeout=1000):
        assert dialog.list.model().moveRow(QModelIndex(), 1, QModelIndex(), 0)
    assert titles(store) == [second, first]
    assert second in dialog.list.item(0).text()


def test_the_checkbox_turns_a_dictionary_off_and_on(qtbot, dialog, store, tmp_path):
    two_imported(qtbot, dialog, tmp_path)
    with qtbot.waitSignal(dialog.changed, timeout=1000):
        dialog.list.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert [i.enabled for i in store.list()] == [True, False]
    assert dialog.list.item(1).checkState() == Qt.CheckState.Unchecked
    with qtbot.waitSignal(dialog.changed, timeout=1000):
        dialog.list.item(1).setCheckState(Qt.CheckState.Checked)
    assert [i.enabled for i in store.list()] == [True, True]


def test_remove_asks_first(qtbot, dialog, store, tmp_path):
    two_imported(qtbot, dialog, tmp_path)
    first, second = titles(store)
    asked = []
    dialog.confirm = lambda info: asked.append(info.title) or False
    dialog.list.setCurrentRow(0)
    dialog.remove_selected()
    assert asked == [first] and titles(store) == [first, second] and not dialog.importing()
    dialog.confirm = lambda info: True
    with qtbot.waitSignal(dialog.changed, timeout=TIMEOUT):
        dialog.remove_selected()
    assert titles(store) == [second]
    assert dialog.list.count() == 1 and second in dialog.list.item(0).text()
    assert dialog.status.text() == f"Removed {first}"


def _not_a_zip(path):
    path.write_bytes("これはzipではありません".encode())
    return path


def _zip_slip(path):
    return make_zip(path, title="Slip", extra_files={"../../evil.json": "[]"})


def _broken_bank(path):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("index.json", '{"title": "Broken", "revision": "1", "format": 3}')
        zf.writestr("term_bank_1.json", '[["停戦", "ていせん", "n", "", 1, ["ceasefire"]')
    return path


def _no_index(path):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("term_bank_1.json", "[]")
    return path


@pytest.mark.parametrize("make_bad", [_not_a_zip, _zip_slip, _broken_bank, _no_index])
def test_a_bad_file_shows_an_error_and_changes_nothing(
    qtbot, dialog, store, tmp_path, errors, make_bad
):
    import_and_wait(qtbot, dialog, make_zip(tmp_path / "good.zip", title="Good"))
    before = store.list()
    changed = []
    dialog.changed.connect(lambda: changed.append(1))
    dialog.import_file(make_bad(tmp_path / "bad.zip"))
    qtbot.waitUntil(lambda: bool(errors), timeout=TIMEOUT)
    [exc] = errors
    assert isinstance(exc, ReaderError) and exc.message and exc.advice
    assert (
        store.list() == before
        and texts(dialog) == [texts(dialog)[0]]
        and "Good" in texts(dialog)[0]
    )
    assert dialog.status.text() == "Could not import bad.zip."
    assert changed == [] and not dialog.importing() and dialog.import_button.isEnabled()


def banks_done(dialog) -> int:
    """The progress shown: "Importing large.zip… 15% (3 of 20 parts)" -> 3."""
    found = re.search(r"(\d+)% \((\d+) of (\d+) parts\)", dialog.status.text())
    return int(found[2]) if found else -1


def test_cancel_during_a_large_import_keeps_nothing(qtbot, dialog, store, tmp_path, errors):
    """200,000 terms: cancelled part way, nothing is added, and the GUI kept its pace."""
    big = make_large_zip(tmp_path / "large.zip", 200_000)
    ticks: list[float] = []
    timer = QTimer(dialog)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    dialog.import_file(big)
    assert (
        dialog.importing()
        and not dialog.import_button.isEnabled()
        and dialog.cancel_button.isVisible()
    )
    qtbot.waitUntil(lambda: banks_done(dialog) >= 3, timeout=TIMEOUT)  # rows are written by now
    dialog.cancel_import()
    qtbot.waitUntil(lambda: not dialog.importing(), timeout=TIMEOUT)
    timer.stop()
    assert errors == []
    assert "cancelled" in dialog.status.text() and not dialog.cancel_button.isVisible()
    assert store.list() == [] and dialog.list.count() == 0
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 5 and max(gaps) < 1.0, max(gaps)
    print(f"GUI ticks during the import: {len(ticks)}, longest gap {max(gaps) * 1000:.0f} ms")


def test_closing_the_dialog_cancels_the_import(qtbot, dialog, store, tmp_path):
    big = make_large_zip(tmp_path / "large.zip", 200_000)
    dialog.import_file(big)
    qtbot.waitUntil(lambda: banks_done(dialog) >= 1, timeout=TIMEOUT)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.importing(), timeout=TIMEOUT)
    assert store.list() == []


def test_the_window_opens_the_dialog_and_its_lookups_follow(qtbot, window, tmp_path, monkeypatch):
    """Edit > Dictionaries… imports into the window's database; lookups then see the words."""
    from PySide6.QtGui import QAction

    user_dicts = window.dictionaries.user_dictionaries()
    assert not user_dicts.lookup("停戦")  # remembered as "nothing" until told otherwise
    opened = []

    def run_instead_of_exec(self) -> int:
        opened.append(self)
        import_and_wait(qtbot, self, make_zip(tmp_path / "sample.zip", title="Sample"))
        return 0

    monkeypatch.setattr(DictionariesDialog, "exec", run_instead_of_exec)
    action = next(a for a in window.findChildren(QAction) if a.objectName() == "dictionaries")
    assert "ictionaries" in action.text()
    action.trigger()
    assert len(opened) == 1 and opened[0].db_path == user_dicts.path
    assert [t.definitions for t in window.dictionaries.user_dictionaries().lookup("停戦").terms] == [
        ("ceasefire", "truce")
    ]


def test_a_zip_dropped_on_the_window_is_imported_as_a_dictionary(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    sample = make_zip(tmp_path / "dropped.zip", title="Dropped")
    opened = []

    def wait_instead_of_exec(self) -> int:
        opened.append(self)
        qtbot.waitUntil(lambda: not self.importing(), timeout=TIMEOUT)
        return 0

    monkeypatch.setattr(DictionariesDialog, "exec", wait_instead_of_exec)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert len(opened) == 1
    assert [d.title for d in window.dictionaries.user_dictionaries().list()] == ["Dropped"]
    assert ImportedArticles(window.store).all() == []  # not taken for an article


def test_holdings_name_kanji_frequencies(tmp_path):
    from reader.core.dictionaries.yomitan.importer import import_dictionary
    from reader.qt.dialogs.dictionaries import holdings

    ranks = make_zip(
        tmp_path / "ranks.zip", title="Kanji ranks", terms=[], meta=[], kanji=[], tags=[],
        kanji_meta=[["停", "freq", 733], ["戦", "freq", 78]],
    )
    info = import_dictionary(tmp_path / "d.sqlite", ranks)
    assert holdings(info) == "2 kanji frequencies"
