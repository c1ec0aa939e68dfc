"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def best_of(fn: Callable[[], object], rounds: int = 3) -> float:
    """The fastest of ``rounds`` runs: on a noisy machine, the least disturbed one."""
    times = []
    for _ in range(rounds):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def offscreen_app(root: Path):
    """The application a window benchmark needs: offscreen unless a display is asked for,
    on a scratch data directory, reader importable from ``root``, Qt prepared as the app
    prepares it. Returns the QApplication."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["READER_DATA_DIR"] = tempfile.mkdtemp(prefix="reader-bench-")
    sys.path.insert(0, str(root))
    from reader.qt.app import prepare_environment

    prepare_environment()
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    return QApplication(sys.argv[:1])
