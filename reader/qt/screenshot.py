"""Render the window on a bundled article to a PNG (``make screenshot``).

Runs offscreen (or under Xvfb) with a scratch data directory, so the user's
own settings and vocabulary are neither read nor changed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path, nargs="?", default=Path("resources/screenshots/reader.png"))
    parser.add_argument("--article", default="", help="article id (default: the first bundled one)")
    parser.add_argument("--theme", default="light", choices=("light", "dark", "sepia"))
    parser.add_argument("--vertical", action="store_true")
    parser.add_argument("--size", default="1440x900")
    parser.add_argument("--dictionary", type=Path, action="append", default=[], help="a Yomitan zip to import first")
    parser.add_argument("--popup", action="store_true", help="show the hover popup on the clicked word")
    parser.add_argument("--kanji", default="", help="click this kanji of the word (its card in the word panel)")
    parser.add_argument("--word", default="停戦", help="the word to click (as written)")
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["READER_DATA_DIR"] = tempfile.mkdtemp(prefix="reader-shot-")
    from reader.qt.app import prepare_environment

    prepare_environment()
    from PySide6.QtCore import QCoreApplication, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    from reader.core import paths
    from reader.core.library import bundled
    from reader.qt.window.main_window import MainWindow

    if args.dictionary:
        from reader.core.dictionaries.yomitan.importer import import_dictionary

        for zip_path in args.dictionary:
            import_dictionary(paths.user_dictionaries_path(), zip_path)

    window = MainWindow()
    width, height = (int(x) for x in args.size.split("x"))
    window.resize(width, height)
    window.settings.set("reading/theme", args.theme)
    window.settings.set("reading/vertical", args.vertical)
    window.apply_settings()
    window.show()
    article = args.article or bundled.list_articles()[0].id
    result = {"code": 1}

    def shoot() -> None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.output))
        print(f"wrote {args.output}")
        result["code"] = 0
        app.quit()

    def click_a_word() -> None:
        view = window.reader_view
        for s in range(min(12, len(view.document.sentences))):
            t = view.place_of(s, args.word)
            if t is not None:
                if args.kanji:
                    view.bridge.kanjiClicked(s, t, args.kanji)
                else:
                    view.bridge.wordClicked(s, t)
                view.highlight(s, False)
                if args.popup:
                    view.show_popup(s, t)
                    window.docks["word"].raise_()
                QTimer.singleShot(1200, shoot)
                return
        QTimer.singleShot(1200, shoot)

    def start() -> None:
        window.loader.finished.connect(lambda _g: QTimer.singleShot(600, click_a_word))
        window.library.open_article(article)

    if window.reader_view.ready:
        start()
    else:
        window.reader_view.pageLoaded.connect(start)
    QTimer.singleShot(60000, app.quit)
    app.exec()
    return result["code"]


if __name__ == "__main__":
    sys.exit(main())
