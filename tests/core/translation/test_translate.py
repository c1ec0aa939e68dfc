"""Offline translation: model packages, the CTranslate2 engine, its cache and CLI."""

from __future__ import annotations

import io
import json
import os
import socket
import stat
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from reader.core import paths
from reader.core.errors import ReaderError
from reader.core.library import bundled
from reader.core.text.sentences import split_sentences
from reader.core.translation import packages
from reader.core.translation.cache import CachedTranslator, TranslationCache
from reader.core.translation.engine import (
    SPREAD,
    Batch,
    CT2Translator,
    StopCheck,
    length_batches,
    normalize,
)
from tests.core.translation.tinymodel import TINY_NAME, metadata, rezip

TOP = TINY_NAME


@pytest.fixture
def article_sentences() -> list[str]:
    return [s.text for s in split_sentences(bundled.first_article().text)][:24]


class Counting:
    """Wraps a translator and records how many sentences reached it."""

    def __init__(self, inner: CT2Translator) -> None:
        self.inner = inner
        self.calls: list[int] = []

    @property
    def model_key(self) -> tuple[str, str]:
        return self.inner.model_key

    def translate_batches(
        self, sentences: Sequence[str], should_stop: StopCheck | None = None
    ) -> Iterator[Batch]:
        self.calls.append(len(sentences))
        return self.inner.translate_batches(sentences, should_stop)


def test_install_list_remove(tiny_package_file: Path):
    assert packages.list_packages() == []
    assert packages.find_package() is None
    info = packages.install_package(tiny_package_file)
    assert (info.name, info.from_code, info.to_code, info.version) == (TOP, "ja", "en", "1.0")
    assert info.path == packages.packages_dir() / TOP
    assert info.path.parent == paths.data_dir() / "models"
    assert info.size > 0 and info.readme and "tests only" in info.readme
    assert [p.name for p in packages.list_packages()] == [TOP]
    assert packages.find_package("ja", "en") == info
    assert packages.find_package("en", "ja") is None
    again = packages.install_package(tiny_package_file)  # reinstalling replaces it in place
    assert [p.name for p in packages.list_packages()] == [TOP] and again.path == info.path
    assert packages.remove_package(TOP).name == TOP
    assert packages.list_packages() == []
    assert sorted(os.listdir(packages.packages_dir())) == []
    with pytest.raises(ReaderError, match="no model package named"):
        packages.remove_package(TOP)


def _bad(tmp_path: Path, src: Path, case: str) -> Path:
    out = tmp_path / f"broken-{case}.argosmodel"
    if case == "not-a-zip":
        out.write_bytes(b"this is not a zip archive\n" * 10)
    elif case == "no-metadata":
        rezip(src, out, drop=[f"{TOP}/metadata.json"])
    elif case == "bad-metadata":
        rezip(src, out, replace={f"{TOP}/metadata.json": b"{not json"})
    elif case == "en-ja":
        rezip(src, out, replace={f"{TOP}/metadata.json": json.dumps(metadata("en", "ja")).encode()})
    elif case == "no-model-bin":
        rezip(src, out, drop=[f"{TOP}/model/model.bin"])
    elif case == "no-sentencepiece":
        rezip(src, out, drop=[f"{TOP}/sentencepiece.model"])
    elif case == "corrupt-model-bin":
        rezip(src, out, replace={f"{TOP}/model/model.bin": b"\x00garbage" * 64})
    elif case == "corrupt-sentencepiece":
        rezip(src, out, replace={f"{TOP}/sentencepiece.model": b"garbage"})
    elif case == "zip-slip":
        rezip(src, out, add={f"{TOP}/../../evil.txt": b"owned"})
    elif case == "absolute-path":
        rezip(src, out, add={"/tmp/evil.txt": b"owned"})
    elif case == "symlink":
        link = zipfile.ZipInfo(f"{TOP}/link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        rezip(src, out)
        with zipfile.ZipFile(out, "a") as zf:
            zf.writestr(link, "/etc/passwd")
    elif case == "two-folders":
        rezip(src, out, add={"other/file.txt": b"x"})
    elif case == "empty-vocabulary":
        rezip(src, out, replace={f"{TOP}/model/shared_vocabulary.json": b"[]"})
    elif case == "short-vocabulary":
        with zipfile.ZipFile(src) as zf:
            vocabulary = json.loads(zf.read(f"{TOP}/model/shared_vocabulary.json"))
        short = json.dumps(vocabulary[: len(vocabulary) // 2]).encode()
        rezip(src, out, replace={f"{TOP}/model/shared_vocabulary.json": short})
    elif case == "huge-version":
        meta = {**metadata(), "package_version": "1" * 5000}
        rezip(src, out, replace={f"{TOP}/metadata.json": json.dumps(meta).encode()})
    elif case == "odd-version":
        meta = {**metadata(), "package_version": "1.0; rm -rf"}
        rezip(src, out, replace={f"{TOP}/metadata.json": json.dumps(meta).encode()})
    elif case == "clash":
        rezip(src, out, add={f"{TOP}/README.md/inside.txt": b"x"})
    elif case == "tokenizer-not-japanese":
        import sentencepiece

        model = io.BytesIO()
        sentencepiece.SentencePieceTrainer.train(
            sentence_iterator=iter(["hello world", "plain english only", "nothing else here"] * 50),
            model_writer=model, vocab_size=20, character_coverage=1.0,
        )
        rezip(src, out, replace={f"{TOP}/sentencepiece.model": model.getvalue()})
    return out


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("not-a-zip", "not a zip"),
        ("no-metadata", "no metadata.json"),
        ("bad-metadata", "not valid JSON"),
        ("en-ja", "translates en→ja"),
        ("no-model-bin", "lacks model/model.bin"),
        ("no-sentencepiece", "lacks sentencepiece.model"),
        ("corrupt-model-bin", "cannot load its model"),
        ("corrupt-sentencepiece", "sentencepiece.model cannot be loaded"),
        ("zip-slip", "unsafe path"),
        ("absolute-path", "unsafe path"),
        ("symlink", "symbolic link"),
        ("two-folders", "no single top-level folder"),
        ("empty-vocabulary", "shared_vocabulary.json is empty"),
        ("short-vocabulary", "tokens for a model of"),
        ("huge-version", "metadata.json's package_version is not a short text"),
        ("odd-version", "package_version '1.0; rm -rf' is not a version"),
        ("clash", "'translate-ja_en-tiny/README.md' is both a file and a folder"),
        ("tokenizer-not-japanese", "its tokenizer does not read Japanese back"),
    ],
)
def test_broken_packages_are_refused(
    tmp_path: Path,
    tiny_package_file: Path,
    case: str,
    says: str,
):
    bad = _bad(tmp_path, tiny_package_file, case)
    with pytest.raises(ReaderError) as caught:
        packages.install_package(bad)
    assert bad.name in str(caught.value)
    assert says in caught.value.message
    assert caught.value.advice
    assert packages.list_packages() == []
    root = packages.packages_dir()
    assert not root.exists() or os.listdir(root) == []  # no staging left behind
    assert not (tmp_path.parent / "evil.txt").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_an_unreadable_package_says_so(tmp_path: Path, tiny_package_file: Path):
    locked = tmp_path / "locked.argosmodel"
    locked.write_bytes(tiny_package_file.read_bytes())
    locked.chmod(0)
    with pytest.raises(ReaderError, match="permission denied"):
        packages.install_package(locked)


def test_zip_bomb_is_refused(tmp_path: Path):
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{TOP}/metadata.json", json.dumps(metadata()))
        zf.writestr(f"{TOP}/model/model.bin", b"\x00" * (64 * 1024 * 1024))
    with pytest.raises(ReaderError, match="implausible size") as caught:
        packages.install_package(bomb)
    assert "bomb.argosmodel" in str(caught.value)


@pytest.mark.slow  # random weights loop, so every sentence is decoded twice (guards.py)
def test_translation_is_deterministic(installed, article_sentences):
    translator = CT2Translator(installed, max_batch_size=256)
    first = dict(translator.translate_sentences(article_sentences))
    second = dict(translator.translate_sentences(article_sentences))
    assert sorted(first) == list(range(len(article_sentences)))
    assert first == second
    assert all(isinstance(t, str) and t for t in first.values())
    assert translator.compute_type in ("int8", "default")


def test_a_package_damaged_after_install_fails_clearly(installed):
    (installed.model_dir / "model.bin").write_bytes(b"broken")
    with pytest.raises(ReaderError, match="cannot be loaded") as caught:
        CT2Translator(installed)
    assert f"reader models remove {TOP}" in caught.value.advice


def test_blank_sentences_translate_to_nothing(installed):
    got = dict(CT2Translator(installed).translate_sentences(["", "  ", "平和です。"]))
    assert got[0] == got[1] == "" and got[2]


def test_batches_are_bounded_by_tokens_and_cover_everything():
    lengths = [5, 40, 3, 17, 17, 90, 1, 8] * 10
    batches = length_batches(lengths, max_tokens=100, window=16)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        longest = max(lengths[i] for i in batch)
        assert len(batch) == 1 or len(batch) * longest <= 100
        assert longest <= SPREAD * min(lengths[i] for i in batch) + 4  # one length bound fits all
        window = {i // 16 for i in batch}
        assert len(window) == 1  # sorting stays within a window: long texts stream in order


def test_cache_serves_a_reopened_article(installed, article_sentences):
    counting = Counting(CT2Translator(installed))
    cache = TranslationCache.open_default()
    cached = CachedTranslator(counting, cache)
    first = dict(cached.translate_sentences(article_sentences))
    assert counting.calls == [len(set(map(normalize, article_sentences)))]
    second = dict(cached.translate_sentences(article_sentences))
    assert counting.calls == [len(set(map(normalize, article_sentences)))]  # no new work
    assert first == second
    cache.close()
    reopened = TranslationCache.open_default()
    assert (paths.data_dir() / "translations.sqlite").is_file()
    third = dict(CachedTranslator(counting, reopened).translate_sentences(article_sentences))
    assert third == first and len(counting.calls) == 1
    reopened.close()


def test_cache_key_is_normalized_and_model_specific(installed):
    counting = Counting(CT2Translator(installed))
    cache = TranslationCache.open_default()
    cached = CachedTranslator(counting, cache)
    got = dict(cached.translate_sentences(["平和 の 話。", "平和\u3000の  話。"]))
    assert got[0] == got[1] and counting.calls == [1]
    other = Counting(CT2Translator(installed, beam_size=2))
    list(CachedTranslator(other, cache).translate_sentences(["平和 の 話。"]))
    assert other.calls == [1]  # another beam size is another cache entry
    cache.close()


def test_a_damaged_cache_says_what_to_delete():
    where = paths.data_dir() / "translations.sqlite"
    where.write_bytes(b"not a database" * 100)
    with pytest.raises(ReaderError, match="translation cache") as caught:
        TranslationCache.open_default()
    assert str(where) in caught.value.message and "delete" in caught.value.advice


def test_cancellation_stops_after_the_first_batch(installed, article_sentences):
    translator = CT2Translator(installed, max_batch_size=64)
    done: list[int] = []
    batches = 0
    for batch in translator.translate_batches(article_sentences, should_stop=lambda: bool(done)):
        batches += 1
        done.extend(i for i, _ in batch)
    assert batches == 1
    assert 0 < len(done) < len(article_sentences)


def test_no_socket_is_opened(installed, article_sentences, monkeypatch: pytest.MonkeyPatch):
    def refuse(*args, **kwargs):
        raise AssertionError("translation tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    cache = TranslationCache.open_default()
    translator = CachedTranslator(CT2Translator(installed), cache)
    assert len(dict(translator.translate_sentences(article_sentences))) == len(article_sentences)
    cache.close()


def test_download_without_network_says_so(monkeypatch: pytest.MonkeyPatch):
    def refuse(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr(socket, "create_connection", refuse)
    with pytest.raises(ReaderError, match="no network") as caught:
        packages.download_package("ja", "en")
    assert "reader models install" in caught.value.advice


def test_download_installs_from_the_index(
    tiny_package_file: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    link = "https://example.invalid/translate-ja_en-tiny.argosmodel"
    index = [{**metadata("en", "ja"), "links": ["https://example.invalid/x"]}]
    index.append({**metadata(), "links": [link]})
    seen: list[str] = []

    def fake_urlopen(request, *args, **kwargs):
        url = request if isinstance(request, str) else request.full_url
        seen.append(url)
        if url.endswith("index.json"):
            return io.BytesIO(json.dumps(index).encode())
        assert url == link
        return io.BytesIO(tiny_package_file.read_bytes())

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    info = packages.download_package("ja", "en")
    assert (info.name, info.from_code, info.to_code) == (TOP, "ja", "en")
    assert seen[-1] == link
    downloads = paths.data_dir() / "argos" / "argos-translate" / "downloads"
    assert list(downloads.iterdir()) == []  # the downloaded file is not kept
    with pytest.raises(ReaderError, match="no ko→en package"):
        packages.download_package("ko", "en")


def test_argostranslate_stays_inside_our_data_dir(tmp_path: Path):
    """Importing argostranslate.package must not pull torch/stanza nor touch the home dir."""
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ARGOS_", "KMP_"))}
    env.update(HOME=str(home), READER_DATA_DIR=str(data))
    code = (
        "import os, sys\n"
        "from reader.core.translation import packages\n"
        "packages._argos()\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('torch', 'stanza', 'spacy')]\n"
        "leaked = [k for k in os.environ if k.startswith(('XDG_', 'ARGOS_', 'KMP_'))]\n"
        "print(heavy, leaked, 'argostranslate.translate' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] [] False"
    assert list(home.iterdir()) == []
    assert (data / "models").is_dir()


class Echo:
    """A translator that upper-cases nothing and records what it was asked, in order."""

    model_key = ("echo", "1")

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate_batches(
        self, sentences: Sequence[str], should_stop: StopCheck | None = None
    ) -> Iterator[Batch]:
        self.calls.append(list(sentences))
        yield [(i, f"<{s}>") for i, s in enumerate(sentences)]


def test_the_sentences_on_screen_come_first_and_a_scroll_is_followed():
    from reader.core.translation.schedule import FIRST_ROUND, ROUND, nearest_first

    sentences = [f"s{i}" for i in range(200)]
    where = {"focus": 50}
    echo = Echo()
    done: list[int] = []
    for batch in nearest_first(echo, sentences, lambda: where["focus"]):
        done.extend(i for i, _ in batch)
        assert all(text == f"<s{i}>" for i, text in batch)
        if len(echo.calls) == 2:
            where["focus"] = 150  # the reader scrolled
    assert sorted(done) == list(range(200)) and len(done) == 200  # each once
    assert done[:FIRST_ROUND] == list(range(50, 50 + FIRST_ROUND))  # the screen from its top
    assert set(done[FIRST_ROUND : FIRST_ROUND + ROUND]) >= set(range(58, 70))  # then around it
    third = [int(s[1:]) for s in echo.calls[2]]
    assert third == list(range(150, 150 + FIRST_ROUND))  # the new screen, at once
    assert list(nearest_first(Echo(), sentences[:3], None)) == [[(0, "<s0>"), (1, "<s1>"), (2, "<s2>")]]


def test_on_screen_first_with_the_cache_and_a_real_model(installed, article_sentences):
    from reader.core.translation.schedule import nearest_first

    cache = TranslationCache.open_default()
    counting = Counting(CT2Translator(installed))
    cached = CachedTranslator(counting, cache)
    sentences = article_sentences[:14]
    rounds = nearest_first(cached, sentences, lambda: 10)
    first = next(iter(rounds))
    assert counting.calls == [8]  # the last four sentences, then the four before them
    assert {i for i, _ in first} <= set(range(6, 14))
    rest = [i for b in rounds for i, _ in b]
    assert sorted(rest + [i for i, _ in first]) == list(range(len(sentences)))
    stopped = list(nearest_first(cached, article_sentences, lambda: 0, should_stop=lambda: True))
    assert stopped == []
    cache.close()
