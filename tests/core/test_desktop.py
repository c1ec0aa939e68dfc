"""The launcher (.desktop file) and the icons: their text, where install puts them, and
that uninstall takes them away again."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from reader.core import paths
from reader.core.app import desktop
from reader.core.errors import ReaderError

REQUIRED = {
    "Type": "Application",
    "Name": "reader",
    "GenericName": "Japanese reading assistant",
    "Icon": "reader",
    "Terminal": "false",
    "StartupWMClass": "reader",
}


def _list(value: str) -> list[str]:
    assert value.endswith(";")
    return value[:-1].split(";")


def test_the_shipped_file_is_the_entry_for_reader_on_the_path():
    shipped = desktop.shipped_desktop_file().read_text(encoding="utf-8")
    assert shipped == desktop.desktop_entry()
    entry = desktop.parse_entry(shipped)
    assert entry.items() >= REQUIRED.items()
    assert entry["Exec"] == "reader open %f"
    assert entry["Comment"]
    assert _list(entry["MimeType"]) == [
        "application/epub+zip", "text/plain", "text/html", "text/markdown",
    ]
    assert _list(entry["Categories"])[0] == "Education"
    assert "Japanese" in _list(entry["Keywords"])


def test_the_window_class_is_the_application_name_qt_is_given():
    """Qt's X11 window class is QApplication's applicationName: the menu matches the
    running window to the launcher by it."""
    app = (paths.PACKAGE_DIR / "qt" / "app.py").read_text(encoding="utf-8")
    names = re.findall(r'setApplicationName\("([^"]+)"\)', app)
    assert names == [desktop.APP_ID]


def test_an_installed_entry_starts_reader_by_its_absolute_path():
    text = desktop.desktop_entry(["/opt/reader env/bin/reader"], installed=True)
    assert text.startswith(desktop.MARK + "\n[Desktop Entry]\n")
    entry = desktop.parse_entry(text)
    assert entry["Exec"] == '"/opt/reader env/bin/reader" open %f'
    assert entry["TryExec"] == "/opt/reader env/bin/reader"
    plain = desktop.parse_entry(desktop.desktop_entry(["/usr/bin/python3", "-m", "reader"]))
    assert plain["Exec"] == "/usr/bin/python3 -m reader open %f"


@pytest.mark.parametrize(
    ("argument", "quoted"),
    [
        ("/usr/bin/reader", "/usr/bin/reader"),
        ("/a b/reader", '"/a b/reader"'),
        ('/a"b', '"/a\\"b"'),
        ("/$HOME/`x`", '"/\\$HOME/\\`x\\`"'),
        ("C:\\x", '"C:\\\\x"'),
        ("/100%/reader", "/100%%/reader"),
        ("", '""'),
    ],
)
def test_exec_arguments_are_quoted_as_the_spec_says(argument, quoted):
    assert desktop.quote_exec_argument(argument) == quoted


def test_backslashes_are_escaped_again_in_the_value():
    entry = desktop.desktop_entry(["/a b\\c/reader"])
    assert 'Exec="/a b\\\\\\\\c/reader" open %f' in entry.splitlines()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_file_validate_accepts_both(tmp_path):
    installed = tmp_path / "reader.desktop"
    installed.write_text(desktop.desktop_entry(["/opt/a b/$x/reader"], installed=True), encoding="utf-8")
    for path in (desktop.shipped_desktop_file(), installed):
        done = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert done.returncode == 0 and "error" not in done.stdout, done.stdout


def test_xdg_data_home_is_respected_when_absolute(tmp_path):
    assert desktop.data_home({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path
    default = Path.home() / ".local" / "share"
    assert desktop.data_home({"XDG_DATA_HOME": "relative/dir"}) == default
    assert desktop.data_home({"XDG_DATA_HOME": ""}) == default
    assert desktop.data_home({}) == default


def test_the_command_is_the_running_reader_script(tmp_path):
    script = tmp_path / "bin" / "reader"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    assert desktop.reader_command(str(script)) == [str(script)]
    # `python -m reader`: argv[0] is __main__.py, which a menu cannot start.
    command = desktop.reader_command(str(paths.PACKAGE_DIR / "__main__.py"))
    assert Path(command[0]).is_absolute()
    assert command[0] != str(paths.PACKAGE_DIR / "__main__.py")
    assert Path(command[0]).name in ("reader", "reader.exe") or command[1:] == ["-m", "reader"]


def test_install_puts_the_launcher_and_icons_where_desktops_look(tmp_path):
    command = ["/opt/reader/bin/reader"]
    written = desktop.install(tmp_path, command)
    launcher = tmp_path / "applications" / "reader.desktop"
    icons = tmp_path / "icons" / "hicolor"
    expected = [icons / f"{s}x{s}" / "apps" / "reader.png" for s in desktop.ICON_SIZES]
    assert written == [*expected, icons / "scalable" / "apps" / "reader.svg", launcher]
    entry = desktop.parse_entry(launcher.read_text(encoding="utf-8"))
    assert entry["Exec"] == "/opt/reader/bin/reader open %f"
    for size in desktop.ICON_SIZES:
        png = icons / f"{size}x{size}" / "apps" / "reader.png"
        assert png.read_bytes() == (desktop.icons_dir() / f"reader-{size}.png").read_bytes()
    assert (icons / "scalable" / "apps" / "reader.svg").read_bytes().startswith(b"<?xml")
    assert not list(tmp_path.rglob("*.tmp"))

    # Again (a moved virtual environment): replaced, not refused.
    desktop.install(tmp_path, ["/elsewhere/reader"])
    assert desktop.parse_entry(launcher.read_text(encoding="utf-8"))["Exec"] == "/elsewhere/reader open %f"

    removed = desktop.uninstall(tmp_path)
    assert sorted(removed) == sorted(written)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
    assert desktop.uninstall(tmp_path) == []


def test_another_programs_reader_desktop_is_left_alone(tmp_path):
    theirs = tmp_path / "applications" / "reader.desktop"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("[Desktop Entry]\nType=Application\nName=Other reader\nExec=other\n")
    before = theirs.read_text()
    with pytest.raises(ReaderError, match="not written by reader"):
        desktop.install(tmp_path, ["/opt/reader"])
    with pytest.raises(ReaderError, match="not written by reader"):
        desktop.uninstall(tmp_path)
    assert theirs.read_text() == before
    assert not (tmp_path / "icons").exists()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_icons_are_there_at_every_size():
    folder = desktop.icons_dir()
    for size in desktop.ICON_SIZES:
        assert _png_size((folder / f"reader-{size}.png").read_bytes()) == (size, size)
    assert b"<svg" in (folder / "reader.svg").read_bytes()


def test_the_ico_and_icns_hold_pngs():
    folder = desktop.icons_dir()
    ico = (folder / "reader.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for n in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * n : 22 + 16 * n])
        size = _png_size(ico[offset : offset + length])
        assert size[0] == (width or 256)
        sizes.append(size[0])
    assert sizes == [16, 32, 48, 64, 128, 256]

    icns = (folder / "reader.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    found, at = {}, 8
    while at < len(icns):
        kind, length = icns[at : at + 4], struct.unpack(">I", icns[at + 4 : at + 8])[0]
        found[kind] = _png_size(icns[at + 8 : at + length])[0]
        at += length
    assert found[b"ic07"] == 128 and found[b"ic08"] == 256
    assert found[b"ic09"] == 512 and found[b"ic10"] == 1024
