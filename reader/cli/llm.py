"""``reader translate --engine llm``: translation by a local LLM server (OpenAI-compatible
or Ollama), sentence by sentence with context and the glossary (core/translation/llm.py).

Nothing is sent anywhere unless ``--engine llm`` is given; a server on another computer
also needs ``--allow-remote``. Without ``--model`` the command lists the server's models,
which doubles as a connection test.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from reader.cli import console
from reader.core.errors import ReaderError
from reader.core.text.model import Sentence
from reader.core.text.sentences import split_sentences
from reader.core.translation.llm import DEFAULT_CONTEXT, DEFAULT_MAX_TOKENS, LLMSettings, LLMTranslator
from reader.core.translation.llm_client import DEFAULT_URL, READ_TIMEOUT, LLMClient

ENGINES = ("installed", "llm")


def add_options(t: argparse.ArgumentParser) -> None:
    """The LLM engine's options on ``reader translate``."""
    g = t.add_argument_group("local LLM server (--engine llm)")
    g.add_argument(
        "--engine", choices=ENGINES, default="installed",
        help="installed: the installed translation model (default); llm: a local LLM server",
    )
    g.add_argument("--url", default=DEFAULT_URL, help="the server's base URL (default: %(default)s; "
                   "Ollama: http://127.0.0.1:11434/v1)")
    g.add_argument("--model", default="", help="the model id (without it: list the server's models)")
    g.add_argument("--allow-remote", action="store_true",
                   help="allow a server on another computer: the text is sent to it")
    g.add_argument("--context", type=int, default=DEFAULT_CONTEXT,
                   help="previous sentences sent as context (default: %(default)s)")
    g.add_argument("--max-tokens", type=int, default=DEFAULT_MAX_TOKENS,
                   help="longest reply per sentence, in tokens (default: %(default)s)")
    g.add_argument("--timeout", type=float, default=READ_TIMEOUT,
                   help="seconds to wait for the server's next bytes (default: %(default)s)")


def settings_from(args: argparse.Namespace) -> LLMSettings:
    if args.context < 0 or args.context > 20:
        raise ReaderError(f"--context must be between 0 and 20, not {args.context}")
    if args.max_tokens < 1:
        raise ReaderError(f"--max-tokens must be 1 or more, not {args.max_tokens}")
    if not args.timeout > 0:
        raise ReaderError(f"--timeout must be more than 0 seconds, not {args.timeout}")
    return LLMSettings(
        url=args.url, model=args.model, context=args.context, max_tokens=args.max_tokens,
        allow_remote=args.allow_remote, timeout=args.timeout,
    )


def _glossary():
    """The user's glossary, if their database opens; None otherwise (no hints from it)."""
    from reader.core.storage.store import open_store_checked
    from reader.core.translation.glossary import Termbase

    try:
        return Termbase(open_store_checked())
    except ReaderError as exc:
        print(f"reader: note: the glossary is not used ({exc.message})", file=sys.stderr)
        return None


def iter_translated_llm(text: str, args: argparse.Namespace) -> Iterator[tuple[Sentence, str]]:
    """(Sentence, translation) in order, each as soon as it is done. The connection is
    checked first: without --model, the error lists the server's models."""
    from reader.core.translation.cache import TranslationCache
    from reader.core.translation.llm_support import dictionary_names, hint_source

    settings = settings_from(args)
    client = LLMClient(settings.url, settings.allow_remote, read_timeout=settings.timeout)
    models = client.models()
    if not settings.model:
        listed = ", ".join(models) if models else "none"
        raise ReaderError(
            f"choose a model with --model: the server at {client.endpoint.origin} offers {listed}"
        )
    if models and settings.model not in models:
        print(f"reader: note: the server lists no model {settings.model!r} ({', '.join(models)})",
              file=sys.stderr)
    cache = None if args.no_cache else TranslationCache.open_default()
    translator = LLMTranslator(
        client, settings, hints=hint_source(_glossary(), dictionary_names()), cache=cache
    )
    sentences = split_sentences(text)
    return _run(translator, sentences, cache)


def _run(translator: LLMTranslator, sentences: list[Sentence], cache) -> Iterator[tuple[Sentence, str]]:
    progress = console.Progress("LLM", "sentences")
    try:
        for batch in translator.translate_batches([s.text for s in sentences]):
            for index, translation in batch:
                progress(index + 1, len(sentences))
                yield sentences[index], translation
    finally:
        if cache is not None:
            cache.close()
        progress.end()
