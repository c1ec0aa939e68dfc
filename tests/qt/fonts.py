"""A Japanese font, which tests of rendered Japanese need: named up front when missing,
rather than as a PDF without its Japanese column."""

from __future__ import annotations

import subprocess

import pytest

from reader.qt.preflight import FONT_WARNING


def japanese_fonts() -> list[str] | None:
    """The families fontconfig knows with Japanese glyphs; None without fc-list."""
    try:
        done = subprocess.run(
            ["fc-list", ":lang=ja", "family"], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return sorted({line.strip() for line in done.stdout.splitlines() if line.strip()})


def require_japanese_font() -> None:
    """Fail at once, saying what to install, when fontconfig knows no Japanese font."""
    if japanese_fonts() == []:
        pytest.fail(FONT_WARNING, pytrace=False)
