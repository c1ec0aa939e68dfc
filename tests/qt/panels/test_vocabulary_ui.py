"""Saving words, their colours in the text, marking an article known, and reviewing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt

from reader.core.library import bundled
from reader.core.vocabulary.words import Words
from tests.qt.conftest import js, open_and_wait, place

FIRST = bundled.list_articles()[0].id


def _classes_of(qtbot, window, text: str) -> str:
    s, t = place(window, text)
    return js(qtbot, window.reader_view, f"document.querySelector('.s[data-i=\"{s}\"] .t[data-t=\"{t}\"]').className")


def test_saved_word_is_tinted_as_learning(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    assert "new" in _classes_of(qtbot, window, "停戦")
    sentence, word = window.reader_view.word_at(*place(window, "停戦"))
    window.vocabulary.save_word(word, sentence)
    qtbot.waitUntil(lambda: "learning" in _classes_of(qtbot, window, "停戦"), timeout=10000)
    assert window.due_label.text() == "1 due for review"
    row = window.vocabulary_view.model.index(0, 0).data()
    assert row == "停戦"


def test_mark_article_known_follows_into_furigana(qtbot, window):
    ids = [i.id for i in bundled.list_articles()]
    open_and_wait(qtbot, window, ids[2])
    window.set_furigana("unknown")
    visible = "Array.from(document.querySelectorAll('rt')).filter(r => getComputedStyle(r).display !== 'none').length"
    before = js(qtbot, window.reader_view, visible)
    assert before > 0
    with qtbot.waitSignal(window.loader.finished, timeout=30000):
        window.vocabulary.confirm = lambda title, text: True
        window.vocabulary.mark_article_known()
    qtbot.waitUntil(lambda: js(qtbot, window.reader_view, visible) < before, timeout=10000)
    statuses = Words(window.store).word_statuses()
    assert statuses[("被爆地", "ひばくち")] == "known"


def test_review_dialog_by_keyboard(qtbot, window):
    from reader.core.vocabulary.review import Reviewer
    from reader.qt.dialogs.review import ReviewDialog

    Words(window.store).save_word("停戦", "ていせん", ["ceasefire"], "名詞", "停戦は不可欠だ。", FIRST, 0, 2)
    dialog = ReviewDialog(window.store, window.write, window, annotator=window.annotators.get)
    qtbot.addWidget(dialog)
    assert "停戦" in dialog.word_label.text() and "<b>停戦</b>" in dialog.sentence_label.text()
    qtbot.keyClick(dialog, Qt.Key.Key_F)  # furigana on demand, after the kanji
    assert "<b>停戦" in dialog.sentence_label.text() and "ていせん" in dialog.sentence_label.text()
    qtbot.keyClick(dialog, Qt.Key.Key_3)  # rating before the answer is shown does nothing
    assert dialog.done_count == 0
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert "ていせん" in dialog.answer_label.text()
    assert dialog.rate_buttons[2].text() == "3 Good\n<10m"
    qtbot.keyClick(dialog, Qt.Key.Key_3)
    # A new word's Good is a ten-minute learning step: it comes back in this session.
    assert dialog.done_count == 1 and "停戦" in dialog.word_label.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.keyClick(dialog, Qt.Key.Key_3)  # Good on the last step: days away
    assert dialog.done_count == 2 and "Nothing is due" in dialog.word_label.text()
    later = datetime.now(timezone.utc) + timedelta(minutes=30)
    word_id = Words(window.store).find_word("停戦", "ていせん")["id"]
    # The answers are written by the window's writer thread.
    qtbot.waitUntil(lambda: len(Reviewer(window.store).history(word_id)) == 2, timeout=5000)
    assert Reviewer(window.store).due_count(later) == 0


def test_vocabulary_view_search_edit_delete_undo_and_jump(qtbot, window, qtmodeltester):
    from reader.core.text.sentences import split_sentences

    ids = [i.id for i in bundled.list_articles()]
    real = split_sentences(bundled.load_article(ids[0]).text)[1].text  # contains 停戦
    for base, reading, gloss, sentence in (
        ("停戦", "ていせん", "ceasefire", real),
        ("首脳", "しゅのう", "head", "首脳会談"),
        ("撃墜", "げきつい", "shooting down", "撃墜した"),
    ):
        Words(window.store).save_word(base, reading, [gloss], "名詞", sentence, ids[0], 0, 2)
    view = window.vocabulary_view
    window.vocabulary.refresh()
    assert view.model.rowCount() == 3
    qtmodeltester.check(view.model)
    view.search.setText("ceasefire")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    assert view.model.index(0, 0).data() == "停戦"
    note_col = [c[0] for c in view.model.COLUMNS].index("note")
    view.model.setData(view.model.index(0, note_col), "from the peace talks")
    from reader.qt.workers import wait_all

    wait_all()
    assert Words(window.store).find_word("停戦", "ていせん")["note"] == "from the peace talks"

    view.search.setText("")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)
    view.table.selectAll()
    window.vocabulary.delete_words(view.selected_ids())  # both ways on the writer thread
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=5000)
    assert Words(window.store).saved_words() == []
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)
    assert len(Words(window.store).saved_words()) == 3
    assert Words(window.store).find_word("停戦", "ていせん")["note"] == "from the peace talks"

    row = next(view.model.row(r) for r in range(view.model.rowCount()) if view.model.row(r)["base"] == "停戦")
    window.vocabulary.jump_to_word(row)
    qtbot.waitUntil(lambda: window.current_id == ids[0] and window.reader_view.document.finished, timeout=30000)
    qtbot.waitUntil(lambda: window.translation_pane.current_row() == 1, timeout=10000)


def test_export_and_import_from_the_menu(qtbot, window, tmp_path):
    from reader.qt.workers import wait_all

    Words(window.store).save_word("停戦", "ていせん", ["ceasefire"], "名詞", "停戦は不可欠だ。", FIRST, 0, 2)
    window.translation.drafts.save(FIRST, 3, "停戦は不可欠だ。", "A ceasefire is essential.", True)
    window.vocabulary.export(tmp_path / "words.csv", bom=True)
    window.vocabulary.export(tmp_path / "words.apkg")
    wait_all()
    qtbot.waitUntil(lambda: (tmp_path / "words.apkg").exists(), timeout=10000)
    assert (tmp_path / "words.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    import zipfile

    assert zipfile.is_zipfile(tmp_path / "words.apkg")
    known = tmp_path / "known.txt"
    known.write_text("首脳\n会談\t かいだん\n", encoding="utf-8")
    window.vocabulary.import_known(known)
    wait_all()
    qtbot.waitUntil(lambda: Words(window.store).word_statuses().get(("会談", "かいだん")) == "known", timeout=10000)


def test_save_from_the_hover_popup_with_s(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    sentences = window.reader_view.document.sentences
    s, t = place(window, "首脳会談")  # one word: saved whole
    js(qtbot, window.reader_view, f"""
        const tok = document.querySelector('.s[data-i="{s}"] .t[data-t="{t}"]');
        tok.dispatchEvent(new MouseEvent('mouseover', {{bubbles: true}})); 1""")
    qtbot.waitUntil(lambda: js(qtbot, window.reader_view, "!document.getElementById('popup').hidden"), timeout=5000)
    assert "S: save" in js(qtbot, window.reader_view, "document.getElementById('popup').textContent")
    js(qtbot, window.reader_view, "document.dispatchEvent(new KeyboardEvent('keydown', {key: 's'})); 1")
    qtbot.waitUntil(lambda: Words(window.store).find_word("首脳会談", "しゅのうかいだん") is not None, timeout=10000)
    saved = Words(window.store).find_word("首脳会談", "しゅのうかいだん")
    assert Words(window.store).word_contexts(saved["id"])[0]["sentence"] == sentences[s].sentence.text


def test_coverage_dialog_and_i_plus_one_marks(qtbot, window):
    ids = [i.id for i in bundled.list_articles()]
    open_and_wait(qtbot, window, ids[2])
    window.vocabulary.confirm = lambda title, text: True
    window.vocabulary.mark_article_known()
    qtbot.waitUntil(lambda: Words(window.store).word_statuses().get(("被爆地", "ひばくち")) == "known", timeout=10000)
    Words(window.store).set_word_status("被爆地", "ひばくち", "learning")  # one unknown word in its sentence
    Words(window.store).save_word("被爆地", "ひばくち", ["place that was bombed"], "名詞", "x", ids[2], 0, 1)
    window.apply_settings()
    open_and_wait(qtbot, window, ids[2])
    marked = js(qtbot, window.reader_view, "Array.from(document.querySelectorAll('.s.iplus1')).map(e => e.textContent).join('|')")
    assert "被爆" in marked and "放影研" in marked
    window.vocabulary.open_coverage()
    dialog = window.vocabulary.coverage_dialog
    assert "exactly one unknown word" in dialog.summary.text()
    assert dialog.unknown.rowCount() >= 1 and dialog.unknown.item(0, 0).text() == "被爆地"
    bands = {dialog.unknown.item(r, 4).text() for r in range(dialog.unknown.rowCount())}
    assert bands <= {"—"} | {f"news top {n * 500:,}" for n in range(1, 49)}  # not raw nfNN
    levels = {dialog.unknown.item(r, 3).text() for r in range(dialog.unknown.rowCount())}
    assert levels <= {"—", "N1", "N2", "N3", "N4", "N5"}
    assert dialog.growth_series.count() == 2  # from nothing the day before, to the one word
    qtbot.waitUntil(lambda: getattr(dialog, "per_article_bars", None) is not None, timeout=60000)
    assert dialog.per_article_bars.count() == len(window.library_panel.model.items())
    dialog.close()
