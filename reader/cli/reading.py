"""``reader annotate``, ``reader articles``, ``reader show`` and ``reader open``: reading
text from the command line, and opening the window."""

from __future__ import annotations

import argparse
import sys

from typing import TYPE_CHECKING

from reader.cli import console
from reader.core.dictionaries import labels
from reader.core.library import bundled

if TYPE_CHECKING:
    from reader.core.dictionaries import wordinfo


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

    p = sub.add_parser(
        "lookup",
        help="look up the word at the start of a text, as the popup shows it",
        description="The longest word at the start of TEXT: its dictionary form, reading and "
        "inflections (食べさせられなかった: 食べる, causative, passive, negative, past), the "
        "entries of JMdict, JMnedict and every enabled imported dictionary, pitch accent and "
        "level, and for a compound its parts.",
    )
    p.add_argument("text", help="Japanese text; its first word is looked up")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_lookup)

    p = sub.add_parser("articles", help="list the bundled articles, or print one")
    p.add_argument("id", nargs="?", help="an article id or its number in the list")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("open", help="open the window, importing a file as a new article")
    p.add_argument("path", nargs="?", help="a .txt, .md, .html or .epub file (none: just the window)")
    p.set_defaults(func=cmd_window)

    p = sub.add_parser("show", help="print a bundled article with furigana in the terminal")
    p.add_argument("id", nargs="?", help="an article id or number (default: the first)")
    p.set_defaults(func=cmd_show)


def cmd_annotate(args: argparse.Namespace) -> int:
    from reader.core.text import formats
    from reader.core.text.pipeline import Annotator

    text, name = console.read_input(args.path)
    dictionary = None if args.no_glosses else console.open_dictionary()
    more = None if args.no_glosses else console.open_user_dictionaries()
    annotator = Annotator(dictionary, more)
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


def cmd_lookup(args: argparse.Namespace) -> int:
    import json

    from reader.core.dictionaries import wordinfo
    from reader.core.errors import ReaderError
    from reader.core.text.pipeline import Annotator

    user_dicts = console.open_user_dictionaries()
    annotator = Annotator(console.open_dictionary(), user_dicts)
    found = wordinfo.look_up(args.text, annotator, user_dicts)
    if found is None:
        raise ReaderError(f"no word found at the start of {args.text!r}", "give Japanese text")
    out = console.stdout()
    if args.format == "json":
        data = wordinfo.lookup_dict(found)
        data["pitch"] = [{**p, "source": p["dict"]} for p in data["pitch"]] + _estimated_pitch(found)
        out.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        out.write(lookup_text(found))
    return 0


def _estimated_pitch(found: wordinfo.WordLookup) -> list[dict]:
    """Open JTalk's estimate for the word, after any imported pitch dictionary's."""
    from reader.core.audio.accent import lookup_pitch

    return lookup_pitch(found.word.base, found.word.base_reading or None)


def lookup_text(found: wordinfo.WordLookup) -> str:
    """`reader lookup`'s text: headword, inflections, senses, names, imported
    dictionaries, pitch, then a compound's parts, indented."""
    word, more = found.word, found.more
    lines = [_headline(word.base, word.base_reading, more)]
    if word.inflections:
        lines.append(f"  {word.text}: {word.base} « " + " « ".join(word.inflections))
    elif word.text != word.base:
        lines.append(f"  as written: {word.text}")
    lines += _senses(word.entries, "  ")
    if found.names:
        lines.append("  names:")
        lines += _senses(found.names, "    ")
    lines += _imported(more, "  ")
    for line in more.pitches:
        lines.append(f"  pitch: {''.join(line.accent.morae)} [{line.accent.downstep}] {line.accent.name} ({line.dictionary})")
    for guess in _estimated_pitch(found):
        lines.append(f"  pitch: {guess['reading']} [{guess['downstep']}] {guess['name']} ({guess['source']})")
    if found.parts:
        lines.append("  parts:")
        for part, part_more in zip(found.parts, found.parts_more, strict=True):
            lines.append("    " + _headline(part.base, part.base_reading, part_more))
            lines += _senses(part.entries[:2], "      ", senses=2)
    return "\n".join(lines) + "\n"


def _headline(base: str, reading: str, more: wordinfo.WordExtras) -> str:
    from reader.core.text.kana import to_hiragana

    badges = " · ".join(b for b in (more.level_label, more.band) if b)
    shown = f"{base}【{reading}】" if reading and reading != to_hiragana(base) else base
    return f"{shown}  {badges}" if badges else shown


def _senses(entries: tuple, indent: str, senses: int = 6) -> list[str]:
    lines = []
    for entry in entries:
        if entry.word or entry.reading:
            lines.append(f"{indent}{entry.word}【{entry.reading}】" + (" (common)" if entry.common else ""))
        for n, sense in enumerate(entry.senses[:senses], 1):
            label = labels.pos_text(sense.pos, notes=True)
            pos = f" ({label})" if label else ""
            lines.append(f"{indent}  {n}. {'; '.join(sense.glosses)}{pos}")
    return lines


def _imported(more: wordinfo.WordExtras, indent: str) -> list[str]:
    lines = []
    for term in more.lookup.terms if more.lookup else ():
        lines.append(f"{indent}[{term.dictionary}] {term.expression}【{term.reading}】")
        lines += [f"{indent}  - {d}" for d in term.definitions if d]
    return lines
