"""A real main window, offscreen, on scratch settings and database."""

from __future__ import annotations

import json
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from reader.qt.app import prepare_environment  # noqa: E402

prepare_environment()  # Chromium's sandbox off only when running as root

from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402

# Before pytest-qt makes the QApplication (on the first qtbot): Qt WebEngine needs it.
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


@pytest.fixture
def window(qtbot, dictionary):
    from reader.qt.window.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.reader_view.ready, timeout=20000)
    yield w
    w.close()
    delete_now(w)


def delete_now(widget) -> None:
    """Delete a window (and so its page) now: Qt WebEngine wants pages gone before
    their profile, which lives until the end of the session."""
    from PySide6.QtCore import QCoreApplication, QEvent

    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def js(qtbot, view, code: str, timeout: int = 10000):
    """Run JavaScript in the page and wait for its result."""
    box: list = []
    view.page().runJavaScript(code, 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    return box[0]


def page_state(qtbot, view) -> dict:
    return json.loads(js(qtbot, view, "window.reader.state()"))


def open_and_wait(qtbot, window, article_id: str) -> None:
    with qtbot.waitSignal(window.loader.finished, timeout=30000):
        window.library.open_article(article_id)
    qtbot.waitUntil(
        lambda: page_state(qtbot, window.reader_view)["rendered"] == len(window.reader_view.document.sentences),
        timeout=20000,
    )


def place(window, text: str) -> tuple[int, int]:
    """(sentence, unit) of the first word written ``text``, as the page numbers them."""
    view = window.reader_view
    return next((i, u) for i in range(len(view.document.sentences)) if (u := view.place_of(i, text)) is not None)


def hover(qtbot, window, text: str) -> None:
    """Rest the pointer on the first word written ``text`` until its popup shows."""
    s, t = place(window, text)
    view = window.reader_view
    js(qtbot, view, f"""
        document.querySelector('.s[data-i="{s}"] .t[data-t="{t}"]')
          .dispatchEvent(new MouseEvent('mouseover', {{bubbles: true}})); 1""")
    qtbot.waitUntil(lambda: view.popup_word is not None and view.popup_word[0].text == text, timeout=5000)
    qtbot.waitUntil(lambda: js(qtbot, view, "!document.getElementById('popup').hidden"), timeout=5000)


def popup_text(qtbot, window) -> str:
    return js(qtbot, window.reader_view, "document.getElementById('popup').textContent")


def page_key(qtbot, window, key: str, shift: bool = False) -> None:
    """A key pressed in the page (its own keydown handlers)."""
    js(qtbot, window.reader_view,
       f"document.dispatchEvent(new KeyboardEvent('keydown', {{key: '{key}', shiftKey: {str(shift).lower()}}})); 1")
