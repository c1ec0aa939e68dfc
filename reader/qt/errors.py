"""Errors reach the user as a dialog with advice; tracebacks go to a log file."""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from reader.core import paths
from reader.core.errors import explain

log = logging.getLogger("reader")


def log_file() -> Path:
    return paths.data_dir() / "logs" / "reader.log"


class _LogFile(RotatingFileHandler):
    """The log file; when it cannot be written (a full disk), one line on stderr, once,
    rather than a traceback per message."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging API
        if not self.failed:
            self.failed = True
            print(f"reader: cannot write the log file {self.baseFilename} ({sys.exc_info()[1]})", file=sys.stderr)


def setup_logging() -> None:
    where = log_file()
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = _LogFile(where, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def describe(exc: BaseException) -> tuple[str, str]:
    """(message, advice) for the user."""
    known = explain(exc)  # ReaderErrors, and OS and SQLite errors a user can meet
    if known is not None:
        return known.message, known.advice
    return (
        f"Something went wrong: {type(exc).__name__}: {exc}",
        f"The details were written to {log_file()}. Please include that file in a bug report.",
    )


def plain_text(box: QMessageBox) -> QMessageBox:
    """Messages quote file names and dictionary titles: never let Qt read them as HTML
    (a title like ``<a href=…>`` would otherwise become a live link)."""
    for label in box.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_error(parent: QWidget | None, exc: BaseException, title: str = "reader") -> None:
    if explain(exc) is None:
        log.error("unexpected error", exc_info=exc)
    message, advice = describe(exc)
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    if advice:
        box.setInformativeText(advice)
    plain_text(box)
    box.setObjectName("errorDialog")
    box.open()


def install_excepthook(parent_getter) -> None:
    """Unexpected errors in slots become a dialog, not a dead window."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught: %s", "".join(traceback.format_exception(kind, exc, tb)))
        try:
            show_error(parent_getter(), exc)
        except Exception:  # noqa: BLE001 - never raise from the hook
            sys.__excepthook__(kind, exc, tb)

    sys.excepthook = hook
