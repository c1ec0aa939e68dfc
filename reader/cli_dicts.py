"""``reader dict import|list|remove|enable|disable|order``: imported Yomitan dictionaries.

They sit beside ``dict build|info`` (the bundled JMdict) under ``reader dict``; the
store is core/userdicts.py, so these commands only parse arguments and print.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core import paths

if TYPE_CHECKING:
    from reader.core.dictionaries.yomitan.database import DictInfo
    from reader.core.dictionaries.yomitan.store import UserDictionaries

COMMANDS = ("import", "list", "remove", "enable", "disable", "order")


def add_parsers(dsub: argparse._SubParsersAction) -> None:
    """Add the commands to ``reader dict``'s subparsers."""
    p = dsub.add_parser(
        "import",
        help="import a Yomitan dictionary zip (a newer revision replaces the old one)",
        description="Import a Yomitan dictionary (format 3 zip: terms, frequencies, pitch "
        "accent, kanji). Importing a newer revision of an installed dictionary updates it "
        "in place, keeping its position and whether it is enabled.",
    )
    p.add_argument("zip", type=Path, help="the dictionary's .zip file")
    p.set_defaults(func=cmd_import)
    p = dsub.add_parser("list", help="list imported dictionaries in priority order")
    p.set_defaults(func=cmd_list)
    for name, what in (
        ("remove", "remove an imported dictionary"),
        ("enable", "use an imported dictionary in lookups"),
        ("disable", "keep an imported dictionary but leave it out of lookups"),
    ):
        p = dsub.add_parser(name, help=what)
        p.add_argument("name", help="its title (any case) or its number in `reader dict list`")
        p.set_defaults(func=cmd_manage, action=name)
    p = dsub.add_parser(
        "order",
        help="set the order dictionaries show in (the ones named first, the rest after)",
    )
    p.add_argument("names", nargs="+", metavar="NAME", help="titles or ids, first shows first")
    p.set_defaults(func=cmd_order)


def _open() -> UserDictionaries:
    from reader.core.dictionaries.yomitan.store import UserDictionaries

    return UserDictionaries(paths.user_dictionaries_path())


class _Progress:
    """A percentage on a terminal (nothing when piped, so a failure stays one line)."""

    def __init__(self) -> None:
        self.shown = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.shown and total:
            sys.stderr.write(f"\r  importing: {done * 100 // total:3d}% ({done}/{total} banks)")
            sys.stderr.flush()

    def end(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")


def cmd_import(args: argparse.Namespace) -> int:
    from reader.core.dictionaries.yomitan.importer import import_dictionary

    with _open() as store:
        before = {info.title.casefold(): info.revision for info in store.list()}
    started = time.perf_counter()
    progress = _Progress()
    try:
        info = import_dictionary(paths.user_dictionaries_path(), args.zip, progress=progress)
    finally:
        progress.end()
    seconds = time.perf_counter() - started
    old = before.get(info.title.casefold())
    verb = f"updated (was revision {old})" if old else "imported"
    print(f"{verb} {info.title} revision {info.revision}: {_counts(info)} in {seconds:.1f} s")
    return 0


def _counts(info: DictInfo) -> str:
    parts = [
        (info.terms, "terms"),
        (info.freqs, "frequencies"),
        (info.pitches, "pitch accents"),
        (info.kanji, "kanji"),
        (info.kanji_freqs, "kanji frequencies"),
    ]
    return ", ".join(f"{n:,} {what}" for n, what in parts if n) or "no entries"


def cmd_list(args: argparse.Namespace) -> int:
    with _open() as store:
        infos = store.list()
    if not infos:
        print("no imported dictionaries (add one with `reader dict import ZIP`)")
        return 0
    for info in infos:
        mark = "x" if info.enabled else " "
        print(f"[{mark}] {info.id:>3}  {info.title} (revision {info.revision}): {_counts(info)}")
    print("([x] enabled; the first shows first)")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    with _open() as store:
        info = store.find(args.name)
        if args.action == "remove":
            store.remove(info.id)
            print(f"removed {info.title}")
        else:
            store.set_enabled(info.id, args.action == "enable")
            print(f"{args.action}d {info.title}")
    return 0


def cmd_order(args: argparse.Namespace) -> int:
    with _open() as store:
        ids = [store.find(name).id for name in args.names]
        store.set_order(ids)
        print("\n".join(f"{n}. {info.title}" for n, info in enumerate(store.list(), 1)))
    return 0
