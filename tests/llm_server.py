"""A real LLM server for the tests, with no downloaded weights: llama-cpp-python's server
running a tiny llama model written here with the gguf package.

The model: 64 dimensions, 2 layers, 4 heads, a llama (SentencePiece) tokenizer with
<unk>, <s>, </s>, the 256 <0xXX> byte tokens, <|im_start|>/<|im_end|>, printable ASCII
and a few words, and a ChatML chat template. Output rows of byte and control tokens are
zero, so the server never emits them. With ``answer`` (the default), attention and
feed-forward outputs are zero and the model becomes a chain of bigrams that always
answers ANSWER and then </s> (finish_reason "stop"), which makes exact assertions
possible; without it, the weights are random and it writes max_tokens of gibberish.

Also here: a pass-through proxy that records each request's JSON (and can slow the
stream down, for cancelling mid-stream), and a fake server answering garbage.
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ANSWER_WORDS = ("▁Peace", "▁talks", "▁resumed.")
ANSWER = "Peace talks resumed."
CHATML = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content']"
    " + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
DIM, LAYERS, HEADS, FF, CONTEXT = 64, 2, 4, 128, 4096


def server_available() -> str:
    """"" when llama-cpp-python's server can run here, else why not."""
    try:
        import llama_cpp  # noqa: F401
        import llama_cpp.server  # noqa: F401
        import gguf  # noqa: F401
    except ImportError as exc:
        return (
            f"llama-cpp-python[server] or gguf is not installed ({exc}); .ci/run installs them: "
            "CMAKE_ARGS=-DLLAVA_BUILD=OFF pip install 'llama-cpp-python[server]==0.3.36' 'gguf==0.19.*'"
        )
    return ""


def vocabulary() -> tuple[list[str], list[float], list[int]]:
    import gguf

    normal, unknown, control, byte = (
        gguf.TokenType.NORMAL, gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.BYTE
    )
    tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)] + ["<|im_start|>", "<|im_end|>"]
    types = [unknown, control, control] + [byte] * 256 + [control, control]
    words = ["▁"] + [chr(c) for c in range(0x21, 0x7F)] + list(ANSWER_WORDS)
    tokens += words
    types += [normal] * len(words)
    scores = [0.0] * (len(tokens) - len(words)) + [-1.0] * (len(words) - len(ANSWER_WORDS)) + [-100.0] * 3
    return tokens, scores, [int(t) for t in types]


def write_model(path: Path, answer: bool = True, seed: int = 0) -> Path:
    """A tiny llama GGUF at ``path`` (under a second)."""
    import gguf
    import numpy as np

    rng = np.random.default_rng(seed)
    tokens, scores, types = vocabulary()
    n = len(tokens)
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("reader-test-tiny")
    writer.add_context_length(CONTEXT)
    writer.add_embedding_length(DIM)
    writer.add_block_count(LAYERS)
    writer.add_feed_forward_length(FF)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(HEADS)
    writer.add_rope_dimension_count(DIM // HEADS)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    writer.add_chat_template(CHATML)

    def rand(*shape: int, scale: float = 0.02):
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    embed = rand(n, DIM, scale=1.0)
    out = rand(n, DIM, scale=1.0)
    silent = [i for i, t in enumerate(types) if t != int(gguf.TokenType.NORMAL)]
    out[silent] = 0.0
    if answer:
        # A chain: "\n" (the end of the generation prompt) -> Peace -> talks -> resumed. -> </s>.
        out[:] = 0.0
        chain = [tokens.index("<0x0A>")] + [tokens.index(w) for w in ANSWER_WORDS] + [2]
        for k, (now, nxt) in enumerate(zip(chain, chain[1:])):
            embed[now] = 0.0
            embed[now, k] = 1.0
            out[nxt, k] = 10.0
    writer.add_tensor("token_embd.weight", embed)
    writer.add_tensor("output_norm.weight", np.ones(DIM, dtype=np.float32))
    writer.add_tensor("output.weight", out)
    for i in range(LAYERS):
        scale = 0.0 if answer else 0.02
        writer.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(DIM, dtype=np.float32))
        for name in ("attn_q", "attn_k", "attn_v"):
            writer.add_tensor(f"blk.{i}.{name}.weight", rand(DIM, DIM))
        writer.add_tensor(f"blk.{i}.attn_output.weight", rand(DIM, DIM, scale=scale))
        writer.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(DIM, dtype=np.float32))
        writer.add_tensor(f"blk.{i}.ffn_gate.weight", rand(FF, DIM))
        writer.add_tensor(f"blk.{i}.ffn_up.weight", rand(FF, DIM))
        writer.add_tensor(f"blk.{i}.ffn_down.weight", rand(DIM, FF, scale=scale))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LlamaServer:
    """``python -m llama_cpp.server`` on 127.0.0.1 with the tiny model."""

    def __init__(self, model: Path, log: Path, n_ctx: int = CONTEXT) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._log = open(log, "wb")
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
             "--port", str(self.port), "--n_ctx", str(n_ctx), "--n_threads", "2", "--model_alias", "tiny"],
            stdout=self._log, stderr=subprocess.STDOUT, env=env,
        )
        self.log = log
        self._wait()

    def _wait(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the llama server exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                conn.request("GET", "/v1/models")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the llama server did not start in {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self._log.close()


class _Quiet(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # clients hanging up are expected
        pass


class Proxy:
    """A pass-through proxy on 127.0.0.1 that records each request (method, path, JSON
    body) and streams the answer back line by line, ``delay`` seconds apart."""

    def __init__(self, upstream_port: int, delay: float = 0.0) -> None:
        self.upstream_port = upstream_port
        self.delay = delay
        self.requests: list[tuple[str, str, object]] = []
        self.hung_up = threading.Event()  # a client closed before the answer ended
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                proxy.requests.append((self.command, self.path, json.loads(body) if body else None))
                up = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=30)
                headers = {"Content-Type": "application/json"} if body else {}
                up.request(self.command, self.path, body=body, headers=headers)
                answer = up.getresponse()
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.getheader("Content-Type") or "application/json")
                self.end_headers()
                try:
                    while line := answer.readline():
                        self.wfile.write(line)
                        self.wfile.flush()
                        if proxy.delay and line.strip():
                            time.sleep(proxy.delay)
                except OSError:
                    proxy.hung_up.set()
                finally:
                    up.close()

            do_GET = do_POST = _forward

        self.server = _Quiet(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def chats(self) -> list[dict]:
        return [b for m, p, b in self.requests if p.endswith("/chat/completions") and isinstance(b, dict)]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class GarbageServer:
    """A fake server: its first path segment says how it misbehaves."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.requests: list[str] = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, body: bytes, kind: str = "application/json", **headers: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                fake.requests.append(self.path)
                mode = self.path.strip("/").split("/")[0]
                try:
                    if mode == "html":
                        self._send(200, b"<html><body>It works!</body></html>", "text/html")
                    elif mode == "badjson":
                        self._send(200, b'{"choices": [{"message": {"content": "Pea')
                    elif mode == "wrongjson":
                        self._send(200, b'{"hello": "world"}')
                    elif mode == "huge":
                        self._send(200, b'{"x": "' + b"a" * (11 * 1024 * 1024) + b'"}')
                    elif mode == "hugestream":
                        self._send(200, b"data: " + b"a" * (11 * 1024 * 1024), "text/event-stream")
                    elif mode == "hang":
                        fake.release.wait(7200)
                    elif mode == "redirect":
                        self._send(302, b"", Location="http://198.51.100.7/v1/chat/completions")
                    elif mode == "ollama" and self.path.endswith("/api/tags"):  # Ollama's own API
                        self._send(200, json.dumps({"models": [{"name": "qwen2.5:7b"}]}).encode())
                    elif mode == "ollama" and self.path.endswith("/api/chat"):  # NDJSON, then done
                        lines = [{"message": {"role": "assistant", "content": w}, "done": False}
                                 for w in ("Peace", " talks", " resumed.")]
                        lines.append({"message": {"role": "assistant", "content": ""}, "done": True,
                                      "done_reason": "stop"})
                        body = b"".join(json.dumps(x).encode() + b"\n" for x in lines)
                        self._send(200, body, "application/x-ndjson")
                    elif mode == "echo":  # a well-formed answer that repeats the Japanese
                        said = {"choices": [{"message": {"content": "「和平交渉が再開された。」"}, "finish_reason": "stop"}]}
                        self._send(200, json.dumps(said, ensure_ascii=False).encode())
                    elif mode == "cut":  # closes mid-stream
                        chunk = {"choices": [{"delta": {"content": "Peace"}, "finish_reason": None}]}
                        self._send(200, b"data: " + json.dumps(chunk).encode() + b"\n\n", "text/event-stream")
                    else:
                        self._send(404, b'{"detail": "Not Found"}')
                except OSError:
                    pass

            do_GET = do_POST = _answer

        self.server = _Quiet(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.port}/{mode}/v1"

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


# The fixtures the LLM tests share: one server per test module, and a fresh recording
# proxy in front of it per test. A module imports them by these names.
import pytest  # noqa: E402 - only the fixtures need it


@pytest.fixture(scope="module", name="server")
def server_fixture(tmp_path_factory):
    why = server_available()
    if why:
        pytest.skip(why)
    where = tmp_path_factory.mktemp("llm")
    s = LlamaServer(write_model(where / "tiny.gguf"), where / "server.log")
    yield s
    s.stop()


@pytest.fixture(name="proxy")
def proxy_fixture(server):
    p = Proxy(server.port)
    yield p
    p.close()
