"""Desktop integration on Linux and the BSDs (freedesktop.org): the launcher's
``.desktop`` file and the icons, and installing both for the user.

``reader desktop install`` writes ``$XDG_DATA_HOME/applications/reader.desktop`` with
an absolute ``Exec`` (menus do not search a virtual environment's ``bin``), and the
icons into ``$XDG_DATA_HOME/icons/hicolor``; ``uninstall`` removes what install wrote.
The file shipped in ``resources/desktop/reader.desktop`` is :func:`desktop_entry` for
plain ``reader`` on the PATH (a test keeps the two the same).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core import paths
from reader.core.errors import ReaderError

#: The launcher's file name, the icon's name in the theme, and Qt's X11 window class
#: (QApplication.setApplicationName("reader") in qt/app.py).
APP_ID = "reader"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
MIME_TYPES = ("application/epub+zip", "text/plain", "text/html", "text/markdown")
#: One main category (Education): a second one (Office) would list reader twice in menus.
CATEGORIES = ("Education", "Languages")
KEYWORDS = (
    "Japanese", "reading", "furigana", "dictionary", "JMdict", "translation",
    "vocabulary", "Anki", "日本語", "読む", "ふりがな", "辞書",
)
#: The first line of a file that install wrote: uninstall removes only such a file, and
#: install replaces only such a file (another program's reader.desktop stays).
MARK = "# Written by `reader desktop install`; `reader desktop uninstall` removes it."

#: Characters that make an Exec argument need quoting (the Desktop Entry spec).
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


@dataclass(frozen=True)
class Layout:
    """Where install puts each file, under one XDG data directory."""

    data_home: Path

    @property
    def desktop_file(self) -> Path:
        return self.data_home / "applications" / f"{APP_ID}.desktop"

    def png(self, size: int) -> Path:
        return self.data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"

    @property
    def svg(self) -> Path:
        return self.data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"

    def files(self) -> list[Path]:
        return [self.desktop_file, *(self.png(size) for size in ICON_SIZES), self.svg]


def icons_dir() -> Path:
    return paths.resources_dir() / "icons"


def shipped_desktop_file() -> Path:
    return paths.resources_dir() / "desktop" / f"{APP_ID}.desktop"


def data_home(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset, empty or relative
    (as the XDG Base Directory spec says)."""
    env = os.environ if env is None else env
    value = env.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".local" / "share"


def reader_command(argv0: str | None = None) -> list[str]:
    """The absolute command that starts this reader: the ``reader`` script that is
    running, else the one next to this Python (a virtual environment's), else the one on
    the PATH, else this Python with ``-m reader``."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    script = Path(argv0) if argv0 else None
    if script and script.stem == APP_ID and script.suffix in ("", ".exe") and script.is_file():
        return [str(script.absolute())]
    beside = Path(sys.executable).parent / (APP_ID + (".exe" if sys.platform == "win32" else ""))
    if beside.is_file():
        return [str(beside.absolute())]
    found = shutil.which(APP_ID)
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", APP_ID]


def quote_exec_argument(argument: str) -> str:
    """One argument of an Exec key, quoted as the Desktop Entry spec requires."""
    if argument and not _RESERVED & set(argument):
        return argument.replace("%", "%%")
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return '"' + escaped.replace("%", "%%") + '"'


def _escape_value(value: str) -> str:
    """A string value as a .desktop file writes it (backslash escapes)."""
    return (
        value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )


def desktop_entry(command: Sequence[str] = (APP_ID,), *, installed: bool = False) -> str:
    """The text of reader.desktop for ``command`` (the words that start reader)."""
    exec_line = " ".join(quote_exec_argument(word) for word in command) + " open %f"
    lines = [MARK] if installed else []
    lines += [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        f"Name={APP_ID}",
        "GenericName=Japanese reading assistant",
        "Comment=Read Japanese with furigana, glosses, offline translation and vocabulary",
        f"Icon={APP_ID}",
        f"TryExec={_escape_value(command[0])}",
        f"Exec={_escape_value(exec_line)}",
        "Terminal=false",
        "Categories=" + "".join(f"{c};" for c in CATEGORIES),
        "MimeType=" + "".join(f"{m};" for m in MIME_TYPES),
        "Keywords=" + "".join(f"{k};" for k in KEYWORDS),
        f"StartupWMClass={APP_ID}",
    ]
    return "\n".join(lines) + "\n"


def parse_entry(text: str) -> dict[str, str]:
    """The keys of a .desktop file's [Desktop Entry] group (comments and other groups
    left out; values as written)."""
    values: dict[str, str] = {}
    group = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == "Desktop Entry" and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def _is_ours(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            return f.readline().rstrip("\n") == MARK
    except FileNotFoundError:
        return False


def install(home: Path | None = None, command: Sequence[str] | None = None) -> list[Path]:
    """Write the launcher and the icons under ``home`` (default: :func:`data_home`);
    the files written. A reader.desktop there that install did not write is kept, and
    install refuses."""
    layout = Layout(home or data_home())
    target = layout.desktop_file
    if target.exists() and not _is_ours(target):
        raise ReaderError(
            f"{target} exists and was not written by reader",
            "look at it, and remove it if it is an old reader launcher; then run this again",
        )
    source = icons_dir()
    needed = [source / "reader.svg", *(source / f"reader-{size}.png" for size in ICON_SIZES)]
    missing = [p for p in needed if not p.is_file()]
    if missing:
        raise ReaderError(f"reader's icons are missing ({missing[0]})", "reinstall reader")
    written = []
    for size in ICON_SIZES:
        written.append(_copy(source / f"reader-{size}.png", layout.png(size)))
    written.append(_copy(source / "reader.svg", layout.svg))
    target.parent.mkdir(parents=True, exist_ok=True)
    text = desktop_entry(command or reader_command(), installed=True)
    partial = target.with_name(f".{target.name}.tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, target)
    written.append(target)
    return written


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what install wrote under ``home``; the files removed. A reader.desktop
    that install did not write is kept (and so are the icons then)."""
    layout = Layout(home or data_home())
    if layout.desktop_file.exists() and not _is_ours(layout.desktop_file):
        raise ReaderError(
            f"{layout.desktop_file} was not written by reader, so it is left alone",
            "remove it yourself if it is reader's",
        )
    removed = []
    for path in layout.files():
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def refresh_caches(home: Path | None = None) -> bool:
    """Rebuild the launchers' file-type index (``mimeinfo.cache``, for "Open with") where
    update-desktop-database is installed; whether it ran. A failure is ignored: the files
    are in place, and desktops notice them on their own. (No icon cache is built: a
    user's hicolor folder works without one, and a stale one would hide icons.)"""
    tool = shutil.which("update-desktop-database")
    folder = Layout(home or data_home()).desktop_file.parent
    if not tool or not folder.is_dir():
        return False
    try:
        done = subprocess.run([tool, "-q", str(folder)], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
