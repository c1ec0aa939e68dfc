"""The segment editor on real widgets, offscreen: wrapped rows that never cut their text,
the keys, translation-memory matches from a real store, QA's jump-to, and the word panel
seen together with the editor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from reader.core.library import bundled
from reader.core.text.model import AnnotatedSentence, Sentence
from reader.qt.panels.segment_view import GAP, PAD
from reader.qt.panels.translation import TranslationPane
from tests.qt.conftest import js, open_and_wait

FIRST = bundled.list_articles()[0].id

SENTENCES = [
    "特にトランプ主導の和平交渉は、紛争当事者であるウクライナの主張を軽視し、「武力による紛争解決の禁止」"
    "といった国際ルールを踏みにじるという重大な問題を抱える。",
    "2025年8月のアンカレッジ米ロ首脳会談以降、ウクライナ戦争の停戦に向けた米ロの外交は「領土交換」を軸とする"
    "「大国間取引」の様相を呈している。",
    "短い。",
    "ＵＲＬはhttps://example.org/a/very/long/path/without/any/spaces/at/all/in/it/whatever です。",
    "罪のない市民や権力によって動員された末端の兵士の犠牲を止めるため停戦は不可欠だ。" * 4,
]
ENGLISH = [
    "In particular, the Trump-led peace talks make light of the claims of Ukraine, a party to the conflict, "
    "and trample on international rules such as the prohibition of settling disputes by force.",
    "",
    "Short.",
    "",
    "A ceasefire is essential to stop the sacrifice of innocent citizens. " * 4,
]


def sentences(texts: list[str]) -> list[AnnotatedSentence]:
    out, at = [], 0
    for text in texts:
        out.append(AnnotatedSentence(Sentence(text, at, at + len(text))))
        at += len(text)
    return out


def needed(text: str, font: QFont, width: int) -> int:
    """The height the text needs wrapped at ``width``, laid out here by QTextLayout."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    height = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        height += line.height()
    layout.endLayout()
    return int(height)


@pytest.fixture
def pane(qtbot):
    """A pane on its own that applies its edits itself, as the window would."""
    p = TranslationPane()
    qtbot.addWidget(p)
    p.draftEdited.connect(lambda row, text: p.model.set_draft(row, text))
    p.reviewToggled.connect(lambda row: p.model.set_draft(row, p.model.rows[row].draft, not p.model.rows[row].reviewed))
    p.set_sentences(sentences(SENTENCES))
    p.model.set_machine([(0, "Machine zero."), (1, "Machine one, which is rather long " * 3)])
    for row, text in enumerate(ENGLISH):
        if text:
            p.model.set_draft(row, text)
    return p


def settle(qtbot, p: TranslationPane) -> None:
    qtbot.waitUntil(lambda: not p.table._measure.isActive() and not p.table._relayout.isActive(), timeout=10000)


@pytest.mark.parametrize("width", [330, 900])
def test_rows_are_as_tall_as_their_wrapped_text(qtbot, pane, width):
    pane.resize(width, 700)
    pane.show()
    qtbot.waitExposed(pane)
    settle(qtbot, pane)
    delegate, view = pane.table.delegate, pane.table
    text_width = delegate.text_width()
    assert text_width <= view.viewport().width() - delegate.gutter() - 2 * PAD
    ja_font, en_font, mt_font = delegate.fonts()
    for r, row in enumerate(pane.model.rows):
        english, kind = delegate.english_of(row)
        need = (2 * PAD + GAP + needed(row.japanese, ja_font, text_width)
                + needed(english, en_font if kind == "draft" else mt_font, text_width))
        hint = delegate.sizeHint(QStyleOptionViewItem(), view.row_index(r)).height()
        assert hint >= need, (r, hint, need)
        assert view.visualRect(view.row_index(r)).height() == hint  # the layout took it
    # the long sentence really wraps: several lines, not one cut line
    assert needed(SENTENCES[4], ja_font, text_width) > 3 * view.fontMetrics().lineSpacing()


def test_a_narrow_pane_shows_whole_text_of_the_open_segment(qtbot, pane):
    pane.resize(330, 700)
    pane.show()
    qtbot.waitExposed(pane)
    pane.select_row(4)
    editor = pane.editor
    assert editor is not None and editor.draft.toPlainText() == ENGLISH[4]
    qtbot.waitUntil(lambda: pane.table.visualRect(pane.table.row_index(4)).height()
                    == editor.height_for(pane.table.viewport().width()), timeout=5000)
    labels = (editor.header, editor.source, editor.machine)
    qtbot.waitUntil(lambda: all(label.height() >= label.heightForWidth(label.width()) for label in labels), timeout=2000)
    assert editor.geometry().bottom() <= pane.table.visualRect(pane.table.row_index(4)).bottom()
    # narrower still: the open segment wraps anew and grows (an empty draft keeps its height)
    pane.select_row(1)
    qtbot.waitUntil(lambda: all(label.height() >= label.heightForWidth(label.width()) for label in labels), timeout=2000)
    tall = editor.height()
    pane.resize(250, 700)
    qtbot.waitUntil(lambda: editor.height() > tall, timeout=2000)
    qtbot.waitUntil(lambda: all(label.height() >= label.heightForWidth(label.width()) for label in labels), timeout=2000)
    pane.resize(330, 700)
    pane.select_row(4)
    # the draft shows every line of what is typed: it grows, never scrolls
    before = editor.draft.height()
    editor.draft.setPlainText(ENGLISH[4] * 3)
    assert editor.draft.height() > before
    assert editor.draft.verticalScrollBar().maximum() == 0


def test_keys_take_mt_move_to_unreviewed_and_mark_reviewed(qtbot, pane):
    pane.resize(400, 700)
    pane.show()
    qtbot.waitExposed(pane)
    pane.model.set_draft(2, "Short.", True)  # reviewed: Ctrl+Down skips it
    pane.select_row(1)
    draft = pane.editor.draft
    qtbot.waitUntil(lambda: QApplication.focusWidget() is draft, timeout=5000)
    qtbot.keyClick(draft, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert pane.model.rows[1].draft == pane.model.rows[1].machine
    assert pane.editor.draft.toPlainText() == pane.model.rows[1].machine
    qtbot.keyClick(pane.editor.draft, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert pane.current_row() == 3  # 2 is reviewed
    assert QApplication.focusWidget() is pane.editor.draft
    qtbot.keyClick(pane.editor.draft, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert pane.current_row() == 1
    qtbot.keyClick(pane.editor.draft, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert pane.model.rows[1].reviewed and pane.current_row() == 2
    assert "2 reviewed of 5" in pane.status.text()
    # typing becomes the draft once the typing pauses, and at once when the segment is left
    pane.select_row(3)
    qtbot.keyClicks(pane.editor.draft, "The URL is")
    assert pane.model.rows[3].draft == ""
    qtbot.keyClick(pane.editor.draft, Qt.Key.Key_Return)  # Enter: on to the next segment
    assert pane.model.rows[3].draft == "The URL is" and pane.current_row() == 4
    assert pane.status.text().startswith("5 drafted, 2 reviewed of 5")


def test_english_shown_is_announced(qtbot, pane):
    got: list[dict] = []
    pane.english_changed.connect(got.append)
    pane.model.set_machine([(2, "Machine two."), (3, "Machine three.")])
    assert got[-1] == {3: "Machine three."}  # 2 has a draft: what is shown did not change
    pane.model.set_draft(3, "Draft three.")
    assert got[-1] == {3: "Draft three."}
    pane.model.set_draft(3, "")
    assert got[-1] == {3: "Machine three."}
    assert pane.english_for(0) == ENGLISH[0] and pane.english_for(1).startswith("Machine one")
    assert pane.english_for(99) == ""
    assert pane.english_all() == {0: ENGLISH[0], 1: pane.model.rows[1].machine, 2: "Short.",
                                  3: "Machine three.", 4: ENGLISH[4]}


def test_memory_matches_are_offered_and_inserted(qtbot, pane):
    from reader.core.storage.store import Store
    from reader.core.translation.tm import TranslationMemory

    memory = TranslationMemory(Store())
    # the same sentence with another year, and one unlike any
    memory.add(SENTENCES[1].replace("2025年8月", "2024年7月"), "Since the July 2024 summit…", "old-article")
    memory.add("まったく関係のない文です。", "Unrelated.", "old-article")
    pane.memory = memory
    pane.resize(400, 700)
    pane.show()
    qtbot.waitExposed(pane)
    pane.select_row(1)
    editor = pane.editor
    qtbot.waitUntil(lambda: bool(editor.matches), timeout=10000)
    assert [m.target for m in editor.matches] == ["Since the July 2024 summit…"]
    label = editor.match_labels[0]
    assert label.isVisible() and "Ctrl+1" in label.text() and f"{round(editor.matches[0].score)}%" in label.text()
    assert "background" in label.text()  # the differing characters are marked
    marked = [SENTENCES[1][a:b] for a, b in editor.matches[0].diff]
    assert any("5" in m for m in marked) and not any("アンカレッジ" in m for m in marked)
    assert not editor.match_labels[1].isVisible()
    qtbot.keyClick(editor.draft, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert pane.model.rows[1].draft == "Since the July 2024 summit…"
    qtbot.keyClick(pane.editor.draft, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # no second match
    assert pane.model.rows[1].draft == "Since the July 2024 summit…"


def test_two_thousand_sentences_open_without_measuring_them_all(qtbot):
    pane = TranslationPane()
    qtbot.addWidget(pane)
    pane.resize(330, 700)
    pane.show()
    qtbot.waitExposed(pane)
    pane.set_sentences(sentences(SENTENCES * 400))
    delegate = pane.table.delegate
    assert 0 < sum(delegate.measured) < 200  # the first screen measured, the rest later
    settle(qtbot, pane)
    assert all(delegate.measured)
    for r in {1, 1000, 1999} - {delegate.editor_row}:  # the focused list opens its first row
        assert pane.table.rectForIndex(pane.table.row_index(r)).height() == delegate.heights[r]


# --- in the window ------------------------------------------------------------------------
def test_word_lookup_keeps_the_editor_in_view(qtbot, window):
    from reader.qt.window.main_window import LAYOUT_VERSION

    open_and_wait(qtbot, window, FIRST)
    window.translation_pane.select_row(2)
    word, translation = window.docks["word"], window.docks["translation"]
    window.tabifyDockWidget(translation, word)  # as the old layout had them
    old_state = window.saveState()
    window.reader_view.bridge.wordClicked(0, 1)
    qtbot.waitUntil(lambda: window.word_panel.browser.toPlainText() != "", timeout=5000)
    qtbot.waitUntil(lambda: all(d.isVisible() and not d.visibleRegion().isEmpty() for d in (word, translation)),
                    timeout=5000)
    assert not word.geometry().intersects(translation.geometry())
    assert window.translation_pane.editor.isVisible()
    assert not window.restoreState(old_state, LAYOUT_VERSION)  # an old layout is not restored


def test_qa_jump_selects_the_segment_and_the_sentence(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    model = window.translation_pane.model
    row = next(i for i, r in enumerate(model.rows) if "2025" in r.japanese)
    window.translation.edit_draft(row, "After the US-Russia summit in Anchorage in August 2024, talks stalled.")
    panel = window.qa_panel
    qtbot.waitUntil(lambda: any(i.sentence == row and i.code == "number" for i in panel.issues), timeout=10000)
    item = next(panel.list.item(n) for n in range(panel.list.count())
                if panel.list.item(n).data(Qt.ItemDataRole.UserRole) == row)
    assert "2025" in item.text() and "1 QA issue (number)" in panel.summary.text()
    window.translation_pane.select_row(0)
    panel.list.scrollToItem(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualItemRect(item).center())
    assert window.translation_pane.current_row() == row
    qtbot.waitUntil(
        lambda: js(qtbot, window.reader_view, "(document.querySelector('.s.current')||{dataset:{}}).dataset.i") == str(row),
        timeout=5000,
    )
    # exporting warns of it, and can show it instead
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []

    def answer(button: str) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, lambda: answer(button))
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()

    window.docks["vocabulary"].raise_()
    QTimer.singleShot(50, lambda: answer("Show Issues"))
    assert not window.translation.qa_allows_export()
    assert "QA found 1 issue" in seen[-1] and "number" in seen[-1]
    assert not window.docks["qa"].visibleRegion().isEmpty()
    QTimer.singleShot(50, lambda: answer("Export Anyway"))
    assert window.translation.qa_allows_export()
    # fixed: the issue goes away once the edits pause
    window.translation.edit_draft(row, "After the US-Russia summit in Anchorage in August 2025, talks stalled.")
    qtbot.waitUntil(lambda: not any(i.sentence == row and "2025" in i.message for i in panel.issues), timeout=10000)


def test_typing_is_saved_and_undone_as_one_edit(qtbot, window):
    from reader.qt.workers import wait_all

    open_and_wait(qtbot, window, FIRST)
    pane = window.translation_pane
    pane.select_row(3)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is pane.editor.draft, timeout=5000)
    qtbot.keyClicks(pane.editor.draft, "A ceasefire")
    qtbot.waitUntil(lambda: pane.model.rows[3].draft == "A ceasefire", timeout=5000)  # the pause
    wait_all()
    assert window.translation.drafts.load(FIRST)[3] == ("A ceasefire", False)  # autosaved
    qtbot.keyClicks(pane.editor.draft, " is essential")
    qtbot.keyClick(pane.editor.draft, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # before the pause
    assert pane.model.rows[3].draft == "A ceasefire" and pane.editor.draft.toPlainText() == "A ceasefire"
    qtbot.keyClick(pane.editor.draft, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert pane.model.rows[3].draft == "" and pane.editor.draft.toPlainText() == ""


def test_a_sentence_with_no_usable_mt_shows_its_gloss_line(qtbot, pane):
    """The engine's NO_USABLE_MT (an empty translation of a non-blank sentence: the model
    looped or answered nothing, even after a retry) shows the glosses instead, as with no model."""
    from reader.core.translation.engine import NO_USABLE_MT

    pane.set_model_available(True)
    row = pane.model.rows[3]
    row._glosses = "停戦 ceasefire · 不可欠 essential"
    pane.model.set_machine([(3, NO_USABLE_MT)])
    assert row.no_mt
    assert pane.table.delegate.english_of(row) == ("Glosses: 停戦 ceasefire · 不可欠 essential", "glosses")
    assert pane.model.index(3, 2).data() == "停戦 ceasefire · 不可欠 essential"
    pane.select_row(3)
    assert "Glosses" in pane.editor.machine.text()
    pane.model.set_machine([(3, "It works.")])
    assert not row.no_mt and pane.table.delegate.english_of(row) == ("It works.", "machine")
