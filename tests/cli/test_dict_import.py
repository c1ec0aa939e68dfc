"""`reader dict import|list|remove|enable|disable|order` as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.dictionaries.yomitan.store import UserDictionaries
from tests.cli.checks import fails_cleanly
from tests.conftest import run_cli
from tests.yomitan_factory import make_zip


def _ok(done) -> str:
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")




def _fails(done, code: int, *needles: str) -> str:
    return fails_cleanly(done, *needles, code=code)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"READER_DATA_DIR": str(tmp_path / "data")}


def _store(env: dict[str, str]) -> UserDictionaries:
    return UserDictionaries(Path(env["READER_DATA_DIR"]) / "dictionaries.sqlite")


def test_import_list_order_disable_remove(tmp_path: Path, env: dict[str, str]) -> None:
    sample = make_zip(tmp_path / "sample.zip")
    other = make_zip(
        tmp_path / "other.zip",
        title="Other",
        terms=[["停戦", "ていせん", "", "", 0, ["armistice"], 1, ""]],
        meta=[],
        kanji=[],
        tags=[],
        kanji_meta=[["停", "freq", 733]],
    )
    assert "no imported dictionaries" in _ok(run_cli("dict", "list", env=env))
    out = _ok(run_cli("dict", "import", str(sample), env=env))
    assert out.startswith(
        "imported Test Dictionary revision 1: 3 terms, 2 frequencies, 3 pitch accents, 2 kanji in "
    )
    assert _ok(run_cli("dict", "import", str(other), env=env)).startswith(
        "imported Other revision 1: 1 terms, 1 kanji frequencies in"
    )
    lines = _ok(run_cli("dict", "list", env=env)).splitlines()
    assert lines[0].startswith("[x]") and "Test Dictionary (revision 1)" in lines[0]
    assert "Other (revision 1): 1 terms, 1 kanji frequencies" in lines[1]

    assert _ok(run_cli("dict", "order", "other", "test dictionary", env=env)).splitlines() == [
        "1. Other",
        "2. Test Dictionary",
    ]
    with _store(env) as store:
        assert [t.dictionary for t in store.lookup("停戦").terms] == ["Other", "Test Dictionary"]

    assert _ok(run_cli("dict", "disable", "Other", env=env)) == "disabled Other\n"
    assert _ok(run_cli("dict", "list", env=env)).splitlines()[0].startswith("[ ]")
    with _store(env) as store:
        assert [t.dictionary for t in store.lookup("停戦").terms] == ["Test Dictionary"]
    assert _ok(run_cli("dict", "enable", "other", env=env)) == "enabled Other\n"

    assert _ok(run_cli("dict", "remove", "Test Dictionary", env=env)) == (
        "removed Test Dictionary\n"
    )
    lines = _ok(run_cli("dict", "list", env=env)).splitlines()
    assert "Other" in lines[0] and "Test Dictionary" not in "".join(lines)


def test_update_message(tmp_path: Path, env: dict[str, str]) -> None:
    _ok(run_cli("dict", "import", str(make_zip(tmp_path / "v1.zip")), env=env))
    newer = make_zip(tmp_path / "v2.zip", revision="2024.01.05")
    out = _ok(run_cli("dict", "import", str(newer), env=env))
    assert out.startswith("updated (was revision 1) Test Dictionary revision 2024.01.05:")


@pytest.mark.parametrize(
    ("files", "needle"),
    [
        ({"../evil.json": "[]"}, "unsafe path: '../evil.json'"),
        ({"term_bank_2.json": "[[1, 2]"}, "term_bank_2.json is not valid JSON"),
        (
            {"term_bank_2.json": '[["語", "ご", "", "", 0, "x", 1, ""]]'},
            "term_bank_2.json row 1: the glossary should be a list",
        ),
    ],
)
def test_bad_zips_fail_cleanly(
    tmp_path: Path, env: dict[str, str], files: dict[str, str], needle: str
) -> None:
    bad = make_zip(tmp_path / "bad.zip", extra_files=files)
    _fails(run_cli("dict", "import", str(bad), env=env), 2, needle, "Yomitan")
    assert "no imported dictionaries" in _ok(run_cli("dict", "list", env=env))


def test_other_failures(tmp_path: Path, env: dict[str, str]) -> None:
    sample = make_zip(tmp_path / "sample.zip")
    _fails(run_cli("dict", "import", str(tmp_path / "nope.zip"), env=env), 2, "does not exist")
    _ok(run_cli("dict", "import", str(sample), env=env))
    _fails(run_cli("dict", "import", str(sample), env=env), 2, "already imported")
    older = make_zip(tmp_path / "old.zip", revision="0")
    _fails(run_cli("dict", "import", str(older), env=env), 2, "older than the installed")
    _fails(
        run_cli("dict", "remove", "Jitendex", env=env),
        1,
        "no imported dictionary is called 'Jitendex'",
        "installed: Test Dictionary",
    )
    _fails(run_cli("dict", "order", "Test Dictionary", "Jitendex", env=env), 1, "'Jitendex'")
