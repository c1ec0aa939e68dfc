"""Benchmark the window while it reads an article aloud (offscreen, no sound card).

The longest stall of the GUI event loop, from a 5 ms QTimer probe, while "Read aloud"
reads the first SENTENCES sentences of the first bundled article with the Open JTalk
voice (synthesized in the speech process, waited for on the speech thread; the sink
plays nothing and finishes each piece at 8x real time, so synthesis runs without a
break), side by side with the same reading whose synthesis is instant (silence of the
same length): the difference is what speaking costs the GUI thread. Goal: < 50 ms.
Several rounds, alternating; best and worst printed.

Run: .venv/bin/python bench/audio_gui.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3
SENTENCES = 12
SPEEDUP = 8


def main() -> int:
    from timing import offscreen_app

    app = offscreen_app(ROOT)  # noqa: F841 - the application the window needs
    from PySide6.QtCore import QEventLoop, QTimer
    from reader.core.audio.speech import Audio, SpeechUnavailable, synthesize
    from reader.core.library import bundled
    from reader.qt.audio import Player, RecordingSink, process_synthesize, wait_speech
    from reader.qt.window.audio import READING
    from reader.qt.window.main_window import MainWindow

    try:
        durations: dict[str, float] = {}
        synthesize("始め。")  # the voice can speak here
        process_synthesize("始め。", "openjtalk", 1.0, 1.0)  # the speech process started and loaded
    except SpeechUnavailable as exc:
        print(f"no voice: {exc.message} ({exc.advice})")
        return 1

    def wait(condition, timeout_s: float = 120) -> None:
        """Run the event loop until ``condition()``."""
        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: condition() and loop.quit())
        poll.start(10)
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        if not condition():
            loop.exec()
        poll.stop()
        if not condition():
            raise TimeoutError("the window did not get there")

    w = MainWindow()
    w.show()
    wait(lambda: w.reader_view.ready)
    done = []
    w.loader.finished.connect(done.append)
    w.library.open_article(bundled.list_articles()[0].id)
    wait(lambda: bool(done))
    texts = [s.sentence.text for s in w.reader_view.document.sentences[:SENTENCES]]

    def real(text: str, voice: str, rate: float, volume: float) -> Audio:
        audio = process_synthesize(text, voice, rate, volume)
        durations[text] = audio.duration_s
        return audio

    def instant(text: str, voice: str, rate: float, volume: float) -> Audio:
        return Audio.silence(durations.get(text, 0.1 * len(text)), 48000)

    def longest_stall(synth) -> tuple[float, float]:
        sink = RecordingSink(ms=lambda clip: int(clip.duration_s * 1000 / SPEEDUP))
        w.audio.use_player(Player(w.audio, sink=sink, synthesize=synth))
        w.reader_view.sentenceActivated.emit(0)
        end = time.monotonic() + 0.3
        wait(lambda: time.monotonic() > end)
        gaps: list[float] = []
        last = [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.timeout.connect(tick)
        finished: list[bool] = []
        w.audio.player.finished.connect(lambda: finished.append(True))
        start = time.perf_counter()
        last[0] = start
        timer.start(5)
        w.audio.player.play(list(enumerate(texts)))
        w.audio.mode = READING  # as Read Aloud does: the highlight follows
        wait(lambda: bool(finished))
        timer.stop()
        wait_speech()
        return max(gaps), time.perf_counter() - start

    spoken, bare = [], []
    for _ in range(ROUNDS):
        spoken.append(longest_stall(real))
        bare.append(longest_stall(instant))
    audio_s = sum(durations.values())
    print(f"Reading {len(texts)} sentences aloud ({audio_s:.1f} s of speech, played {SPEEDUP}x faster), {ROUNDS} rounds:")
    for name, runs in (("Open JTalk in the speech process", spoken), ("instant synthesis (bare)", bare)):
        stalls = sorted(r[0] * 1000 for r in runs)
        print(f"  {name:34s} longest stall best {stalls[0]:5.0f} ms, worst {stalls[-1]:5.0f} ms; "
              f"wall {min(r[1] for r in runs):.1f} s")
    ratio = min(r[0] for r in spoken) / max(min(r[0] for r in bare), 1e-6)
    best = min(r[0] for r in spoken) * 1000
    print(f"  stall ratio spoken/bare (best runs): {ratio:.2f}x; goal < 50 ms: {'met' if best < 50 else 'NOT met'}")
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
