"""The lookup history and reading statistics in a real window, offscreen."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from reader.core.library import bundled
from reader.core.library.stats import DEFAULT_GOAL, ReadingLog, ReadingTracker, Session
from reader.core.vocabulary.history import LookupHistory
from reader.core.vocabulary.words import Words
from reader.qt.page.bridge import units
from reader.qt.settings import SETTINGS
from tests.qt.conftest import open_and_wait

FIRST = bundled.list_articles()[0].id


def content_words(window, n: int) -> list[tuple[int, int, object]]:
    """(sentence, unit, word) of the first ``n`` content words with different entries."""
    found, keys = [], set()
    for s, sentence in enumerate(window.reader_view.document.sentences):
        for u, unit in enumerate(units(sentence)):
            if getattr(unit, "content", False) and unit.key not in keys:
                keys.add(unit.key)
                found.append((s, u, unit))
                if len(found) == n:
                    return found
    raise AssertionError("not enough words")


def hover(window, s: int, u: int) -> None:
    window.reader_view.bridge.wordHovered(s, u)


def written(qtbot, window, count: int) -> LookupHistory:
    window.history.flush()
    history = LookupHistory(window.store)
    qtbot.waitUntil(lambda: history.total() == count, timeout=10000)
    return history


def test_hovering_two_words_records_two_and_a_repeat_once(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    (s1, u1, w1), (s2, u2, w2) = content_words(window, 2)
    hover(window, s1, u1)
    hover(window, s2, u2)
    hover(window, s1, u1)  # the same word in the same sentence a moment later: once
    history = written(qtbot, window, 2)
    rows = history.counts()
    assert {r.key for r in rows} == {w1.key, w2.key} and all(r.count == 1 for r in rows)
    assert rows[0].article_id == FIRST and rows[0].sentence
    # a click on it (the Word panel) within the debounce is the same lookup too
    window.reader_view.wordClicked.emit(w1, window.reader_view.document.sentences[s1])
    window.history.flush()
    qtbot.wait(200)
    assert history.count_of(w1.key).count == 1


def test_private_mode_records_nothing(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    action = window.actions.by_name["privateMode"]
    assert action.isCheckable() and not action.isChecked()
    action.trigger()
    assert action.isChecked() and window.settings.get("privacy/private") and window.history.private
    (s1, u1, _w1), = content_words(window, 1)
    hover(window, s1, u1)
    window.history.flush()
    qtbot.wait(300)
    assert LookupHistory(window.store).total() == 0
    action.trigger()  # off again: recorded
    hover(window, s1, u1)
    written(qtbot, window, 1)


def test_the_history_dialog_filters_saves_and_clears(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    (s1, u1, w1), (s2, u2, w2) = content_words(window, 2)
    history = LookupHistory(window.store)
    for n in range(3):  # looked up three times on other days
        history.record(w1.key, w1.text, FIRST, f"別の文{n}。", datetime(2026, 1, 1 + n, tzinfo=timezone.utc))
    hover(window, s2, u2)
    window.actions.by_name["history"].trigger()
    dialog = window.history.dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10000)
    assert dialog.model.rows[0].key == w1.key and dialog.model.rows[0].count == 3
    assert "2 word(s)" in dialog.summary.text()
    dialog.often.setChecked(True)
    assert [r.key for r in dialog.model.rows] == [w1.key]

    assert not dialog.save_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    qtbot.waitUntil(lambda: any(w["base"] == w1.key[0] for w in Words(window.store).saved_words()), timeout=10000)
    saved = next(w for w in Words(window.store).saved_words() if w["base"] == w1.key[0])
    assert Words(window.store).word_contexts(saved["id"])[0]["sentence"] == "別の文2。"  # the last one
    qtbot.waitUntil(lambda: dialog.model.data(dialog.model.index(0, 3)) == "learning", timeout=10000)

    dialog.confirm = lambda title, text: False
    dialog.clear_button.click()
    qtbot.wait(200)
    assert history.total() == 4
    dialog.confirm = lambda title, text: True
    dialog.clear_button.click()
    qtbot.waitUntil(lambda: history.total() == 0 and dialog.model.rowCount() == 0, timeout=10000)
    dialog.often.setChecked(False)
    assert "No lookups yet" in dialog.summary.text()
    dialog.close()


def test_statistics_dialog_empty_and_with_data(qtbot, window):
    assert SETTINGS["reading/daily_goal"].default == DEFAULT_GOAL
    window.actions.by_name["statistics"].trigger()
    qtbot.waitUntil(lambda: window.reading_stats.dialog is not None, timeout=10000)
    empty = window.reading_stats.dialog
    assert not empty.message.isHidden() and empty.tabs.isHidden() and empty.tabs.count() == 0
    assert "Nothing read yet" in empty.message.text()

    today = datetime.combine(date.today(), time(0, 0, 1)).astimezone()  # local time
    ReadingLog(window.store).save([
        Session(FIRST, today, 600, 1_800),
        Session(FIRST, today - timedelta(days=1), 900, 3_500),
    ])
    window.reading_stats.open_dialog()
    qtbot.waitUntil(lambda: window.reading_stats.dialog is not empty, timeout=10000)
    dialog = window.reading_stats.dialog
    assert dialog.message.isHidden() and dialog.tabs.count() == 2
    assert "1,800 of 3,000 characters" in dialog.today.text() and dialog.progress.value() == 60
    assert "1 day in a row" in dialog.streak.text()
    day_values = [dialog.day_bars.at(i) for i in range(dialog.day_bars.count())]
    assert day_values[-1] == 1_800 and dialog.day_bars.count() == 30
    dialog.goal.setValue(1_500)
    dialog._set_goal()
    assert window.settings.get("reading/daily_goal") == 1_500
    assert "goal met" in dialog.today.text() and "2 days in a row" in dialog.streak.text()
    dialog.close()


def test_the_reading_position_feeds_the_tracker(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    clock = [datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)]
    stats = window.reading_stats
    stats.tracker = ReadingTracker(lambda: clock[0])
    sentences = window.reader_view.document.sentences
    stats.position_changed(0, 0.0)
    clock[0] += timedelta(minutes=1)
    stats.position_changed(5, 0.01)
    expected = sum(len(s.sentence.text) for s in sentences[:5])
    assert stats.tracker.session.article_id == FIRST and stats.tracker.session.chars == expected
    assert stats.tracker.session.seconds == 60
    stats.save()
    log = ReadingLog(window.store)
    qtbot.waitUntil(lambda: log.per_article().get(FIRST) == (60.0, expected), timeout=10000)


def test_input_in_the_window_is_noticed(qtbot, window):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    stats = window.reading_stats
    stats.tick()
    assert stats._watching is window.windowHandle()
    stats.watcher.seen = False
    QTest.mouseMove(window.windowHandle(), QPoint(200, 200))
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift)
    assert stats.watcher.seen
