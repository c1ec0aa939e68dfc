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
    assert f"{TOP}  ja→en  version 1.0" in capsys.readouterr().out  # then size, layout, licence
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


@pytest.fixture(scope="module")
def layout_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.core.translation.tinymodel import build_layout_dir

    root = tmp_path_factory.mktemp("cli-layouts")
    return {kind: build_layout_dir(root, kind) for kind in ("ct2", "nllb")}


def test_cli_installs_a_folder_and_lists_layout_licence_and_source(
    layout_dirs, capsys: pytest.CaptureFixture[str]
):
    assert _run("models", "install", str(layout_dirs["ct2"])) == 0
    capsys.readouterr()
    _run("models", "list")
    out = capsys.readouterr().out
    assert "quickmt-ja-en-tiny  ja→en" in out and "layout ct2  licence cc-by-4.0" in out
    assert f"from {layout_dirs['ct2']}" in out


def test_cli_nllb_needs_accept_licence(layout_dirs, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(ReaderError, match="CC-BY-NC-4.0 and was not accepted") as caught:
        _run("models", "install", str(layout_dirs["nllb"]))  # stdin is no terminal: no
    assert "--accept-licence" in caught.value.advice
    assert _run("models", "install", str(layout_dirs["nllb"]), "--accept-licence") == 0
    assert "layout prefix  licence CC-BY-NC-4.0" in capsys.readouterr().out


def test_cli_download_lists_quickmt_first(capsys: pytest.CaptureFixture[str]):
    assert _run("models", "download", "ja", "en", "--list") == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("1. quickmt ja→en") and "CC-BY-4.0" in lines[0]
    assert lines[1].startswith("2. Argos Translate ja→en 1.1: about 117 MB")
    with pytest.raises(ReaderError, match="no downloadable ko→en model"):
        _run("models", "download", "ko", "en")
    with pytest.raises(ReaderError, match="--choice must be 1 to 2"):
        _run("models", "download", "ja", "en", "--choice", "3")


def test_cli_download_from_a_local_server(
    tiny_package_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    import functools
    import http.server
    import threading

    from reader.core.translation import download

    folder = tiny_package_file.parent
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{srv.server_address[1]}/{tiny_package_file.name}"
        choice = download.Choice("local", "local test model", ("ja", "en"), "argos", "test", 1, url,
                                 (download.RemoteFile(url, tiny_package_file.name),))
        monkeypatch.setattr(download, "CATALOGUE", (choice,))
        assert _run("models", "download", "ja", "en") == 0
    finally:
        srv.shutdown()
        srv.server_close()
    captured = capsys.readouterr()
    assert "1. local test model" in captured.err and f"installed {TOP}" in captured.out
