"""Shared fixtures. Tests never touch the user's real data directory.

Nothing here imports Qt: tests/core runs with PySide6 blocked (tests/core/conftest.py);
the Qt setup is in tests/qt/conftest.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds" / "peace-forum-2025-10.txt"
DATA = ROOT / "tests" / "data"


@pytest.fixture(autouse=True)
def _scratch_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture(scope="session")
def dictionary():
    """The real dictionary built from jamdict-data (built once if missing)."""
    from reader.core import paths
    from reader.core.dictionaries import build
    from reader.core.dictionaries.jmdict import Dictionary

    path = paths.dictionary_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build.build_from_jamdict(path)
    d = Dictionary(path)
    yield d
    d.close()


@pytest.fixture(scope="session")
def tokenizer():
    from reader.core.text.tokenize import Tokenizer

    return Tokenizer()


@pytest.fixture(scope="session")
def annotator(dictionary):
    from reader.core.text.pipeline import Annotator

    return Annotator(dictionary)


def run_cli(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None):
    """Run `python -m reader` in a subprocess, as a user would."""
    import subprocess

    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        input=stdin,
        capture_output=True,
        env=full_env,
        cwd=ROOT,
        timeout=300,
    )


@pytest.fixture(scope="session")
def tiny_package_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ja→en ``.argosmodel`` of 2+2 layers, d_model 64: built once, in about a second."""
    from tests.core.translation.tinymodel import TINY_NAME, build_package_dir, zip_package

    root = tmp_path_factory.mktemp("tinymodel")
    package = build_package_dir(root / "src")
    return zip_package(package, root / f"{TINY_NAME}.argosmodel")


@pytest.fixture
def installed(tiny_package_file: Path):
    """The tiny model, installed in the scratch data directory."""
    from reader.core.translation import packages

    return packages.install_package(tiny_package_file)
