"""The About box: reader's version, what it runs on, the dictionary it was built with,
and every data source with its licence (from core/app/credits.py, as README lists them)."""

from __future__ import annotations

import html
import platform
import re
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader.core import paths
from reader.core.app import credits
from reader.qt.icons import app_icon

TAGLINE = "An offline, bilingual reading assistant for Japanese."


def versions() -> list[tuple[str, str]]:
    """(name, version) of reader and everything the About box names, Qt included."""
    found = [("reader", credits.app_version())]
    python, *packages = credits.package_versions()
    qt = [("Qt", qVersion()), ("PySide6", PySide6.__version__)]
    return [*found, ("System", platform.platform(terse=True)), python, *qt, *packages]


def dictionary_line(info: dict[str, str]) -> str:
    """The built dictionary, in one line; what to do when there is none."""
    if not info:
        return "Not built yet: run `reader dict build`, or open the window, which offers to."
    counts = ", ".join(
        f"{int(info[key]):,} {what}"
        for key, what in (("entries", "entries"), ("names", "names"), ("kanji", "kanji"))
        if info.get(key, "").isdigit()
    )
    parts = [info.get("source", "unknown source")]
    if info.get("date"):
        parts.append(f"JMdict of {info['date']}")
    if counts:
        parts.append(counts)
    if info.get("built_at"):
        parts.append(f"built {info['built_at'].replace('T', ' ').rstrip('Z')} UTC")
    return "; ".join(parts)


def _e(text: str) -> str:
    """Escaped, with `code` set as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def _sentence(text: str) -> str:
    return _e(text[:1].upper() + text[1:]) + "."


def _credit_html(credit: credits.Credit) -> str:
    licence = _e(credit.licence[:1].upper() + credit.licence[1:])
    if credit.url:
        licence = f'<a href="{html.escape(credit.url)}">{licence}</a>'
    holder = f", {_e(credit.holder)}" if credit.holder else ""
    bits = [
        f"<b>{_e(credit.name)}</b> ({_e(credit.what)}).",
        _sentence(f"from {credit.source}"),
        f"Licence: {licence}{holder}.",
    ]
    if credit.note:
        bits.append(_sentence(credit.note))
    if not credit.bundled:
        bits.append("<i>Not bundled.</i>")
    return "<li>" + " ".join(bits) + "</li>"


def about_html(dictionary: dict[str, str] | None = None) -> str:
    """The body of the About box: versions, the dictionary, the data and its licences."""
    if dictionary is None:
        dictionary = credits.dictionary_build(paths.dictionary_path())
    rows = "".join(
        f"<tr><td>{_e(name)}</td><td>&nbsp;&nbsp;{_e(version)}</td></tr>" for name, version in versions()
    )
    data = "".join(_credit_html(credit) for credit in credits.DATA)
    software = "".join(f"<li>{_e(name)}: {_e(licence)}.</li>" for name, licence in credits.SOFTWARE)
    return (
        f"<h3>Versions</h3><table>{rows}</table>"
        f"<h3>Dictionary</h3><p>{_e(dictionary_line(dictionary))}</p>"
        f"<h3>Data and licences</h3><ul>{data}</ul>"
        f"<h3>Software</h3><ul>{software}</ul>"
        f"<p>{_e(credits.OFFLINE)}</p>"
    )


def versions_text() -> str:
    """The versions as plain lines, for a bug report."""
    return "\n".join(f"{name} {version}" for name, version in versions())


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, dictionary_path: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About reader")
        self.setWindowIcon(app_icon())
        dictionary = credits.dictionary_build(dictionary_path or paths.dictionary_path())
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.icon = QLabel(self)
        self.icon.setPixmap(app_icon().pixmap(64, 64))
        header.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.title = QLabel(
            f"<h2 style='margin:0'>reader {_e(credits.app_version())}</h2><p>{_e(TAGLINE)}</p>", self
        )
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header.addWidget(self.title, 1)
        layout.addLayout(header)
        self.body = QTextBrowser(self)
        self.body.setObjectName("aboutText")
        self.body.setOpenExternalLinks(True)  # a licence opens in the browser only when clicked
        self.body.setHtml(about_html(dictionary))
        layout.addWidget(self.body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy = buttons.addButton("Copy versions", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy.setToolTip("Copy reader's and its libraries' versions, for a bug report")
        self.copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(versions_text()))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 640)


def show_about(parent: QWidget | None) -> None:
    AboutDialog(parent).exec()
