"""``reader vocab``: the vocabulary from the command line.

add, list, export (.csv, .apkg), import (.csv vocabulary, known-word lists) and
stats. Heavy modules (fugashi, genanki, fsrs) load only in the commands that
need them, so ``reader --help`` stays quick.
"""

from __future__ import annotations

import argparse
from datetime import datetime, time, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.cli import console
from reader.core.dictionaries import labels
from reader.core.errors import InputError
from reader.core.storage.store import Store
from reader.core.vocabulary.status import STATUSES
from reader.core.vocabulary.words import Words

if TYPE_CHECKING:
    from reader.core.text.model import Entry

LIST_FORMATS = ("text", "csv")


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Add ``vocab`` and its commands to the ``reader`` command line."""
    vocab = subparsers.add_parser("vocab", help="your saved words: add, list, export, import")
    sub = vocab.add_subparsers(dest="vocab_command", metavar="COMMAND", required=True)

    add = sub.add_parser(
        "add", help="save a word (reading and glosses from the dictionary if left out)"
    )
    add.add_argument("word", help="the dictionary form, e.g. 停戦")
    add.add_argument("--reading", help="its reading in kana")
    add.add_argument("--gloss", action="append", default=[], help="a meaning (repeatable)")
    add.add_argument("--note", default="", help="a note of your own")
    add.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    add.set_defaults(func=cmd_add)

    lister = sub.add_parser("list", help="list saved words, newest first")
    lister.add_argument("--status", choices=STATUSES)
    lister.add_argument("--search", default="", help="part of a word, reading, gloss, note or tag")
    lister.add_argument("--tag", help="only words with this tag")
    lister.add_argument("--format", choices=LIST_FORMATS, default="text")
    lister.set_defaults(func=cmd_list)

    export = sub.add_parser("export", help="write saved words to PATH (.csv or .apkg for Anki)")
    export.add_argument("path", help="where to write: a .csv or .apkg file")
    export.add_argument("--bom", action="store_true", help="CSV with a byte order mark, for Excel")
    export.add_argument("--audio", action="store_true", help=".apkg: add each word's audio (offline voice)")
    export.add_argument("--sentence-audio", action="store_true", help=".apkg: add each example sentence's audio too (and the word's)")
    export.set_defaults(func=cmd_export)

    importer = sub.add_parser(
        "import", help="import a vocabulary .csv, or mark a list of words (.txt, .csv) known"
    )
    importer.add_argument("path", help="a .csv from `reader vocab export`, or a word list")
    importer.add_argument(
        "--known",
        action="store_true",
        help="the file is a list of words you know (a .txt always is): mark them known",
    )
    importer.set_defaults(func=cmd_import)

    stats = sub.add_parser("stats", help="words by status, and how many are due today")
    stats.set_defaults(func=cmd_stats)


def _store(writing: bool = False) -> Store:
    """The user's database, refused with advice if it cannot be trusted; before a change,
    today's backup is taken if not yet."""
    from reader.core.storage import backup
    from reader.core.storage.store import open_store_checked

    store = open_store_checked()
    store.on_busy = console.waiting
    if writing and store.path is not None:
        try:
            backup.daily_backup(store.path)
        except BaseException:
            store.close()
            raise
    return store


def _fill_in(word: str, reading: str | None, glosses: list[str]) -> tuple[str, list[str], str]:
    """(reading, glosses, pos) with what the user left out taken from the dictionary."""
    from reader.core.text.kana import is_all_kana, to_hiragana

    if reading is not None and glosses:
        return to_hiragana(reading), glosses, ""
    dictionary = console.open_dictionary(required=False)
    entries: tuple[Entry, ...] = ()
    if dictionary is not None:
        with dictionary:
            entries = dictionary.lookup_form(word)
    if reading is not None:
        wanted = to_hiragana(reading)
        entries = tuple(e for e in entries if to_hiragana(e.reading) == wanted) or entries
    if not entries:
        if reading is None and not is_all_kana(word):
            raise InputError(
                f"{word!r} is not in the dictionary, so its reading is unknown",
                "give it with --reading",
            )
        return to_hiragana(reading if reading is not None else word), glosses, ""
    best = entries[0]
    pos = labels.word_pos([best])
    read = to_hiragana(reading if reading is not None else best.reading)
    return read, glosses or list(best.glosses[:5]), pos


def cmd_add(args: argparse.Namespace) -> int:
    word = args.word.strip()
    if not word:
        raise InputError("the word is empty", "give the word to save, e.g. reader vocab add 停戦")
    reading, glosses, pos = _fill_in(word, args.reading, args.gloss)
    with _store(writing=True) as store:
        word_id = Words(store).save_word(word, reading, glosses, pos, note=args.note, tags=args.tag)
        saved = Words(store).word(word_id)
    console.stdout().write(f"saved {saved['base']} [{saved['reading']}]  {'; '.join(saved['glosses'])}\n")
    return 0


def _line(word: dict[str, Any]) -> str:
    tags = " ".join(f"#{tag}" for tag in word["tags"])
    parts = [
        f"{word['base']} [{word['reading']}]",
        word["status"],
        "; ".join(word["glosses"]),
        tags,
    ]
    return "  ".join(part for part in parts if part)


def cmd_list(args: argparse.Namespace) -> int:
    from reader.core.vocabulary import lists

    out = console.stdout()
    with _store() as store:
        words = Words(store).search_words(args.search, status=args.status, tag=args.tag, limit=None)
        if args.format == "csv":
            lists.write_csv(store, out, words)
        else:
            out.writelines(_line(word) + "\n" for word in words)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    path = Path(args.path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".apkg"):
        raise InputError(f"cannot export to {path.name}", "name a .csv or an .apkg file")
    if (args.audio or args.sentence_audio) and suffix != ".apkg":
        raise InputError("audio goes only into an .apkg export", "name an .apkg file, or leave out --audio")
    with _store() as store:
        if suffix == ".csv":
            from reader.core.vocabulary import lists

            count = lists.export_csv(store, path, bom=args.bom)
        else:
            from reader.cli.audio import anki_audio
            from reader.core.vocabulary import anki

            word_audio, sentence_audio = anki_audio(args.audio, args.sentence_audio)
            count = anki.export_apkg(store, path, word_audio=word_audio, sentence_audio=sentence_audio)
    console.stdout().write(f"exported {count} words to {path}\n")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from reader.core.vocabulary import lists

    path = Path(args.path)
    known = args.known or path.suffix.lower() != ".csv"
    with _store(writing=True) as store:
        if known:
            dictionary = console.open_dictionary(required=False)
            readings = lists.dictionary_readings(dictionary) if dictionary is not None else None
            try:
                counts = lists.import_known_words(store, path, readings)
            finally:
                if dictionary is not None:
                    dictionary.close()
            what = "marked known"
        else:
            counts = lists.import_csv(store, path)
            what = "added"
    console.stdout().write(f"{what}: {counts.added}, already there: {counts.unchanged}\n")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from reader.core.vocabulary.review import Reviewer

    end_of_day = datetime.combine(datetime.now().date(), time.max).astimezone(timezone.utc)
    with _store() as store:
        saved = {status: Words(store).count_words(status=status) for status in STATUSES}
        every = {
            status: Words(store).count_words(status=status, saved_only=False) for status in STATUSES
        }
        due = Reviewer(store).due_count(end_of_day)
    out = console.stdout()
    out.write(f"saved words: {sum(saved.values())}\n")
    for status in STATUSES:
        out.write(f"  {status:<9}{saved[status]:>7}   (with unsaved: {every[status]})\n")
    out.write(f"due today: {due}\n")
    return 0
