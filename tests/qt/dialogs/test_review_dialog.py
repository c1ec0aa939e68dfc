"""The review dialog over a real database and annotator: answers as Anki's learner
expects them (Again comes back in the session, buttons tell the next interval) and
furigana on the sentence."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from reader.core.storage.store import Store
from reader.core.text.model import RubySegment
from reader.core.vocabulary.review import AGAIN, EASY, GOOD, HARD, Reviewer, format_interval
from reader.core.vocabulary.words import Words
from reader.qt.dialogs.review import LEARN_AHEAD, ReviewDialog, furigana_html


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc) + timedelta(seconds=1)  # words saved just now are due

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path):
    opened = Store(tmp_path / "reader.sqlite")
    yield opened
    opened.close()


@pytest.fixture
def clock():
    return Clock()


def _write_now(fn, then=None) -> None:
    """The window's writer, without its thread: the answer is stored before the next key."""
    result = fn()
    if then is not None:
        then(result)


def _save(store, base="停戦", reading="ていせん", sentence="停戦は不可欠だ。") -> int:
    start = sentence.index(base)
    return Words(store).save_word(base, reading, ["ceasefire"], "名詞", sentence, "a", start, start + len(base))


def _dialog(qtbot, store, clock, annotator=None, write=_write_now) -> ReviewDialog:
    dialog = ReviewDialog(store, write, annotator=(lambda: annotator) if annotator else None, clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _answer(qtbot, dialog, rating: int) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.keyClick(dialog, Qt.Key.Key_0 + rating)


def _ratings(store, word_id) -> list[int]:
    return [h["rating"] for h in Reviewer(store).history(word_id)]


def test_again_brings_the_word_back_in_the_same_session(qtbot, store, clock):
    word = _save(store)
    dialog = _dialog(qtbot, store, clock)
    _answer(qtbot, dialog, AGAIN)
    assert dialog.done_count == 1
    assert "停戦" in dialog.word_label.text() and "Nothing is due" not in dialog.word_label.text()
    assert not dialog.shown and dialog.answer_label.text() == ""  # asked again, answer hidden
    # Its card in the session is the one just scheduled: one minute away, a learning step.
    assert dialog.current["card"].due == clock.now + timedelta(minutes=1)
    assert dialog.current["card"].to_json() == Reviewer(store).card(word).to_json()
    clock.now += timedelta(minutes=1)
    _answer(qtbot, dialog, GOOD)  # the next step: ten minutes, still in this session
    assert dialog.done_count == 2 and "停戦" in dialog.word_label.text()
    clock.now += timedelta(minutes=10)
    _answer(qtbot, dialog, GOOD)  # graduates: days away, the session is over
    assert dialog.done_count == 3 and "Nothing is due" in dialog.word_label.text()
    assert "3 reviewed" in dialog.sentence_label.text()
    assert _ratings(store, word) == [AGAIN, GOOD, GOOD]
    assert Reviewer(store).due_count(clock.now + LEARN_AHEAD) == 0


def test_a_word_back_from_again_waits_until_due_then_comes_first(qtbot, store, clock):
    first = _save(store)
    second = _save(store, "首脳", "しゅのう", "首脳会談が開かれた。")
    third = _save(store, "撃墜", "げきつい", "撃墜した。")
    dialog = _dialog(qtbot, store, clock)
    assert [w["id"] for w in dialog.queue] == [first, second, third]
    _answer(qtbot, dialog, AGAIN)
    assert [w["id"] for w in dialog.queue] == [second, third, first]  # due in a minute: behind
    clock.now += timedelta(minutes=2)
    _answer(qtbot, dialog, EASY)  # days away: out of the session
    # Due again now: a word back from an answer comes before the words due from the start.
    assert [w["id"] for w in dialog.queue] == [first, third]
    _answer(qtbot, dialog, HARD)  # a step of minutes: back behind the third
    assert [w["id"] for w in dialog.queue] == [third, first]
    _answer(qtbot, dialog, EASY)
    # Nothing else is due, so the word is shown ahead of its time, as Anki does.
    assert [w["id"] for w in dialog.queue] == [first] and dialog.current["card"].due > clock.now
    assert dialog.progress.text() == "1 to review · 4 done"
    assert _ratings(store, first) == [AGAIN, HARD] and _ratings(store, second) == [EASY]


def test_rating_buttons_show_the_next_intervals_once_the_answer_is_shown(qtbot, store, clock):
    word = _save(store)
    dialog = _dialog(qtbot, store, clock)
    assert all(b.isHidden() and not b.isEnabled() for b in dialog.rate_buttons)
    assert [b.text() for b in dialog.rate_buttons] == ["1 Again", "2 Hard", "3 Good", "4 Easy"]
    assert not dialog.show_button.isHidden()
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert all(b.isVisible() and b.isEnabled() for b in dialog.rate_buttons)
    assert dialog.show_button.isHidden()
    texts = [b.text() for b in dialog.rate_buttons]
    assert texts[:3] == ["1 Again\n<1m", "2 Hard\n<6m", "3 Good\n<10m"]  # a new word's learning steps
    easy = Reviewer(store).preview(word, clock.now)[EASY]
    assert texts[3] == f"4 Easy\n{format_interval(easy)}" and texts[3].endswith("d")
    assert Reviewer(store).history(word) == []  # showing them wrote nothing
    qtbot.keyClick(dialog, Qt.Key.Key_0 + HARD)
    assert [b.text() for b in dialog.rate_buttons][0] == "1 Again"  # hidden again for the next card
    # The intervals follow the card: after Hard, then Good, Good graduates it for days.
    clock.now += timedelta(minutes=6)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert dialog.rate_buttons[GOOD - 1].text() == "3 Good\n<10m"
    assert dialog.intervals == Reviewer(store).preview(word, clock.now)
    dialog.rate_buttons[GOOD - 1].click()  # by mouse, too
    clock.now += timedelta(minutes=10)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert dialog.rate_buttons[GOOD - 1].text().split("\n")[1].endswith("d")
    assert _ratings(store, word) == [HARD, GOOD]


def test_f_toggles_furigana_and_the_answer_shows_them(qtbot, store, clock, annotator):
    _save(store)
    dialog = _dialog(qtbot, store, clock, annotator)
    plain = dialog.sentence_label.text()
    assert "<b>停戦</b>" in plain and "ていせん" not in plain
    qtbot.keyClick(dialog, Qt.Key.Key_F)
    shown = dialog.sentence_label.text()
    assert "ていせん" in shown and "ふかけつ" in shown  # the saved word's reading and another's
    assert "<b>停戦" in shown and "停戦[" not in shown
    qtbot.keyClick(dialog, Qt.Key.Key_F)
    assert dialog.sentence_label.text() == plain
    qtbot.keyClick(dialog, Qt.Key.Key_Space)  # the answer brings them
    assert dialog.sentence_label.text() == shown
    qtbot.keyClick(dialog, Qt.Key.Key_F)
    assert dialog.sentence_label.text() == plain
    qtbot.keyClick(dialog, Qt.Key.Key_F)
    assert dialog.sentence_label.text() == shown
    qtbot.keyClick(dialog, Qt.Key.Key_0 + AGAIN)
    assert dialog.sentence_label.text() == plain  # the next question starts without them


def test_the_session_goes_on_while_answers_are_written_behind(qtbot, store, clock):
    pending: list = []
    word = _save(store)
    dialog = _dialog(qtbot, store, clock, write=lambda fn, then=None: pending.append(fn))
    _answer(qtbot, dialog, AGAIN)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    # Not written yet, and still the buttons tell the word's next step, not a new word's.
    assert Reviewer(store).history(word) == []
    assert dialog.rate_buttons[GOOD - 1].text() == "3 Good\n<10m"
    for fn in pending:
        fn()
    assert _ratings(store, word) == [AGAIN]
    assert Reviewer(store).card(word).to_json() == dialog.current["card"].to_json()


def test_furigana_html_keeps_the_text_and_the_word_bold():
    def token(surface, start, *ruby):
        return SimpleNamespace(surface=surface, start=start, ruby=tuple(RubySegment(*r) for r in ruby))

    text = "向けた 話し合い"
    tokens = [
        token("向け", 0, ("向", "む"), ("け", "")),
        token("た", 2, ("た", "")),
        # the space is no token: the text between tokens is kept
        token("話し合い", 4, ("話", "はな"), ("し", ""), ("合", "あ"), ("い", "")),
    ]
    html = furigana_html({"sentence": text, "start": 4, "end": 8}, tokens)
    assert html.startswith("向<span") and "（む）</span>けた <b>話<span" in html
    assert html.endswith("（あ）</span>い</b>")
    # A word that starts inside a segment: the part in the word is bold, the reading after.
    html = furigana_html({"sentence": text, "start": 1, "end": 3}, tokens)
    assert html.startswith("向<span") and "</span><b>けた</b> 話" in html
    assert furigana_html({"sentence": "<a>", "start": 0, "end": 3}, []) == "<b>&lt;a&gt;</b>"
