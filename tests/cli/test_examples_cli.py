"""`reader examples` as a user runs it, on a scratch dictionaries folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.checks import fails_cleanly
from tests.conftest import DATA, run_cli

FIXTURE = DATA / "tatoeba_sentences.tsv"


def _ok(done) -> str:
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")




@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    """A dictionaries folder holding examples built from the fixture by the CLI."""
    folder = tmp_path_factory.mktemp("dicts")
    env = {"READER_DICT_DIR": str(folder)}
    done = run_cli("examples", "build", "--from", str(FIXTURE), env=env)
    _ok(done)
    assert "19 sentences" in done.stderr.decode("utf-8")
    assert [p.name for p in folder.iterdir()] == ["examples.sqlite"]
    return env


def test_build_if_missing_leaves_a_built_database_alone(env):
    path = Path(env["READER_DICT_DIR"]) / "examples.sqlite"
    before = path.stat().st_mtime_ns
    done = run_cli("examples", "build", "--from", "no-such-file", "--if-missing", env=env)
    _ok(done)
    assert "already built" in done.stderr.decode("utf-8")
    assert path.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("word", "first", "english", "count"),
    [
        ("食べた", "食べ過ぎた。", "I ate too much.", 5),  # any form finds 食べる
        ("停戦", "国連総会は停戦決議案を採択した。", "The United Nations General Assembly", 3),
        ("きみ", "きみはパンダ。", "You are a panda.", 2),  # not 風邪ぎみ
    ],
)
def test_lookup_prints_pairs(env, word, first, english, count):
    out = _ok(run_cli("examples", word, env=env))
    blocks = out.strip().split("\n\n")
    assert len(blocks) == count
    ja, en = blocks[0].split("\n")
    assert ja == first
    assert en.startswith("  " + english)


def test_limit(env):
    out = _ok(run_cli("examples", "食べる", "-n", "2", env=env))
    assert (
        out
        == "食べ過ぎた。\n  I ate too much.\n\n野菜を食べたら？\n  Why don't you eat some vegetables?\n"
    )


def test_info(env):
    out = _ok(run_cli("examples", "info", env=env))
    fields = dict(line.split(": ", 1) for line in out.splitlines())
    assert fields["sentences"] == "19"
    assert fields["source"] == "tatoeba_sentences.tsv"
    assert "CC BY 2.0 FR" in fields["licence"]


def test_a_phrase_finds_sentences_containing_it_and_says_so(env):
    done = run_cli("examples", "停戦決議", env=env)  # MeCab cuts it 停戦|決議
    assert _ok(done) == "国連総会は停戦決議案を採択した。\n  The United Nations General Assembly adopted the cease-fire resolution.\n"
    assert "no sentence uses 停戦決議 as a word; sentences containing it" in done.stderr.decode("utf-8")
    assert "containing" not in run_cli("examples", "停戦", env=env).stderr.decode("utf-8")


def test_a_word_without_examples(env):
    done = run_cli("examples", "協定", env=env)
    assert done.returncode == 1
    assert "協定" in done.stderr.decode("utf-8")
    assert done.stdout == b""


def test_not_built_says_how(tmp_path):
    env = {"READER_DICT_DIR": str(tmp_path)}
    fails_cleanly(run_cli("examples", "停戦", env=env), "reader examples build")
    fails_cleanly(run_cli("examples", "info", env=env), "reader examples build")


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("examples", "build", "--from", "README.md"), ("holds no Japanese-English",)),
        (("examples", "build", "--from", "no-such-file.tar.gz"), ("not a file",)),
        (("examples", "停戦", "--from", "x"), ("go with `reader examples build`",)),
        (("examples", "停戦", "-n", "0"), ("at least 1",)),
    ],
)
def test_errors_are_one_line(tmp_path, args, needles):
    done = run_cli(*args, env={"READER_DICT_DIR": str(tmp_path)})
    fails_cleanly(done, *needles)
    assert not list(tmp_path.iterdir())
