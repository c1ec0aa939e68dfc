"""Issue 6 in the window: imported dictionaries, pitch and levels in the popup,
level-aware furigana, the kanji cards and clickable kanji, offscreen with a real page."""

from __future__ import annotations

import json

import pytest

from reader.core import paths
from reader.core.library import bundled
from reader.core.vocabulary.words import Words
from tests.qt.conftest import js, open_and_wait
from tests.yomitan_factory import make_zip

FIRST = bundled.list_articles()[0].id


def _find(window, text: str) -> tuple[int, int]:
    """(sentence, unit) of the first word written ``text``, as the page counts them."""
    view = window.reader_view
    return next((i, u) for i in range(len(view.document.sentences)) if (u := view.place_of(i, text)) is not None)


def _show(window, s: int, u: int) -> None:
    sentence, word = window.reader_view.word_at(s, u)
    window.word_panel.show_word(word, sentence)


@pytest.fixture
def imported(tmp_path):
    """The factory's sample dictionary imported into the scratch user data dir."""
    from reader.core.dictionaries.yomitan.importer import import_dictionary

    return import_dictionary(paths.user_dictionaries_path(), make_zip(tmp_path / "sample.zip"))


def test_popup_shows_imported_definitions_frequency_pitch_and_level(qtbot, window, imported):
    open_and_wait(qtbot, window, FIRST)
    s, t = _find(window, "停戦")
    info = json.loads(window.reader_view.bridge.wordInfo(s, t))
    assert info["dicts"] == [{"dict": "Test Dictionary", "defs": ["ceasefire", "truce"]}]
    assert {"dict": "Test Dictionary", "value": "5120㋕"} in info["freqs"]
    assert info["pitch"][0]["morae"] == ["て", "い", "せ", "ん"]
    assert info["pitch"][0]["high"] == [False, True, True, True]
    assert info["pitch"][0]["name"] == "heiban"
    assert info["band"].startswith("news top")
    # The page draws it: the pitch line over three high morae, and the badges.
    window.reader_view.show_popup(s, t)
    qtbot.waitUntil(lambda: js(qtbot, window.reader_view, "!document.getElementById('popup').hidden"), timeout=5000)
    highs = js(qtbot, window.reader_view, "document.querySelectorAll('#popup .pitched .m.h:not(.tail)').length")
    badges = js(qtbot, window.reader_view, "Array.from(document.querySelectorAll('#popup .pp-badge')).map(b => b.textContent).join('|')")
    dname = js(qtbot, window.reader_view, "document.querySelector('#popup .pp-dname').textContent")
    assert highs == 3
    assert "Test Dictionary: 5120㋕" in badges and "news top" in badges
    assert dname == "Test Dictionary"


def test_disabled_dictionaries_leave_the_popup(qtbot, window, imported):
    open_and_wait(qtbot, window, FIRST)
    s, t = _find(window, "停戦")
    dicts = window.dictionaries.user_dictionaries()
    dicts.set_enabled(imported.id, False)
    info = json.loads(window.reader_view.bridge.wordInfo(s, t))
    assert "dicts" not in info and "pitch" not in info
    assert info["glosses"]  # the built-in JMdict still answers


def test_word_panel_shows_imported_entries_pitch_and_kanji_cards(qtbot, window, imported):
    open_and_wait(qtbot, window, FIRST)
    s, t = _find(window, "停戦")
    _show(window, s, t)
    text = window.word_panel.browser.toPlainText()
    assert "Test Dictionary" in text and "truce" in text
    assert "てꜛいせん" in text
    # KANJIDIC2 cards for both kanji, with the imported kanji dictionary's meanings.
    assert "halt" in text and "On: テイ" in text and "11 strokes" in text
    assert "war" in text and "13 strokes" in text
    assert "battle, match" in text  # from the imported kanji bank


def test_kanji_cards_show_imported_kanji_frequencies(qtbot, window, imported, tmp_path):
    from reader.core.dictionaries.yomitan.importer import import_dictionary

    ranks = make_zip(
        tmp_path / "ranks.zip", title="Kanji ranks", terms=[], meta=[], kanji=[], tags=[],
        kanji_meta=[["戦", "freq", {"value": 78, "displayValue": "78㋕"}]],
    )
    import_dictionary(paths.user_dictionaries_path(), ranks)
    window.dictionaries.user_dictionaries().changed()
    open_and_wait(qtbot, window, FIRST)
    s, t = _find(window, "停戦")
    _show(window, s, t)
    text = window.word_panel.browser.toPlainText()
    war = text[text.index("war, battle"):]
    assert "Kanji ranks frequency: 78㋕" in war  # on 戦's card
    assert "Kanji ranks" not in text[: text.index("war, battle")]  # 停 has no rank there


def test_clicking_a_kanji_in_the_text_opens_its_card(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    s, t = _find(window, "停戦")
    # A real click at the centre of 戦 (not the word's first kanji).
    code = f"""(() => {{
      const tok = document.querySelector('.s[data-i="{s}"] .t[data-t="{t}"]');
      tok.scrollIntoView({{block: 'center'}});
      const node = Array.from(tok.querySelector('ruby').childNodes).find(n => n.nodeType === 3);
      const r = document.createRange(); r.setStart(node, 1); r.setEnd(node, 2);
      const b = r.getBoundingClientRect();
      const x = (b.left + b.right) / 2, y = (b.top + b.bottom) / 2;
      tok.dispatchEvent(new MouseEvent('click', {{bubbles: true, clientX: x, clientY: y, button: 0}}));
      return node.data[1];
    }})()"""
    with qtbot.waitSignal(window.reader_view.kanjiClicked, timeout=10000) as blocker:
        assert js(qtbot, window.reader_view, code) == "戦"
    token, _sentence, kanji = blocker.args
    assert token.surface == "停戦" and kanji == "戦"
    assert "war" in window.word_panel.browser.toPlainText()


def _visible_rt(qtbot, view, selector: str = "rt") -> int:
    return js(
        qtbot,
        view,
        f"Array.from(document.querySelectorAll({json.dumps(selector)})).filter(r => getComputedStyle(r).display !== 'none').length",
    )


def test_level_mode_hides_furigana_at_and_below_the_chosen_level(qtbot, window):
    open_and_wait(qtbot, window, FIRST)
    view = window.reader_view
    everything = _visible_rt(qtbot, view)
    shown = {}
    for level in ("5", "3", "1"):
        window.set_furigana_level(level)
        qtbot.waitUntil(lambda: js(qtbot, view, "document.body.classList.contains('furigana-level')"), timeout=5000)
        shown[level] = _visible_rt(qtbot, view)
        # Words at the chosen level and easier lose their furigana; harder ones keep them.
        easier = ",".join(f".j{n} rt" for n in range(int(level), 6))
        assert _visible_rt(qtbot, view, easier) == 0
        if level != "1":
            assert _visible_rt(qtbot, view, f".j{int(level) - 1} rt") > 0
    assert everything > shown["5"] > shown["3"] > shown["1"] > 0
    assert window.settings.get("reading/furigana") == "level"
    # Known words lose theirs too in this mode, whatever their level.
    hard = js(qtbot, view, "Array.from(document.querySelectorAll('.w:not([class*=\" j\"])')).filter(t => t.querySelector('rt')).length")
    assert hard > 0


# A hand-checked sentence: each word's JLPT level (tanos lists), and which words keep
# their furigana in the level mode. 停戦 is in no list, so it always keeps them;
# 必要だ and 述べた are words with their conjugation, levelled as 必要 and 述べる.
HAND_CHECKED = "停戦交渉は平和のために必要だと首相が述べた。"
LEVELS = {"停戦": None, "交渉": 1, "平和": 3, "必要だ": 4, "首相": 3, "述べた": 3}


def _shown_words(qtbot, view) -> list[str]:
    """The surfaces of the words whose furigana are visible."""
    return json.loads(js(
        qtbot,
        view,
        """JSON.stringify(Array.from(document.querySelectorAll('.s[data-i="0"] .t'))
             .filter(t => Array.from(t.querySelectorAll('rt')).some(r => getComputedStyle(r).display !== 'none'))
             .map(t => Array.from(t.childNodes).map(n => n.nodeName === 'RUBY' ? n.firstChild.textContent : n.textContent).join('')))""",
    ))


def test_level_mode_on_a_hand_checked_sentence(qtbot, window):
    from PySide6.QtWidgets import QApplication

    from tests.qt.conftest import page_state

    QApplication.clipboard().setText(HAND_CHECKED)
    with qtbot.waitSignal(window.loader.finished, timeout=30000):
        window.library.paste_article()
    view = window.reader_view
    qtbot.waitUntil(lambda: page_state(qtbot, view)["rendered"] == 1, timeout=10000)
    words = {w.text: w for w in view.document.sentences[0].words}
    from reader.core.dictionaries.wordinfo import word_level

    assert {w: word_level(words[w]) for w in LEVELS} == LEVELS
    window.set_furigana_level("3")
    qtbot.waitUntil(lambda: _shown_words(qtbot, view) == ["停戦", "交渉"], timeout=5000)
    window.set_furigana_level("4")
    qtbot.waitUntil(lambda: _shown_words(qtbot, view) == ["停戦", "交渉", "平和", "首相", "述べた"], timeout=5000)
    window.set_furigana_level("1")
    qtbot.waitUntil(lambda: _shown_words(qtbot, view) == ["停戦"], timeout=5000)
    # Known words lose their furigana too: this mode combines both.
    window.set_furigana_level("4")
    Words(window.store).set_word_status("交渉", "こうしょう", "known")
    view.set_word_status("交渉", "こうしょう", "known")
    qtbot.waitUntil(lambda: _shown_words(qtbot, view) == ["停戦", "平和", "首相", "述べた"], timeout=5000)


@pytest.mark.parametrize(
    ("text", "surface", "example", "bold"),
    [
        ("停戦した。", "停戦した", "<停戦>は停戦だ。", ["停戦", "停戦"]),  # 停戦する: its noun
        ("パンを食べた。", "食べた", "魚を食べる人が食べた。", ["食べ", "食べ"]),
        ("行った。", "行った", "学校へ行く。", ["行"]),
        ("宿題をした。", "した", "何をしているの？", []),  # す of する would light up every す
    ],
)
def test_examples_bold_the_word(annotator, text, surface, example, bold):
    from reader.core.dictionaries.examples import Example
    from reader.qt.panels.word import examples_html

    word = next(w for s in annotator.iter_annotate(text) for w in s.words if w.text == surface)
    html = examples_html((Example(1, example, "English."),), word)
    assert html.count("<b>") == len(bold)
    assert all(f"<b>{b}</b>" in html for b in bold)
    assert "&lt;" in html or "<" not in example  # the sentence is escaped
    assert "containing" not in html


def test_examples_found_by_text_say_so(annotator):
    from reader.core.dictionaries.examples import Example
    from reader.qt.panels.word import examples_html

    word = next(w for s in annotator.iter_annotate("核兵器の廃絶") for w in s.words if w.text == "核兵器")
    found = (Example(1, "反核兵器の集会。", "An anti-nuclear rally.", by_text=True),)
    html = examples_html(found, word)
    assert "sentences containing 「核兵器」" in html and "<b>核兵器</b>" in html
    assert "containing" not in examples_html((Example(1, "核兵器の傘。", "The nuclear umbrella."),), word)
