"""Benchmark the window, side by side in one run (offscreen).

1. Process start -> window shown with the first article's furigana painted (its
   first screen; the time to the whole article is printed too), as a ratio to a
   bare PySide6 script showing a QWebEngineView with the same text as plain HTML.
   Goal: <= 1.5x.
2. Switching to a 200k-character article until its first screen is readable,
   with the same ratio (bare: setHtml of the whole text as plain HTML). Goal: <= 1.5x.
3. The longest stall of the GUI event loop while that article annotates, from a
   10 ms QTimer probe. Goal: < 50 ms.
4. Peak memory (RSS) of all processes (the app and its Chromium helpers).

Each contender runs in a fresh process, several times, alternating; the best run counts.

Run: make bench   (or .venv/bin/python bench/window.py)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5
BIG_CHARS = 200_000


def _peak_rss_mb(pid: int) -> float:
    """Sum of VmHWM (peak resident set) over a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def probe(mode: str) -> None:
    """Runs inside the child process; prints one JSON line of measurements."""
    started = float(os.environ["BENCH_T0"])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    os.environ["READER_DATA_DIR"] = tempfile.mkdtemp(prefix="reader-bench-")
    sys.path.insert(0, str(ROOT))
    from reader.qt.app import prepare_environment

    prepare_environment()
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    from html import escape

    from reader.core.library import bundled

    first = bundled.first_article()
    big_text = (("\n".join(bundled.load_article(i.id).text for i in bundled.list_articles()) + "\n") * 40)[:BIG_CHARS]
    result: dict[str, float] = {}

    def painted(view, then) -> None:
        """Wait for a frame to be painted after the content is in the DOM."""
        view.page().runJavaScript(
            "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(1))))", 0, lambda _: then()
        )

    def finish() -> None:
        result["rss_mb"] = _peak_rss_mb(os.getpid())
        print(json.dumps(result), flush=True)
        app.quit()

    if mode == "bare":
        from PySide6.QtWebEngineWidgets import QWebEngineView

        view = QWebEngineView()
        view.resize(1280, 820)
        view.show()

        def html(text: str) -> str:
            body = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines())
            return f"<html><body style='font-size:20px'>{body}</body></html>"

        def switched() -> None:
            result["switch_s"] = time.perf_counter() - switch_t0[0]
            finish()

        def startup_done(_ok: bool) -> None:
            view.loadFinished.disconnect(startup_done)

            def measured() -> None:
                result["startup_s"] = time.time() - started
                switch_t0[0] = time.perf_counter()
                view.loadFinished.connect(lambda _ok: painted(view, switched))
                view.setHtml(html(big_text))

            painted(view, measured)

        switch_t0 = [0.0]
        view.loadFinished.connect(startup_done)
        view.setHtml(html(first.text))
    else:
        from reader.core.library.imported import ImportedArticles
        from reader.qt.window.main_window import MainWindow

        window = MainWindow()
        window.resize(1280, 820)
        window.show()
        big_id = ImportedArticles(window.store).add("200k", big_text).id
        stalls = {"max": 0.0, "probing": False}
        clock = QElapsedTimer()
        probe_timer = QTimer()
        probe_timer.setInterval(10)

        stall_log: list[tuple[float, int]] = []

        def tick() -> None:
            if stalls["probing"]:
                stall = clock.restart() - 10
                stalls["max"] = max(stalls["max"], stall)
                if stall > 40 and os.environ.get("BENCH_DEBUG"):
                    stall_log.append((round(time.perf_counter() - switch_t0[0], 3), stall))

        probe_timer.timeout.connect(tick)

        def big_done(_g: int) -> None:
            stalls["probing"] = False
            probe_timer.stop()
            result["stall_ms"] = stalls["max"]
            if stall_log:
                print("stalls (s after switch, ms):", stall_log, file=sys.stderr)
            finish()

        def big_first_screen() -> None:
            result["switch_s"] = time.perf_counter() - switch_t0[0]

        def on_progress(done: int, _total: int) -> None:
            if "switch_s" not in result and window.reader_view.document.sentences:
                painted(window.reader_view, big_first_screen)

        switch_t0 = [0.0]

        def first_screen(_done: int, _total: int) -> None:
            window.loader.progress.disconnect(first_screen)
            painted(window.reader_view, lambda: result.setdefault("startup_s", time.time() - started))

        window.loader.progress.connect(first_screen)

        def first_done(_g: int) -> None:
            window.loader.finished.disconnect(first_done)

            def measured() -> None:
                result["startup_full_s"] = time.time() - started
                window.loader.progress.connect(on_progress)
                window.loader.finished.connect(big_done)
                clock.start()
                stalls["probing"] = True
                probe_timer.start()
                switch_t0[0] = time.perf_counter()
                window.library.open_article(big_id)

            painted(window.reader_view, measured)

        window.loader.finished.connect(first_done)

        def start() -> None:
            window.library.open_article(first.info.id)

        if window.reader_view.ready:
            start()
        else:
            window.reader_view.pageLoaded.connect(start)
    QTimer.singleShot(120_000, app.quit)
    app.exec()


def run(mode: str) -> dict[str, float]:
    env = dict(os.environ, BENCH_T0=repr(time.time()))
    done = subprocess.run(
        [sys.executable, __file__, "--probe", mode], capture_output=True, text=True, env=env, timeout=300
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"{mode} probe failed:\n{done.stderr[-2000:]}")
    return json.loads(lines[-1])


def main() -> None:
    runs: dict[str, list[dict[str, float]]] = {"bare": [], "reader": []}
    for _ in range(ROUNDS):
        for mode in ("bare", "reader"):
            runs[mode].append(run(mode))

    def best(mode: str, key: str) -> float:
        return min(r[key] for r in runs[mode])

    def worst(mode: str, key: str) -> float:
        return max(r[key] for r in runs[mode])

    print(f"window benchmark, offscreen, {ROUNDS} fresh processes each, alternating; best and worst")
    print(f"  (reader: the whole first article painted after {best('reader', 'startup_full_s'):.2f} s best, "
          f"{worst('reader', 'startup_full_s'):.2f} s worst)")
    for key, title in (("startup_s", "start -> first article's screen painted"), ("switch_s", f"switch to {BIG_CHARS // 1000}k chars -> first screen")):
        ratio, ratio_worst = best("reader", key) / best("bare", key), worst("reader", key) / worst("bare", key)
        verdict = "met" if ratio <= 1.5 else "MISSED"
        print(f"  {title:38} bare {best('bare', key):6.2f}-{worst('bare', key):.2f} s   reader "
              f"{best('reader', key):6.2f}-{worst('reader', key):.2f} s   ratio best {ratio:5.2f}x, worst "
              f"{ratio_worst:5.2f}x (goal <= 1.5x: {verdict})")
    stalls = [r["stall_ms"] for r in runs["reader"]]
    under = sum(1 for s in stalls if s < 50)
    print(f"  longest GUI stall while annotating      best {min(stalls):6.1f} ms, worst {max(stalls):6.1f} ms; "
          f"under 50 ms in {under} of {len(stalls)} runs (goal: all)")
    print(f"  peak RSS, all processes                 bare {best('bare', 'rss_mb'):6.0f} MB   reader "
          f"{best('reader', 'rss_mb'):6.0f} MB")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--probe":
        probe(sys.argv[2])
    else:
        main()
