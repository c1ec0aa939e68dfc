"""A scratch database, and a reviewer on it with fuzz off (intervals exact)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fsrs import Scheduler

from reader.core.storage.store import Store
from reader.core.vocabulary.review import Reviewer


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "reader.sqlite") as opened:
        yield opened


@pytest.fixture
def reviewer(store: Store) -> Reviewer:
    return Reviewer(store, Scheduler(enable_fuzzing=False))
