"""Benchmark offline speech (Open JTalk through reader.core.audio) side by side with a
bare Open JTalk call, in one run:

1. Synthesis speed over the first sentences of the bundled article: seconds of audio made
   per second of wall time. Goal: >= 10x real time.
2. Time to the first sound, as a ratio to a bare ``pyopenjtalk.tts`` of the same text:
   for one long sentence (speech starts after its first chunk, cut at a comma; our
   cleaning and chunking are overhead: goal <= 1.2x, below 1x when the cut pays) and for
   a paragraph (speech starts after its first chunk, so well under 1x).
3. Estimated pitch accent: a sentence's accent phrases, per sentence.

Each timing is the best and the worst of several runs; the engine's first load (the
dictionary and Sudachi, paid once per session) is reported apart.

Run: .venv/bin/python bench/audio.py
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.audio import accent, openjtalk, speech  # noqa: E402
from reader.core.library import bundled  # noqa: E402

ROUNDS = 5
SENTENCES = 12
GOAL_SPEED = 10.0
GOAL_FIRST_SOUND = 1.2


def paired(
    ours: Callable[[], object], bare: Callable[[], object], rounds: int = ROUNDS
) -> tuple[tuple[float, float], tuple[float, float]]:
    """(best, worst) of each, their runs taking turns so that a change in the machine's
    load falls on both alike."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(rounds):
        for fn, out in ((ours, a), (bare, b)):
            gc.collect()
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
    return (min(a), max(a)), (min(b), max(b))


def sentences(text: str, count: int) -> list[str]:
    found = [s.strip() + "。" for s in text.replace("\n", "。").split("。") if len(s.strip()) > 8]
    return found[:count]


def main() -> int:
    article = bundled.first_article()
    picked = sentences(article.text, SENTENCES)
    sentence = max(picked[:5], key=len)
    paragraph = "".join(picked[:6])
    print(f"article: {article.info.title} — {len(picked)} sentences, {sum(map(len, picked))} characters")

    t0 = time.perf_counter()
    engine = openjtalk.load()
    speech.synthesize("はい")
    print(f"first load of the engine (dictionary, voice, Sudachi): {time.perf_counter() - t0:.2f} s (once per session)")

    audio_s = sum(speech.synthesize(s).duration_s for s in picked)
    (best, worst), (bare_best, _) = paired(
        lambda: [speech.synthesize(s) for s in picked], lambda: [engine.tts(s) for s in picked], rounds=3
    )
    cpu0 = time.process_time()
    for s in picked:
        speech.synthesize(s)
    cpu = time.process_time() - cpu0
    print(f"\n1. synthesis: {audio_s:.1f} s of audio in {best:.2f} s best, {worst:.2f} s worst")
    speed = audio_s / best
    print(f"   speed {speed:.1f}x real time best, {audio_s / worst:.1f}x worst (goal >= {GOAL_SPEED:.0f}x: "
          f"{'met' if speed >= GOAL_SPEED else 'NOT met'}); bare Open JTalk {audio_s / bare_best:.1f}x")
    print(f"   per second of CPU time (what other programs' load does not change): {audio_s / cpu:.1f}x")

    print("\n2. time to the first sound, ratio to a bare pyopenjtalk.tts of the same text")
    for label, text in (("one sentence", sentence), ("a paragraph", paragraph)):
        ours, bare = paired(lambda text=text: next(speech.synthesize_chunks(text)), lambda text=text: engine.tts(text))
        ratio = ours[0] / bare[0]
        print(f"   {label} ({len(text)} chars): ours {ours[0] * 1000:.0f} ms best / {ours[1] * 1000:.0f} ms worst, "
              f"bare {bare[0] * 1000:.0f} / {bare[1] * 1000:.0f} ms -> ratio {ratio:.2f} (worst {ours[1] / bare[1]:.2f})")
        if label == "one sentence":
            verdict = "met" if ratio <= GOAL_FIRST_SOUND else "NOT met"
            print(f"   goal <= {GOAL_FIRST_SOUND}x for one sentence: {verdict}")

    (best, worst), (bare_best, _) = paired(
        lambda: [accent.sentence_phrases(s) for s in picked], lambda: [engine.run_frontend(s) for s in picked]
    )
    print(f"\n3. estimated pitch: {best / len(picked) * 1000:.1f} ms per sentence best, "
          f"{worst / len(picked) * 1000:.1f} ms worst; ratio to a bare run_frontend {best / bare_best:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
