"""``reader translate --engine llm`` against a real llama-cpp-python server (tiny model),
and nothing sent while the engine is not chosen."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from reader.cli import translate as cli_translate
from reader.core.errors import ReaderError
from reader.core.translation.llm import SYSTEM_PROMPT
from tests.llm_server import (  # noqa: F401 - proxy_fixture, server_fixture: the fixtures
    ANSWER,
    GarbageServer,
    proxy_fixture,
    server_available,
    server_fixture,
)

SOURCE = "停戦交渉が始まった。\n首脳会談は来月だ。\n"

needs_server = pytest.mark.skipif(bool(server_available()), reason=server_available() or "")


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="reader")
    cli_translate.add_parsers(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "in.txt"
    path.write_text(SOURCE, encoding="utf-8")
    return path


@needs_server
def test_translate_with_the_llm_engine(proxy, source, capsys):
    assert _run("translate", "--engine", "llm", "--url", proxy.url, "--model", "tiny", str(source)) == 0
    assert capsys.readouterr().out == f"{ANSWER}\n{ANSWER}\n"
    chats = proxy.chats()
    assert len(chats) == 2
    assert chats[0]["messages"][0]["content"] == SYSTEM_PROMPT
    assert [m["content"] for m in chats[1]["messages"][1:]] == ["停戦交渉が始まった。", ANSWER, "首脳会談は来月だ。"]

    # cached: the same run sends nothing; json has the offsets
    assert _run("translate", "--engine", "llm", "--url", proxy.url, "--model", "tiny", "-f", "json", str(source)) == 0
    items = json.loads(capsys.readouterr().out)["sentences"]
    assert [(i["text"], i["translation"]) for i in items] == [
        ("停戦交渉が始まった。", ANSWER), ("首脳会談は来月だ。", ANSWER)
    ]
    assert len(proxy.chats()) == 2


@needs_server
def test_without_a_model_the_server_models_are_listed(proxy, source):
    with pytest.raises(ReaderError, match="choose a model with --model: the server at .* offers tiny"):
        _run("translate", "--engine", "llm", "--url", proxy.url, str(source))
    assert proxy.chats() == []


@needs_server
def test_nothing_is_sent_unless_the_engine_is_chosen(proxy, source):
    # The installed engine (the default) with no model installed: an error, and the
    # LLM server, though running and named, hears nothing.
    with pytest.raises(ReaderError, match="no Japanese→English model installed"):
        _run("translate", "--url", proxy.url, "--model", "tiny", str(source))
    assert proxy.requests == []


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--url", "http://192.168.7.7:8080/v1"], "192.168.7.7 is not this computer"),
        (["--url", "not a url"], "is not an http:// address"),
        (["--context", "-1"], "--context must be between 0 and 20"),
        (["--timeout", "0"], "--timeout must be more than 0"),
    ],
)
def test_bad_options(source, argv, message):
    with pytest.raises(ReaderError, match=message):
        _run("translate", "--engine", "llm", "--model", "m", *argv, str(source))


def test_wrong_base_path_and_garbage(source):
    fake = GarbageServer()
    try:
        with pytest.raises(ReaderError) as caught:
            _run("translate", "--engine", "llm", "--url", fake.url("wrong"), "--model", "m", str(source))
        assert "404 Not Found" in caught.value.message and "wrong base path? try" in caught.value.advice
        with pytest.raises(ReaderError, match="not JSON"):
            _run("translate", "--engine", "llm", "--url", fake.url("html"), "--model", "m", str(source))
    finally:
        fake.close()
