"""Benchmark the LLM engine against a real llama-cpp-python server, side by side in one run.

The model is the tests' tiny llama (tests/llm_server.py) with random weights: it never
ends a reply, so every request generates exactly --max-tokens tokens, and the compute
per token is real if small. Two measurements, each the best and worst of --rounds runs,
the contenders alternating:

1. Sentences per second over the first --sentences sentences of the main bundled
   article, one request per sentence, with 3 previous pairs as context vs none, at
   equal max tokens: what the context costs.
2. The prompt cache: time to first token for sentence N when the request starts with
   the same system prompt as the one before (the server reuses its evaluated prefix) vs
   when the prefix changes every time (a nonce before the system prompt).

Needs llama-cpp-python[server] and gguf (.ci/run installs them). Run:
.venv/bin/python bench/translate_llm.py [--sentences 12 --rounds 3 --max-tokens 24]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.library import bundled  # noqa: E402
from reader.core.text.sentences import split_sentences  # noqa: E402
from reader.core.translation import llm as llm_module  # noqa: E402
from reader.core.translation.llm import LLMSettings, LLMTranslator, build_messages  # noqa: E402
from reader.core.translation.llm_client import LLMClient  # noqa: E402
from tests.llm_server import LlamaServer, server_available, write_model  # noqa: E402


def sentences_per_second(client: LLMClient, sentences: list[str], context: int, max_tokens: int) -> float:
    settings = LLMSettings(model="tiny", context=context, max_tokens=max_tokens)
    translator = LLMTranslator(client, settings)
    start = time.perf_counter()
    for _ in translator.translate_batches(sentences):
        pass
    return len(sentences) / (time.perf_counter() - start)


def first_token_s(client: LLMClient, messages: list[dict[str, str]], max_tokens: int) -> float:
    start = time.perf_counter()
    first: list[float] = []

    def seen(_text: str) -> None:
        if not first:
            first.append(time.perf_counter() - start)

    client.chat("tiny", messages, max_tokens=max_tokens, on_partial=seen)
    return first[0] if first else time.perf_counter() - start


def ttft(client: LLMClient, sentences: list[str], stable: bool, max_tokens: int, nonce: int) -> float:
    """Time to first token of the last sentence, after the one before it was sent with
    the same system prompt (stable) or with another one."""
    previous = [(s, "Translation.") for s in sentences[-4:-1]]
    system = llm_module.SYSTEM_PROMPT
    before = build_messages(sentences[-2], previous[:-1], [])
    now = build_messages(sentences[-1], previous, [])
    if not stable:  # a prefix that differs from the request before, and from every earlier one
        before[0] = {"role": "system", "content": f"[{nonce}a] {system}"}
        now[0] = {"role": "system", "content": f"[{nonce}b] {system}"}
    first_token_s(client, before, 1)
    return first_token_s(client, now, max_tokens)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-tokens", type=int, default=24)
    args = parser.parse_args()
    why = server_available()
    if why:
        print(f"skipped: {why}")
        return 0
    text = bundled.load_article("1").text
    sentences = [s.text for s in split_sentences(text)][: args.sentences]
    with tempfile.TemporaryDirectory() as tmp:
        model = write_model(Path(tmp) / "tiny-random.gguf", answer=False)
        server = LlamaServer(model, Path(tmp) / "server.log")
        try:
            client = LLMClient(server.url)
            sentences_per_second(client, sentences[:2], 3, args.max_tokens)  # warm-up
            rates: dict[str, list[float]] = {"context 3": [], "context 0": []}
            firsts: dict[str, list[float]] = {"stable prefix": [], "changing prefix": []}
            for r in range(args.rounds):
                for context in ((3, 0) if r % 2 == 0 else (0, 3)):
                    rates[f"context {context}"].append(
                        sentences_per_second(client, sentences, context, args.max_tokens)
                    )
                for stable in ((True, False) if r % 2 == 0 else (False, True)):
                    name = "stable prefix" if stable else "changing prefix"
                    firsts[name].append(ttft(client, sentences, stable, args.max_tokens, r))
        finally:
            server.stop()
    print(f"LLM engine: tiny random llama on llama-cpp-python's server, {len(sentences)} sentences, "
          f"max_tokens {args.max_tokens}, {args.rounds} rounds (best / worst)")
    for name, values in rates.items():
        print(f"  {name:16s} {max(values):7.2f} / {min(values):7.2f} sentences/s")
    print(f"  context 3 / context 0: best {max(rates['context 3']) / max(rates['context 0']):.2f}x, "
          f"worst {min(rates['context 3']) / min(rates['context 0']):.2f}x")
    for name, values in firsts.items():
        print(f"  TTFT {name:16s} {min(values) * 1000:7.1f} / {max(values) * 1000:7.1f} ms")
    print(f"  changing / stable prefix TTFT: best {min(firsts['changing prefix']) / min(firsts['stable prefix']):.2f}x, "
          f"worst {max(firsts['changing prefix']) / max(firsts['stable prefix']):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
