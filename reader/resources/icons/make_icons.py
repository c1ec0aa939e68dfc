"""Render reader's icon files from reader.svg: the PNGs, reader.ico and reader.icns.

Run by hand after changing reader.svg, from the checkout's top level::

    QT_QPA_PLATFORM=offscreen .venv/bin/python reader/resources/icons/make_icons.py

The output is deterministic (same SVG, same Qt: same bytes), so a rerun with an
unchanged SVG leaves git clean. The .ico and .icns files are plain containers of
PNG images, written here byte by byte: no Pillow, no iconutil.

The 16 and 32 px sizes come from reader-small.svg when it exists: the same design
with fewer, thicker strokes, legible on a 16 px grid.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE / "reader.svg"
SMALL_SVG = HERE / "reader-small.svg"
#: Sizes written as reader-<size>.png (and installed into the hicolor theme).
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
SMALL_UP_TO = 32
#: Windows shows 16-48 in lists and 256 for large icons.
ICO_SIZES = (16, 32, 48, 64, 128, 256)
#: (type, size) of the PNG entries of an .icns file; @2x types hold double the pixels.
ICNS_ENTRIES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
    (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
    (b"ic14", 512),
)


def render(size: int) -> bytes:
    """The icon as PNG bytes, ``size`` pixels square."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    source = SMALL_SVG if size <= SMALL_UP_TO and SMALL_SVG.is_file() else SVG
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding each PNG as it is (Windows Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    entries, offset = [], 6 + 16 * len(pngs)
    for size, data in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset))
        offset += len(data)
    return header + b"".join(entries) + b"".join(data for _, data in sorted(pngs.items()))


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG entries (macOS 10.7 and later)."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_ENTRIES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - kept alive
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | {size for _, size in ICNS_ENTRIES})
    pngs = {size: render(size) for size in sizes}
    for size in PNG_SIZES:
        (HERE / f"reader-{size}.png").write_bytes(pngs[size])
    (HERE / "reader.ico").write_bytes(ico({size: pngs[size] for size in ICO_SIZES}))
    (HERE / "reader.icns").write_bytes(icns(pngs))
    print(f"wrote {len(PNG_SIZES)} PNGs, reader.ico and reader.icns into {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
