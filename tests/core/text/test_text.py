"""Decoding user files and splitting text into sentences with offsets."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reader.core.text.decode as text_module
from reader.core.errors import InputError
from reader.core.text.decode import MAX_INPUT_BYTES, decode, read_text_file
from reader.core.text.sentences import LINE_BREAKS, clean, iter_sentences, split_sentences
from tests.conftest import SEEDS

SEED = SEEDS

# From the seed article (平和フォーラム, 2025-10-30), about 200 characters.
PARAGRAPH = (
    "2025年8月のアンカレッジ米ロ首脳会談以降、ウクライナ戦争の停戦に向けた米ロの外交は"
    "「領土交換」を軸とする「大国間取引」の様相を呈している。特にトランプ主導の和平交渉は、"
    "紛争当事者であるウクライナの主張を軽視し、「武力による紛争解決の禁止」といった国際ルールを"
    "踏みにじるという重大な問題を抱える。罪のない市民や権力によって動員された末端の兵士の犠牲を"
    "止めるため停戦は不可欠だ。\n"
)
# Characters only CP932 has: NEC specials (①, ㈱) and the full-width tilde.
CP932_PARAGRAPH = PARAGRAPH + "①平和フォーラム～㈱アンカレッジ～\n"


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def assert_offsets(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text


# --- splitting -------------------------------------------------------------------------

JIJI_URL = "https://www.jiji.com/jc/v8?id=20251021jiirenritu"
SPLITS = [
    ("停戦は不可欠だ。しかし、平和は長続きしない。", ["停戦は不可欠だ。", "しかし、平和は長続きしない。"]),
    ("彼は「停戦は不可欠だ。本当に長続きするのか？」と述べた。", ["彼は「停戦は不可欠だ。本当に長続きするのか？」と述べた。"]),
    (
        "ルビオは電話協議後、「早急に会談を開いても成果は期待しにくい」と伝えた（注1）。翌日、会合は中止された。",
        ["ルビオは電話協議後、「早急に会談を開いても成果は期待しにくい」と伝えた（注1）。", "翌日、会合は中止された。"],
    ),
    ("同文書は要求した(注13。詳細は後述)。次に進む。", ["同文書は要求した(注13。詳細は後述)。", "次に進む。"]),
    (
        "米紙『ウォール・ストリート・ジャーナル』の報道によると、会談は中止された。",
        ["米紙『ウォール・ストリート・ジャーナル』の報道によると、会談は中止された。"],
    ),
    ("本当か！？信じられない。", ["本当か！？", "信じられない。"]),
    ("そうなのか?!まさか。", ["そうなのか?!", "まさか。"]),
    ("それは…。違う。", ["それは…。", "違う。"]),
    ("今すぐやめろ!辺野古新基地建設~代執行に屈しない!10.28東京集会", ["今すぐやめろ!", "辺野古新基地建設~代執行に屈しない!", "10.28東京集会"]),
    ("【会談】停戦は遠い。【解説】交渉は続く。", ["【会談】停戦は遠い。", "【解説】交渉は続く。"]),
    ("〈注〉停戦。《題》平和。", ["〈注〉停戦。", "《題》平和。"]),
    ("“停戦だ。平和だ。”と言った。次。", ["“停戦だ。平和だ。”と言った。", "次。"]),
    ('He said "Stop! Now." Then he left.', ['He said "Stop! Now." Then he left.']),
    # A closer straight after a terminator stays with its sentence, even unmatched.
    ("だ。」次の文。", ["だ。」", "次の文。"]),
    ("」」」。停戦。", ["」」」。", "停戦。"]),
    # Full-width period: ends a sentence, except in numbers and abbreviations.
    ("停戦は不可欠だ．しかし続かない．", ["停戦は不可欠だ．", "しかし続かない．"]),
    ("１．はじめに", ["１．はじめに"]),
    ("Ｎｏ．６１の報告", ["Ｎｏ．６１の報告"]),
    # ASCII periods: only between non-Japanese sentences followed by a space.
    ("ニュースペーパーNews Paper 2025.10", ["ニュースペーパーNews Paper 2025.10"]),
    ("憲法審査会レポートNo.61", ["憲法審査会レポートNo.61"]),
    ("1.はじめに", ["1.はじめに"]),
    ("Putin made claims. Trump agreed.", ["Putin made claims.", "Trump agreed."]),
    ("Mr. Rubio met Dr. Lavrov in the U.S. today.", ["Mr. Rubio met Dr. Lavrov in the U.S. today."]),
    ("停戦はAP通信. 平和へ", ["停戦はAP通信. 平和へ"]),
    # URLs keep their ? ! and . ; trailing prose punctuation is not part of the URL.
    (JIJI_URL, [JIJI_URL]),
    (
        "詳細はhttps://example.com/a?b=1!c.htmlを参照。次へ。",
        ["詳細はhttps://example.com/a?b=1!c.htmlを参照。", "次へ。"],
    ),
    ("See https://example.com/a?id=42. Next.", ["See https://example.com/a?id=42.", "Next."]),
    ("出典(https://example.com/x)。次。", ["出典(https://example.com/x)。", "次。"]),
    # Whitespace, ASCII and full-width, is not part of a sentence.
    ("　停戦だ。　 平和だ。  ", ["停戦だ。", "平和だ。"]),
    ("\ufeff停戦だ。", ["停戦だ。"]),
    ("   \u3000\t ", []),
    ("", []),
    ("。。。", ["。。。"]),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_split(text: str, expected: list[str]) -> None:
    assert texts(text) == expected
    assert_offsets(text)


@pytest.mark.parametrize("newline", ["\r\n", *sorted(LINE_BREAKS)])
def test_every_line_break_ends_a_sentence(newline: str) -> None:
    text = newline.join(["1.はじめに", "停戦は不可欠だ。しかし、平和は長続きしない", "「未完の引用", "次の行。"])
    assert texts(text) == ["1.はじめに", "停戦は不可欠だ。", "しかし、平和は長続きしない", "「未完の引用", "次の行。"]
    assert [s.paragraph for s in split_sentences(text)] == [0, 1, 1, 2, 3]
    assert_offsets(text)


def test_crlf_cr_and_lf_files_agree() -> None:
    lines = ["【マスコミ報道から】", "", "停戦は不可欠だ。しかし、平和は長続きしない。", "  ", "彼は「だ。か？」と述べた。"]
    results = {}
    for newline in ("\n", "\r\n", "\r"):
        text = newline.join(lines) + newline
        sentences = split_sentences(text)
        for s in sentences:
            assert text[s.start : s.end] == s.text
        results[newline] = [(s.text, s.kind, s.paragraph) for s in sentences]
    assert results["\n"] == results["\r\n"] == results["\r"]
    assert [t for t, _, _ in results["\n"]] == [
        "【マスコミ報道から】",
        "停戦は不可欠だ。",
        "しかし、平和は長続きしない。",
        "彼は「だ。か？」と述べた。",
    ]
    assert [p for _, _, p in results["\n"]] == [0, 1, 1, 2]


def test_crlf_offsets_point_into_the_original() -> None:
    text = "停戦だ。\r\n平和だ。\r\n"
    assert [(s.start, s.end) for s in split_sentences(text)] == [(0, 4), (6, 10)]


@pytest.mark.parametrize(
    "text",
    [
        "彼は「まだ閉じていない。これも引用の中。\n次の行は別の文だ。",
        "（注1：閉じ忘れ\n次の行は別の文だ。",
        '"open quote\n次の行は別の文だ。',
    ],
)
def test_unclosed_bracket_stops_at_the_line_break(text: str) -> None:
    assert texts(text)[-1] == "次の行は別の文だ。"


@pytest.mark.parametrize("text", ["」停戦だ。平和だ。", "）)】』停戦だ。平和だ。", "Rubio’s meeting。停戦だ。"])
def test_unmatched_closers_do_not_stop_splitting(text: str) -> None:
    assert len(split_sentences(text)) >= 2


KINDS = [
    ("1.はじめに", "heading"),
    ("１．はじめに", "heading"),
    ("2.アンカレッジ米ロ首脳会談と停戦へ向けた動き", "heading"),
    ("【マスコミ報道から】", "heading"),
    ("トランプ主導のウクライナ和平交渉に潜む帝国主義の影", "heading"),
    ("*排外主義にNO!", "list"),
    ("・北大西洋条約", "list"),
    ("※ 出典は注5と同じ", "list"),
    ("- 停戦の条件", "list"),
    ("注1：アクシオス(AXIOS)2025年8月16日", "list"),
    ("注12:ラブロフ外相国連総会演説原稿 2025年9月27日", "list"),
    ("(1)停戦の条件", "list"),
    ("（１）停戦の条件", "list"),
    ("①停戦の条件", "list"),
    (JIJI_URL, "text"),
    ("停戦は不可欠だ。", "text"),
    ("今すぐやめろ!辺野古", "text"),
    ("「おはよう」", "text"),
    ("――――", "text"),
    ("高市首相はもとより「憲法改正」「非核三原則見直し」などを主張してきた極右傾向の濃い人物であり続けている", "text"),
]


@pytest.mark.parametrize(("line", "kind"), KINDS)
def test_line_kinds(line: str, kind: str) -> None:
    assert {s.kind for s in split_sentences(line + "\n")} == {kind}


def test_sentences_of_one_line_share_kind_and_paragraph() -> None:
    text = "注6:NATO条約第5条全文は以下の通り。出典は注5と同じ。\n\n本文だ。"
    sentences = split_sentences(text)
    assert [(s.kind, s.paragraph) for s in sentences] == [("list", 0), ("list", 0), ("text", 1)]


def test_iter_sentences_is_lazy_and_agrees() -> None:
    text = "停戦だ。\n平和だ。\n" * 3
    iterator = iter_sentences(text)
    assert next(iterator).text == "停戦だ。"
    assert [s.text for s in iter_sentences(text)] == texts(text)


def _seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"seed file {SEED} not present")
    return SEED.read_text(encoding="utf-8")


def test_seed_file_splits() -> None:
    text = _seed_text()
    sentences = split_sentences(text)
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert not LINE_BREAKS & set(s.text)
    headings = {s.text for s in sentences if s.kind == "heading"}
    assert {"1.はじめに", "【マスコミ報道から】", "2.アンカレッジ米ロ首脳会談と停戦へ向けた動き"} <= headings
    by_text = {s.text: s for s in sentences}
    assert by_text["*排外主義にNO!"].kind == "list"
    assert by_text["注1:アクシオス(AXIOS)2025年8月16日"].kind == "list"
    assert by_text[JIJI_URL].kind == "text"
    assert "罪のない市民や権力によって動員された末端の兵士の犠牲を止めるため停戦は不可欠だ。" in by_text
    assert "しかし、当事者の意思を無視し、大国の利益のみで築かれた平和は長続きしない。" in by_text


def test_seed_file_round_trips_through_decode(tmp_path: Path) -> None:
    seed = _seed_text()
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp932", "shift_jis", "euc_jp"):
        # 髙 (of 髙良沙哉) exists only in CP932's IBM extensions.
        text = seed if encoding.startswith(("utf", "cp")) else seed.replace("髙", "高")
        path = tmp_path / f"seed.{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        assert read_text_file(path) == text, encoding


# --- robustness ------------------------------------------------------------------------

INTERESTING = list("「」『』（）()【】〈〉《》“”‘’\"。！？!?．.…、 \u3000\t\ufeff") + sorted(LINE_BREAKS) + [
    "\r\n",
    "https://",
    "http://a.jp/?x=1!",
    "1.",
    "No.",
    "注1：",
    "＊",
    "日本語",
    "abc",
    "\ud800",
    "\udfff",
    "\x00",
    "\U0001f600",
    "\u0301",
]
ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=())),
    st.lists(st.one_of(st.sampled_from(INTERESTING), st.characters(exclude_categories=()))).map(
        "".join
    ),
)


@settings(max_examples=500, deadline=None)
@given(ANY_TEXT)
def test_split_never_fails_and_offsets_hold(text: str) -> None:
    sentences = split_sentences(text)
    previous_end, previous_paragraph = 0, -1
    covered = set()
    for s in sentences:
        assert previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert not LINE_BREAKS & set(s.text)
        assert s.text == s.text.strip() and not s.text.startswith("\ufeff")
        assert s.kind in ("text", "heading", "list")
        assert s.paragraph in (previous_paragraph, previous_paragraph + 1)
        previous_end, previous_paragraph = s.end, s.paragraph
        covered.update(range(s.start, s.end))
    # Nothing but whitespace is ever dropped.
    dropped = (text[i] for i in range(len(text)) if i not in covered)
    assert all(c.isspace() or c == "\ufeff" for c in dropped)


@pytest.mark.parametrize(
    "text",
    [
        "「" * 200_000 + "。",
        "」" * 200_000 + "。",
        "「（" * 100_000 + "」" * 200_000,
        "日本 a. " * 50_000,
        "a" * 200_000 + ". b",
        "https://" + "a?" * 100_000,
        "．" * 200_000,
        " " * 200_000 + "停戦。",
        "\r\n" * 200_000,
        "https://a" + ")" * 200_000,
        "(https://a" + ")." * 100_000,
    ],
    ids=[
        "openers", "closers", "mismatched", "dots", "long-word", "url", "periods", "spaces", "crlf",
        "url-closers", "url-trailing",
    ],
)
def test_pathological_inputs_are_linear(text: str) -> None:
    started = time.perf_counter()
    split_sentences(text)
    assert time.perf_counter() - started < 5


def test_large_text_is_fast() -> None:
    text = (PARAGRAPH * 10 + "1.はじめに\r\n") * 2_000  # about 5 million characters
    started = time.perf_counter()
    count = sum(1 for _ in iter_sentences(text))
    assert count > 30_000
    assert time.perf_counter() - started < 20


CLEAN = [
    ("停戦\ud800だ", "停戦\ufffdだ"),
    ("\udfff\ud83d", "\ufffd\ufffd"),
    ("a\x00b\x1bc\x7fd\x85e\x9f", "a b c d e "),
    ("行\t一\n二\r\n三", "行\t一\n二\r\n三"),
    ("\x0b\x0c", "  "),
    ("😀日本語\u0301", "😀日本語\u0301"),
]


@pytest.mark.parametrize(("text", "expected"), CLEAN)
def test_clean(text: str, expected: str) -> None:
    assert clean(text) == expected
    assert len(clean(text)) == len(text)


@settings(max_examples=300)
@given(st.text(st.characters(exclude_categories=())))
def test_clean_keeps_length_and_leaves_no_surrogates(text: str) -> None:
    cleaned = clean(text)
    assert len(cleaned) == len(text)
    cleaned.encode("utf-8")
    kept = [(a, b) for a, b in zip(text, cleaned) if a.isprintable()]
    assert all(a == b for a, b in kept if not 0xD800 <= ord(a) <= 0xDFFF)


# --- decoding --------------------------------------------------------------------------

ENCODINGS = [
    ("utf-8", PARAGRAPH),
    ("utf-8-sig", PARAGRAPH),
    ("utf-16", PARAGRAPH),
    ("utf-16-le-bom", PARAGRAPH),
    ("utf-16-be-bom", PARAGRAPH),
    ("utf-16-le", PARAGRAPH),
    ("utf-16-be", PARAGRAPH),
    ("utf-32", PARAGRAPH),
    ("cp932", CP932_PARAGRAPH),
    ("shift_jis", PARAGRAPH),
    ("euc_jp", PARAGRAPH),
]


def encode(text: str, encoding: str) -> bytes:
    if encoding.endswith("-bom"):
        return "\ufeff".encode(encoding[:-4]) + text.encode(encoding[:-4])
    return text.encode(encoding)


@pytest.mark.parametrize(("encoding", "text"), ENCODINGS)
def test_decode_paragraph(encoding: str, text: str) -> None:
    assert decode(encode(text, encoding)) == text


SHORT = ["日本語", "にほんご", "カタカナ", "停戦は不可欠だ。"]
SHORT_ENCODINGS = [
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "cp932", "shift_jis", "euc_jp"
]


@pytest.mark.parametrize("encoding", SHORT_ENCODINGS)
@pytest.mark.parametrize("text", SHORT)
def test_decode_short(encoding: str, text: str) -> None:
    assert decode(encode(text, encoding)) == text


# BOM-less UTF-16 is recognised by the NUL bytes of ASCII characters (a line break
# is enough). A few kanji with no BOM and no ASCII are genuinely ambiguous:
# "漢字" in UTF-16-LE is the valid ASCII string '"oW['. So test a short line instead.
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["停戦は不可欠だ。しかし、平和は長続きしない。\n", "2025年8月15日、会談が行われた。"])
def test_decode_short_utf16_without_bom(encoding: str, text: str) -> None:
    assert decode(text.encode(encoding)) == text


def test_shift_jis_wave_dash_reads_as_cp932() -> None:
    # Shift_JIS and CP932 share the byte 0x8160; we read it the Windows way.
    assert decode("東京〜大阪".encode("shift_jis")) == "東京～大阪"


def test_euc_jp_with_nec_specials() -> None:
    assert decode("①停戦～平和".encode("euc_jis_2004")) == "①停戦～平和"


def test_dos_end_of_file_marker_is_text() -> None:
    assert decode("停戦は不可欠だ。\r\n\x1a".encode("cp932")) == "停戦は不可欠だ。\r\n\x1a"


def test_decode_falls_back_to_detection() -> None:
    text = "Зачем нужен мир? Мир нужен всем людям на земле, и это правда." * 3
    assert decode(text.encode("cp1251")) == text


def _png() -> bytes:
    rng = random.Random(20251030)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4096))


def _noise() -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(1, 32) for _ in range(4096))


BAD = [
    (b"", "is empty"),
    (b"\xef\xbb\xbf", "is empty"),
    (_png(), "looks like a binary file, not text"),
    (_noise(), "looks like a binary file, not text"),
    (b"\xff\xfe\x00\xd8", "not valid UTF-16"),
    (b"\xef\xbb\xbf\xff\xff", "not valid UTF-8"),
]


@pytest.mark.parametrize(
    ("data", "message"), BAD, ids=["empty", "bom-only", "png", "controls", "bad-utf16", "bad-utf8"]
)
def test_decode_refuses(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        decode(data, name="notes.txt")
    assert caught.value.message.startswith("notes.txt")
    assert message in caught.value.message
    assert caught.value.advice


def test_decode_refuses_too_large() -> None:
    with pytest.raises(InputError) as caught:
        decode(b"a" * (MAX_INPUT_BYTES + 1))
    assert "16 MB" in caught.value.message
    assert "split" in caught.value.advice


# --- files -----------------------------------------------------------------------------


def test_read_text_file(tmp_path: Path) -> None:
    path = tmp_path / "記事.txt"
    path.write_bytes(PARAGRAPH.encode("cp932"))
    assert read_text_file(path) == PARAGRAPH
    assert read_text_file(str(path)) == PARAGRAPH


def test_read_keeps_crlf(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes("停戦だ。\r\n平和だ。\r\n".encode())
    assert read_text_file(path) == "停戦だ。\r\n平和だ。\r\n"


def test_read_refuses_huge_file_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.write("停戦は不可欠だ。\n".encode())
        handle.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_text_file(path)
    assert time.perf_counter() - started < 0.5
    assert "50.0 MB" in caught.value.message
    assert "16 MB" in caught.value.message
    assert "split" in caught.value.advice


def _unreadable(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("秘密", encoding="utf-8")
    path.chmod(0)
    return path


FILE_ERRORS = [
    (lambda tmp: tmp, "is a folder"),
    (lambda tmp: tmp / "missing.txt", "does not exist"),
    (lambda tmp: tmp / "missing" / "deeper.txt", "does not exist"),
    (lambda tmp: tmp / "empty.txt", "is empty"),
    (lambda tmp: tmp / "image.png", "binary"),
    (lambda tmp: Path(str(tmp) + "/bad\x00name"), "not a valid file name"),
]


@pytest.mark.parametrize(
    ("make", "message"), FILE_ERRORS, ids=["dir", "missing", "missing-dir", "empty", "png", "nul"]
)
def test_read_refuses(tmp_path: Path, make, message: str) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(_png())
    with pytest.raises(InputError) as caught:
        read_text_file(make(tmp_path))
    assert message in caught.value.message
    assert caught.value.advice


def test_read_through_a_file_inside_a_file(tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text("停戦", encoding="utf-8")
    with pytest.raises(InputError, match="does not exist"):
        read_text_file(tmp_path / "plain.txt" / "inner.txt")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_read_refuses_unreadable(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="permission denied"):
        read_text_file(_unreadable(tmp_path))


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PermissionError(13, "Permission denied"), "permission denied"),
        (OSError(5, "Input/output error"), "Input/output error"),
    ],
)
def test_read_turns_os_errors_into_input_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, message: str
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("停戦", encoding="utf-8")

    def failing_open(*args, **kwargs):
        raise error

    monkeypatch.setattr(text_module, "open", failing_open, raising=False)
    with pytest.raises(InputError, match=message):
        read_text_file(path)
