"""``reader models …`` and ``reader translate``: the offline translation commands."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from reader.cli import console
from reader.core.errors import ReaderError
from reader.core.text.model import Sentence
from reader.core.text.sentences import split_sentences
from reader.core.translation import packages
from reader.core.translation.cache import CachedTranslator, TranslationCache
from reader.core.translation.engine import CT2Translator, Translator

FORMATS = ("text", "json", "tsv")
Translated = tuple[Sentence, str]


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``models`` and ``translate`` to the main parser's subcommands."""
    p = sub.add_parser("models", help="list, install, download or remove translation models")
    msub = p.add_subparsers(dest="models_command", metavar="{list,install,download,remove}")
    msub.required = True
    m = msub.add_parser("list", help="list the installed translation models")
    m.set_defaults(func=cmd_models_list)
    m = msub.add_parser("install", help="install an .argosmodel file")
    m.add_argument("path", type=Path, help="an Argos Translate .argosmodel file")
    m.set_defaults(func=cmd_models_install)
    m = msub.add_parser(
        "download",
        help="download a model from the Argos Translate index (uses the network)",
    )
    m.add_argument("from_code", help="source language code, e.g. ja")
    m.add_argument("to_code", help="target language code, e.g. en")
    m.set_defaults(func=cmd_models_download)
    m = msub.add_parser("remove", help="remove an installed model")
    m.add_argument("name", help="the model's name, as `reader models list` shows it")
    m.set_defaults(func=cmd_models_remove)

    t = sub.add_parser(
        "translate",
        help="translate Japanese text to English, offline",
        description="Translate a text file (any common Japanese encoding) or standard input, "
        "sentence by sentence, with the installed Japanese→English model.",
    )
    t.add_argument("path", help="a text file, or - for standard input")
    t.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="text",
        help="text: one translation per sentence (default); json: sentences with offsets "
        "and translations; tsv: start, end, Japanese, English",
    )
    t.add_argument("--beam", type=int, default=4, help="beam size (default: %(default)s)")
    t.add_argument("--no-cache", action="store_true", help="translate again, ignoring the cache")
    t.set_defaults(func=cmd_translate)


def _describe(info: packages.PackageInfo) -> str:
    return (
        f"{info.name}  {info.from_code}→{info.to_code}  version {info.version or '?'}  "
        f"{info.size / 1024**2:.1f} MB\n   {info.path}\n"
    )


def cmd_models_list(args: argparse.Namespace) -> int:
    out = console.stdout()
    found = packages.list_packages()
    if not found:
        out.write(
            "no translation models installed: run `reader models install FILE.argosmodel` "
            "or `reader models download ja en`\n"
        )
    for info in found:
        out.write(_describe(info))
    return 0


def cmd_models_install(args: argparse.Namespace) -> int:
    info = packages.install_package(args.path)
    console.stdout().write(f"installed {_describe(info)}")
    return 0


def cmd_models_download(args: argparse.Namespace) -> int:
    print(f"downloading the {args.from_code}→{args.to_code} model…", file=sys.stderr)
    info = packages.download_package(args.from_code, args.to_code)
    console.stdout().write(f"installed {_describe(info)}")
    return 0


def cmd_models_remove(args: argparse.Namespace) -> int:
    info = packages.remove_package(args.name)
    console.stdout().write(f"removed {info.name}\n")
    return 0


def iter_translated(text: str, beam: int = 4, use_cache: bool = True) -> Iterator[Translated]:
    """(Sentence, translation) for every sentence of ``text``, in order, each as soon as it
    and all before it are done. Checks (model installed, beam) happen before it returns."""
    if beam < 1:
        raise ReaderError(f"--beam must be 1 or more, not {beam}")
    package = packages.require_package()
    sentences = split_sentences(text)
    translator: Translator = CT2Translator(package, beam_size=beam)
    cache = TranslationCache.open_default() if use_cache else None
    if cache is not None:
        translator = CachedTranslator(translator, cache)
    return _in_order(translator, sentences, cache)


def _in_order(
    translator: Translator, sentences: list[Sentence], cache: TranslationCache | None
) -> Iterator[Translated]:
    done: dict[int, str] = {}
    ready = 0
    progress = console.Progress()
    try:
        for index, translation in translator.translate_sentences([s.text for s in sentences]):
            done[index] = translation
            progress(ready + len(done), len(sentences))
            while ready in done:
                yield sentences[ready], done.pop(ready)
                ready += 1
    finally:
        if cache is not None:
            cache.close()
        progress.end()


def _cell(text: str) -> str:
    """One field on one line: tabs and line breaks would break the columns."""
    return " ".join(text.split())


def cmd_translate(args: argparse.Namespace) -> int:
    pairs = iter_translated(console.read_input(args.path)[0], beam=args.beam, use_cache=not args.no_cache)
    out = console.stdout()
    if args.format == "json":
        out.write('{"sentences": [')
        for n, (s, translation) in enumerate(pairs):
            item = {"text": s.text, "start": s.start, "end": s.end, "translation": translation}
            out.write(",\n" if n else "\n")
            out.write(json.dumps(item, ensure_ascii=False))
        out.write("\n]}\n")
    elif args.format == "tsv":
        for s, translation in pairs:
            out.write(f"{s.start}\t{s.end}\t{_cell(s.text)}\t{_cell(translation)}\n")
    else:
        for _, translation in pairs:
            out.write(f"{_cell(translation)}\n")
    return 0
