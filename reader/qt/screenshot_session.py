"""A window for screenshots (``make screenshot``, under Xvfb at 1280x800): a scratch data
directory, the first bundled article open, then the shots (screenshot_tour.py and the
ones it calls)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable

Later = Callable[[int, Callable[[], object]], None]
Shots = Callable[..., None]  # (window, out, later, screen, done): takes its screenshots, then done()


def session(argv: list[str], shots: Shots) -> int:
    """A window at 1280x760 on a scratch data directory, the first bundled article open;
    then ``shots`` runs. ``later(ms, fn)`` schedules, ``screen(name)`` grabs the screen."""
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

    def later(ms: int, fn: Callable[[], object]) -> None:
        QTimer.singleShot(ms, fn)

    def screen(name: str) -> None:
        QApplication.primaryScreen().grabWindow(0).save(f"{out}/{name}")
        print("wrote", name, flush=True)

    def start() -> None:
        w.loader.finished.connect(lambda _g: later(500, lambda: shots(w, out, later, screen, app.quit)),
                                  Qt.ConnectionType.SingleShotConnection)
        w.library.open_article(bundled.list_articles()[0].id)

    if w.reader_view.ready:
        start()
    else:
        w.reader_view.pageLoaded.connect(start)
    QTimer.singleShot(60000, app.quit)
    return app.exec()
