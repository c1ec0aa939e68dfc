"""`reader desktop install|uninstall` as a user runs it, into a scratch XDG_DATA_HOME."""

from __future__ import annotations

from pathlib import Path

from reader.core.app import desktop
from tests.cli.checks import fails_cleanly
from tests.conftest import run_cli


def _ok(done) -> str:
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


def test_install_then_uninstall(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path)}
    out = _ok(run_cli("desktop", "install", env=env))
    launcher = tmp_path / "applications" / "reader.desktop"
    assert f"installed {launcher}" in out
    entry = desktop.parse_entry(launcher.read_text(encoding="utf-8"))
    program, *rest = entry["Exec"].split(" ")
    assert Path(program).is_absolute() and Path(program).is_file()
    assert rest[-2:] == ["open", "%f"]
    assert entry["Icon"] == "reader"
    for size in desktop.ICON_SIZES:
        assert (tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "reader.png").is_file()
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "reader.svg").is_file()

    out = _ok(run_cli("desktop", "uninstall", env=env))
    assert "removed 9 files" in out
    assert not launcher.exists()
    assert not list((tmp_path / "icons").rglob("reader.*"))
    assert "nothing to remove" in _ok(run_cli("desktop", "uninstall", env=env))


def test_another_programs_launcher_is_refused_in_one_line(tmp_path):
    theirs = tmp_path / "applications" / "reader.desktop"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n")
    done = run_cli("desktop", "install", env={"XDG_DATA_HOME": str(tmp_path)})
    fails_cleanly(done, "not written by reader", code=1)
    assert "Name=Other" in theirs.read_text()


def test_a_subcommand_is_required():
    done = run_cli("desktop")
    assert done.returncode == 2
    assert b"install,uninstall" in done.stderr
