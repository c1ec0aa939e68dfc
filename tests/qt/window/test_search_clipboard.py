"""The learner's daily loop, offscreen: the search box (Ctrl+L), the clipboard feed,
N / Shift+N to the next new word, and saving or marking many unknown words at once."""

from __future__ import annotations

import time

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit

from reader.core.library import bundled, clipboard
from reader.core.vocabulary.status import status_of
from reader.core.vocabulary.words import Words
from reader.qt.workers import wait_all
from tests.qt.conftest import js, open_and_wait
from tests.qt.conftest import page_key

FIRST = bundled.list_articles()[0].id


# --- the search box --------------------------------------------------------------------
def _search(qtbot, dialog, text: str):
    with qtbot.waitSignal(dialog.searched, timeout=30000) as found:
        dialog.search_for(text)
    return found.args[0]


def test_ctrl_l_opens_the_search_box_and_romaji_finds_and_saves(qtbot, window):
    action = window.actions.by_name["search"]
    assert action.shortcut() == QKeySequence("Ctrl+L")
    action.trigger()
    dialog = window.search_dialog
    assert dialog.isVisible() and dialog.focusWidget() is dialog.input  # to type at once
    result = _search(qtbot, dialog, "teisen")
    assert result.readings == ("ていせん", "テイセン")
    assert result.best.word.key == ("停戦", "ていせん")
    shown = dialog.entry.toPlainText()
    assert "停戦" in shown and "ceasefire" in shown
    assert dialog.matches.count() > 2 and dialog.matches.item(0).text().startswith("停戦【ていせん】")
    assert "ていせん / テイセン" in dialog.message.text()
    # another match shows when chosen; Save saves the one shown
    dialog.matches.setCurrentRow(1)
    assert dialog.current() is result.matches[1]
    dialog.matches.setCurrentRow(0)
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    words = Words(window.store)
    qtbot.waitUntil(lambda: words.find_word("停戦", "ていせん") is not None, timeout=10000)
    assert words.find_word("停戦", "ていせん")["saved"]
    assert dialog.save_button.text() == "Saved ✓"


def test_the_search_box_says_what_it_cannot_read(qtbot, window):
    window.actions.by_name["search"].trigger()
    dialog = window.search_dialog
    result = _search(qtbot, dialog, "xqz")
    assert result.best is None and not dialog.save_button.isEnabled()
    assert "“xqz” cannot be read as romaji" in dialog.message.text()
    pasted = _search(qtbot, dialog, "首脳会談を開いた。")
    assert [m.word.text for m in pasted.matches][:2] == ["首脳会談", "首脳"]
    assert "首脳会談を開いた" in dialog.entry.toPlainText()  # the sentence, the word in bold


# --- the clipboard feed -------------------------------------------------------------------
def _feed_on(qtbot, window) -> None:
    action = window.actions.by_name["clipboardFeed"]
    assert action.isCheckable() and not action.isChecked()  # off by default
    assert window.settings.get("clipboard/feed") is False
    action.trigger()
    assert window.clipboard_feed.on and window.settings.get("clipboard/feed") is True


def _clipboard_article(window):
    article_id = window.library.articles.find_origin(clipboard.ORIGIN)
    return None if article_id is None else window.library.articles.get(article_id)


def test_copied_japanese_is_appended_and_opened(qtbot, window):
    QApplication.clipboard().setText("今日は晴れです。")  # while off: nothing
    wait_all()
    assert _clipboard_article(window) is None
    _feed_on(qtbot, window)
    QApplication.clipboard().setText("今日は晴れです。")
    qtbot.waitUntil(lambda: _clipboard_article(window) is not None, timeout=10000)
    article = _clipboard_article(window)
    assert article.info.title == "Clipboard" and article.text == "今日は晴れです。"
    qtbot.waitUntil(lambda: window.current_id == article.info.id, timeout=10000)
    qtbot.waitUntil(lambda: window.reader_view.document.finished, timeout=30000)
    # more: appended as a paragraph, opened again at the new text; the same text again is not
    QApplication.clipboard().setText("明日は雨が降るでしょう。")
    qtbot.waitUntil(lambda: window.clipboard_feed.appended == 2, timeout=10000)
    QApplication.clipboard().setText("English only")
    QApplication.clipboard().setText("明日は雨が降るでしょう。")
    wait_all()
    assert _clipboard_article(window).text == "今日は晴れです。\n\n明日は雨が降るでしょう。"
    view = window.reader_view
    qtbot.waitUntil(lambda: view.document.finished and view.document.text.endswith("でしょう。"), timeout=30000)
    qtbot.waitUntil(
        lambda: js(qtbot, view, "document.querySelector('.s.current')?.textContent || ''").startswith("明日"),
        timeout=10000,
    )
    assert window.clipboard_feed.appended == 2


def test_readers_own_copy_is_not_fed_back(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    _feed_on(qtbot, window)
    view = window.reader_view
    js(qtbot, view, "getSelection().selectAllChildren(document.querySelector('.s[data-i=\"1\"]')); 1")
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (view, view.focusProxy()), timeout=5000)
    window.copy_selection("plain")
    qtbot.waitUntil(lambda: QApplication.clipboard().text() == view.document.sentences[1].sentence.text, timeout=10000)
    # a line edit's own copy (the search box, the vocabulary's search) is reader's too
    edit = window.vocabulary_view.findChild(QLineEdit)
    edit.setText("自分で打った言葉")
    edit.setFocus()
    edit.selectAll()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit, timeout=5000)
    window.copy_selection("plain")
    assert QApplication.clipboard().text() == "自分で打った言葉"
    wait_all()
    assert window.clipboard_feed.appended == 0 and _clipboard_article(window) is None
    assert window.current_id == FIRST


def test_a_huge_clipboard_is_refused_at_once(qtbot, window):
    _feed_on(qtbot, window)
    huge = "あ" * (10 * 1024 * 1024 // 3)  # 10 MB of UTF-8
    feed = window.clipboard_feed
    QApplication.clipboard().setText(huge)
    wait_all()
    assert "holds 10.5 MB, too much to add" in window.statusBar().currentMessage()
    started = time.perf_counter()
    feed._changed()  # what the GUI thread does when it changes: read it, and refuse it
    assert time.perf_counter() - started < 0.05
    assert feed.appended == 0 and _clipboard_article(window) is None


# --- N and Shift+N ----------------------------------------------------------------------
def _new(view, word) -> bool:
    return word.content and status_of(view.statuses, word.key) == "new"


def test_n_moves_to_the_next_new_word_and_skips_known_ones(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    view = window.reader_view
    sentences = view.document.sentences
    s1 = [w for w in sentences[1].words if w.content]
    first = s1[0]
    window.vocabulary.set_word_status(first, "known")
    qtbot.waitUntil(lambda: js(qtbot, view, "document.querySelector('.s[data-i=\"1\"] .w').classList.contains('known')"),
                    timeout=10000)
    view.highlight(1)
    qtbot.waitUntil(lambda: js(qtbot, view, "document.querySelector('.s.current') !== null"), timeout=5000)
    page_key(qtbot, window, "n")
    qtbot.waitUntil(lambda: view.popup_word is not None, timeout=5000)
    expected = next(w for w in s1 if _new(view, w))
    assert view.popup_word[0] is expected and expected is not first
    assert view.popup_word[1] is sentences[1]
    qtbot.waitUntil(lambda: js(qtbot, view, "!document.getElementById('popup').hidden"), timeout=5000)
    # on: the next one, then back with Shift+N past the known word into the sentence before
    page_key(qtbot, window, "n")
    qtbot.waitUntil(lambda: view.popup_word is not None and view.popup_word[0] is not expected, timeout=5000)
    following = view.popup_word[0]
    assert _new(view, following) and following.start > expected.start
    page_key(qtbot, window, "N", shift=True)
    qtbot.waitUntil(lambda: view.popup_word is not None and view.popup_word[0] is expected, timeout=5000)
    page_key(qtbot, window, "N", shift=True)
    before = next(w for s in reversed(sentences[:1]) for w in reversed(s.words) if _new(view, w))
    qtbot.waitUntil(lambda: view.popup_word is not None and view.popup_word[0] is before, timeout=5000)
    # S acts on the word N found, as on the h/l cursor's
    page_key(qtbot, window, "s")
    qtbot.waitUntil(lambda: Words(window.store).find_word(*before.key) is not None, timeout=10000)


# --- many unknown words at once --------------------------------------------------------------
def _select(table, row: int) -> None:
    """Add a row to the selection, as Ctrl+click does."""
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(table.model().index(row, 0), flags)


def test_coverage_saves_and_marks_known_many_words(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    window.vocabulary.open_coverage()
    dialog = window.vocabulary.coverage_dialog
    table = dialog.unknown
    assert not dialog.save_selected.isEnabled()
    for r in (0, 2):
        _select(table, r)
    keys = dialog.selected_keys()
    assert len(keys) == 2 and dialog.save_selected.isEnabled()
    dialog.save_selected.click()
    words = Words(window.store)
    qtbot.waitUntil(lambda: all(words.find_word(*k) is not None for k in keys), timeout=10000)
    assert {r["base"] for r in words.saved_words()} == {k[0] for k in keys}
    qtbot.waitUntil(lambda: "2 word(s) saved" in dialog.mining_note.text(), timeout=5000)
    # mark three others known, then take it back
    rows = table.rowCount()
    table.clearSelection()
    for r in (3, 4, 5):
        _select(table, r)
    known = dialog.selected_keys()
    dialog.known_selected.click()
    qtbot.waitUntil(lambda: all(words.word_statuses().get(k) == "known" for k in known), timeout=10000)
    assert table.rowCount() == rows - 3
    qtbot.waitUntil(lambda: status_of(window.reader_view.statuses, known[0]) == "known", timeout=5000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: not any(k in words.word_statuses() for k in known), timeout=10000)
    assert all(words.word_statuses()[k] == "learning" for k in keys)  # the saved ones stay
