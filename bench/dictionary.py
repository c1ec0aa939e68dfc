"""Benchmark imported Yomitan dictionaries, side by side in one run.

1. Import: generated Yomitan zips of 30k and 300k terms, each imported in a child
   process that reports its speed (terms/s) and its peak RSS, so the two peaks show
   whether memory grows with the dictionary. Four more 300k-term dictionaries are
   then imported into the same store (it grows to 1.5M terms).
2. Popup lookup latency (UserDictionaries.lookup with a cold memo: distinct words,
   and changed() before each round) with 1 and with 5 dictionaries enabled, for
   words all five hold (the worst case: five times the entries to render) and for
   words none holds. Goal: 5 dictionaries <= 2x one.

Run: make bench   (or .venv/bin/python bench/dictionary.py)
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import best_of  # noqa: E402 - bench/timing.py, beside this file

from reader.core.dictionaries.yomitan.importer import import_dictionary  # noqa: E402
from reader.core.dictionaries.yomitan.store import UserDictionaries  # noqa: E402
from tests.yomitan_factory import make_large_zip  # noqa: E402

LARGE = 300_000
SMALL = 30_000
DICTIONARIES = 5
WORDS = 400  # lookups per round
GOAL = 2.0


def child_import(db: str, zip_path: str) -> None:
    """In a fresh process: import, then report the speed and this process's peak RSS."""
    started = time.perf_counter()
    info = import_dictionary(Path(db), Path(zip_path))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"terms": info.terms, "seconds": seconds, "peak_kib": peak}))


def timed_import(db: Path, zip_path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(db), str(zip_path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout)


def bench_import(folder: Path) -> Path:
    """Import SMALL and LARGE terms; return the store with DICTIONARIES large ones."""
    print("import (each in a child process; zips made with tests/yomitan_factory.py)")
    print(f"{'dictionary':<34}{'terms':>10}{'seconds':>9}{'terms/s':>10}{'peak RSS':>11}")

    def row(label: str, result: dict[str, float]) -> None:
        print(
            f"{label:<34}{result['terms']:>10,.0f}{result['seconds']:>9.1f}"
            f"{result['terms'] / result['seconds']:>10,.0f}{result['peak_kib'] / 1024:>8.0f} MB"
        )

    small = timed_import(folder / "small.sqlite", make_large_zip(folder / "s.zip", SMALL))
    row(f"{SMALL // 1000}k terms, empty store", small)
    store = folder / "store.sqlite"
    peaks = []
    for n in range(1, DICTIONARIES + 1):
        zip_path = make_large_zip(folder / f"large{n}.zip", LARGE, title=f"Large {n}")
        result = timed_import(store, zip_path)
        zip_path.unlink()
        peaks.append(result["peak_kib"])
        held = (n - 1) * LARGE
        row(f"{LARGE // 1000}k terms, store holds {held / 1e6:.1f}M", result)
    print(
        f"peak RSS of the {LARGE // 1000}k imports: {min(peaks) / 1024:.0f}-{max(peaks) / 1024:.0f}"
        f" MB however large the store; {max(peaks) / small['peak_kib']:.2f}x the"
        f" {SMALL // 1000}k import's for {LARGE // SMALL}x the terms (one bank at a time; the"
        " page cache, capped at 32 MB, fills up)"
    )
    return store


def bench_lookup(store_path: Path) -> None:
    rng = random.Random(6)
    hits = [f"語{i:07d}" for i in rng.sample(range(LARGE), WORDS)]
    misses = [f"誤{i:07d}" for i in range(WORDS)]
    with UserDictionaries(store_path) as store:
        infos = store.list()
        assert len(infos) == DICTIONARIES

        def run(words: list[str]) -> None:
            store.changed()
            for word in words:
                store.lookup(word)

        results: dict[str, list[float]] = {"words all hold": [], "words none holds": []}
        found = []
        for enabled in (1, DICTIONARIES):
            for n, info in enumerate(infos):
                store.set_enabled(info.id, n < enabled)
            found.append(len(store.lookup(hits[0]).terms))
            results["words all hold"].append(best_of(lambda: run(hits), 5) / WORDS)
            results["words none holds"].append(best_of(lambda: run(misses), 5) / WORDS)
    print(f"\npopup lookup, cold memo ({WORDS} distinct words per round, best of 5)")
    print(f"{'':<20}{'1 dictionary':>14}{f'{DICTIONARIES} dictionaries':>17}{'ratio':>8}")
    missed = []
    for name, (one, five) in results.items():
        ratio = five / one
        if ratio > GOAL:
            missed.append(name)
        print(f"{name:<20}{one * 1e6:>11.0f} µs{five * 1e6:>14.0f} µs{ratio:>7.2f}x")
    print(f"(terms returned for a word all hold: {found[0]} and {found[1]})")
    print(
        f"goal {DICTIONARIES} dictionaries <= {GOAL:.0f}x one: "
        + ("met" if not missed else f"missed for {', '.join(missed)}")
    )


def main() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        store = bench_import(Path(folder))
        bench_lookup(store)
    print(f"\n(benchmark ran in {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child_import(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(main())
