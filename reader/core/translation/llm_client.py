"""A client for a local LLM server speaking the OpenAI-compatible chat API (llama.cpp's
``llama-server``, llama-cpp-python's server, LM Studio, Ollama's ``/v1``) or Ollama's own
``/api/chat``, with the standard library only.

It talks to a server on this computer unless the user allowed another host
(``allow_remote``): the text of what is being read would leave the machine. Every failure
is an LLMUnavailable (a ReaderError) that says what went wrong and what to do: nothing
listening, a wrong base path (404), a redirect, a reply that is too large, not JSON, or a
server that hangs. Cancelling closes the socket from a watcher thread, so a request stuck
in a read stops at once rather than at its timeout.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from reader.core.net import is_loopback
from reader.core.errors import ReaderError

DEFAULT_URL = "http://127.0.0.1:8080/v1"
OLLAMA_PORT = 11434
CONNECT_TIMEOUT = 5.0
#: Seconds without a byte from the server before a request is given up.
READ_TIMEOUT = 60.0
#: Seconds one request may take in all, however slowly the bytes trickle in.
TOTAL_TIMEOUT = 600.0
#: A reply larger than this is not a translation of one sentence.
MAX_REPLY = 10 * 1024 * 1024
CHECK_URL = "check the server's address in Preferences → Translation (or --url)"

StopCheck = Callable[[], bool]
Partial = Callable[[str], None]


class LLMUnavailable(ReaderError):
    """The server cannot be used: down, misaddressed, slow or answering garbage."""


class LLMCancelled(ReaderError):
    """The request was cancelled (should_stop) and its connection closed."""


@dataclass(frozen=True)
class Endpoint:
    """A checked base URL: ``api`` is "openai" (paths under ``path``, usually /v1) or
    "ollama" (Ollama's native /api/chat and /api/tags at the server's root)."""

    url: str
    scheme: str
    host: str
    port: int
    path: str
    api: str

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


def check_url(url: str, allow_remote: bool = False) -> Endpoint:
    """The server's base URL, checked: http(s) with a host, on this computer unless
    ``allow_remote``. A path ending in /api means Ollama's native API."""
    url = (url or "").strip() or DEFAULT_URL
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError as exc:
        raise LLMUnavailable(f"{url!r} is not a valid address ({exc})", CHECK_URL) from None
    if parts.scheme not in ("http", "https") or not host:
        raise LLMUnavailable(
            f"{url!r} is not an http:// address with a host",
            f"a local server's address looks like {DEFAULT_URL}; {CHECK_URL}",
        )
    if not allow_remote and not is_loopback(host):
        raise LLMUnavailable(
            f"{host} is not this computer: the sentences would be sent to it",
            "confirm it: tick “Allow an LLM server on another computer” in Preferences → "
            "Translation, or pass --allow-remote; "
            "or use a server on 127.0.0.1",
        )
    path = parts.path.rstrip("/")
    api = "ollama" if path.endswith("/api") else "openai"
    if api == "ollama":
        path = path[: -len("/api")]
    default_port = 443 if parts.scheme == "https" else 80
    return Endpoint(url, parts.scheme, host, port or default_port, path, api)


@dataclass
class Reply:
    text: str
    finish_reason: str = ""


class _Watch:
    """Closes a request's socket when should_stop says so or the total time is up."""

    def __init__(self, conn: http.client.HTTPConnection, should_stop: StopCheck | None, total: float):
        self.conn = conn
        self.should_stop = should_stop
        self.deadline = time.monotonic() + total
        self.reason = ""
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="llm-watch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(0.05):
            if self.should_stop is not None and self.should_stop():
                self.reason = "cancelled"
            elif time.monotonic() > self.deadline:
                self.reason = "total"
            else:
                continue
            sock = self.conn.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            return

    def stop(self) -> None:
        self._done.set()


class LLMClient:
    """One server, as a base URL names it. Each call is one HTTP request on a new connection."""

    def __init__(
        self,
        url: str = DEFAULT_URL,
        allow_remote: bool = False,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        total_timeout: float = TOTAL_TIMEOUT,
        max_reply: int = MAX_REPLY,
    ) -> None:
        self.endpoint = check_url(url, allow_remote)
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout
        self.max_reply = max_reply

    # --- requests --------------------------------------------------------------------
    def _path(self, tail: str) -> str:
        e = self.endpoint
        return f"{e.path}/api/{tail}" if e.api == "ollama" else f"{e.path}/{tail}"

    def _open(
        self, method: str, path: str, body: dict[str, Any] | None, should_stop: StopCheck | None
    ) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse, _Watch]:
        e = self.endpoint
        kind = http.client.HTTPSConnection if e.scheme == "https" else http.client.HTTPConnection
        conn = kind(e.host, e.port, timeout=self.connect_timeout)
        where = f"{e.origin}{path}"
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        headers = {"Accept": "application/json, text/event-stream", "Connection": "close"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        watch: _Watch | None = None
        try:
            conn.connect()
            assert conn.sock is not None
            conn.sock.settimeout(self.read_timeout)
            watch = _Watch(conn, should_stop, self.total_timeout)
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            raise self._failure(exc, where, watch) from None
        assert watch is not None
        try:
            self._check_status(response, where)
        except BaseException:
            watch.stop()
            conn.close()
            raise
        return conn, response, watch

    def _failure(self, exc: BaseException, where: str, watch: _Watch | None) -> ReaderError:
        reason = watch.reason if watch is not None else ""
        if watch is not None:
            watch.stop()
        if reason == "cancelled":
            return LLMCancelled("the request to the LLM server was cancelled")
        if reason == "total":
            return LLMUnavailable(
                f"{where} took more than {self.total_timeout:.0f} s to answer", "is the server overloaded?"
            )
        if isinstance(exc, TimeoutError | socket.timeout):
            return LLMUnavailable(
                f"{where} did not answer within {self.read_timeout:.0f} s",
                "the server hangs or the model is too slow for this computer; try a smaller model",
            )
        if isinstance(exc, ConnectionRefusedError):
            return LLMUnavailable(
                f"nothing is listening at {self.endpoint.origin}",
                f"start the LLM server (llama-server, Ollama, LM Studio…), or {CHECK_URL}",
            )
        if isinstance(exc, socket.gaierror):
            return LLMUnavailable(f"the host {self.endpoint.host} is unknown", CHECK_URL)
        return LLMUnavailable(
            f"the connection to {where} failed ({exc.__class__.__name__}: {exc})",
            "the server closed it or crashed; check that it is still running",
        )

    def _check_status(self, response: http.client.HTTPResponse, where: str) -> None:
        status = response.status
        if 300 <= status < 400:
            target = response.getheader("Location", "")
            there = urlsplit(target)
            if there.hostname and there.hostname != self.endpoint.host:
                raise LLMUnavailable(
                    f"{where} redirects to another host ({there.hostname}): refused",
                    "reader only sends text to the server you named; " + CHECK_URL,
                )
            raise LLMUnavailable(f"{where} redirects to {target or '?'}", f"use that address; {CHECK_URL}")
        if status == 404:
            e = self.endpoint
            hint = f"{e.origin}/v1"
            if e.port == OLLAMA_PORT:
                hint += f" (Ollama: {e.origin}/v1, or {e.origin}/api for its own API)"
            raise LLMUnavailable(f"{where} answered 404 Not Found", f"wrong base path? try {hint}")
        if status >= 400:
            detail = self._read_limited(response, 2000, where).decode("utf-8", "replace")
            raise LLMUnavailable(
                f"{where} answered {status} {response.reason}: {_error_text(detail)[:300]}",
                "check the model name and the server's log",
            )

    def _read_limited(self, response: http.client.HTTPResponse, limit: int, where: str) -> bytes:
        data = response.read(limit + 1)
        if len(data) > limit:
            raise LLMUnavailable(
                f"{where} sent more than {limit // (1024 * 1024) or limit} "
                f"{'MB' if limit >= 1024 * 1024 else 'bytes'}",
                "this is not a translation: is the address an LLM server?",
            )
        return data

    def get_json(self, tail: str, should_stop: StopCheck | None = None) -> Any:
        path = self._path(tail)
        conn, response, watch = self._open("GET", path, None, should_stop)
        where = f"{self.endpoint.origin}{path}"
        try:
            data = self._read_limited(response, self.max_reply, where)
        except (OSError, http.client.HTTPException) as exc:
            raise self._failure(exc, where, watch) from None
        finally:
            watch.stop()
            response.close()  # the socket's last reference: closed for real now
            conn.close()
        return _parse_json(data, where)

    def _stream_lines(
        self, path: str, body: dict[str, Any], should_stop: StopCheck | None
    ) -> Iterator[tuple[str, bytes]]:
        """(content type, line) for each line of the answer, the size capped."""
        conn, response, watch = self._open("POST", path, body, should_stop)
        where = f"{self.endpoint.origin}{path}"
        kind = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        size = 0
        try:
            while True:
                if should_stop is not None and should_stop():
                    raise LLMCancelled("the request to the LLM server was cancelled")
                line = response.readline(self.max_reply + 1)
                if not line:
                    if watch.reason:
                        raise self._failure(ConnectionError("closed"), where, watch)
                    return
                size += len(line)
                if size > self.max_reply:
                    raise LLMUnavailable(
                        f"{where} sent more than {self.max_reply // (1024 * 1024)} MB",
                        "this is not a translation: is the address an LLM server?",
                    )
                yield kind, line
        except (OSError, http.client.HTTPException) as exc:
            raise self._failure(exc, where, watch) from None
        finally:
            watch.stop()
            response.close()  # the socket's last reference: closed for real now
            conn.close()

    # --- the API ---------------------------------------------------------------------
    def models(self, should_stop: StopCheck | None = None) -> list[str]:
        """The model ids the server offers (``/v1/models``, or Ollama's ``/api/tags``)."""
        where = f"{self.endpoint.origin}{self._path('tags' if self.endpoint.api == 'ollama' else 'models')}"
        if self.endpoint.api == "ollama":
            found = self.get_json("tags", should_stop)
            items, key = (found.get("models") if isinstance(found, dict) else None), "name"
        else:
            found = self.get_json("models", should_stop)
            items, key = (found.get("data") if isinstance(found, dict) else None), "id"
        if not isinstance(items, list):
            raise LLMUnavailable(f"{where} did not list models", "is this an OpenAI-compatible server?")
        return [str(m[key]) for m in items if isinstance(m, dict) and isinstance(m.get(key), str)]

    def chat(
        self,
        model: str,
        messages: list[dict[str, str]],
        *,
        temperature: float = 0.0,
        max_tokens: int = 256,
        stream: bool = True,
        on_partial: Partial | None = None,
        should_stop: StopCheck | None = None,
    ) -> Reply:
        """One chat completion: the reply's text, streamed to ``on_partial`` as it comes."""
        if self.endpoint.api == "ollama":
            body: dict[str, Any] = {
                "model": model, "messages": messages, "stream": stream,
                "options": {"temperature": temperature, "num_predict": max_tokens},
            }
            path = self._path("chat")
        else:
            body = {
                "model": model, "messages": messages, "temperature": temperature,
                "max_tokens": max_tokens, "stream": stream,
            }
            path = self._path("chat/completions")
        where = f"{self.endpoint.origin}{path}"
        parts: list[str] = []
        finish = ""
        whole = bytearray()
        events = 0
        ended = False
        for kind, line in self._stream_lines(path, body, should_stop):
            text = line.strip()
            if kind == "text/event-stream" or text.startswith(b"data:"):
                if not text.startswith(b"data:"):
                    continue  # comments, event names, blank separators
                payload = text[5:].strip()
                if payload == b"[DONE]":
                    ended = True
                    break
                piece, done = _openai_chunk(_parse_json(payload, where), where)
            elif self.endpoint.api == "ollama" and stream and text:
                piece, done = _ollama_chunk(_parse_json(text, where), where)
            else:
                whole += line
                continue
            events += 1
            parts.append(piece)
            finish = done or finish
            if piece and on_partial is not None:
                on_partial("".join(parts))
        if events and not (ended or finish):
            raise LLMUnavailable(
                f"{where} closed the connection in the middle of its answer",
                "the server stopped or crashed; check that it is still running",
            )
        if events == 0:
            answer = _parse_json(bytes(whole), where)
            if self.endpoint.api == "ollama":
                piece, finish = _ollama_chunk(answer, where)
            else:
                piece, finish = _openai_message(answer, where)
            parts = [piece]
        return Reply("".join(parts), finish)


def _error_text(detail: str) -> str:
    try:
        data = json.loads(detail)
    except ValueError:
        return detail.strip()
    if isinstance(data, dict):
        err = data.get("error", data.get("detail", data))
        if isinstance(err, dict):
            err = err.get("message", err)
        return str(err)
    return detail.strip()


def _parse_json(data: bytes, where: str) -> Any:
    try:
        return json.loads(data)
    except ValueError:
        sample = data[:60].decode("utf-8", "replace")
        raise LLMUnavailable(
            f"{where} answered with something that is not JSON ({sample!r}…)",
            "is this an OpenAI-compatible server? " + CHECK_URL,
        ) from None


def _garbled(where: str) -> LLMUnavailable:
    return LLMUnavailable(
        f"{where} answered JSON that is not a chat completion", "is this an OpenAI-compatible server?"
    )


def _openai_chunk(data: Any, where: str) -> tuple[str, str]:
    try:
        choice = data["choices"][0]
        piece = (choice.get("delta") or {}).get("content") or ""
        return str(piece), str(choice.get("finish_reason") or "")
    except (KeyError, IndexError, TypeError, AttributeError):
        if isinstance(data, dict) and "error" in data:
            raise LLMUnavailable(f"{where} reported an error: {_error_text(json.dumps(data))[:300]}") from None
        raise _garbled(where) from None


def _openai_message(data: Any, where: str) -> tuple[str, str]:
    try:
        choice = data["choices"][0]
        return str(choice["message"].get("content") or ""), str(choice.get("finish_reason") or "")
    except (KeyError, IndexError, TypeError, AttributeError):
        raise _garbled(where) from None


def _ollama_chunk(data: Any, where: str) -> tuple[str, str]:
    try:
        piece = data["message"].get("content") or ""
        return str(piece), str(data.get("done_reason") or ("stop" if data.get("done") else ""))
    except (KeyError, TypeError, AttributeError):
        raise _garbled(where) from None
