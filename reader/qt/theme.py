"""The window's colours: the reading theme decides the page's, and the chrome follows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def effective_theme(setting: str) -> str:
    """"light", "dark" or "sepia": the setting, or the system's scheme for "system"."""
    if setting != "system":
        return setting
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def apply_palette(theme: str) -> None:
    """A dark Fusion palette for the dark theme; the style's own palette otherwise."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if theme != "dark":
        app.setPalette(app.style().standardPalette())
        return
    app.setStyle("Fusion")
    palette = QPalette()
    base, window, text = QColor(30, 30, 30), QColor(45, 45, 45), QColor(225, 225, 225)
    for role, colour in (
        (QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, QColor(38, 38, 38)),
        (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text), (QPalette.ColorRole.Highlight, QColor(70, 110, 160)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
        (QPalette.ColorRole.PlaceholderText, QColor(140, 140, 140)),
    ):
        palette.setColor(role, colour)
    app.setPalette(palette)
