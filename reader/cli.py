"""The ``reader`` command line.

Every failure ends in one line on stderr and a non-zero exit: a ReaderError's
message and advice, or for a bug a short note pointing at the log file that
holds the traceback.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from reader.core import paths
from reader.core.errors import ReaderError
from reader.core.library import bundled

log = logging.getLogger("reader")

EXIT_INTERNAL = 70


def _add_annotate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "annotate",
        help="print Japanese text with furigana and glosses",
        description="Annotate a text file (any common Japanese encoding) or standard input.",
    )
    p.add_argument("path", help="a text file, or - for standard input")
    p.add_argument(
        "--format",
        "-f",
        choices=("text", "json", "html"),
        default="text",
        help="text: 停戦[ていせん] style (default); json: tokens with offsets; html: a printable page",
    )
    p.add_argument("--title", default=None, help="page title for --format html")
    p.add_argument(
        "--no-glosses", action="store_true", help="skip the dictionary (furigana only)"
    )
    p.set_defaults(func=cmd_annotate)


def _add_articles(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("articles", help="list the bundled articles, or print one")
    p.add_argument("id", nargs="?", help="an article id or its number in the list")
    p.set_defaults(func=cmd_articles)


def _add_open(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("open", help="open the window, importing a file as a new article")
    p.add_argument("path", help="a .txt, .md, .html or .epub file")
    p.set_defaults(func=cmd_default)
    p = sub.add_parser("show", help="print a bundled article with furigana in the terminal")
    p.add_argument("id", nargs="?", help="an article id or number (default: the first)")
    p.set_defaults(func=cmd_print)


def _add_dict(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dict", help="build or inspect the dictionary; import Yomitan ones")
    from reader import cli_dicts

    metavar = "{" + ",".join(("build", "info", *cli_dicts.COMMANDS)) + "}"
    dsub = p.add_subparsers(dest="dict_command", metavar=metavar, required=True)
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
    b.set_defaults(func=cmd_dict_build)
    i = dsub.add_parser("info", help="show the dictionary's source, date and size")
    i.set_defaults(func=cmd_dict_info)
    cli_dicts.add_parsers(dsub)  # imported Yomitan dictionaries


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="An offline reading assistant for Japanese. With no command, "
        "opens the window on the last article read.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_annotate(sub)
    _add_articles(sub)
    _add_open(sub)
    _add_dict(sub)
    from reader import cli_translate, cli_vocab

    cli_translate.add_parsers(sub)
    cli_vocab.add_parsers(sub)
    from reader import cli_examples

    cli_examples.add_parsers(sub)
    parser.set_defaults(func=cmd_default)
    return parser


def _stdout() -> TextIO:
    """UTF-8 standard output whatever the console's code page, never failing on odd text."""
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper):
        out.reconfigure(encoding="utf-8", errors="replace")
    return out


def _read_input(path: str) -> tuple[str, str]:
    """(text, name) of a file or of standard input."""
    from reader.core.text.decode import MAX_INPUT_BYTES, decode, read_text_file

    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        return decode(data, name="standard input"), "standard input"
    return read_text_file(path), Path(path).name


def _open_dictionary():
    from reader.core.dictionaries.jmdict import Dictionary

    return Dictionary.open_default()


def cmd_annotate(args: argparse.Namespace) -> int:
    from reader.core.text import formats
    from reader.core.text.pipeline import Annotator

    text, name = _read_input(args.path)
    dictionary = None if args.no_glosses else _open_dictionary()
    annotator = Annotator(dictionary)
    out = _stdout()
    sentences = annotator.iter_annotate(text)
    if args.format == "json":
        formats.write_json(sentences, out)
    elif args.format == "html":
        formats.write_html(sentences, out, title=args.title or name)
    else:
        formats.write_text(text, sentences, out)
    return 0


def cmd_articles(args: argparse.Namespace) -> int:
    out = _stdout()
    if args.id:
        out.write(bundled.load_article(args.id).text)
        return 0
    for n, info in enumerate(bundled.list_articles(), 1):
        by = f" ({info.author})" if info.author else ""
        out.write(f"{n}  {info.date}  {info.id}\n   {info.title}{by}\n")
    return 0


def cmd_default(args: argparse.Namespace) -> int:
    """Open the window; with no display, show the first article in the terminal."""
    from reader.qt.app import has_display, run

    if has_display():
        return run(open_path=getattr(args, "path", None))
    print(
        "reader: no display found, so here is the first article in the terminal "
        "(set DISPLAY, or QT_QPA_PLATFORM=offscreen, to start the window)",
        file=sys.stderr,
    )
    return cmd_print(args)


def cmd_print(args: argparse.Namespace) -> int:
    """The first bundled article (or a chosen one), annotated, in the terminal."""
    from reader.core.text import formats
    from reader.core.text.pipeline import Annotator

    article = bundled.load_article(args.id) if getattr(args, "id", None) else bundled.first_article()
    info = article.info
    out = _stdout()
    out.write(f"{info.title}\n{info.author}  {info.date}  {info.source}\n\n")
    annotator = Annotator(_open_dictionary())
    formats.write_text(article.text, annotator.iter_annotate(article.text), out)
    return 0


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty() and total:
        sys.stderr.write(f"\r  {done * 100 // total:3d}%")
        sys.stderr.flush()


def cmd_dict_build(args: argparse.Namespace) -> int:
    from reader.core.dictionaries import build

    out = args.output or paths.dictionary_path()
    if args.if_outdated and build.is_current(out):
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if args.jmdict:
        info = build.build_from_jmdict_xml(args.jmdict, out, progress=_progress)
    else:
        info = build.build_from_jamdict(out, progress=_progress)
    if sys.stderr.isatty():
        sys.stderr.write("\r")
    seconds = time.perf_counter() - started
    print(
        f"built {out}: {info.entries} entries from {info.source} ({info.date}) "
        f"in {seconds:.1f} s",
        file=sys.stderr,
    )
    return 0


def cmd_dict_info(args: argparse.Namespace) -> int:
    dictionary = _open_dictionary()
    out = _stdout()
    for key, value in dictionary.info().items():
        out.write(f"{key}: {value}\n")
    return 0


def _log_file() -> Path:
    return paths.data_dir() / "logs" / "reader.log"


def _log_crash(exc: BaseException) -> Path | None:
    where = _log_file()
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(where, encoding="utf-8")
    except OSError:
        return None
    log.addHandler(handler)
    log.error("unexpected error", exc_info=exc)
    handler.close()
    log.removeHandler(handler)
    return where


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ReaderError as exc:
        advice = f": {exc.advice}" if exc.advice else ""
        print(f"reader: {exc.message}{advice}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no tracebacks
        where = _log_crash(exc)
        detail = f"; details in {where}" if where else ""
        print(f"reader: internal error ({type(exc).__name__}: {exc}){detail}", file=sys.stderr)
        return EXIT_INTERNAL

