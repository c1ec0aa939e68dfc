"""The ``reader`` command line.

One module per command group (reading, dicts, examples, translate, workspace, vocab, audio,
restore, stats), each adding
its parsers; console.py holds what they share. Every failure ends in one line on
stderr and a non-zero exit: a ReaderError's message and advice, or for a bug a short
note pointing at the log file that holds the traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from reader.cli import (
    audio,
    console,
    desktop,
    dicts,
    examples,
    reading,
    restore,
    stats,
    translate,
    vocab,
    workspace,
)
from reader.core.errors import ReaderError, explain

EXIT_INTERNAL = 70
GROUPS = (reading, dicts, translate, workspace, vocab, audio, examples, restore, desktop, stats)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="An offline reading assistant for Japanese. With no command, "
        "opens the window on the last article read.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in GROUPS:
        group.add_parsers(sub)
    parser.set_defaults(func=reading.cmd_window)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ReaderError as exc:
        return _fail(exc)
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no tracebacks
        known = explain(exc)  # a full disk, a read-only file, a busy or damaged database
        if known is not None:
            return _fail(known)
        where, problem = console.log_crash(exc)
        detail = f"; details in {where}" if where else f"; the details could not be logged ({problem})"
        print(f"reader: internal error ({type(exc).__name__}: {exc}){detail}", file=sys.stderr)
        return EXIT_INTERNAL


def _fail(exc: ReaderError) -> int:
    advice = f": {exc.advice}" if exc.advice else ""
    print(f"reader: {exc.message}{advice}", file=sys.stderr)
    return exc.exit_code
