"""Benchmark offline translation: our engine against Argos Translate's way, side by side.

No real Japanese→English weights are available offline, so the model is an
Argos-sized Transformer with random weights (6+6 layers, d_model 512, 8 heads,
FFN 2048, 32k vocabulary, int8 like Argos's packages): the text is nonsense, the
compute is real. Both contenders run the same installed package on the same
sentences of the main bundled article, with the same output-length bound.

- argos-style: one sentence per call, Argos's defaults (beam 4, one hypothesis,
  length penalty 0.2, compute type "auto", inter_threads 1, intra_threads 0).
- reader: CT2Translator (beam 4 too): length-sorted batches bounded by tokens, int8,
  one thread per core.

Goals: reader >= 4x the sentences per second; peak RSS while translating <= 700 MB.
Each contender runs in its own process so peak RSS is its own. Run:
make bench   (or .venv/bin/python bench/translate.py [--sentences N])
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core import library, models_pkg  # noqa: E402
from reader.core.text import split_sentences  # noqa: E402
from reader.core.translate import MAX_BATCH_TOKENS, CT2Translator, decoding_bound  # noqa: E402

NAME = "translate-ja_en-bench"
SENTENCES = 60  # of the main article, the same for both: keeps the run near 3 minutes here
GOAL_RATIO, GOAL_RSS_MB = 4.0, 700


def _status_mb(field: str) -> float | None:
    """A memory figure of this process from /proc (Linux); None elsewhere."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> None:
    """Restart the peak-RSS count, so it covers translation alone (Linux 4.0+)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _peak_mb() -> float:
    hwm = _status_mb("VmHWM")
    if hwm is not None:
        return hwm
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def sentences(count: int) -> list[str]:
    article = library.first_article()
    return [s.text for s in split_sentences(article.text)][:count]


def build_and_install() -> tuple[float, float]:
    """Build the random Argos-sized package, install it; (build s, install s)."""
    from tests.core.tinymodel import build_package_dir, zip_package

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        package = build_package_dir(
            Path(tmp),
            NAME,
            vocab_size=8000,  # the articles allow fewer pieces; the vocabulary is padded to 32k
            hard_vocab_limit=False,
            pad_vocab_to=32000,
            layers=(6, 6),
            d_model=512,
            heads=8,
            ffn=2048,
            quantization="int8",
        )
        archive = zip_package(package, Path(tmp) / f"{NAME}.argosmodel", stored=True)
        built = time.perf_counter() - started
        started = time.perf_counter()
        models_pkg.install_package(archive)
    return built, time.perf_counter() - started


def worker(kind: str, count: int, batch_tokens: int) -> dict[str, object]:
    """Load the model and translate, in this process; report timings and memory."""
    import ctranslate2
    import sentencepiece

    package = models_pkg.require_package()
    texts = sentences(count)
    started = time.perf_counter()
    if kind == "reader":
        engine = CT2Translator(package, max_batch_size=batch_tokens)
        compute_type = engine.compute_type
    else:
        model = ctranslate2.Translator(
            str(package.model_dir), device="cpu", compute_type="auto",
            inter_threads=1, intra_threads=0,
        )
        sp = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_path))
        compute_type = model.compute_type
    load_s = time.perf_counter() - started
    rss_loaded = _status_mb("VmRSS") or _peak_mb()
    _reset_peak()
    started = time.perf_counter()
    if kind == "reader":
        out = dict(engine.translate_sentences(texts))
    else:
        out = {}
        for i, text in enumerate(texts):
            tokens = sp.encode(text, out_type=str)
            result = model.translate_batch(
                [tokens], max_batch_size=32, batch_type="tokens", beam_size=4, num_hypotheses=1,
                length_penalty=0.2, replace_unknowns=True,
                max_decoding_length=decoding_bound(len(tokens)),
            )
            out[i] = sp.decode(result[0].hypotheses[0])
    seconds = time.perf_counter() - started
    return {
        "kind": kind, "compute_type": compute_type, "load_s": load_s, "seconds": seconds,
        "sentences": len(out), "rss_loaded_mb": rss_loaded, "peak_rss_mb": _peak_mb(),
        "sample": out[min(out)][:60] if out else "",
    }


def run_worker(kind: str, args: argparse.Namespace, env: dict[str, str]) -> dict[str, object]:
    argv = ["--worker", kind, "--sentences", str(args.sentences)]
    done = subprocess.run(
        [sys.executable, __file__, *argv, "--batch-tokens", str(args.batch_tokens)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    if done.returncode:
        raise SystemExit(f"{kind} worker failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=SENTENCES)
    parser.add_argument("--batch-tokens", type=int, default=MAX_BATCH_TOKENS)
    parser.add_argument("--worker", choices=("reader", "argos"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.sentences, args.batch_tokens)))
        return 0
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "READER_DATA_DIR": data}
        os.environ["READER_DATA_DIR"] = data
        built, installed = build_and_install()
        info = models_pkg.require_package()
        texts = sentences(args.sentences)
        print(f"model: 6+6 layers, d_model 512, 32000 vocabulary, int8, random weights; "
              f"{info.size / 1024**2:.0f} MB on disk (built in {built:.1f} s, "
              f"installed and verified in {installed:.1f} s)")
        print(f"text: {len(texts)} sentences of {library.first_article().info.id}, "
              f"{os.cpu_count()} CPU cores\n")
        results = [run_worker(kind, args, env) for kind in ("argos", "reader")]
    for r in results:
        rate = r["sentences"] / r["seconds"]
        print(f"{r['kind']:>6}: {rate:6.2f} sentences/s  ({r['seconds']:.1f} s, "
              f"{r['compute_type']})  load {r['load_s']:.2f} s  "
              f"RSS loaded {r['rss_loaded_mb']:.0f} MB, peak {r['peak_rss_mb']:.0f} MB")
        print(f"        first output: {r['sample']!r}")
    argos, ours = results
    ratio = (ours["sentences"] / ours["seconds"]) / (argos["sentences"] / argos["seconds"])
    speed_ok = "ok" if ratio >= GOAL_RATIO else "MISSED"
    rss_ok = "ok" if ours["peak_rss_mb"] <= GOAL_RSS_MB else "MISSED"
    print(f"\nspeed-up: {ratio:.1f}x (goal >= {GOAL_RATIO:.0f}x: {speed_ok})")
    print(f"reader peak RSS: {ours['peak_rss_mb']:.0f} MB (goal <= {GOAL_RSS_MB} MB: {rss_ok})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
