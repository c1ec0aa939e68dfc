"""Benchmark the translator's workspace in the window, side by side in one run (offscreen).

1. Opening a 2,000-sentence article in the segment editor (rows made, drafts loaded,
   the first screen painted; then every row's wrapped height measured and laid out),
   as a ratio to opening the same article in the reader (annotated and rendered, with
   the editor's share left out).
2. The longest stall of the GUI event loop (a 5 ms QTimer probe) while segments are
   opened one after another and a 10,000-unit translation memory is searched for each
   (on a worker). Goal: < 50 ms. The same search run on the GUI thread is timed too,
   for comparison.

Several rounds alternate in one process; best and worst are printed.

Run: .venv/bin/python bench/workspace_gui.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 4
SENTENCES = 2000
TM_UNITS = 10_000
OPENED = 25  # segments opened in a row for the stall probe


def main() -> int:
    from timing import offscreen_app

    app = offscreen_app(ROOT)
    from PySide6.QtCore import QElapsedTimer, QTimer, Qt
    from reader.core.library import bundled
    from reader.core.library.imported import ImportedArticles
    from reader.core.text.sentences import split_sentences
    from reader.core.translation.tm import TranslationMemory, add_unit
    from reader.qt.panels import segment_view
    from reader.qt.window.main_window import MainWindow

    corpus = "\n".join(bundled.load_article(i.id).text for i in bundled.list_articles()) + "\n"
    pieces = [s.text for s in split_sentences(corpus) if s.text.strip()]
    text = "\n".join(pieces[i % len(pieces)] for i in range(SENTENCES))

    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    article_id = ImportedArticles(window.store).add("2000 sentences", text).id
    pane, controller = window.translation_pane, window.translation

    def wait_until(condition, timeout: float = 120.0) -> None:
        end = time.perf_counter() + timeout
        while not condition():
            if time.perf_counter() > end:
                raise TimeoutError("the window did not get there in time")
            app.processEvents()
            time.sleep(0.001)

    def js(code: str):
        box: list = []
        window.reader_view.page().runJavaScript(code, 0, box.append)
        wait_until(lambda: bool(box))
        return box[0]

    wait_until(lambda: window.reader_view.ready)
    clock, stalls = QElapsedTimer(), {"max": 0, "on": False}
    probe = QTimer()
    probe.setInterval(5)

    def tick() -> None:
        if stalls["on"]:
            stalls["max"] = max(stalls["max"], clock.restart() - 5)

    probe.timeout.connect(tick)
    probe.start()

    def probing(on: bool) -> None:
        stalls["on"], stalls["max"], stalls["gc"] = on, 0, 0.0
        clock.restart()

    import gc

    gc_start = [0.0]

    def collected(phase: str, _info: dict) -> None:
        """Python's own garbage collection pauses the GUI thread too: told apart here."""
        if phase == "start":
            gc_start[0] = time.perf_counter()
        elif stalls.get("on"):
            stalls["gc"] = max(stalls.get("gc", 0.0), (time.perf_counter() - gc_start[0]) * 1000)

    gc.callbacks.append(collected)

    settled = lambda: not pane.table._measure.isActive() and not pane.table._relayout.isActive()  # noqa: E731
    loaded, progressed = controller.article_loaded, controller.article_progress
    results: list[dict] = []
    for _round in range(ROUNDS):
        # the reader alone: the editor's share switched off
        controller.article_loaded = controller.article_progress = lambda: None
        pane.set_sentences([])
        start = time.perf_counter()
        done = [False]
        window.loader.finished.connect(lambda _g, d=done: d.__setitem__(0, True), Qt.ConnectionType.SingleShotConnection)
        window.library.open_article(article_id)
        wait_until(lambda d=done: d[0])
        count = len(window.reader_view.document.sentences)
        wait_until(lambda n=count: json.loads(js("window.reader.state()"))["rendered"] == n)
        reader_s = time.perf_counter() - start
        controller.article_loaded, controller.article_progress = loaded, progressed
        # the editor: rows, drafts, first screen painted, then every height in
        segment_view._TEXT_HEIGHTS.clear()
        pane.set_sentences([])
        app.processEvents()
        probing(True)
        start = time.perf_counter()
        controller.article_loaded()
        pane.table.viewport().repaint()
        first_s = time.perf_counter() - start
        wait_until(settled)
        all_s = time.perf_counter() - start
        open_stall = stalls["max"]
        open_gc = stalls["gc"]
        probing(False)
        results.append({"sentences": count, "reader_s": reader_s, "editor_first_s": first_s, "editor_all_s": all_s,
                        "open_stall_ms": open_stall, "open_gc_ms": open_gc})

    # --- the translation memory: 10,000 units, searched as segments are opened ------------
    memory = TranslationMemory(window.store)
    rows = pane.model.rows
    with window.store.transaction() as db:
        for n in range(TM_UNITS):
            source = rows[n % len(rows)].japanese
            add_unit(db, source[: max(4, len(source) - n % 7)] + str(n), f"Translation {n}.", "bench")
    pane.memory = controller.memory = memory
    memory.matches(rows[0].japanese)  # the index is built once, as on first use
    sync = []
    for r in range(0, len(rows), len(rows) // 20):
        start = time.perf_counter()
        memory.matches(rows[r].japanese)
        sync.append((time.perf_counter() - start) * 1000)
    tm_rounds: dict[str, list[int]] = {"none": [], "tm": [], "alone": []}
    gc_pauses: list[float] = []
    for k in range(ROUNDS):
        # the same segments opened with no memory, with it, and with it but the reader not
        # following (the page scrolled to each sentence is painted on the GUI thread too)
        for kind in ("none", "tm", "alone"):
            pane.memory = memory if kind != "none" else None
            pane.blockSignals(kind == "alone")
            probing(True)
            for i in range(OPENED):
                searched = pane.tm_searches
                pane.select_row((k * 997 + i * 73) % len(rows))
                if kind != "none":
                    wait_until(lambda s=searched: pane.tm_searches > s)
                else:
                    end = time.perf_counter() + 0.15
                    wait_until(lambda e=end: time.perf_counter() > e)
            wait_until(settled)
            pane.blockSignals(False)
            tm_rounds[kind].append(stalls["max"])
            gc_pauses.append(stalls["gc"])
            probing(False)

    def span(key: str, ratio_to: str | None = None) -> str:
        values = [r[key] / r[ratio_to] if ratio_to else r[key] for r in results]
        return f"best {min(values):.3f}, worst {max(values):.3f}"

    print(f"article: {results[0]['sentences']} sentences; {ROUNDS} rounds")
    print(f"reader open (annotated, rendered): {span('reader_s')} s")
    print(f"editor open, first screen: {span('editor_first_s')} s; ratio to the reader: {span('editor_first_s', 'reader_s')}")
    print(f"editor open, every row measured: {span('editor_all_s')} s; ratio to the reader: {span('editor_all_s', 'reader_s')}")
    print(f"longest GUI stall while the editor opens: {span('open_stall_ms')} ms"
          f" (longest garbage collection meanwhile: {span('open_gc_ms')} ms)")
    print(f"TM of {TM_UNITS} units, search on the GUI thread: median {statistics.median(sync):.1f} ms, "
          f"worst {max(sync):.1f} ms (the pane searches on a worker)")
    print(f"longest GUI stall while {OPENED} segments are opened, no memory: "
          f"best {min(tm_rounds['none'])} ms, worst {max(tm_rounds['none'])} ms")
    print(f"longest GUI stall while {OPENED} segments are opened and the TM searched: "
          f"best {min(tm_rounds['tm'])} ms, worst {max(tm_rounds['tm'])} ms (goal < 50 ms)")
    print(f"the same, the reader not following the segments: "
          f"best {min(tm_rounds['alone'])} ms, worst {max(tm_rounds['alone'])} ms")
    print(f"longest Python garbage collection in those runs: {max(gc_pauses):.0f} ms"
          " (a pause of the GUI thread whatever it is doing)")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
