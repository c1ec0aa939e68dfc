"""Before Qt starts: missing X11 libraries are one apt line and exit 2, not Qt's abort;
a missing Japanese font is a warning."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from reader.qt import preflight
from reader.qt.preflight import XCB_LIBRARIES, check

X11 = {"DISPLAY": ":0"}
ROOT = Path(__file__).resolve().parents[2]


def loader(*missing: str, blamed: dict[str, str] | None = None):
    """ctypes.CDLL as on a system without ``missing``; ``blamed``: a present library that
    fails because one it needs (the value) is missing."""
    loaded = []

    def load(soname: str) -> object:
        loaded.append(soname)
        if soname in missing:
            raise OSError(f"{soname}: cannot open shared object file: No such file or directory")
        if blamed and soname in blamed:
            raise OSError(f"{blamed[soname]}: cannot open shared object file: No such file or directory")
        return object()

    load.loaded = loaded  # type: ignore[attr-defined]
    return load


def fc_list(stdout: str = "Noto Sans CJK JP\n", returncode: int = 0):
    def run(args, **kwargs):
        assert args[:2] == ["fc-list", ":lang=ja"] and kwargs.get("timeout") == 5
        return SimpleNamespace(returncode=returncode, stdout=stdout)

    return run


def no_fc_list(args, **kwargs):
    raise FileNotFoundError(args[0])


CASES = [
    (("libxcb-cursor.so.0",), ("libxcb-cursor0",)),
    (("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxkbcommon-x11.so.0"),
     ("libxcb-cursor0", "libxcb-icccm4", "libxkbcommon-x11-0")),
    (("libxcb-keysyms.so.1", "libxcb-render-util.so.0", "libxcb-image.so.0"),
     ("libxcb-image0", "libxcb-keysyms1", "libxcb-render-util0")),
    (("libglib-2.0.so.0", "libgthread-2.0.so.0"), ("libglib2.0-0",)),  # one package, named once
]


@pytest.mark.parametrize(("missing", "packages"), CASES)
def test_missing_libraries_are_named_with_the_apt_line(missing, packages):
    report = check(X11, loader(*missing), fc_list(), "linux")
    assert set(report.missing_libraries) == set(missing)
    assert set(report.missing_packages) == set(packages) and len(report.missing_packages) == len(packages)
    assert not report.font_missing
    message = report.message()
    lines = message.splitlines()
    assert len(lines) == 2
    assert "cannot start" in lines[0] and all(soname in lines[0] for soname in missing)
    table_order = [p for _, p in XCB_LIBRARIES if p in packages]
    assert lines[1].strip() == "sudo apt-get install " + " ".join(dict.fromkeys(table_order))


def test_nothing_missing_is_an_empty_report():
    load = loader()
    report = check(X11, load, fc_list(), "linux")
    assert report == preflight.Report() and report.message() == ""
    assert load.loaded == [soname for soname, _ in XCB_LIBRARIES]


def test_a_library_stopped_by_a_missing_dependency_is_not_named():
    """libxcb-cursor loads libxcb-render: only the one really missing is to install."""
    load = loader("libxcb-render.so.0", blamed={"libxcb-cursor.so.0": "libxcb-render.so.0"})
    report = check(X11, load, fc_list(), "linux")
    assert report.missing_libraries == ("libxcb-render.so.0",)
    assert report.install_line == "sudo apt-get install libxcb-render0"


def test_every_library_has_a_debian_package():
    sonames = [soname for soname, _ in XCB_LIBRARIES]
    assert len(sonames) == len(set(sonames))
    assert all(".so." in soname and package for soname, package in XCB_LIBRARIES)
    assert ("libxcb-cursor.so.0", "libxcb-cursor0") in XCB_LIBRARIES


PLATFORMS = [
    ({"DISPLAY": ":0"}, "linux", True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb:nograb"}, "linux", True),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),  # Qt 6 prefers wayland
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
    ({}, "linux", False),
    ({"DISPLAY": ":0"}, "darwin", False),
    ({"DISPLAY": ":0"}, "win32", False),
]


@pytest.mark.parametrize(("environ", "platform", "xcb"), PLATFORMS)
def test_libraries_are_checked_only_where_qt_uses_xcb(environ, platform, xcb):
    load = loader("libxcb-cursor.so.0")
    report = check(environ, load, fc_list(), platform)
    assert preflight.uses_xcb(environ, platform) is xcb
    assert bool(report.missing_libraries) is xcb
    assert bool(load.loaded) is xcb


def test_offscreen_skips_the_xcb_check():
    def load(soname):
        raise AssertionError(f"{soname} loaded though Qt draws offscreen")

    report = check({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, load, fc_list(), "linux")
    assert not report.missing_libraries and not report.missing_packages


FONTS = [
    (fc_list(""), True),
    (fc_list("\n  \n"), True),
    (fc_list("Noto Sans CJK JP,Noto Sans CJK JP Regular\n"), False),
    (fc_list("", returncode=1), False),  # fontconfig failed: nothing known, nothing said
    (no_fc_list, False),
]


@pytest.mark.parametrize(("run", "missing"), FONTS, ids=["none", "blank", "noto", "failed", "no-fc-list"])
def test_japanese_font(run, missing):
    report = check({"QT_QPA_PLATFORM": "offscreen"}, loader(), run, "linux")
    assert report.font_missing is missing
    assert report.missing_libraries == ()
    if missing:
        assert report.message() == "reader: warning: no Japanese font found: install fonts-noto-cjk " \
            "(sudo apt-get install fonts-noto-cjk)"


def test_fc_list_that_hangs_is_skipped():
    def hangs(args, **kwargs):
        raise subprocess.TimeoutExpired(args, kwargs["timeout"])

    assert not check({}, loader(), hangs, "linux").font_missing


def test_font_is_not_asked_about_off_linux():
    def run(args, **kwargs):
        raise AssertionError("fc-list run off Linux")

    assert not check({}, loader(), run, "darwin").font_missing


def test_missing_font_and_libraries_together():
    report = check(X11, loader("libxcb-cursor.so.0"), fc_list(""), "linux")
    lines = report.message().splitlines()
    assert len(lines) == 3 and lines[1].strip() == "sudo apt-get install libxcb-cursor0"
    assert "fonts-noto-cjk" in lines[2]


def _subprocess_env(stubs: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=":99", LD_LIBRARY_PATH=str(stubs), PYTHONPATH=str(ROOT), **extra)
    return env


@pytest.fixture
def broken_cursor(tmp_path: Path) -> Path:
    """A folder that LD_LIBRARY_PATH puts before the system's: it holds an empty file by
    the name of libxcb-cursor.so.0, which dlopen finds first and cannot load."""
    stubs = tmp_path / "lib"
    stubs.mkdir()
    (stubs / "libxcb-cursor.so.0").write_bytes(b"")
    return stubs


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="dlopen and LD_LIBRARY_PATH: Linux")
def test_a_broken_library_on_the_search_path_is_missing(broken_cursor):
    code = (
        "from reader.qt.preflight import check\n"
        "r = check()\n"
        "print(' '.join(r.missing_libraries)); print(r.install_line)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=_subprocess_env(broken_cursor),
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    missing, line = done.stdout.splitlines()
    # Where the real libraries are installed, the stub is all that fails.
    assert "libxcb-cursor.so.0" in missing.split()
    assert line.startswith("sudo apt-get install ") and "libxcb-cursor0" in line.split()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="dlopen and LD_LIBRARY_PATH: Linux")
def test_reader_exits_2_with_the_apt_line_before_qt_loads(broken_cursor):
    """`reader` as a user runs it, on an X display without libxcb-cursor: exit 2, the apt
    line, and PySide6 never imported (it is blocked: importing it would fail)."""
    code = (
        "import sys\n"
        "sys.modules['PySide6'] = None  # any import of Qt now raises\n"
        "from reader.cli import main\n"
        "sys.exit(main([]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=_subprocess_env(broken_cursor),
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 2, done.stderr
    apt = [line.split() for line in done.stderr.splitlines() if "sudo apt-get install" in line]
    assert len(apt) == 1 and "libxcb-cursor0" in apt[0]
    assert "libxcb-cursor.so.0" in done.stderr and "Traceback" not in done.stderr


def test_main_with_missing_libraries_returns_2_before_qt_starts(monkeypatch, capsys):
    from reader.cli import main
    from reader.qt import app

    def no_qt(*args, **kwargs):
        raise AssertionError("run() went on to start Qt though libraries are missing")

    missing = functools.partial(
        check, environ={"DISPLAY": ":0"}, load=loader("libxcb-cursor.so.0", "libxcb-xkb.so.1"),
        run=fc_list(), platform="linux",
    )
    monkeypatch.setattr(preflight, "check", missing)
    monkeypatch.setattr(app, "prepare_environment", no_qt)  # the first step towards the QApplication
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # cmd_window's display check: try the window
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "sudo apt-get install libxcb-cursor0 libxcb-xkb1\n" in err
    assert "libxcb-cursor.so.0, libxcb-xkb.so.1" in err


def test_missing_font_warns_and_goes_on(monkeypatch, capsys):
    report = check({}, loader(), fc_list(""), "linux")
    monkeypatch.setattr(preflight, "check", lambda: report)
    assert preflight.preflight_or_exit() is None
    assert "fonts-noto-cjk" in capsys.readouterr().err


def test_preflight_module_does_not_import_qt():
    code = (
        "import sys\n"
        "import reader.qt.preflight\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_readme_apt_line_installs_every_library_checked():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Debian / Ubuntu", 1)[1].split("\n### ", 1)[0]
    command = section.split("```sh", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    apt = next(line.split() for line in command.splitlines() if line.startswith("sudo apt-get install"))
    assert {package for _, package in XCB_LIBRARIES} | {"fonts-noto-cjk"} <= set(apt)
