"""The first hour with reader, item by item, driven by keys and clicks on the real window:
every action reachable, reversible and honest."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from reader.core.library import bundled
from reader.core.vocabulary.words import Words
from reader.qt.panels.translation import COL_DRAFT, COL_STATUS
from reader.qt.workers import wait_all
from tests.qt.conftest import hover, js, open_and_wait, page_key, place, popup_text

IDS = [i.id for i in bundled.list_articles()]
FIRST = IDS[0]


# --- one shortcut, one meaning per focus -----------------------------------------------
def _widgets_of(action: QAction) -> list[QWidget]:
    """Where an action lives: a menu's actions live where the menu does (its menu bar)."""
    found: list[QWidget] = []
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu):
            found += _widgets_of(owner.menuAction())
        elif isinstance(owner, QWidget):
            found.append(owner)
    return found


def _active(window, focus: QWidget) -> dict[str, list[str]]:
    """Every enabled shortcut that a key press would reach with ``focus`` focused,
    by key: what Qt's shortcut map matches (ambiguous when one key has two)."""
    found: dict[str, list[str]] = {}

    def in_context(owner: QWidget, context: Qt.ShortcutContext) -> bool:
        if context == Qt.ShortcutContext.ApplicationShortcut:
            return True
        if context == Qt.ShortcutContext.WindowShortcut:
            return owner.window() is window and (owner.isVisible() or owner is window.menuBar())
        if context == Qt.ShortcutContext.WidgetShortcut:
            return owner is focus
        return owner is focus or owner.isAncestorOf(focus)  # with children

    for action in window.findChildren(QAction):
        if not action.isEnabled() or action.shortcut().isEmpty():
            continue
        owners = [w for w in _widgets_of(action) if w.window() is window]
        if any(in_context(w, action.shortcutContext()) for w in owners):
            for seq in action.shortcuts():
                found.setdefault(seq.toString(), []).append(action.text())
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        if shortcut.isEnabled() and isinstance(owner, QWidget) and in_context(owner, shortcut.context()):
            found.setdefault(shortcut.key().toString(), []).append(f"shortcut on {type(owner).__name__}")
    return found


def _ambiguous(window) -> dict[str, dict[str, list[str]]]:
    bad = {}
    for focus in [window, *window.findChildren(QWidget)]:
        if focus.focusPolicy() == Qt.FocusPolicy.NoFocus or not focus.isVisible():
            continue
        clashes = {k: v for k, v in _active(window, focus).items() if len(v) > 1}
        if clashes:
            bad[f"{type(focus).__name__}#{focus.objectName()}"] = clashes
    return bad


def test_no_shortcut_is_ambiguous_anywhere(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    assert _ambiguous(window) == {}
    # and with a popup showing, when S, K and I act on its word
    hover(qtbot, window, "首脳会談")
    window.library_panel.setFocus()
    qtbot.waitUntil(lambda: all(s.isEnabled() for s in window.vocabulary.popup_keys.shortcuts), timeout=5000)
    assert _ambiguous(window) == {}


def test_walker_finds_a_clash(qtbot, window):
    """The walker is not vacuous: a second window-wide Ctrl+O is caught."""
    extra = QAction("Clash", window)
    extra.setShortcut(QKeySequence.StandardKey.Open)
    window.addAction(extra)
    assert any("Ctrl+O" in clashes for clashes in _ambiguous(window).values())


# --- 1. the vocabulary view: delete, status, context menu --------------------------------
def _saved(window, *words: tuple[str, str, str]) -> None:
    for base, reading, gloss in words:
        Words(window.store).save_word(base, reading, [gloss], "名詞", f"{base}だ。", FIRST, 0, len(base))
    window.vocabulary.refresh()


def _row_of(view, base: str) -> int:
    return next(r for r in range(view.model.rowCount()) if view.model.row(r)["base"] == base)


def test_del_in_the_vocabulary_table_deletes_and_ctrl_z_brings_back(qtbot, window):
    _saved(window, ("停戦", "ていせん", "ceasefire"), ("首脳", "しゅのう", "head"))
    view = window.vocabulary_view
    view.table.setFocus()
    view.table.selectRow(_row_of(view, "停戦"))
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    assert Words(window.store).find_word("停戦", "ていせん") is None
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: Words(window.store).find_word("停戦", "ていせん") is not None, timeout=5000)


def test_status_column_is_editable_and_the_context_menu_sets_status(qtbot, window):
    _saved(window, ("停戦", "ていせん", "ceasefire"), ("首脳", "しゅのう", "head"))
    view = window.vocabulary_view
    status_col = [c[0] for c in view.model.COLUMNS].index("status")
    index = view.model.index(_row_of(view, "停戦"), status_col)
    assert index.flags() & Qt.ItemFlag.ItemIsEditable
    view.model.setData(index, "known")
    qtbot.waitUntil(lambda: Words(window.store).word_statuses()[("停戦", "ていせん")] == "known", timeout=5000)

    view.table.selectRow(_row_of(view, "首脳"))
    menu = view.context_menu()
    names = {a.objectName() for a in menu.actions()}
    assert {"mark-learning", "mark-known", "mark-ignored", "jump", "delete"} <= names
    next(a for a in menu.actions() if a.objectName() == "mark-ignored").trigger()
    qtbot.waitUntil(lambda: Words(window.store).word_statuses()[("首脳", "しゅのう")] == "ignored", timeout=5000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: Words(window.store).word_statuses()[("首脳", "しゅのう")] == "learning", timeout=5000)


# --- 2. mark remaining known: asks, is listed, undoes ------------------------------------
def test_mark_remaining_known_asks_lists_and_undoes(qtbot, window):
    open_and_wait(qtbot, window, IDS[2])
    asked = []
    window.vocabulary.confirm = lambda title, text: asked.append(text) or False
    window.vocabulary.mark_article_known()
    wait_all()
    assert asked and not Words(window.store).word_statuses()  # said no: nothing marked
    window.vocabulary.confirm = lambda title, text: True
    window.vocabulary.mark_article_known()
    qtbot.waitUntil(lambda: Words(window.store).word_statuses().get(("被爆地", "ひばくち")) == "known", timeout=10000)
    marked = len(Words(window.store).word_statuses())
    assert marked > 20
    view = window.vocabulary_view
    view.status.setCurrentText("known")
    qtbot.waitUntil(lambda: view.model.rowCount() == marked, timeout=5000)  # listed, to fix one by one
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not Words(window.store).word_statuses(), timeout=10000)


# --- 3. exports say what they contain -----------------------------------------------------
def test_export_marks_machine_text_and_gaps(qtbot, window, tmp_path):
    open_and_wait(qtbot, window, IDS[1])
    model = window.translation_pane.model
    model.set_machine([(0, "Machine zero."), (1, "Machine one.")])
    window.translation.edit_draft(0, "My zero.")
    window.translation.toggle_reviewed(1)  # reviewed, with an empty draft
    window.translation.export(tmp_path / "drafts.txt", fill_with_machine=False)
    text = (tmp_path / "drafts.txt").read_text(encoding="utf-8")
    assert "My zero." in text and "Machine one." not in text and "[untranslated]" in text
    window.translation.export(tmp_path / "filled.txt", fill_with_machine=True)
    filled = (tmp_path / "filled.txt").read_text(encoding="utf-8")
    assert "[MT] Machine one." in filled and "[MT] My zero." not in filled
    window.translation.export(tmp_path / "t.html", fill_with_machine=True)
    html = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert "<th>Japanese</th>" in html and "<th>English</th>" in html


# --- 4. undo in the translation pane ---------------------------------------------------------
def test_ctrl_enter_ctrl_r_then_undo_in_order(qtbot, window):
    open_and_wait(qtbot, window, IDS[1])
    pane, model = window.translation_pane, window.translation_pane.model
    model.set_machine([(2, "Machine two.")])
    pane.table.setFocus()
    pane.table.setCurrentIndex(model.index(2, COL_DRAFT))
    qtbot.keyClick(pane.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(pane.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert model.rows[2].draft == "Machine two." and model.rows[2].reviewed
    assert pane.current_row() == 3  # Ctrl+R moves on
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert model.rows[2].draft == "Machine two." and not model.rows[2].reviewed
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert model.rows[2].draft == "" and model.index(2, COL_STATUS).data() == "machine"
    assert model.rows[1].draft == ""  # never another row's


# --- 5. keys work wherever the user is looking ----------------------------------------------

def test_s_saves_from_the_popup_with_the_focus_elsewhere(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    hover(qtbot, window, "停戦")
    window.library_panel.setFocus()  # the user clicked the library
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S)
    qtbot.waitUntil(lambda: Words(window.store).find_word("停戦", "ていせん") is not None, timeout=10000)
    hover(qtbot, window, "停戦")
    qtbot.waitUntil(lambda: "learning" in popup_text(qtbot, window), timeout=5000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_K)
    qtbot.waitUntil(lambda: Words(window.store).word_statuses()[("停戦", "ていせん")] == "known", timeout=10000)
    # typing in the search box is typing, not a command
    window.vocabulary_view.search.setFocus()
    hover(qtbot, window, "首脳会談")
    qtbot.keyClicks(window.vocabulary_view.search, "s")
    wait_all()
    assert window.vocabulary_view.search.text() == "s"
    assert Words(window.store).find_word("首脳会談", "しゅのうかいだん") is None


def test_word_panel_offers_a_status(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    view = window.reader_view
    s, t = place(window, "停戦")
    with qtbot.waitSignal(view.wordClicked, timeout=10000):
        js(qtbot, view, f"document.querySelector('.s[data-i=\"{s}\"] .t[data-t=\"{t}\"]').click(); 1")
    combo = window.word_panel.findChild(QWidget, "wordStatus")
    assert combo is not None and combo.isVisibleTo(window)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last status, as a user picks it
    assert combo.currentText() == "ignored"
    qtbot.waitUntil(lambda: Words(window.store).word_statuses().get(("停戦", "ていせん")) == "ignored", timeout=10000)


# --- 8. Del in the reading pane ----------------------------------------------------------------
def test_del_in_the_reading_pane_deletes_nothing(qtbot, window, tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("私の記事\n\n今日は晴れです。", encoding="utf-8")
    window.library.import_path(path)
    qtbot.waitUntil(lambda: bool(window.current_id) and window.current_id not in IDS, timeout=20000)
    mine = window.current_id
    qtbot.waitUntil(lambda: window.reader_view.document.finished, timeout=20000)
    window.reader_view.setFocus()
    view = window.reader_view
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (view, view.focusProxy()), timeout=5000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    wait_all()
    assert window.library.articles.exists(mine)
    # from the library it is deleted, undoably, and the screen moves on
    window.library_panel.setFocus()
    qtbot.waitUntil(lambda: window.library_panel.isAncestorOf(QApplication.focusWidget()), timeout=5000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.current_id != mine, timeout=20000)
    assert not window.library.articles.exists(mine)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.library.articles.exists(mine), timeout=5000)


# --- the scripted first hour ---------------------------------------------------------------------
def test_a_first_hour(qtbot, window, tmp_path):
    """Open an article, look up and save five words, change a status, delete and undo,
    mark known and undo, draft three sentences, undo twice and export."""
    open_and_wait(qtbot, window, FIRST)
    words = Words(window.store)
    five = ["停戦", "首脳会談", "撃墜", "和平", "交渉"]
    present = [w for w in five if any(window.reader_view.place_of(i, w) is not None
                                      for i in range(len(window.reader_view.document.sentences)))]
    assert len(present) >= 4
    for n, text in enumerate(present, 1):
        hover(qtbot, window, text)
        assert window.reader_view.popup_word[0].text == text
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_S)
        qtbot.waitUntil(lambda n=n: len(words.saved_words()) == n, timeout=10000)
    view = window.vocabulary_view
    window.vocabulary.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == len(present), timeout=5000)
    # change a status from the table's menu
    view.table.selectRow(_row_of(view, "停戦"))
    next(a for a in view.context_menu().actions() if a.objectName() == "mark-known").trigger()
    qtbot.waitUntil(lambda: words.word_statuses()[("停戦", "ていせん")] == "known", timeout=5000)
    # delete one and take it back
    view.table.setFocus()
    view.table.selectRow(_row_of(view, "首脳会談"))
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: words.find_word("首脳会談", "しゅのうかいだん") is None, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: words.find_word("首脳会談", "しゅのうかいだん") is not None, timeout=5000)
    # mark the rest known, then take that back
    window.vocabulary.confirm = lambda title, text: True
    window.vocabulary.mark_article_known()
    qtbot.waitUntil(lambda: len(words.word_statuses()) > 100, timeout=10000)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(words.word_statuses()) == len(present), timeout=10000)
    qtbot.wait(500)
    # draft three sentences, undo twice
    for row in range(3):
        window.translation.edit_draft(row, f"Draft {row}.")
    window.undo_stack.undo()
    window.undo_stack.undo()
    wait_all()
    out = tmp_path / "mine.md"
    window.translation.export(out, fill_with_machine=False)
    wait_all()

    with sqlite3.connect(window.store.path) as db:
        statuses = dict(db.execute("SELECT base, status FROM words "))
    assert statuses.get("停戦") == "known"
    assert set(present) <= set(statuses) and len(statuses) == len(present)
    drafts = window.translation.drafts.load(FIRST)
    assert {row: text for row, (text, _r) in drafts.items() if text} == {0: "Draft 0."}
    exported = out.read_text(encoding="utf-8")
    assert "Draft 0." in exported and "Draft 1." not in exported and "[untranslated]" in exported


# --- 6. keyboard-only reading --------------------------------------------------------------


def test_a_word_cursor_moves_word_by_word_and_acts_on_its_word(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    view = window.reader_view
    view.highlight(1)
    qtbot.waitUntil(lambda: js(qtbot, view, "document.querySelector('.s.current') !== null"), timeout=5000)
    page_key(qtbot, window, "l")
    qtbot.waitUntil(lambda: view.popup_word is not None, timeout=5000)
    assert view.popup_word[0] is view.document.sentences[1].words[0]
    while not view.popup_word[0].content:  # on to a word worth saving
        shown = view.popup_word[0]
        page_key(qtbot, window, "l")
        qtbot.waitUntil(lambda shown=shown: view.popup_word is not None and view.popup_word[0] is not shown, timeout=5000)
    first = view.popup_word[0]
    assert view.popup_word[1] is view.document.sentences[1]
    page_key(qtbot, window, "ArrowRight", shift=True)
    qtbot.waitUntil(lambda: view.popup_word is not None and view.popup_word[0] is not first, timeout=5000)
    second = view.popup_word[0]
    assert second.start > first.start
    page_key(qtbot, window, "h")
    qtbot.waitUntil(lambda: view.popup_word is not None and view.popup_word[0] is first, timeout=5000)
    qtbot.waitUntil(lambda: js(qtbot, view, "!document.getElementById('popup').hidden"), timeout=5000)
    # S saves the word under the cursor; Enter opens it in the word panel
    page_key(qtbot, window, "s")
    qtbot.waitUntil(lambda: any(r["base"] == first.key[0] for r in Words(window.store).saved_words()), timeout=10000)
    with qtbot.waitSignal(view.wordClicked, timeout=5000) as clicked:
        page_key(qtbot, window, "Enter")
    assert clicked.args[0] is first
    # past the sentence's last word the cursor goes on into the next sentence
    for _ in range(len(view.document.sentences[1].words) + 1):
        page_key(qtbot, window, "l")
    qtbot.waitUntil(lambda: view.popup_word is not None and view.popup_word[1] is view.document.sentences[2], timeout=5000)
    assert window.position_label.text().startswith("sentence 3 of")


def test_status_bar_follows_the_chosen_sentence(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    view = window.reader_view
    total = len(view.document.sentences)
    js(qtbot, view, "document.querySelector('.s[data-i=\"4\"]').click(); 1")
    qtbot.waitUntil(lambda: window.position_label.text() == f"sentence 5 of {total}", timeout=5000)
    page_key(qtbot, window, "j")
    qtbot.waitUntil(lambda: window.position_label.text() == f"sentence 6 of {total}", timeout=5000)


def test_tab_leaves_the_translation_table(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    table = window.translation_pane.table
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=5000)
    table.setCurrentIndex(window.translation_pane.model.index(0, COL_DRAFT))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table


def test_arrow_keys_in_the_library_open_the_article(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    listing = window.library_panel.view
    listing.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is listing, timeout=5000)
    qtbot.keyClick(listing, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.current_id == IDS[1], timeout=5000)
    qtbot.waitUntil(lambda: window.reader_view.document.finished, timeout=30000)
    qtbot.keyClick(listing, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: window.current_id == IDS[0], timeout=5000)


# --- 9. looks --------------------------------------------------------------------------------
def test_dark_theme_reaches_the_word_panel(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    browser = window.word_panel.browser

    def corner() -> int:
        image = browser.viewport().grab().toImage()
        return image.pixelColor(image.width() - 5, image.height() - 5).lightness()

    window.set_setting("reading/theme", "dark")
    qtbot.waitUntil(lambda: corner() < 80, timeout=5000)
    window.set_setting("reading/theme", "light")
    qtbot.waitUntil(lambda: corner() > 180, timeout=5000)


def test_sepia_tells_the_current_sentence_from_a_learning_word(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    window.set_setting("reading/theme", "sepia")
    colours = js(qtbot, window.reader_view, """
        (() => { const probe = document.createElement('span'); document.body.append(probe);
          const css = (v) => { probe.style.background = `var(${v})`; return getComputedStyle(probe).backgroundColor; };
          const out = [css('--current'), css('--learning')]; probe.remove(); return JSON.stringify(out); })()""")
    import json

    current, learning = json.loads(colours)

    def rgba(text: str) -> tuple[float, ...]:
        return tuple(float(x) for x in text[text.index("(") + 1 : -1].split(","))

    c = rgba(current)
    learning_rgb = rgba(learning) if learning and learning != "rgba(0, 0, 0, 0)" else (255, 196, 0, 0.16)
    hue_gap = abs(c[2] - c[0]) + abs(learning_rgb[2] - learning_rgb[0])
    assert c[2] >= c[0] and learning_rgb[2] < learning_rgb[0] and hue_gap > 100  # cool against warm


def test_growth_chart_says_something_with_none_and_with_a_few(qtbot, window):
    from reader.qt.dialogs.coverage import CoverageDialog
    from reader.core.vocabulary.coverage import coverage

    open_and_wait(qtbot, window, FIRST)
    article = window.reader_view.document
    empty = CoverageDialog("t", coverage(article.sentences, {}), [], window)
    qtbot.addWidget(empty)
    assert "No saved words yet" in empty.growth_message.text()
    few = CoverageDialog("t", coverage(article.sentences, {}), ["2026-12-01T10:00:00", "2026-12-01T11:00:00"], window)
    qtbot.addWidget(few)
    assert few.growth_series.count() == 2  # from 0 the day before to 2
    x_axis, y_axis = few.growth_series.attachedAxes()
    assert y_axis.max() >= 2 > y_axis.min() - 1 and x_axis.min() < x_axis.max()


def test_level_mode_names_its_level(qtbot, window):
    window.set_furigana_level("2")
    assert "N2" in window.actions.furigana["level"].text()
    assert "N2" in window.statusBar().currentMessage()


# --- 10. smaller -------------------------------------------------------------------------------
def test_enter_in_the_glossary_adds_once_without_complaint(qtbot, window):
    from PySide6.QtWidgets import QMessageBox

    from reader.qt.dialogs.glossary import GlossaryDialog

    dialog = GlossaryDialog(window.translation.termbase, window.write, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.term.setFocus()
    dialog.term.setText("首脳会談")  # typed (QTest types Latin-1 only)
    qtbot.keyClick(dialog.term, Qt.Key.Key_Return)  # on to the English
    assert dialog.focusWidget() is dialog.english
    qtbot.keyClicks(dialog.english, "summit")
    qtbot.keyClick(dialog.english, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    wait_all()
    qtbot.wait(100)
    assert not [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert dialog.isVisible() and dialog.term.text() == ""


def test_rename_updates_the_heading(qtbot, window, tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("私の記事\n\n今日は晴れです。", encoding="utf-8")
    window.library.import_path(path)
    qtbot.waitUntil(lambda: bool(window.current_id) and window.current_id not in IDS, timeout=20000)
    qtbot.waitUntil(lambda: window.reader_view.document.finished, timeout=20000)
    window.library.rename_article("新しい題")
    qtbot.waitUntil(lambda: js(qtbot, window.reader_view, "document.getElementById('title').textContent") == "新しい題", timeout=5000)
    assert window.windowTitle().startswith("新しい題")


def test_parts_of_speech_are_plain(qtbot, window):
    import json

    open_and_wait(qtbot, window, FIRST)
    info = json.loads(window.reader_view.bridge.wordInfo(*place(window, "停戦")))
    assert info["pos"].startswith("noun") and "futsuu" not in info["pos"]
    s, t = place(window, "停戦")
    with qtbot.waitSignal(window.reader_view.wordClicked, timeout=10000):
        js(qtbot, window.reader_view, f"document.querySelector('.s[data-i=\"{s}\"] .t[data-t=\"{t}\"]').click(); 1")
    text = window.word_panel.browser.toPlainText()
    assert "futsuumeishi" not in text and "noun" in text
