"""The core's tests need no Qt. Run with READER_BLOCK_QT=1 (as `make test` runs them,
with ``-p no:pytest-qt``), importing PySide6 or shiboken6 here fails, so a core module
or core test that reaches for Qt is caught."""

from __future__ import annotations

import importlib.abc
import os
import sys

QT = ("PySide6", "shiboken6")
BLOCKED = os.environ.get("READER_BLOCK_QT") == "1"


class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):  # noqa: ANN001 - the finder protocol
        if name.split(".")[0] in QT:
            raise ModuleNotFoundError(f"{name} is blocked: the core and its tests never need Qt", name=name)
        return None


if BLOCKED:
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in QT)
    if loaded:
        raise RuntimeError(f"{loaded[0]} was imported before the core's tests: run them with -p no:pytest-qt")
    sys.meta_path.insert(0, BlockQt())
