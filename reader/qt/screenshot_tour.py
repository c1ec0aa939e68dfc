"""Screenshots of the first hour (``make screenshot``): the popup saying a word's
status, the vocabulary's context menu, the dark word panel. Grabs the whole screen,
menus included, so it runs under Xvfb at 1280x800, on a scratch data directory."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable


def main(argv: list[str]) -> int:
    out = argv[0] if argv else "resources/screenshots"
    os.environ["READER_DATA_DIR"] = tempfile.mkdtemp(prefix="reader-shot-")
    from reader.qt.app import prepare_environment

    prepare_environment()
    from PySide6.QtCore import QCoreApplication, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    from reader.core.library import bundled
    from reader.qt.window.main_window import MainWindow

    w = MainWindow()
    w.move(0, 0)
    w.resize(1280, 760)
    w.settings.set("reading/theme", "light")
    w.apply_settings()
    w.show()
    view = w.reader_view

    def later(ms: int, fn: Callable[[], object]) -> None:
        QTimer.singleShot(ms, fn)

    def screen(name: str) -> None:
        QApplication.primaryScreen().grabWindow(0).save(f"{out}/{name}")
        print("wrote", name, flush=True)

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
        later(1500, lambda: (screen("dark-word-panel.png"), app.quit()))

    def start() -> None:
        w.loader.finished.connect(lambda _g: later(500, opened), Qt.ConnectionType.SingleShotConnection)
        w.library.open_article(bundled.list_articles()[0].id)

    if view.ready:
        start()
    else:
        view.pageLoaded.connect(start)
    QTimer.singleShot(60000, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
