"""Without a dictionary or without the binding, speech explains what to install and
nothing is downloaded: each case runs in a fresh interpreter, as a first start would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = r"""
import json, sys
%s
from reader.core.audio import accent, openjtalk, speech
out = {"voices": [v.id for v in speech.available_voices()]}
for name, call in (("synthesize", lambda: speech.synthesize("今日は")),
                   ("accent", lambda: accent.sentence_phrases("今日は"))):
    try:
        call()
        out[name] = "spoke"
    except speech.SpeechUnavailable as exc:
        out[name] = [exc.message, exc.advice, exc.exit_code]
out["lookup_pitch"] = accent.lookup_pitch("今日", "きょう")
out["imported"] = "pyopenjtalk" in sys.modules
print(json.dumps(out))
"""

HIDE_BINDING = """
import importlib.abc
class Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "pyopenjtalk":
            raise ModuleNotFoundError(name)
sys.meta_path.insert(0, Hide())
"""


def _probe(tmp_path: Path, prelude: str = "", **env: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE % prelude],
        capture_output=True,
        text=True,
        env={**os.environ, "READER_BLOCK_QT": "1", **env},
        cwd=Path(__file__).parents[3],
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_no_dictionary_explains_and_never_imports_the_binding(tmp_path: Path, folder: str) -> None:
    where = tmp_path / folder
    if folder == "empty":
        where.mkdir()
    out = _probe(tmp_path, READER_OPENJTALK_DICT=str(where))
    assert out["voices"] == []
    message, advice, code = out["synthesize"]
    assert "no Open JTalk dictionary" in message and "never downloads" in message
    assert "pip install pyopenjtalk-plus" in advice and "READER_OPENJTALK_DICT" in advice
    assert code == 4
    assert out["accent"][0] == message
    assert out["lookup_pitch"] == []
    assert out["imported"] is False  # importing upstream pyopenjtalk would download


def test_no_binding_explains(tmp_path: Path) -> None:
    out = _probe(tmp_path, HIDE_BINDING)
    assert out["voices"] == []
    assert out["synthesize"][0] == "the Open JTalk voice is not installed"
    assert "pip install pyopenjtalk-plus" in out["synthesize"][1]


def test_the_debian_dictionary_is_used_when_chosen(tmp_path: Path) -> None:
    debian = Path("/var/lib/mecab/dic/open-jtalk/naist-jdic")
    if not (debian / "sys.dic").is_file():
        pytest.skip("Debian's open-jtalk-mecab-naist-jdic is not installed")
    out = _probe(tmp_path, READER_OPENJTALK_DICT=str(debian))
    assert out["synthesize"] == "spoke" and out["imported"] is True


def test_the_dictionary_comes_from_the_package() -> None:
    from reader.core.audio import openjtalk

    folder = openjtalk.dictionary_dir()
    assert folder is not None and (folder / "sys.dic").is_file()
    if not os.environ.get(openjtalk.DICT_ENV) and not os.environ.get("OPEN_JTALK_DICT_DIR"):
        assert folder.parent.name == "pyopenjtalk"  # inside the installed wheel
