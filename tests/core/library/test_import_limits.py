"""Imports within limits: absurdly deep or huge pages keep all their text, and books that
break a limit are refused naming it, with memory within twice the 16 MB text limit.

Before: 100,000 nested <div>s took two minutes and came out as "no readable text";
unclosed <div>s kept the first 250 paragraphs of 2,000; a 12 MB <p> had "no readable
text"; a 19 MB chapter was "only images"; an entry that lied about its size took 2 GB
of memory; a 900 MB book of whitespace was accepted at 1.77 GB.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from reader.core.errors import InputError
from reader.core.library.importers import import_file
from reader.core.text.decode import MAX_INPUT_BYTES
from tests.conftest import ROOT

MB = 1024 * 1024
XHTML = '<html xmlns="http://www.w3.org/1999/xhtml"><body>{}</body></html>'


def make_epub(path: Path, chapters: list[str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr(
            "META-INF/container.xml",
            '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
            '<rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>',
        )
        items = "".join(f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>' for i in range(len(chapters)))
        refs = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
        book.writestr(
            "OEBPS/content.opf",
            '<package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>本</dc:title>'
            f"<dc:creator>著者</dc:creator></metadata><manifest>{items}</manifest><spine>{refs}</spine></package>",
        )
        for i, chapter in enumerate(chapters):
            book.writestr(f"OEBPS/c{i}.xhtml", chapter)
    return path


def lie_about_size(path: Path, member: str, size: int) -> None:
    """Make the zip's headers claim ``size`` bytes for ``member`` whatever it holds."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, size_at, name_length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", data, at + name_length_at)[0]
            if data[at + name_at : at + name_at + length] == name:
                struct.pack_into("<I", data, at + size_at, size)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("limits")
    deep = 100_000
    found = {
        "deep": folder / "deep.html",
        "unclosed": folder / "unclosed.html",
        "long paragraph": folder / "long.html",
    }
    found["deep"].write_text(
        "<html><body>" + "<div>" * deep + "<p>深い入れ子の文章です。</p>" + "</div>" * deep + "<p>最後の段落。</p></body></html>",
        encoding="utf-8",
    )
    found["unclosed"].write_text(
        "<html><body>" + "".join(f"<div><p>段落{i}の文章です。</p>" for i in range(2000)) + "</body></html>",
        encoding="utf-8",
    )
    found["long paragraph"].write_text(
        "<html><body><p>" + "長い段落の文章です。" * 400_000 + "</p></body></html>", encoding="utf-8"
    )
    found["big chapter"] = make_epub(folder / "big.epub", [XHTML.format("<p>" + "長い章の文章です。" * (19 * MB // 27) + "</p>")])
    found["whitespace"] = make_epub(folder / "blank.epub", [XHTML.format("<p>少し" + " " * (15 * MB) + "です</p>")] * 60)
    found["lying"] = make_epub(folder / "lying.epub", [XHTML.format("<p>" + "あ" * (40 * MB // 3) + "</p>")])
    lie_about_size(found["lying"], "OEBPS/c0.xhtml", 1000)
    return found


def test_a_deeply_nested_page_keeps_its_text(cases):
    text = import_file(cases["deep"]).text
    assert text.split("\n") == ["深い入れ子の文章です。", "最後の段落。"]


def test_unclosed_divs_keep_every_paragraph(cases):
    lines = import_file(cases["unclosed"]).text.split("\n")
    assert lines == [f"段落{i}の文章です。" for i in range(2000)]


def test_a_12_mb_paragraph_is_read_whole(cases):
    assert import_file(cases["long paragraph"]).text == "長い段落の文章です。" * 400_000


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("big chapter", r"a chapter \(OEBPS/c0.xhtml\) is over the 16 MB limit"),
        ("whitespace", r"chapters hold more than 128 MB of HTML \(the limit\)"),
        ("lying", r"a chapter \(OEBPS/c0.xhtml\) is damaged"),
    ],
)
def test_books_past_a_limit_are_refused_naming_it(cases, case, message):
    with pytest.raises(InputError, match=message):
        import_file(cases[case])


def test_a_book_of_many_chapters_is_refused_at_the_text_limit(tmp_path):
    chapter = XHTML.format("<p>" + "本の文章です。" * 100_000 + "</p>")  # 700,000 characters
    book = make_epub(tmp_path / "long.epub", [chapter] * 14)
    with pytest.raises(InputError, match="million characters of text; the limit is 16 MB"):
        import_file(book)


MEASURE = """
import gc, sys
from pathlib import Path
from reader.core.library.importers import import_file
import lxml.html, nh3, trafilatura

def high_water():
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) * 1024

gc.collect()
Path("/proc/self/clear_refs").write_text("5")  # the peak so far: forgotten (a fork inherits its parent's)
base = high_water()
try:
    import_file(sys.argv[1])
except Exception as error:
    print(error, file=sys.stderr)
print(high_water() - base)
"""


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="measured with Linux's /proc")
@pytest.mark.parametrize("case", ["deep", "big chapter", "whitespace", "lying"])
def test_memory_of_the_limit_cases_stays_within_twice_the_text_limit(cases, case):
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(cases[case])], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr
    grown = int(done.stdout.strip())
    print(f"{case}: peak RSS {grown / MB:.1f} MB above the baseline; {done.stderr.strip()[:200]}")
    assert grown <= 2 * MAX_INPUT_BYTES
