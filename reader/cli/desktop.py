"""``reader desktop``: put reader in the desktop's application menu (``install``) and
take it out again (``uninstall``), on Linux and the BSDs. The work is in core/app/desktop.py."""

from __future__ import annotations

import argparse
import sys

from reader.core.app import desktop
from reader.core.errors import ReaderError


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "desktop",
        help="add reader to the desktop's application menu, or remove it (Linux)",
        description="Install reader's launcher (.desktop file) and icons for your user, in "
        "$XDG_DATA_HOME (default ~/.local/share), or remove them. The launcher starts the "
        "reader you run this with, by its absolute path, and opens EPUB, text, HTML and "
        "Markdown files.",
    )
    dsub = p.add_subparsers(dest="desktop_command", metavar="{install,uninstall}", required=True)
    i = dsub.add_parser("install", help="add the launcher and the icons (again: update them)")
    i.set_defaults(func=cmd_install)
    u = dsub.add_parser("uninstall", help="remove the launcher and the icons")
    u.set_defaults(func=cmd_uninstall)


def _freedesktop_only() -> None:
    if sys.platform in ("win32", "darwin"):
        raise ReaderError(
            "`reader desktop` is for Linux and BSD desktops",
            "on macOS and Windows, see reader/resources/desktop/README.md",
        )


def cmd_install(args: argparse.Namespace) -> int:
    _freedesktop_only()
    home = desktop.data_home()
    written = desktop.install(home)
    desktop.refresh_caches(home)
    launcher = written[-1]
    entry = desktop.parse_entry(launcher.read_text(encoding="utf-8"))
    print(f"installed {launcher}")
    print(f"  starts: {entry['Exec']}")
    print(f"  icons: {len(written) - 1} files in {home / 'icons' / 'hicolor'}")
    return 0


def cmd_uninstall(args: argparse.Namespace) -> int:
    _freedesktop_only()
    home = desktop.data_home()
    removed = desktop.uninstall(home)
    if not removed:
        print(f"nothing to remove: reader's launcher is not installed in {home}")
        return 0
    desktop.refresh_caches(home)
    print(f"removed {len(removed)} files (the launcher and the icons) from {home}")
    return 0
