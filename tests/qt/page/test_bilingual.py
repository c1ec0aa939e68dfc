"""Bilingual reading (issue 12, items 2 and 7) on the real page, offscreen: the English
under each sentence or beside each paragraph, hidden until clicked, kept in settings;
and translation progress in the library list."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from reader.core.library import bundled
from reader.core.translation.drafts import Drafts
from reader.qt.workers import wait_all
from tests.qt.conftest import hover, js, open_and_wait, page_state, popup_text

IDS = [i.id for i in bundled.list_articles()]
FIRST = IDS[0]


def _state(qtbot, window) -> dict:
    return json.loads(js(qtbot, window.reader_view, "window.reader.bilingual()"))


def _machine(window, pairs: list[tuple[int, str]]) -> None:
    """Machine translations arriving as the translation worker sends them."""
    runner = window.translation.runner
    runner.batch.emit(runner.generation, pairs)


def _english(qtbot, window, i: int) -> str | None:
    return js(qtbot, window.reader_view, f"document.querySelector('.en[data-en=\"{i}\"]')?.textContent ?? null")


def _mode(window, name: str) -> None:
    """Turn a mode on from the View menu, as the user does."""
    action = window.actions.by_name[name]
    if not action.isChecked():
        action.trigger()


def _wait_english(qtbot, window, i: int, text: str) -> None:
    qtbot.waitUntil(lambda: _english(qtbot, window, i) == text, timeout=5000)


def test_interlinear_shows_the_draft_over_the_machine_translation(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    view = window.reader_view
    ruby_before = page_state(qtbot, view)["ruby"]
    _machine(window, [(0, "MT of the first sentence."), (1, "MT of the second sentence.")])
    window.translation.edit_draft(1, "My draft of the second sentence.")
    _mode(window, "interlinear")
    _wait_english(qtbot, window, 1, "My draft of the second sentence.")
    assert _english(qtbot, window, 0) == "MT of the first sentence."
    assert window.settings.get("reading/bilingual") == "interlinear"
    layout = json.loads(js(qtbot, view, """(() => {
        const s = document.querySelector('.s[data-i="1"]'), e = document.querySelector('.en[data-en="1"]');
        const cs = getComputedStyle(s), ce = getComputedStyle(e);
        return JSON.stringify({
            next: s.nextElementSibling === e, below: e.getBoundingClientRect().top >= s.getBoundingClientRect().bottom - 1,
            jaSize: parseFloat(cs.fontSize), enSize: parseFloat(ce.fontSize), jaColour: cs.color, enColour: ce.color,
        });
    })()"""))
    assert layout["next"] and layout["below"]
    assert layout["enSize"] < 0.8 * layout["jaSize"]  # quieter: smaller, and grey
    assert layout["enColour"] != layout["jaColour"]
    # Copying the Japanese leaves the English out, as it leaves furigana out.
    copied = js(qtbot, view, """(() => {
        const r = document.createRange();
        r.setStartBefore(document.querySelector('.s[data-i="1"]'));
        r.setEndAfter(document.querySelector('.s[data-i="2"]'));
        getSelection().removeAllRanges(); getSelection().addRange(r);
        const text = copyText("plain"); getSelection().removeAllRanges(); return text;
    })()""")
    assert copied.startswith("2025年8月") and copied.endswith("抱える。") and "draft" not in copied
    # Ruby and the word popup work as before.
    assert page_state(qtbot, view)["ruby"] == ruby_before > 0
    hover(qtbot, window, "首脳会談")
    assert "首脳会談" in popup_text(qtbot, window) or "しゅのう" in popup_text(qtbot, window)
    # Off again: no English on the page, the setting says so.
    window.actions.by_name["interlinear"].trigger()
    qtbot.waitUntil(lambda: _state(qtbot, window)["drawn"] == 0, timeout=5000)
    assert window.settings.get("reading/bilingual") == "off"
    assert js(qtbot, view, "document.querySelectorAll('.en').length") == 0


def test_parallel_aligns_each_paragraph_with_its_english(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    view = window.reader_view
    n = len(view.document.sentences)
    _machine(window, [(i, f"English sentence number {i}, long enough to wrap a line or two.") for i in range(n)])
    js(qtbot, view, "byIndex[40].scrollIntoView({block: 'start'}); 1")
    qtbot.waitUntil(lambda: page_state(qtbot, view)["sentence"] == 40, timeout=5000)
    _mode(window, "parallel")
    qtbot.waitUntil(lambda: _state(qtbot, window)["drawn"] == n, timeout=5000)
    assert abs(page_state(qtbot, view)["sentence"] - 40) <= 1  # the reader's place is kept
    assert not window.actions.by_name["interlinear"].isChecked()  # one mode at a time
    rows = json.loads(js(qtbot, view, """(() => {
        const out = [];
        for (const p of document.querySelectorAll('#text > p, #text > h2')) {
            const twin = p.nextElementSibling, a = p.getBoundingClientRect(), b = twin.getBoundingClientRect();
            out.push({twin: twin.className, jaTop: a.top, enTop: b.top, jaRight: a.right, enLeft: b.left,
                      first: Number(p.querySelector('.s').dataset.i), en: Number(twin.querySelector('.en').dataset.en),
                      nextTop: twin.nextElementSibling ? twin.nextElementSibling.getBoundingClientRect().top : null,
                      bottom: Math.max(a.bottom, b.bottom)});
        }
        return JSON.stringify(out);
    })()"""))
    assert len(rows) > 3
    for k, row in enumerate(rows):
        assert row["twin"].startswith("en-p"), k
        assert row["first"] == row["en"], k  # paragraph k's English is beside paragraph k
        assert abs(row["jaTop"] - row["enTop"]) < 1, k  # one grid row
        assert row["enLeft"] > row["jaRight"], k  # Japanese left, English right
        if row["nextTop"] is not None:
            assert row["nextTop"] >= row["bottom"] - 1, k  # the next paragraph below both


def test_hidden_english_shows_when_its_sentence_is_clicked(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    view = window.reader_view
    window.set_setting("reading/theme", "dark")
    _machine(window, [(0, "The first sentence in English."), (1, "The second one.")])
    window.actions.by_name["hideEnglish"].trigger()
    _mode(window, "interlinear")
    qtbot.waitUntil(lambda: _state(qtbot, window)["english"] == 2, timeout=5000)
    assert window.settings.get("reading/hide_english") is True
    hidden = js(qtbot, view, "Array.from(document.querySelectorAll('.en.en-hidden')).map(e => e.dataset.en).join()")
    assert hidden == "0,1"
    assert "The first sentence" not in js(qtbot, view, "document.body.textContent")  # not findable either
    js(qtbot, view, "document.querySelector('.s[data-i=\"0\"] .t').click(); 1")
    _wait_english(qtbot, window, 0, "The first sentence in English.")
    assert "en-hidden" in js(qtbot, view, "document.querySelector('.en[data-en=\"1\"]').className")
    # Clicking the placeholder itself shows it too.
    js(qtbot, view, "document.querySelector('.en[data-en=\"1\"]').click(); 1")
    _wait_english(qtbot, window, 1, "The second one.")
    # Quieter in the dark theme too: its muted grey (6:1 on #1e1e1e), not the text's colour.
    colours = json.loads(js(qtbot, view, """JSON.stringify([
        getComputedStyle(document.querySelector('.en[data-en="1"]')).color, getComputedStyle(document.body).color,
        getComputedStyle(document.body).backgroundColor])"""))
    assert colours == ["rgb(162, 159, 153)", "rgb(222, 219, 213)", "rgb(30, 30, 30)"]


def test_no_model_and_no_drafts_says_so(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    window.activateWindow()
    window.library_panel.view.setFocus()  # the key works wherever the focus is
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.library_panel.view, Qt.Key.Key_B, shift_ctrl)
    qtbot.waitUntil(lambda: window.settings.get("reading/bilingual") == "parallel", timeout=5000)
    qtbot.waitUntil(lambda: _state(qtbot, window)["hint"] != "", timeout=5000)
    assert _state(qtbot, window)["hint"] == "No translation yet: install a model or write drafts."
    window.translation.edit_draft(0, "A draft.")
    _wait_english(qtbot, window, 0, "A draft.")
    assert _state(qtbot, window)["hint"] == ""


def test_english_arrives_while_the_mode_is_off_in_few_messages(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    n = len(window.reader_view.document.sentences)
    before = window.bilingual.messages
    for i in range(n):  # one sentence per batch: the worst a translator can send
        _machine(window, [(i, f"Sentence {i}.")])
    qtbot.waitUntil(lambda: _state(qtbot, window)["english"] == n, timeout=5000)
    assert window.bilingual.messages - before <= 3  # coalesced
    assert _state(qtbot, window)["drawn"] == 0  # kept, not drawn
    _mode(window, "interlinear")
    qtbot.waitUntil(lambda: _state(qtbot, window)["drawn"] == n, timeout=5000)
    assert _english(qtbot, window, n - 1) == f"Sentence {n - 1}."


def test_modes_persist_and_drafts_return_when_the_article_is_reopened(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    _mode(window, "interlinear")
    window.translation.edit_draft(2, "Third sentence, drafted.")
    _wait_english(qtbot, window, 2, "Third sentence, drafted.")
    wait_all()  # the draft is written
    open_and_wait(qtbot, window, IDS[1])
    assert _english(qtbot, window, 2) != "Third sentence, drafted."
    open_and_wait(qtbot, window, FIRST)
    _wait_english(qtbot, window, 2, "Third sentence, drafted.")
    from reader.qt.settings import Settings

    window.settings.sync()
    again = Settings(window.settings._q.fileName())
    assert again.get("reading/bilingual") == "interlinear"


def _library_line(window, article_id: str) -> str:
    model = window.library_panel.model
    return model.data(model.index(model.row_of(article_id)))


def test_the_library_shows_translation_progress(qtbot, window):
    if not hasattr(Drafts, "progress_all"):
        pytest.skip("Drafts.progress_all (issue 12, item 7) is not in this tree yet")
    drafts = Drafts(window.store)
    for n, reviewed in ((0, True), (1, False), (2, False)):
        drafts.save(IDS[1], n, f"文{n}。", f"Sentence {n}.", reviewed)
    window.library.refresh()
    assert "English: 3 drafted · 1 reviewed" in _library_line(window, IDS[1])
    assert "drafted" not in _library_line(window, IDS[2])
    # A line more, and room for it: the row grows rather than cutting it off.
    model, view = window.library_panel.model, window.library_panel.view
    height = view.visualRect(model.index(model.row_of(FIRST))).height()
    drafts.save(FIRST, 0, "x", "y", False)
    window.library.show_translation_progress()
    qtbot.waitUntil(lambda: view.visualRect(model.index(model.row_of(FIRST))).height() > height, timeout=3000)
    drafts.save(FIRST, 0, "x", "", False)  # no draft: the line goes again
    window.library.show_translation_progress()
    qtbot.waitUntil(lambda: view.visualRect(model.index(model.row_of(FIRST))).height() == height, timeout=3000)
    # A draft written in the window shows there too, a moment later.
    open_and_wait(qtbot, window, FIRST)
    window.translation.edit_draft(0, "First.")
    qtbot.waitUntil(lambda: "English: 1 drafted · 0 reviewed" in _library_line(window, FIRST), timeout=5000)
