"""`reader drafts export --format pdf`: the Japanese beside the English, printed by Qt
without a window (the offscreen platform when there is no display).

Qt's rich-text engine has no ruby, so this PDF has no furigana; the window's
File ▸ Export prints the page with them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from html import escape
from pathlib import Path

from reader.core.storage.atomic import replacing
from reader.core.translation.export import Line, summary


def _html(title: str, rows: Sequence[Line]) -> str:
    body = "".join(
        f'<tr><td width="50%">{escape(row.sentence.sentence.text)}</td>'
        f'<td width="50%">{escape(row.shown)}</td></tr>'
        for row in rows
    )
    return (
        f"<h2>{escape(title)}</h2><p><i>{escape(summary(rows))}</i></p>"
        '<table width="100%" cellpadding="4" cellspacing="0" border="0.5">'
        f"<tr><th align=left>Japanese</th><th align=left>English</th></tr>{body}</table>"
    )


def write_pdf(path: Path, title: str, rows: Sequence[Line]) -> None:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QPageSize, QPdfWriter, QTextDocument

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - fonts need an application
    document = QTextDocument()
    document.setHtml(_html(title, rows))
    with replacing(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setTitle(title)
        document.print_(writer)
        del writer
