"""Before Qt starts: the system libraries its X11 (xcb) plugin needs, and a Japanese font.

Qt aborts with a long, cryptic message ("could not load the Qt platform plugin xcb")
when one of the X11 libraries that PySide6 does not bundle is missing; a Debian or
Ubuntu user needs the one ``apt-get install`` line instead. So this module checks them
with ``ctypes`` first, and imports nothing from Qt, so that it can run before Qt loads.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: What Qt 6's xcb platform plugin (plugins/platforms/libqxcb.so, and the
#: libQt6XcbQpa.so.6 it loads) links against and PySide6 does not bundle: each soname,
#: by the Debian/Ubuntu package that holds it. From `objdump -p` (NEEDED) of PySide6
#: 6.11's two libraries; the C and C++ runtimes, which every system has, left out.
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),  # the one most systems lack (Qt >= 6.5)
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb.so.1", "libxcb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libX11.so.6", "libx11-6"),
    ("libGL.so.1", "libgl1"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libgthread-2.0.so.0", "libglib2.0-0"),
)

#: The package that gives Qt's text Japanese glyphs (and the CJK font the README names).
FONT_PACKAGE = "fonts-noto-cjk"
FONT_WARNING = f"no Japanese font found: install {FONT_PACKAGE} (sudo apt-get install {FONT_PACKAGE})"
#: The exit code of a window that cannot start for want of system libraries.
EXIT_MISSING_LIBRARIES = 2

Loader = Callable[[str], Any]
Runner = Callable[..., Any]


@dataclass(frozen=True)
class Report:
    """What is missing: libraries by soname, the packages that hold them (each once, in
    the table's order), and whether no Japanese font was found."""

    missing_libraries: tuple[str, ...] = ()
    missing_packages: tuple[str, ...] = ()
    font_missing: bool = False

    @property
    def install_line(self) -> str:
        return "sudo apt-get install " + " ".join(self.missing_packages) if self.missing_packages else ""

    def message(self) -> str:
        """What to tell the user, one line each: the libraries and the apt line that
        installs them, then the font; "" when nothing is missing."""
        lines = []
        if self.missing_libraries:
            lines.append(
                f"reader: the window cannot start: Qt's X11 (xcb) plugin needs system libraries "
                f"that are missing ({', '.join(self.missing_libraries)}). Install them with:"
            )
            lines.append(f"    {self.install_line}")
        if self.font_missing:
            lines.append(f"reader: warning: {FONT_WARNING}")
        return "\n".join(lines)


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will pick its xcb plugin: on Linux, asked for (QT_QPA_PLATFORM=xcb), or
    left to choose with an X display and no Wayland one (in a Wayland session Qt 6
    prefers its wayland plugin)."""
    if not platform.startswith("linux"):
        return False
    # "xcb:option=value" gives the plugin options; "wayland;xcb" is a list, first choice first.
    asked = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if asked == "xcb":
        return True
    return not asked and bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def _load_error(load: Loader, soname: str) -> str | None:
    """Why a library does not load (dlopen's message), or None when it does."""
    try:
        load(soname)
    except OSError as error:  # not found, or found but not a library (a broken file, another architecture)
        return str(error)
    return None


def _blamed(error: str) -> str:
    """The library dlopen's message is about: "libxcb-render.so.0: cannot open shared
    object file" when a library loads but one it needs does not."""
    return os.path.basename(error.split(": ", 1)[0])


def japanese_font_missing(run: Runner = subprocess.run) -> bool:
    """True only when fontconfig answers and knows no font with Japanese glyphs; without
    fc-list (or when it fails) nothing can be said, and nothing is reported."""
    try:
        done = run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):  # no fc-list, or it hung
        return False
    return done.returncode == 0 and not str(done.stdout or "").strip()


def check(
    environ: Mapping[str, str] = os.environ,
    load: Loader = ctypes.CDLL,
    run: Runner = subprocess.run,
    platform: str = sys.platform,
) -> Report:
    """What the window would lack: the xcb libraries (only when Qt will use xcb) and,
    on Linux, a Japanese font. Loads libraries and runs fc-list through ``load`` and
    ``run``, so that tests can choose what is missing."""
    missing: list[str] = []
    packages: list[str] = []
    if uses_xcb(environ, platform):
        errors = {soname: _load_error(load, soname) for soname, _ in XCB_LIBRARIES}
        failed = {soname for soname, error in errors.items() if error is not None}
        for soname, package in XCB_LIBRARIES:
            error = errors[soname]
            if error is None:
                continue
            blamed = _blamed(error)
            if blamed != soname and blamed in failed:
                continue  # present, but another missing library it needs stops it: that one is named
            missing.append(soname)
            if package not in packages:
                packages.append(package)
    font_missing = platform.startswith("linux") and japanese_font_missing(run)
    return Report(tuple(missing), tuple(packages), font_missing)


def preflight_or_exit() -> int | None:
    """Check before Qt starts: with libraries missing, say which and how to install
    them and return the exit code; a missing font is a warning. None: go on."""
    report = check()
    if report.missing_libraries or report.font_missing:
        print(report.message(), file=sys.stderr, flush=True)
    return EXIT_MISSING_LIBRARIES if report.missing_libraries else None
