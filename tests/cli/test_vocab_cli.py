"""``reader vocab``: add, list, export, import and stats, in process."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import InputError


def _cli(*argv: str) -> int:
    import argparse

    from reader.cli import vocab as cli_vocab

    parser = argparse.ArgumentParser(prog="reader")
    cli_vocab.add_parsers(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["vocab", *argv])
    return args.func(args)


def test_cli_add_list_export_import_stats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, dictionary
) -> None:
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "data"))
    assert _cli("add", "停戦", "--note", "from the news", "--tag", "news") == 0
    out = capsys.readouterr().out
    assert out.startswith("saved 停戦 [ていせん]  ") and "ceasefire" in out
    assert _cli("add", "ネコ", "--gloss", "cat", "--tag", "animal", "--tag", "pet") == 0
    assert _cli("add", "雹害", "--reading", "ひょうがい", "--gloss", "hail damage") == 0
    with pytest.raises(InputError):
        _cli("add", "僞語僞", "--gloss", "nothing")  # not in the dictionary, no --reading
    capsys.readouterr()

    _cli("list")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["雹害", "ネコ", "停戦"]
    assert "#animal #pet" in lines[1] and "learning" in lines[1]
    _cli("list", "--search", "cease", "--format", "csv")
    out = capsys.readouterr().out
    assert out.startswith("word,reading,") and "停戦,ていせん" in out and "ネコ" not in out
    _cli("list", "--status", "known")
    assert capsys.readouterr().out == ""

    data = tmp_path / "data"
    assert (data / "backups").is_dir()  # writing commands take the daily backup first
    _cli("export", str(tmp_path / "words.csv"), "--bom")
    _cli("export", str(tmp_path / "words.apkg"))
    assert "exported 3 words" in capsys.readouterr().out
    assert (tmp_path / "words.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(InputError):
        _cli("export", str(tmp_path / "words.txt"))

    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "other"))
    _cli("import", str(tmp_path / "words.csv"))
    assert "added: 3, already there: 0" in capsys.readouterr().out
    known = tmp_path / "known.txt"
    known.write_text("猫\nいぬ\n停戦\tていせん\n", encoding="utf-8")
    _cli("import", str(known))
    assert "marked known: 3, already there: 1" in capsys.readouterr().out  # 停戦 is learning
    _cli("stats")
    stats = capsys.readouterr().out
    assert "saved words: 3" in stats and "due today: 3" in stats
    assert "known          0   (with unsaved: 3)" in stats
