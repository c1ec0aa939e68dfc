"""The accuracy goals of bench/accuracy.py, against the frozen hand-checked lists in
tests/data/accuracy: readings >= 99.5% right; first senses >= 90% right, <= 2% wrong."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "bench" / "accuracy.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_accuracy", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_accuracy_over_the_bundled_articles(annotator):
    scores = _bench().score(annotator)
    assert scores.readings_total > 1500 and sum(scores.glosses.values()) == 200
    assert scores.reading_share >= 0.995, scores.wrong_readings
    assert scores.share("right") >= 0.90, scores.wrong_glosses
    assert scores.share("wrong") + scores.share("moved") <= 0.02, scores.wrong_glosses
