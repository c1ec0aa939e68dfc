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
from reader.core.translation import download, packages
from reader.core.translation.cache import CachedTranslator, TranslationCache
from reader.core.translation.engine import CT2Translator, Translator, no_usable_mt

FORMATS = ("text", "json", "tsv")
Translated = tuple[Sentence, str]


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``models`` and ``translate`` to the main parser's subcommands."""
    p = sub.add_parser("models", help="list, install, download or remove translation models")
    msub = p.add_subparsers(dest="models_command", metavar="{list,install,download,remove}")
    msub.required = True
    m = msub.add_parser("list", help="list the installed translation models")
    m.set_defaults(func=cmd_models_list)
    m = msub.add_parser(
        "install", help="install a model: an .argosmodel, a zip or a folder (CTranslate2, "
        "converted OPUS-MT, NLLB-200 or M2M100)",
    )
    m.add_argument("path", type=Path, help="a model file, zip or folder")
    m.add_argument("--accept-licence", action="store_true",
                   help="accept a non-commercial licence (NLLB-200) without asking")
    m.set_defaults(func=cmd_models_install)
    m = msub.add_parser(
        "download",
        help="download a model (uses the network): the best known for the pair first",
    )
    m.add_argument("from_code", help="source language code, e.g. ja")
    m.add_argument("to_code", help="target language code, e.g. en")
    m.add_argument("--choice", type=int, default=1, help="which of the listed models (default: 1, the best)")
    m.add_argument("--list", action="store_true", help="only list the models that can be downloaded")
    m.add_argument("--accept-licence", action="store_true",
                   help="accept a non-commercial licence without asking")
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
    t.add_argument(
        "--no-protect", action="store_true",
        help="send glossary terms, names and numbers to the model as they are (by default they "
        "become placeholders the model copies, where the model is found to copy them)",
    )
    from reader.cli.llm import add_options

    add_options(t)  # --engine llm --url --model --allow-remote: a local LLM server (cli/llm.py)
    t.set_defaults(func=cmd_translate)


def _describe(info: packages.PackageInfo) -> str:
    return (
        f"{info.name}  {info.from_code}→{info.to_code}  version {info.version or '?'}  "
        f"{info.size / 1024**2:.1f} MB  layout {info.layout}  licence {info.licence or '?'}\n"
        f"   {info.path}\n   from {info.source or '?'}\n"
    )


def _consent(accepted: bool):  # noqa: ANN202 - packages.Consent
    """Yes when --accept-licence was given; otherwise ask on a terminal, and say no elsewhere."""

    def ask(name: str, notice: str) -> bool:
        if accepted:
            return True
        if not sys.stdin.isatty():
            return False
        print(notice, file=sys.stderr)
        answer = input(f"Install {name} under this licence? [y/N] ")
        return answer.strip().lower() in ("y", "yes")

    return ask


def cmd_models_list(args: argparse.Namespace) -> int:
    out = console.stdout()
    found = packages.list_packages()
    if not found:
        out.write(
            "no translation models installed: run `reader models install PATH` "
            "or `reader models download ja en`\n"
        )
    for info in found:
        out.write(_describe(info))
    return 0


def cmd_models_install(args: argparse.Namespace) -> int:
    info = packages.install_package(args.path, accept_licence=_consent(args.accept_licence))
    console.stdout().write(f"installed {_describe(info)}")
    return 0


def cmd_models_download(args: argparse.Namespace) -> int:
    offered = download.choices(args.from_code, args.to_code)
    if not offered:
        raise ReaderError(
            f"no downloadable {args.from_code}→{args.to_code} model is known",
            "reader translates Japanese to English: `reader models download ja en`",
        )
    for n, choice in enumerate(offered, 1):
        print(f"{n}. {download.describe(choice)}", file=sys.stderr)
    if args.list:
        return 0
    if not 1 <= args.choice <= len(offered):
        raise ReaderError(f"--choice must be 1 to {len(offered)}, not {args.choice}")
    choice = offered[args.choice - 1]
    print(f"downloading {choice.title} (Ctrl+C stops; running it again resumes)…", file=sys.stderr)
    progress = console.Progress(choice.key, "MB")
    try:
        info = download.download(
            choice, progress=lambda done, total, _name: progress(done >> 20, total >> 20),
            accept_licence=_consent(args.accept_licence),
        )
    finally:
        progress.end()
    console.stdout().write(f"installed {_describe(info)}")
    return 0


def cmd_models_remove(args: argparse.Namespace) -> int:
    info = packages.remove_package(args.name)
    console.stdout().write(f"removed {info.name}\n")
    return 0


def _glossary_terms() -> dict[str, str]:
    """The user's glossary, or nothing if their database does not open."""
    from reader.core.storage.store import open_store_checked
    from reader.core.translation.glossary import Termbase

    try:
        return dict(Termbase(open_store_checked()).terms())
    except ReaderError:
        return {}


def iter_translated(
    text: str, beam: int = 4, use_cache: bool = True, protect: bool = True
) -> Iterator[Translated]:
    """(Sentence, translation) for every sentence of ``text``, in order, each as soon as it
    and all before it are done. Checks (model installed, beam) happen before it returns."""
    if beam < 1:
        raise ReaderError(f"--beam must be 1 or more, not {beam}")
    package = packages.require_package()
    sentences = split_sentences(text)
    translator: Translator = CT2Translator(package, beam_size=beam)
    if protect:
        from reader.core.translation.protect import default_names, protected

        translator = protected(translator, _glossary_terms(), default_names())
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
    text = console.read_input(args.path)[0]
    if getattr(args, "engine", "installed") == "llm":
        from reader.cli.llm import iter_translated_llm

        pairs = iter_translated_llm(text, args)
    else:
        pairs = iter_translated(
            text, beam=args.beam, use_cache=not args.no_cache, protect=not getattr(args, "no_protect", False)
        )
    out = console.stdout()
    if args.format == "json":
        out.write('{"sentences": [')
        for n, (s, translation) in enumerate(pairs):
            item = {"text": s.text, "start": s.start, "end": s.end, "translation": translation,
                    "no_usable_mt": no_usable_mt(s.text, translation)}
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
