"""An article that made reader die while opening is not reopened at the next start:
the window opens on the library and says why, instead of crashing again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from PySide6.QtWidgets import QMessageBox

from reader.core.library import bundled
from tests.conftest import ROOT
from tests.qt.conftest import delete_now, open_and_wait

CRASH_WHILE_OPENING = """
import os, signal, sys
from reader.qt.app import prepare_environment
prepare_environment()
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QApplication([])
# The window dies while the article's first sentences arrive (wherever they were annotated).
from reader.qt.page.view import ReaderView
ReaderView.add_sentences = lambda self, *args, **kwargs: os.kill(os.getpid(), signal.SIGSEGV)
from reader.qt.window.main_window import MainWindow
window = MainWindow()
window.show()
window.reader_view.pageLoaded.connect(lambda: window.library.open_article(sys.argv[1]))
QTimer.singleShot(60000, app.quit)
app.exec()
"""


def _dialogs(window) -> list[str]:
    return [b.text() for b in window.findChildren(QMessageBox) if b.isVisible()]


def test_an_article_that_crashed_is_not_reopened(qtbot, dictionary):
    from reader.qt.window.main_window import MainWindow

    article = bundled.list_articles()[1]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", CRASH_WHILE_OPENING, article.id],
        env=env, cwd=ROOT, capture_output=True, timeout=120,
    )
    assert done.returncode == -signal.SIGSEGV, done.stderr.decode(errors="replace")[-2000:]

    window = MainWindow()
    try:
        window.show()
        qtbot.waitUntil(lambda: window.reader_view.ready, timeout=20000)
        window.library.open_initial()
        qtbot.waitUntil(lambda: bool(_dialogs(window)), timeout=5000)
        assert window.current_id == ""  # nothing opened
        assert f"stopped while opening “{article.title}”" in _dialogs(window)[0]
        assert window.settings.get("session/opening") == ""  # the next start is a normal one
    finally:
        window.close()
        delete_now(window)


def test_an_article_that_opened_is_reopened(qtbot, window):
    article = bundled.list_articles()[2].id
    open_and_wait(qtbot, window, article)
    assert window.settings.get("session/opening") == ""
    window.library.open_initial()
    qtbot.waitUntil(lambda: window.reader_view.document.finished, timeout=30000)
    assert window.current_id == article and _dialogs(window) == []
