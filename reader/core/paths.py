"""Where reader keeps its files.

Environment overrides come first so that tests and scripts can point reader at
a scratch directory: ``READER_DATA_DIR`` and ``READER_DICT_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reader"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: The checkout's top level when running from a clone (``pip install -e .``).
SOURCE_ROOT = PACKAGE_DIR.parent
DICTIONARY_FILE = "jmdict.sqlite"


def data_dir() -> Path:
    """The user's data directory (vocabulary, drafts, settings, imported articles)."""
    override = os.environ.get("READER_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def dictionaries_dir() -> Path:
    """The directory holding built dictionaries.

    In a checkout that is ``dictionaries/`` at the top level, next to ``reader/``;
    in an installed copy it is ``dictionaries`` inside the user data directory.
    """
    override = os.environ.get("READER_DICT_DIR")
    if override:
        return Path(override)
    in_checkout = SOURCE_ROOT / "dictionaries"
    if (SOURCE_ROOT / "pyproject.toml").is_file() and in_checkout.is_dir():
        return in_checkout
    return data_dir() / "dictionaries"


def dictionary_path() -> Path:
    return dictionaries_dir() / DICTIONARY_FILE


def examples_path() -> Path:
    """The Tatoeba example sentences built by `reader examples build` (optional)."""
    return dictionaries_dir() / "examples.sqlite"


def user_dictionaries_path() -> Path:
    """The imported Yomitan dictionaries (see core/userdicts.py)."""
    return data_dir() / "dictionaries.sqlite"


def resources_dir() -> Path:
    """Bundled data (articles, JLPT lists, icons): package data, in the wheel too."""
    return PACKAGE_DIR / "resources"
