"""`make test` names a missing Japanese font up front, with the package to install."""

from __future__ import annotations

import pytest

from reader.qt.preflight import FONT_WARNING
from tests.qt.fonts import japanese_fonts


def test_a_japanese_font_is_installed():
    fonts = japanese_fonts()
    if fonts is None:
        pytest.skip("no fc-list here to ask fontconfig")
    assert fonts, FONT_WARNING
