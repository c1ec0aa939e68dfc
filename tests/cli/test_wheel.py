"""Installed, not cloned: the wheel built from this checkout, installed into a fresh
virtualenv outside it, runs the CLI and the window from its own package data."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return next(out.glob("reader-*.whl"))


def test_the_wheel_carries_what_the_app_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "reader/resources/articles/index.json",
        "reader/resources/data/jlpt-words.tsv",
        "reader/resources/data/jlpt-kanji.tsv",
        "reader/qt/page/web/main.js",
        "reader/qt/page/web/reader.css",
    ):
        assert needed in names, needed
    articles = [n for n in names if n.startswith("reader/resources/articles/") and n.endswith(".txt")]
    assert len(articles) >= 4
    assert not [n for n in names if n.startswith(("tests/", "resources/screenshots"))]


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel; its dependencies are this venv's (no download)."""
    home = tmp_path_factory.mktemp("fresh")
    env_dir = home / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # Only the dependencies: a plain path line, so the checkout's editable-install hook
    # (a .pth file there) is not run and `reader` comes from the wheel alone.
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return env_dir


def _run(env_dir: Path, *args: str, cwd: Path, extra: dict[str, str] | None = None, timeout: int = 180):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env.update(extra or {})
    return subprocess.run([str(env_dir / "bin" / "reader"), *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)


def test_installed_reader_reads_its_own_package(installed, tmp_path):
    where = subprocess.run([installed / "bin" / "python", "-c", "import reader; print(reader.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True).stdout
    assert str(installed) in where and str(ROOT) not in where
    listed = _run(installed, "articles", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "2025-10-30" in listed.stdout


def test_installed_reader_without_a_dictionary_says_reader_setup(installed, tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("停戦は不可欠だ。", encoding="utf-8")
    done = _run(installed, "annotate", str(text), cwd=tmp_path, extra={"READER_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode != 0 and "reader setup" in done.stderr and "Traceback" not in done.stderr


def test_installed_reader_annotates_and_sets_up(installed, tmp_path, dictionary):
    extra = {"READER_DATA_DIR": str(tmp_path / "data"), "READER_DICT_DIR": str(dictionary.path.parent)}
    text = tmp_path / "a.txt"
    text.write_text("停戦は不可欠だ。", encoding="utf-8")
    done = _run(installed, "annotate", str(text), cwd=tmp_path, extra=extra)
    assert done.returncode == 0, done.stderr
    assert "停戦[ていせん]" in done.stdout
    setup = _run(installed, "setup", cwd=tmp_path, extra=extra)
    assert setup.returncode == 0 and "dictionary: ready" in setup.stdout


def test_installed_window_renders_offscreen(installed, tmp_path, dictionary):
    shot = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(QT_QPA_PLATFORM="offscreen", READER_DICT_DIR=str(dictionary.path.parent))
    done = subprocess.run([installed / "bin" / "python", "-m", "reader.qt.screenshot", str(shot), "--size", "1280x800"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.stat().st_size > 50_000
