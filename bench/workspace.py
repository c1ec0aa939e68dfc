"""Benchmark the translator's workspace: fuzzy translation-memory lookup as the memory grows.

Memories of 1k, 10k and 100k units of real Japanese sentences (Tatoeba's, from
dictionaries/examples.sqlite when it is built; otherwise the bundled articles' sentences
with numbered variations) are searched with the same queries, side by side in one run:
half are sentences not in any memory, half are sentences of the first 1k with one
character changed (so every size has fuzzy matches to find). For each size:

- lookup: TranslationMemory.matches (limit 3, threshold 70), end to end: normalising,
  the prefix index, scoring, reading the units and their diff spans;
- scan: rapidfuzz scoring every unit (what a lookup would cost without the index);
- load: TranslationMemory.warm() on a fresh memory (reading the units, building the
  index), once; the window does it on a worker, and searches scan until it is done.

Each is per query, the best and worst of several rounds; the ratios are to the 1k case.
Goal: a 100k lookup within 5x of a 1k lookup.

The GUI parts (editor open time, GUI stall while the memory is searched) are in
bench/workspace_gui.py.

Run: .venv/bin/python bench/workspace.py [--rounds N]
"""

from __future__ import annotations

import argparse
import gc
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from reader.core.library import bundled  # noqa: E402
from reader.core.storage.store import Store  # noqa: E402
from reader.core.text.sentences import split_sentences  # noqa: E402
from reader.core.translation.tm import TranslationMemory, add_unit, normalise  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
QUERIES = 200
GOAL = 5.0


def corpus(n: int) -> tuple[list[str], str]:
    """``n`` distinct Japanese sentences and where they come from."""
    examples = ROOT / "dictionaries" / "examples.sqlite"
    if examples.exists():
        con = sqlite3.connect(f"file:{examples}?mode=ro", uri=True)
        rows = [r[0] for r in con.execute("SELECT ja FROM example ORDER BY id LIMIT ?", [n * 2])]
        con.close()
        unique = list(dict.fromkeys(normalise(r) for r in rows if normalise(r)))
        if len(unique) >= n:
            random.Random(7).shuffle(unique)
            return unique[:n], "Tatoeba sentences (dictionaries/examples.sqlite)"
    base = [s.text for info in bundled.list_articles() for s in split_sentences(bundled.load_article(info.id).text)]
    base = [s for s in dict.fromkeys(base) if len(s) > 5]
    out: list[str] = []
    k = 0
    while len(out) < n:
        out.extend(f"{s[:-1]}（{k}）{s[-1]}" for s in base)
        k += 1
    return out[:n], "the bundled articles' sentences, numbered (build examples.sqlite for real variety)"


def edited(sentence: str, rng: random.Random) -> str:
    i = rng.randrange(len(sentence))
    return sentence[:i] + rng.choice("のにはをがでとも") + sentence[i + 1 :]


def fill(store: Store, units: list[str]) -> None:
    with store.transaction() as db:
        for n, source in enumerate(units):
            add_unit(db, source, f"translation {n}", "bench", f"2025-01-01T00:00:00.{n % 1000000:06d}+00:00")


def rounds_of(fn, queries: list[str], rounds: int) -> tuple[float, float]:
    """(best, worst) seconds per query over ``rounds`` passes."""
    times = []
    for _ in range(rounds):
        gc.collect()
        t0 = time.perf_counter()
        for q in queries:
            fn(q)
        times.append((time.perf_counter() - t0) / len(queries))
    return min(times), max(times)


def gui_benchmarks() -> None:
    """Editor open time and GUI stall while the memory is searched: bench/workspace_gui.py,
    run on its own as it needs Qt (this hook stays for anything that should run here)."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts, origin = corpus(max(SIZES) + QUERIES)
    rng = random.Random(1)
    unseen = texts[max(SIZES) :][: QUERIES // 2]
    near = [edited(s, rng) for s in rng.sample(texts[: SIZES[0]], QUERIES - len(unseen))]
    queries = unseen + near
    print(f"corpus: {origin}; {len(queries)} queries ({len(unseen)} unseen, {len(near)} edited from the memory)")
    rows: dict[str, list[tuple[float, float]]] = {"lookup": [], "scan (no index)": [], "load (warm, once)": []}
    found = []
    with tempfile.TemporaryDirectory() as folder:
        for n in SIZES:
            t0 = time.perf_counter()
            store = Store(Path(folder) / f"tm-{n}.sqlite")
            fill(store, texts[:n])
            filled = time.perf_counter() - t0
            memory = TranslationMemory(store)
            t0 = time.perf_counter()
            memory.warm()  # reading the units and building the index, as a worker does first
            load = time.perf_counter() - t0
            rows["load (warm, once)"].append((load, load))
            rows["lookup"].append(rounds_of(memory.matches, queries, args.rounds))
            norms = [normalise(t) for t in texts[:n]]
            rows["scan (no index)"].append(rounds_of(
                lambda q, norms=norms: process.extract(normalise(q), norms, scorer=fuzz.ratio, score_cutoff=70, limit=3),
                queries, max(2, args.rounds // 2)))
            found.append(sum(1 for q in queries if memory.matches(q)))
            store.close()
            print(f"  {n:>7,} units: filled in {filled:.1f} s; {found[-1]} of {len(queries)} queries matched")
    print(f"\n{'per query (best / worst)':<26}" + "".join(f"{n:>20,}" for n in SIZES) + "   10k/1k  100k/1k (best)")
    for name, row in rows.items():
        ratios = [best / row[0][0] for best, _ in row]
        cells = "".join(f"{best * 1000:>9.3f}/{worst * 1000:<8.3f}ms" for best, worst in row)
        print(f"{name:<26}{cells}{ratios[1]:>8.2f}x{ratios[2]:>8.2f}x")
    ratio = rows["lookup"][2][0] / rows["lookup"][0][0]
    worst_ratio = rows["lookup"][2][1] / rows["lookup"][0][0]
    print(f"\ngoal: a 100k lookup within {GOAL:.0f}x of a 1k lookup: {ratio:.2f}x (worst round {worst_ratio:.2f}x) "
          f"-> {'met' if ratio <= GOAL else 'MISSED'}")
    gui_benchmarks()
    return 0


if __name__ == "__main__":
    sys.exit(main())
