"""Screenshots of the first hour (``make screenshot``): the popup saying a word's
status, the vocabulary's context menu, the dark word panel, the segment editor, bilingual
reading. Grabs the whole screen, menus included, so it runs under Xvfb at 1280x800, on a scratch data directory."""

from __future__ import annotations

import sys
from collections.abc import Callable


def tour(w, out: str, later: Callable[[int, Callable[[], object]], None],
         screen: Callable[[str], None], done: Callable[[], object]) -> None:
    """The first hour's shots, then the editor's and the bilingual ones, then ``done``."""
    view = w.reader_view

    def sentence_of(text: str) -> tuple[int, int]:
        s = next(i for i in range(len(view.document.sentences)) if view.place_of(i, text) is not None)
        return s, view.place_of(s, text)

    def opened() -> None:
        for text in ("停戦", "首脳会談", "和平", "撃墜"):
            sentence, word = view.word_at(*sentence_of(text))
            w.vocabulary.save_word(word, sentence)
        later(1500, popup)

    def popup() -> None:
        s, u = sentence_of("停戦")
        view.highlight(s, True)
        later(600, lambda: (view.show_popup(s, u), later(1200, lambda: (screen("popup-status.png"), later(300, menu)))))

    def menu() -> None:
        table = w.vocabulary_view.table
        w.vocabulary.refresh()

        def show() -> None:
            table.selectRow(0)
            m = w.vocabulary_view.context_menu()
            m.popup(table.viewport().mapToGlobal(table.visualRect(table.model().index(0, 1)).center()))
            later(700, lambda: (screen("vocabulary-menu.png"), m.close(), later(200, dark)))

        later(500, show)

    def dark() -> None:
        w.set_setting("reading/theme", "dark")
        view.bridge.wordClicked(*sentence_of("首脳会談"))
        w.docks["word"].raise_()
        later(1500, lambda: (screen("dark-word-panel.png"), editor()))

    def editor() -> None:  # editor.png (panels/segment_shot.py)
        from reader.qt.panels.segment_shot import shoot

        shoot(w, later, screen, bilingual)

    def bilingual() -> None:  # interlinear.png and parallel.png (screenshot_bilingual.py)
        from reader.qt.screenshot_bilingual import shoot

        shoot(w, out, later, screen, done)

    opened()


def main(argv: list[str]) -> int:
    from reader.qt.screenshot_session import session

    return session(argv, tour)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
