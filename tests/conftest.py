"""Shared fixtures. Tests never touch the user's real data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds" / "peace-forum-2025-10.txt"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from reader.qt.app import prepare_environment  # noqa: E402

prepare_environment()  # Chromium's sandbox off only when running as root

from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402

QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


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
