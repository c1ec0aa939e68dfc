"""`reader say`, the estimated pitch in `reader lookup`, and `reader vocab export --audio`,
run as a user runs them."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import wave
import zipfile
from pathlib import Path

import pytest

from tests.cli.checks import fails_cleanly
from tests.conftest import run_cli
from tests.yomitan_factory import make_zip


def _ok(done) -> str:
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"READER_DATA_DIR": str(tmp_path / "data")}


def _wav(data: bytes) -> tuple[int, float]:
    with wave.open(io.BytesIO(data)) as w:
        return w.getnchannels(), w.getnframes() / w.getframerate()


def test_say_writes_a_wav(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "今日.wav"
    done = run_cli("say", "今日は良い天気ですね。", "-o", str(out), env=env)
    _ok(done)
    assert b"wrote" in done.stderr
    channels, seconds = _wav(out.read_bytes())
    assert channels == 1 and 1.0 < seconds < 3.0
    faster = tmp_path / "fast.wav"
    _ok(run_cli("say", "今日は良い天気ですね。", "-o", str(faster), "--rate", "2", env=env))
    assert _wav(faster.read_bytes())[1] < seconds * 0.7
    assert _ok(run_cli("say", "--voices", env=env)).startswith("openjtalk\tOpen JTalk (Mei)\topenjtalk")


def test_say_plays_through_a_player_or_explains(tmp_path: Path, env: dict[str, str]) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    heard = tmp_path / "heard.wav"
    player = bin_dir / "aplay"  # stands in for ALSA's player: keeps what it was given
    player.write_text(
        f"#!{sys.executable}\nimport shutil, sys\nshutil.copy(sys.argv[-1], {str(heard)!r})\n", encoding="utf-8"
    )
    player.chmod(player.stat().st_mode | stat.S_IEXEC)
    _ok(run_cli("say", "はい", env={**env, "PATH": str(bin_dir)}))
    assert _wav(heard.read_bytes())[1] > 0.2

    empty = tmp_path / "empty"
    empty.mkdir()
    fails_cleanly(run_cli("say", "はい", env={**env, "PATH": str(empty)}), "no audio player", "-o", code=1)


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        ((), 2, "nothing to say"),
        (("😀👍",), 2, "nothing to say in this text"),
        (("はい", "-o", "speech.mp3"), 2, "not a .wav file"),
        (("はい", "--voice", "nobody"), 4, "openjtalk"),
    ],
)
def test_say_fails_cleanly(tmp_path: Path, env: dict[str, str], args: tuple[str, ...], code: int, needle: str) -> None:
    args = tuple(str(tmp_path / a) if a.endswith(".mp3") else a for a in args)
    fails_cleanly(run_cli("say", *args, env=env), needle, code=code)


def test_without_a_dictionary_say_explains_and_lookup_still_works(tmp_path: Path, env: dict[str, str], dictionary) -> None:
    missing = {**env, "READER_OPENJTALK_DICT": str(tmp_path / "nowhere")}
    err = fails_cleanly(run_cli("say", "はい", "-o", str(tmp_path / "x.wav"), env=missing), code=4)
    assert "no Open JTalk dictionary" in err and "pip install pyopenjtalk-plus" in err
    assert not (tmp_path / "x.wav").exists()
    data = json.loads(_ok(run_cli("lookup", "食べた", "--format", "json", env=missing)))
    assert data["pitch"] == []


@pytest.mark.slow
def test_lookup_gives_the_estimated_pitch_after_an_imported_one(tmp_path: Path, env: dict[str, str], dictionary) -> None:
    data = json.loads(_ok(run_cli("lookup", "食べた", "--format", "json", env=env)))
    assert data["base"] == "食べる"
    assert data["pitch"] == [
        {"text": "食べる", "reading": "たべる", "downstep": 2, "name": "nakadaka", "source": "estimated"}
    ]
    assert "pitch: たべる [2] nakadaka (estimated)" in _ok(run_cli("lookup", "食べた", env=env))

    _ok(run_cli("dict", "import", str(make_zip(tmp_path / "pitch.zip")), env=env))
    data = json.loads(_ok(run_cli("lookup", "食べる", "--format", "json", env=env)))
    assert [(p["source"], p["downstep"]) for p in data["pitch"]] == [("Test Dictionary", 2), ("estimated", 2)]


@pytest.mark.slow
def test_vocab_export_with_audio(tmp_path: Path, env: dict[str, str], dictionary) -> None:
    _ok(run_cli("vocab", "add", "停戦", env=env))
    plain, words, sentences = (tmp_path / f"{n}.apkg" for n in ("plain", "words", "sentences"))
    _ok(run_cli("vocab", "export", str(plain), env=env))
    _ok(run_cli("vocab", "export", str(words), "--audio", env=env))
    for package, media in ((plain, 0), (words, 1)):
        with zipfile.ZipFile(package) as z:
            assert len([n for n in z.namelist() if n.isdigit()]) == media
            assert json.loads(z.read("media")) == {} if media == 0 else len(json.loads(z.read("media"))) == 1
    fails_cleanly(run_cli("vocab", "export", str(tmp_path / "w.csv"), "--audio", env=env), "only into an .apkg", code=2)
    missing = {**env, "READER_OPENJTALK_DICT": str(tmp_path / "nowhere")}
    fails_cleanly(run_cli("vocab", "export", str(sentences), "--sentence-audio", env=missing), "pip install", code=4)
    assert not sentences.exists()


@pytest.mark.skipif(os.name == "nt", reason="POSIX players")
def test_player_choice_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from reader.cli import audio

    for name in ("paplay", "afplay"):
        (tmp_path / name).write_text("#!/bin/sh\n", encoding="utf-8")
        (tmp_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert audio.player() == [str(tmp_path / "paplay")]
