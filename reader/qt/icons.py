"""reader's own icon, for the windows, the task bar and the About box."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from reader.core.app.desktop import APP_ID, ICON_SIZES, icons_dir


def app_icon() -> QIcon:
    """The icon at each size drawn for it (reader-16.png … reader-512.png, sharp at
    16 and 32 px), or drawn from reader.svg if the PNGs are missing."""
    folder = icons_dir()
    icon = QIcon()
    for size in ICON_SIZES:
        png = folder / f"{APP_ID}-{size}.png"
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    if icon.isNull():
        icon = QIcon(str(folder / f"{APP_ID}.svg"))
    return icon
