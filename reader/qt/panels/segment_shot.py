"""A screenshot of the segment editor (editor.png) at 1280x800 under Xvfb: a few segments
drafted and reviewed, the open one with its glosses, a translation-memory match from an
earlier article, glossary terms, the word panel beside it and the QA panel below.

The drafts, glossary and memory are written here through the app's own code, as a
translator would have. Run by screenshot_tour (``make screenshot``), or alone:
``xvfb-run -a -s "-screen 0 1280x800x24" python -m reader.qt.panels.segment_shot resources/screenshots``
"""

from __future__ import annotations

import sys
from collections.abc import Callable

DRAFTS = (
    "1. Introduction",
    "Since the US–Russia summit in Anchorage in August 2025, US and Russian diplomacy towards a ceasefire "
    "in the war in Ukraine has taken on the look of a “great-power deal” built around “swapping territory”.",
    "Trump-led peace talks in particular make light of the claims of Ukraine, a party to the conflict, and "
    "trample on international rules such as the prohibition of settling disputes by force: a grave problem.",
)
#: What an earlier article left in the memory: a sentence like the open one, translated.
MEMORY = (
    "罪のない市民や兵士の犠牲を止めるため停戦は不可欠だ。",
    "A ceasefire is essential to stop the sacrifice of innocent civilians and soldiers.",
)
TERMS = (("停戦", "ceasefire"), ("首脳会談", "summit"), ("当事者", "party"))
OPEN = 3  # the segment open for editing: 罪のない市民や…停戦は不可欠だ。


def shoot(w, later: Callable[[int, Callable[[], object]], None],
          screen: Callable[[str], None], done: Callable[[], object]) -> None:
    """With the first article open in ``w``: editor.png, then ``done``."""
    w.set_setting("reading/theme", "light")
    for dock in ("translation", "word", "qa"):
        w.docks[dock].show()
    w.docks["qa"].raise_()
    for term, english in TERMS:
        w.translation.termbase.set(term, english)
    if w.translation.memory is not None:
        w.translation.memory.add(*MEMORY, "2025-09-earlier-article")
    for i, text in enumerate(DRAFTS):
        w.translation.edit_draft(i, text)
    for i in (0, 1):
        w.translation.toggle_reviewed(i)
    pane = w.translation_pane
    pane.select_row(OPEN)
    view = w.reader_view
    sentence = next(i for i in range(len(view.document.sentences)) if view.place_of(i, "停戦") is not None)
    later(600, lambda: view.bridge.wordClicked(sentence, view.place_of(sentence, "停戦")))

    def typed() -> None:
        pane.select_row(OPEN)
        pane.editor.draft.setPlainText("A ceasefire is essential to stop")
        pane.editor.draft.moveCursor(pane.editor.draft.textCursor().MoveOperation.End)

    later(1400, typed)
    later(3000, lambda: (screen("editor.png"), done()))


def main(argv: list[str]) -> int:
    from reader.qt.screenshot_session import session

    return session(argv, lambda w, out, later, screen, done: shoot(w, later, screen, done))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
