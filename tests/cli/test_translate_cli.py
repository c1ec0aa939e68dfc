"""``reader models`` and ``reader translate``, with a tiny random-weight model."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from reader.cli import translate as cli_translate
from reader.core.errors import ReaderError
from reader.core.library import bundled
from reader.core.text.sentences import split_sentences
from tests.core.translation.tinymodel import TINY_NAME

TOP = TINY_NAME


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="reader")
    cli_translate.add_parsers(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_without_a_model_says_how_to_get_one(tmp_path: Path):
    source = tmp_path / "in.txt"
    source.write_text("平和の話です。\n", encoding="utf-8")
    with pytest.raises(ReaderError) as caught:
        _run("translate", str(source))
    assert caught.value.message == "no Japanese→English model installed"
    assert "reader models install" in caught.value.advice
    assert "reader models download ja en" in caught.value.advice


def test_cli_models_commands(
    tiny_package_file: Path,
    capsys: pytest.CaptureFixture[str],
):
    assert _run("models", "list") == 0
    assert "no translation models installed" in capsys.readouterr().out
    assert _run("models", "install", str(tiny_package_file)) == 0
    assert f"installed {TOP}" in capsys.readouterr().out
    _run("models", "list")
    assert f"{TOP}  ja→en  version 1.0" in capsys.readouterr().out
    assert _run("models", "remove", TOP) == 0
    assert capsys.readouterr().out == f"removed {TOP}\n"


def test_cli_translate_json_offsets_point_into_the_input(
    installed, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    text = bundled.first_article().text[:1500]
    source = tmp_path / "article.txt"
    source.write_text(text, encoding="utf-8", newline="")
    assert _run("translate", str(source), "--format", "json") == 0
    sentences = json.loads(capsys.readouterr().out)["sentences"]
    assert [s["text"] for s in sentences] == [s.text for s in split_sentences(text)]
    for s in sentences:
        assert text[s["start"] : s["end"]] == s["text"]
        assert isinstance(s["translation"], str) and s["translation"]


def test_cli_translate_text_and_tsv(installed, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    text = "平和の話です。\n\n憲法を読む。戦争は\tいけない。\n"
    source = tmp_path / "short.txt"
    source.write_text(text, encoding="utf-8")
    expected = split_sentences(text)
    _run("translate", str(source))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(expected)
    _run("translate", str(source), "--format", "tsv", "--beam", "2")
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [(int(r[0]), int(r[1])) for r in rows] == [(s.start, s.end) for s in expected]
    assert all(len(r) == 4 for r in rows)
    assert [r[3] for r in rows[:1]] != [""]
