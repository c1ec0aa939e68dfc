"""``reader annotate``, ``reader articles``, ``reader show`` and ``reader open``: reading
text from the command line, and opening the window."""

from __future__ import annotations

import argparse
import sys

from reader.cli import console
from reader.core.library import bundled


def add_parsers(sub: argparse._SubParsersAction) -> None:
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

    p = sub.add_parser("articles", help="list the bundled articles, or print one")
    p.add_argument("id", nargs="?", help="an article id or its number in the list")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("open", help="open the window, importing a file as a new article")
    p.add_argument("path", help="a .txt, .md, .html or .epub file")
    p.set_defaults(func=cmd_window)

    p = sub.add_parser("show", help="print a bundled article with furigana in the terminal")
    p.add_argument("id", nargs="?", help="an article id or number (default: the first)")
    p.set_defaults(func=cmd_show)


def cmd_annotate(args: argparse.Namespace) -> int:
    from reader.core.text import formats
    from reader.core.text.pipeline import Annotator

    text, name = console.read_input(args.path)
    dictionary = None if args.no_glosses else console.open_dictionary()
    annotator = Annotator(dictionary)
    out = console.stdout()
    sentences = annotator.iter_annotate(text)
    if args.format == "json":
        formats.write_json(sentences, out)
    elif args.format == "html":
        formats.write_html(sentences, out, title=args.title or name)
    else:
        formats.write_text(text, sentences, out)
    return 0


def cmd_articles(args: argparse.Namespace) -> int:
    out = console.stdout()
    if args.id:
        out.write(bundled.load_article(args.id).text)
        return 0
    for n, info in enumerate(bundled.list_articles(), 1):
        by = f" ({info.author})" if info.author else ""
        out.write(f"{n}  {info.date}  {info.id}\n   {info.title}{by}\n")
    return 0


def cmd_window(args: argparse.Namespace) -> int:
    """Open the window; with no display, show the first article in the terminal."""
    from reader.qt.app import has_display, run

    if has_display():
        return run(open_path=getattr(args, "path", None))
    print(
        "reader: no display found, so here is the first article in the terminal "
        "(set DISPLAY, or QT_QPA_PLATFORM=offscreen, to start the window)",
        file=sys.stderr,
    )
    return cmd_show(args)


def cmd_show(args: argparse.Namespace) -> int:
    """The first bundled article (or a chosen one), annotated, in the terminal."""
    from reader.core.text import formats
    from reader.core.text.pipeline import Annotator

    chosen = getattr(args, "id", None)
    article = bundled.load_article(chosen) if chosen else bundled.first_article()
    info = article.info
    out = console.stdout()
    out.write(f"{info.title}\n{info.author}  {info.date}  {info.source}\n\n")
    annotator = Annotator(console.open_dictionary())
    formats.write_text(article.text, annotator.iter_annotate(article.text), out)
    return 0
