"""`reader annotate` on text with stray control characters: read, cleaned, and said,
as an import in the window does; binary still one clear line."""

from __future__ import annotations

import pytest

from tests.cli.checks import fails_cleanly
from tests.conftest import run_cli

TEXT = "停戦は\x01\x02不可欠だ。\f平和は長続きしない。\n"
CLEAN = "停戦は不可欠だ。\n平和は長続きしない。\n"


def _annotated(done) -> tuple[str, str]:
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, err
    return done.stdout.decode("utf-8"), err


@pytest.fixture(scope="module")
def reference(dictionary) -> str:
    """What annotate makes of the same text without its controls."""
    return _annotated(run_cli("annotate", "-", stdin=CLEAN.encode()))[0]


def test_annotate_file_with_controls_exits_0(tmp_path, reference):
    path = tmp_path / "pasted.txt"
    path.write_bytes(TEXT.encode())
    out, err = _annotated(run_cli("annotate", str(path)))
    assert out == reference
    assert not any(c in out for c in "\x01\x02\f")
    assert "停戦[ていせん]" in out
    assert err.strip() == "reader: note: pasted.txt: 2 control characters removed (U+0001, U+0002)"


def test_annotate_stdin_with_controls_as_a_file(reference):
    out, err = _annotated(run_cli("annotate", "-", stdin=TEXT.encode()))
    assert out == reference
    assert "standard input: 2 control characters removed" in err


def test_annotate_json_offsets_are_into_the_cleaned_text(tmp_path, dictionary):
    import json

    path = tmp_path / "pasted.txt"
    path.write_bytes(TEXT.encode())
    out, _ = _annotated(run_cli("annotate", str(path), "--format", "json"))
    for s in json.loads(out)["sentences"]:
        assert CLEAN[s["start"] : s["end"]] == s["text"]


@pytest.mark.parametrize(
    ("data", "advice"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "paste"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "PNG"),
    ],
    ids=["pdf", "png"],
)
def test_binary_is_still_one_clear_line(tmp_path, data, advice):
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    err = fails_cleanly(run_cli("annotate", str(path)), "binary")
    assert advice in err
