"""Starting the window: environment, logging, the one QApplication."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def tune_gc() -> None:
    """Keep Python's full garbage collections from freezing the window.

    An annotated article is millions of small objects (tokens, lexemes); each full
    collection walks them all, and the 25%-growth rule ran several per long
    article, stalling the GUI thread for up to half a second. Reference counting
    frees our acyclic data anyway, so full collections can be rare.
    """
    import gc

    gc.set_threshold(50_000, 20, 1000)
    # Workers hold the GIL while annotating; the GUI thread needs it for every call
    # into a Python model or slot. A shorter switch interval hands it over sooner.
    sys.setswitchinterval(0.001)


def prepare_environment() -> None:
    """Chromium refuses to run its sandbox as root; disable it then, and only then."""
    tune_gc()
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    # Offline: no background networking, no component updates from Chromium.
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    for flag in ("--disable-background-networking", "--disable-component-update"):
        if flag not in flags:
            flags = f"{flags} {flag}".strip()
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(argv: list[str] | None = None, open_path: str | Path | None = None) -> int:
    from reader.qt.preflight import preflight_or_exit

    refused = preflight_or_exit()  # missing X11 libraries: the apt line, not Qt's abort
    if refused is not None:
        return refused
    prepare_environment()
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    from reader.qt.icons import app_icon

    import reader.core.storage.sqlitedb  # noqa: F401 - before any worker thread (see its docstring)

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("reader")
    app.setApplicationDisplayName("reader")
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("reader")  # Wayland docks match the window to reader.desktop

    from reader.core.errors import ReaderError
    from reader.qt import instance
    from reader.qt.errors import install_excepthook, setup_logging
    from reader.qt.startup import acquire_or_forward, daily_backup, handed_over, open_store
    from reader.qt.window.main_window import MainWindow

    setup_logging()

    def ask_restore(recovery) -> bool:
        answer = QMessageBox.question(
            None, "reader",
            f"Your database was damaged and has been moved aside, so nothing in it is lost:\n"
            f"{recovery.damaged}\n\n({recovery.reason})\n\n"
            f"Restore your words and drafts from the newest backup, {recovery.backup.name}?",
        )
        return answer == QMessageBox.StandardButton.Yes

    try:
        lock = acquire_or_forward(open_path or None)
        if lock is None:  # the running reader took the file, or came to the front
            print(handed_over(open_path or None), flush=True)
            return 0
        store, _recovery = open_store(ask_restore)
        window = MainWindow(store=store)
    except ReaderError as exc:
        QMessageBox.critical(None, "reader", f"{exc.message}\n\n{exc.advice}")
        return 1
    server = instance.serve(window)  # after the lock: it may remove a crashed reader's socket
    window.write(lambda: daily_backup(store), title="Backup")  # a refusal is shown
    install_excepthook(lambda: window)
    window.show()
    if open_path:
        window.library.import_path(open_path)
    else:
        window.library.open_initial()
    code = app.exec()
    server.close()  # no more files taken while closing
    # Pages before their profile, as Qt WebEngine requires.
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    store.close()
    lock.unlock()
    return code
