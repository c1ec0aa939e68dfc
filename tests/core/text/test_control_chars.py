"""Text with a few control characters is text; binary stays refused.

A paragraph copied out of a PDF carries stray controls ("\\x01\\x02"): it is read, the
controls are cleaned away, and the import says so. A PNG, a zip, a program or a PDF
saved as .txt is still "a binary file"."""

from __future__ import annotations

import codecs
import gzip
import io
import random
import sqlite3
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from reader.core.errors import InputError
from reader.core.library.importers import import_file, import_text
from reader.core.text.decode import clean_controls, decode, read_text_file

PARAGRAPH = (
    "2025年8月のアンカレッジ米ロ首脳会談以降、停戦に向けた外交は「領土交換」を軸とする。"
    "しかし、平和は長続きしない。停戦は不可欠だ。\n"
)

# --- accepted: text with a few controls --------------------------------------------------

ACCEPTED = [
    # (id, bytes, what decode gives)
    ("pdf-paste", "停戦は\x01\x02不可欠だ。".encode(), "停戦は\x01\x02不可欠だ。"),
    ("short", "日本\x01\x02".encode(), "日本\x01\x02"),
    ("lone-control", "\x01".encode(), "\x01"),
    ("scattered", (PARAGRAPH * 20).replace("、", "、\x02").encode(), (PARAGRAPH * 20).replace("、", "、\x02")),
    ("escape", ("\x1b[1m" + PARAGRAPH).encode(), "\x1b[1m" + PARAGRAPH),
    ("stray-nul-utf8", (PARAGRAPH * 3 + "\x00" + PARAGRAPH).encode(), PARAGRAPH * 3 + "\x00" + PARAGRAPH),
    ("stray-nul-cp932", (PARAGRAPH * 3 + "\x00\x01" + PARAGRAPH).encode("cp932"),
     PARAGRAPH * 3 + "\x00\x01" + PARAGRAPH),
    ("utf-16-bom", codecs.BOM_UTF16_LE + ("停戦は\x01不可欠だ。\n" * 3).encode("utf-16-le"), "停戦は\x01不可欠だ。\n" * 3),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE + PARAGRAPH.encode("utf-16-be"), PARAGRAPH),
    ("utf-16-no-bom", PARAGRAPH.encode("utf-16-le"), PARAGRAPH),  # its NULs: UTF-16, as before
    ("form-feeds", "第一章\f停戦は不可欠だ。\v平和\t".encode(), "第一章\f停戦は不可欠だ。\v平和\t"),
    ("english", b"Hello,\x01 world.\x02\n", "Hello,\x01 world.\x02\n"),
]


@pytest.mark.parametrize(("data", "text"), [a[1:] for a in ACCEPTED], ids=[a[0] for a in ACCEPTED])
def test_text_with_a_few_controls_is_text(data: bytes, text: str) -> None:
    assert decode(data, name="notes.txt") == text


# --- refused: binary -----------------------------------------------------------------------


def _noise(size: int = 8192, seed: int = 20251030) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(size))


def _controls(size: int = 4096) -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(1, 32) for _ in range(size))


def _png() -> bytes:
    """A real 16×16 grey PNG: signature, IHDR, compressed IDAT, IEND."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + bytes(range(i, i + 16)) for i in range(16))
    header = struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _zip(method: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("data.bin", _noise())
        archive.writestr("article.txt", PARAGRAPH * 10)
    return buffer.getvalue()


def _zip_of_text() -> bytes:
    """A zip whose only member is stored Japanese text: its bytes are mostly that text."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("article.txt", PARAGRAPH * 50)
    return buffer.getvalue()


def _elf() -> bytes:
    """The running Python's own program file where it is ELF, else a real ELF header."""
    data = Path(sys.executable).resolve().read_bytes()[:65536]
    if data.startswith(b"\x7fELF"):
        return data
    ident = b"\x7fELF\x02\x01\x01" + bytes(9)
    header = struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0x401000, 64, 0, 0, 64, 56, 0, 64, 0, 0)
    return ident + header + b"\x90" * 64


def _pdf(compressed: bool) -> bytes:
    """A one-page PDF; compressed, its page is a zlib stream, as PDFs mostly are."""
    content = b"BT /F1 24 Tf 72 720 Td (Heiwa) Tj ET"
    stream = zlib.compress(content) if compressed else content
    flate = b" /Filter /FlateDecode" if compressed else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), flate) + stream + b"\nendstream",
    ]
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def _sqlite(tmp: Path) -> bytes:
    path = tmp / "words.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE words (word TEXT)")
        db.executemany("INSERT INTO words VALUES (?)", [("停戦",), ("平和",)] * 50)
    db.close()
    return path.read_bytes()


BINARY = [
    ("png", lambda tmp: _png()),
    ("jpeg", lambda tmp: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + _noise(2048)),
    ("gif", lambda tmp: b"GIF89a\x10\x00\x10\x00" + _noise(512)),
    ("zip-deflated", lambda tmp: _zip(zipfile.ZIP_DEFLATED)),
    ("zip-stored", lambda tmp: _zip(zipfile.ZIP_STORED)),
    ("zip-of-text", lambda tmp: _zip_of_text()),
    ("elf", lambda tmp: _elf()),
    ("pdf", lambda tmp: _pdf(compressed=True)),
    ("pdf-all-ascii", lambda tmp: _pdf(compressed=False)),
    ("gzip-of-text", lambda tmp: gzip.compress((PARAGRAPH * 20).encode())),
    ("sqlite", _sqlite),
    ("random", lambda tmp: _noise()),
    ("nuls-over-1%", lambda tmp: ("日本語\x00" * 200).encode()),
    ("controls-everywhere", lambda tmp: "".join(f"停{chr(1 + i % 30)}" for i in range(200)).encode()),
    ("ascii-controls", lambda tmp: _controls()),
    ("table-of-small-numbers", lambda tmp: b"".join(struct.pack("<I", i) for i in range(2048))),
]


@pytest.mark.parametrize("make", [b[1] for b in BINARY], ids=[b[0] for b in BINARY])
def test_binary_is_refused(make, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        decode(make(tmp_path), name="notes.txt")
    assert caught.value.message == "notes.txt looks like a binary file, not text"
    assert caught.value.advice


def test_a_pdf_is_told_to_copy_its_text() -> None:
    with pytest.raises(InputError) as caught:
        decode(_pdf(compressed=False), name="paper.txt")
    assert "paste" in caught.value.advice


def test_a_known_format_is_named() -> None:
    with pytest.raises(InputError) as caught:
        decode(_png(), name="photo.txt")
    assert "PNG image" in caught.value.advice


def test_a_binary_file_on_disk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.txt"
    path.write_bytes(_zip(zipfile.ZIP_DEFLATED))
    with pytest.raises(InputError, match="binary"):
        read_text_file(path)
    with pytest.raises(InputError, match="binary"):
        import_file(path)


# --- cleaning ------------------------------------------------------------------------------

CLEANED = [
    # (id, text, cleaned, how many dropped)
    ("pdf-paste", "停戦は\x01\x02不可欠だ。", "停戦は不可欠だ。", 2),
    ("tab-kept", "停戦\tは", "停戦\tは", 0),
    ("form-feed", "第一章\f本文", "第一章\n本文", 0),
    ("vertical-tab", "一行\v二行", "一行\n二行", 0),
    ("nel", "一行\x85二行", "一行\n二行", 0),
    ("crlf-kept", "一行\r\n二行\r三行\n", "一行\r\n二行\r三行\n", 0),
    ("nul", "停戦\x00は", "停戦は", 1),
    ("escape-sequence", "\x1b[1m停戦\x1b[0m", "[1m停戦[0m", 2),
    ("del", "停戦\x7fは", "停戦は", 1),
    ("c1", "停戦\x80\x9fは", "停戦は", 2),
    ("dos-end-of-file", "停戦は不可欠だ。\r\n\x1a", "停戦は不可欠だ。\r\n", 0),
    ("sub-in-the-middle", "停戦\x1aは\x1a", "停戦は", 1),
    ("nothing", PARAGRAPH, PARAGRAPH, 0),
    ("kept-unicode", "\u200b停戦\ufeff\u2028は", "\u200b停戦\ufeff\u2028は", 0),  # format characters are not controls
]


@pytest.mark.parametrize(("text", "cleaned", "dropped"), [c[1:] for c in CLEANED], ids=[c[0] for c in CLEANED])
def test_clean_controls(text: str, cleaned: str, dropped: int) -> None:
    notes: list[str] = []
    assert clean_controls(text, "notes.txt", notes) == cleaned
    if dropped:
        what = "control character" if dropped == 1 else "control characters"
        assert len(notes) == 1 and notes[0].startswith(f"notes.txt: {dropped} {what} removed (U+")
    else:
        assert notes == []


def test_the_note_names_the_controls() -> None:
    notes: list[str] = []
    clean_controls("a\x01b\x02c\x01", "x.txt", notes)
    assert notes == ["x.txt: 3 control characters removed (U+0001, U+0002)"]
    notes.clear()
    clean_controls("".join(chr(c) for c in range(1, 9)), "x.txt", notes)
    assert notes == ["x.txt: 8 control characters removed (U+0001, U+0002, U+0003, U+0004, …)"]


def test_cleaning_without_notes_and_keeping_length() -> None:
    assert clean_controls("a\x01b") == "ab"
    text = "一\f二\v三\x85四\t五"
    assert len(clean_controls(text)) == len(text)  # line breaks for line breaks: offsets hold


# --- imports and the paste: the same cleaning, said in the notes ----------------------------


@pytest.mark.parametrize("suffix", [".txt", ".md", ".unknown"])
def test_import_file_cleans_and_says_so(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"article{suffix}"
    path.write_bytes("記事の題\n停戦は\x01\x02不可欠だ。\f平和は長続きしない。\n".encode())
    imported = import_file(path)
    assert imported.text == "記事の題\n停戦は不可欠だ。\n平和は長続きしない。\n"
    assert imported.title == "記事の題"
    assert imported.notes == (f"{path.name}: 2 control characters removed (U+0001, U+0002)",)


def test_import_file_of_clean_text_has_no_notes(tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_text(PARAGRAPH, encoding="utf-8")
    assert import_file(path).notes == ()


def test_import_text_cleans_as_a_file_does(tmp_path: Path) -> None:
    pasted = "停戦は\x01\x02不可欠だ。\r\n平和\tは\f長続きしない。\x00\n" + PARAGRAPH * 2
    imported = import_text(pasted)
    assert imported.text == "停戦は不可欠だ。\n平和\tは\n長続きしない。\n" + PARAGRAPH * 2
    assert imported.notes == ("the pasted text: 3 control characters removed (U+0000, U+0001, U+0002)",)
    path = tmp_path / "pasted.txt"
    path.write_bytes(pasted.replace("\r\n", "\n").encode())  # one NUL in over 100 bytes: a stray one
    from_file = import_file(path)
    assert from_file.text == imported.text
    assert from_file.notes == (imported.notes[0].replace("the pasted text", "pasted.txt"),)


def test_a_short_file_with_a_nul_is_not_text() -> None:
    """NUL bytes are allowed up to 1% of a file: a short one with a NUL is not text."""
    with pytest.raises(InputError):
        decode("停戦は\x00不可欠だ。".encode(), name="short.txt")


def test_import_text_of_only_controls_holds_no_text() -> None:
    with pytest.raises(InputError, match="holds no text"):
        import_text("\x01\x02\x03")


def test_import_file_of_only_controls_holds_no_text(tmp_path: Path) -> None:
    path = tmp_path / "controls.txt"
    path.write_bytes(b"\x01\x02\x03\n")
    with pytest.raises(InputError, match="holds no text"):
        import_file(path)
