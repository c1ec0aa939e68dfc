"""The LLM engine without a model: reply cleaning and checks, the requests' shape, the
address checks, and fake servers on 127.0.0.1 that answer garbage, hang, redirect or
close mid-stream, each a clear error and a fallback."""

from __future__ import annotations

import threading
import time

import pytest

from reader.core.translation.llm import (
    GLOSSARY_HEAD,
    NO_USABLE_MT,
    SYSTEM_PROMPT,
    LLMSettings,
    LLMTranslator,
    build_messages,
    clean_reply,
    context_hash,
    sentence_count_en,
    sentence_count_ja,
    unusable,
)
from reader.core.translation.llm_client import LLMCancelled, LLMClient, LLMUnavailable, check_url
from reader.core.translation.llm_support import FallbackTranslator, english_name
from tests.llm_server import GarbageServer


@pytest.mark.parametrize(
    "reply, cleaned",
    [
        ("Peace talks resumed.", "Peace talks resumed."),
        ('"Peace talks resumed."', "Peace talks resumed."),
        ("「和平交渉が再開された」", "和平交渉が再開された"),
        ("Translation: Peace talks resumed.", "Peace talks resumed."),
        ("**English translation:** Peace talks resumed.", "Peace talks resumed."),
        ("Translation:\n\nPeace talks resumed.", "Peace talks resumed."),
        ("Peace talks resumed.\n\nNote: 和平 means peace.", "Peace talks resumed."),
        ("Peace talks resumed. (Note: literally 'peace negotiations')", "Peace talks resumed."),
        ("Peace talks resumed.\nLiterally: the talks for peace restarted.", "Peace talks resumed."),
        ("<think>The user wants…</think>\nPeace talks resumed.", "Peace talks resumed."),
        ("  “The summit   ended.”  ", "The summit ended."),
        ("", ""),
    ],
)
def test_clean_reply(reply, cleaned):
    assert clean_reply(reply) == cleaned


@pytest.mark.parametrize(
    "source, reply, reason",
    [
        ("和平交渉が再開された。", "Peace talks resumed.", ""),
        ("和平交渉が再開された。", "", "empty"),
        ("和平交渉が再開された。", "和平交渉が再開された。", "repeats"),
        ("和平交渉が再開された。", "和平交渉が再開された", "repeats"),
        ("和平交渉が再開された。", "Talks resumed. They went well. Everyone was happy. The end.", "sentences"),
        # one more sentence is fine: long Japanese sentences often become two
        ("首脳会談は延期され、停戦の見通しは立たない。", "The summit was postponed. No ceasefire is in sight.", ""),
        ("Mr. Tanaka said so. He left.", "Mr. Tanaka said so. He left.", "repeats"),
        ("田中氏はそう言った。", "Mr. Tanaka of the U.S. said so.", ""),
    ],
)
def test_unusable(source, reply, reason):
    found = unusable(source, reply)
    assert (reason in found and found) if reason else found == ""


def test_sentence_counts():
    assert sentence_count_ja("停戦した。交渉は続く。") == 2
    assert sentence_count_ja("彼は「行きます」と言った。") == 1
    assert sentence_count_ja("見出し") == 1
    assert sentence_count_en("Dr. Smith left the U.S. on Monday.") == 1
    assert sentence_count_en("It ended. Talks resume.") == 2


def test_messages_carry_context_turns_and_glossary_lines():
    previous = [("停戦が成立した。", "A ceasefire was agreed."), ("交渉は続く。", "Talks go on.")]
    hints = [("首脳会談", "summit"), ("岸田文雄", "Kishida Fumio")]
    messages = build_messages("首脳会談が開かれた。", previous, hints)
    assert messages[0] == {"role": "system", "content": SYSTEM_PROMPT}
    assert [m["role"] for m in messages[1:]] == ["user", "assistant", "user", "assistant", "user"]
    assert messages[1]["content"] == "停戦が成立した。" and messages[4]["content"] == "Talks go on."
    assert messages[-1]["content"] == (
        f"{GLOSSARY_HEAD}\n首脳会談 → summit\n岸田文雄 → Kishida Fumio\n\n首脳会談が開かれた。"
    )
    assert build_messages("文。", [], [])[-1]["content"] == "文。"
    assert context_hash(previous, hints) != context_hash(previous[1:], hints)
    assert context_hash(previous, hints) != context_hash(previous, hints[:1])
    assert english_name("Kishida Fumio (1957.7.29-)") == "Kishida Fumio"


@pytest.mark.parametrize(
    "url, allowed, message",
    [
        ("not a url", False, "not an http:// address"),
        ("ftp://127.0.0.1/v1", False, "not an http:// address"),
        ("http://[::1", False, "not a valid address"),
        ("http://127.0.0.1:99999/v1", False, "not a valid address"),
        ("http://192.168.1.20:8080/v1", False, "not this computer"),
        ("http://llm.example.org/v1", False, "not this computer"),
        ("http://192.168.1.20:8080/v1", True, ""),
        ("http://localhost:11434/v1", False, ""),
        ("http://[::1]:8080/v1", False, ""),
        ("", False, ""),  # the default
    ],
)
def test_check_url(url, allowed, message):
    if message:
        with pytest.raises(LLMUnavailable, match=message):
            check_url(url, allowed)
    else:
        assert check_url(url, allowed).host


def test_ollama_native_base():
    e = check_url("http://127.0.0.1:11434/api")
    assert (e.api, e.path) == ("ollama", "")
    assert LLMClient("http://127.0.0.1:11434/api")._path("chat") == "/api/chat"
    assert LLMClient("http://127.0.0.1:11434/v1")._path("chat/completions") == "/v1/chat/completions"


@pytest.fixture(scope="module")
def garbage():
    server = GarbageServer()
    yield server
    server.close()


def _chat(url: str, **kw):
    return LLMClient(url, **kw).chat("m", build_messages("和平。", [], []))


@pytest.mark.parametrize(
    "mode, message",
    [
        ("html", "not JSON"),
        ("badjson", "not JSON"),
        ("wrongjson", "not a chat completion"),
        ("huge", "more than 10 MB"),
        ("hugestream", "more than 10 MB"),
        ("redirect", "redirects to another host (198.51.100.7): refused"),
        ("nothing-here", "404 Not Found"),
    ],
)
def test_garbage_gets_a_clear_message(garbage, mode, message):
    with pytest.raises(LLMUnavailable, match=message.replace("(", r"\(").replace(")", r"\)")):
        _chat(garbage.url(mode))


def test_404_suggests_the_v1_base(garbage):
    with pytest.raises(LLMUnavailable) as caught:
        LLMClient(f"http://127.0.0.1:{garbage.port}/").models()
    assert "wrong base path? try" in caught.value.advice
    assert f"http://127.0.0.1:{garbage.port}/v1" in caught.value.advice


def test_a_hang_times_out(garbage):
    start = time.monotonic()
    with pytest.raises(LLMUnavailable, match="did not answer within"):
        _chat(garbage.url("hang"), read_timeout=0.5)
    assert time.monotonic() - start < 3


def test_a_hang_is_cancelled_at_once(garbage):
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    start = time.monotonic()
    with pytest.raises(LLMCancelled):
        LLMClient(garbage.url("hang"), read_timeout=60).chat("m", build_messages("和平。", [], []),
                                                           should_stop=stop.is_set)
    assert time.monotonic() - start < 2


def test_nothing_listening():
    from tests.llm_server import free_port

    with pytest.raises(LLMUnavailable, match="nothing is listening"):
        LLMClient(f"http://127.0.0.1:{free_port()}/v1").models()


class Fixed:
    """A stand-in for the installed model."""

    model_key = ("fixed", "1")

    def translate_batches(self, sentences, should_stop=None):
        for i, s in enumerate(sentences):
            yield [(i, f"NMT {s}")]


@pytest.mark.parametrize("mode", ["cut", "badjson", "hugestream"])
def test_failure_falls_back_to_the_installed_model_or_glosses(garbage, mode):
    sentences = ["停戦した。", "交渉は続く。", "", "首脳会談が開かれた。"]
    told: list[str] = []
    llm = LLMTranslator(LLMClient(garbage.url(mode)), LLMSettings(model="m"))
    translator = FallbackTranslator(llm, lambda: Fixed(), told.append, lambda: "Fixed NMT")
    got = dict(pair for batch in translator.translate_batches(sentences) for pair in batch)
    assert got == {0: "NMT 停戦した。", 1: "NMT 交渉は続く。", 2: "NMT ", 3: "NMT 首脳会談が開かれた。"}
    assert translator.engine == "Fixed NMT" and translator.error is not None
    assert told and told[0].startswith("LLM server failed:") and "the rest from Fixed NMT" in told[0]

    told.clear()
    glosses = FallbackTranslator(llm, lambda: None, told.append)
    got = dict(pair for batch in glosses.translate_batches(sentences) for pair in batch)
    assert set(got.values()) == {NO_USABLE_MT} and len(got) == 4
    assert glosses.engine == "glosses" and "no model installed" in told[0]


def test_empty_sentences_send_nothing(garbage):
    llm = LLMTranslator(LLMClient(garbage.url("html")), LLMSettings(model="m"))
    before = len(garbage.requests)
    assert list(llm.translate_batches(["", "  "])) == [[(0, "")], [(1, "")]]
    assert len(garbage.requests) == before and llm.requests == 0


def test_ollama_native_api(garbage):
    base = f"http://127.0.0.1:{garbage.port}/ollama/api"
    client = LLMClient(base)
    assert client.models() == ["qwen2.5:7b"]
    seen: list[str] = []
    reply = client.chat("qwen2.5:7b", build_messages("和平。", [], []), on_partial=seen.append)
    assert (reply.text, reply.finish_reason) == ("Peace talks resumed.", "stop")
    assert seen == ["Peace", "Peace talks", "Peace talks resumed."]
    assert garbage.requests[-2:] == ["/ollama/api/tags", "/ollama/api/chat"]


def test_ollama_port_404_names_both_bases():
    from reader.core.translation.llm_client import Endpoint

    client = LLMClient("http://127.0.0.1:11434")
    client.endpoint = Endpoint("x", "http", "127.0.0.1", 11434, "", "openai")

    class NotFound:
        status, reason = 404, "Not Found"

    with pytest.raises(LLMUnavailable) as caught:
        client._check_status(NotFound(), "http://127.0.0.1:11434/models")
    assert "http://127.0.0.1:11434/v1" in caught.value.advice and "/api for its own API" in caught.value.advice


def test_a_reply_repeating_the_japanese_is_no_usable_mt_and_not_cached(garbage, tmp_path):
    from reader.core.translation.cache import TranslationCache

    cache = TranslationCache(tmp_path / "t.sqlite")
    llm = LLMTranslator(LLMClient(garbage.url("echo")), LLMSettings(model="m"), cache=cache)
    source = "和平交渉が再開された。"
    assert list(llm.translate_batches([source])) == [[(0, NO_USABLE_MT)]]
    assert "repeats the Japanese" in llm.last_reason
    assert list(llm.translate_batches([source])) == [[(0, NO_USABLE_MT)]]
    assert llm.requests == 2  # asked again: nothing unusable is cached
    cache.close()
