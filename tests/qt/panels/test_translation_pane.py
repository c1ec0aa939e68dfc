"""The translation pane with no model (glosses, labelled) and with the tiny test model."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.library import bundled
from reader.core.translation import packages
from reader.qt.panels.translation import COL_DRAFT, COL_MT, COL_STATUS
from tests.qt.conftest import delete_now, open_and_wait

FIRST = bundled.list_articles()[0].id


def test_no_model_shows_labelled_glosses(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    pane = window.translation_pane
    assert pane.banner.isVisibleTo(window)
    assert pane.model.headerData(COL_MT, Qt.Orientation.Horizontal) == "Glosses (not a translation)"
    row = next(i for i, r in enumerate(pane.model.rows) if "停戦" in r.japanese)
    cell = pane.model.index(row, COL_MT).data()
    assert "停戦 armistice" in cell
    assert pane.model.index(row, COL_STATUS).data() == "untranslated"


def test_machine_translation_drafts_and_review(qtbot, window, tiny_package_file):
    window.translation.install_model(tiny_package_file)
    qtbot.waitUntil(lambda: packages.find_package() is not None, timeout=30000)
    ids = [i.id for i in bundled.list_articles()]
    with qtbot.waitSignal(window.translation.runner.finished, timeout=60000):
        open_and_wait(qtbot, window, ids[1])
    pane, model = window.translation_pane, window.translation_pane.model
    assert not pane.banner.isVisibleTo(window)
    assert all(r.machine for r in model.rows if r.japanese.strip())
    assert model.index(0, COL_STATUS).data() == "machine"

    pane.table.setCurrentIndex(model.index(0, COL_DRAFT))
    pane.accept_machine()  # Ctrl+Enter: the machine text becomes the draft
    assert model.rows[0].draft == model.rows[0].machine
    model.setData(model.index(1, COL_DRAFT), "My own English.")
    assert model.rows[1].draft == "My own English." and model.index(1, COL_STATUS).data() == "draft"
    window.translation.toggle_reviewed(1)
    assert model.index(1, COL_STATUS).data() == "reviewed"
    assert "1 reviewed" in pane.status.text()
    window.undo_stack.undo()  # the reviewed mark comes off first, the draft stays
    assert model.rows[1].draft == "My own English." and not model.rows[1].reviewed
    window.undo_stack.undo()  # then the draft
    assert model.rows[1].draft == ""
    window.undo_stack.redo()
    window.undo_stack.redo()
    assert model.rows[1].draft == "My own English." and model.rows[1].reviewed
    from reader.qt.workers import wait_all

    wait_all()
    saved = window.translation.drafts.load(ids[1])
    assert saved[1][0] == "My own English." and saved[0][0] == model.rows[0].machine


def test_drafts_survive_a_restart(qtbot, dictionary):
    from reader.qt.window.main_window import MainWindow
    from reader.qt.workers import wait_all

    ids = [i.id for i in bundled.list_articles()]
    first = MainWindow()
    first.show()
    qtbot.waitUntil(lambda: first.reader_view.ready, timeout=20000)
    open_and_wait(qtbot, first, ids[2])
    first.translation.edit_draft(0, "Table of contents")
    wait_all()
    first.close()
    delete_now(first)

    second = MainWindow()
    second.show()
    qtbot.waitUntil(lambda: second.reader_view.ready, timeout=20000)
    open_and_wait(qtbot, second, ids[2])
    assert second.translation_pane.model.rows[0].draft == "Table of contents"
    second.close()
    delete_now(second)


def test_glossary_hints_and_draft_warning(qtbot, window):
    from reader.qt.dialogs.glossary import GlossaryDialog
    from reader.qt.panels.translation import COL_JA

    dialog = GlossaryDialog(window.translation.termbase, window.write, window)
    qtbot.addWidget(dialog)
    dialog.term.setText("首脳会談")
    dialog.english.setText("summit")
    dialog.add()  # written by the window's writer thread
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    open_and_wait(qtbot, window, FIRST)
    model = window.translation_pane.model
    row = next(i for i, r in enumerate(model.rows) if "首脳会談" in r.japanese)
    assert "首脳会談 → summit" in model.index(row, COL_JA).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(row, COL_JA).data(Qt.ItemDataRole.BackgroundRole) is not None
    window.translation.edit_draft(row, "After the US-Russia leaders' meeting in Anchorage")
    assert model.index(row, COL_STATUS).data().endswith("⚠")
    assert "summit" in model.index(row, COL_STATUS).data(Qt.ItemDataRole.ToolTipRole)
    window.translation.edit_draft(row, "After the US-Russia summit in Anchorage")
    assert model.index(row, COL_STATUS).data() == "draft"


def test_models_dialog_install_and_remove(qtbot, window, tiny_package_file):
    from reader.qt.dialogs.models import ModelsDialog

    dialog = ModelsDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and "No translation model" in dialog.readme.toPlainText()
    with qtbot.waitSignal(dialog.changed, timeout=30000):
        dialog.install(tiny_package_file)
    assert dialog.table.rowCount() == 1 and "MB" in dialog.table.item(0, 3).text()
    assert "ja" in dialog.table.item(0, 1).text() or "Japanese" in dialog.table.item(0, 1).text()
    dialog.table.selectRow(0)
    dialog.remove_selected()
    assert dialog.table.rowCount() == 0 and packages.find_package() is None


def test_cancel_stops_the_translation(qtbot, window, tiny_package_file):
    packages.install_package(tiny_package_file)
    open_and_wait(qtbot, window, FIRST)
    model = window.translation_pane.model
    for row in model.rows:
        row.machine = ""
    window.translation.start()
    assert window.translation_pane.progress_row.isVisibleTo(window)
    window.translation.cancel()  # before any batch of that run arrives
    qtbot.wait(1500)
    assert all(row.machine == "" for row in model.rows)  # its batches were dropped
    assert not window.translation_pane.progress_row.isVisibleTo(window)
