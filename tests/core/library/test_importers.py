"""Importing files as articles: text, Markdown, saved web pages, EPUB, pasted text."""

from __future__ import annotations

import socket
import zipfile
from pathlib import Path

import pytest
from ebooklib import epub

from reader.core.errors import InputError, ReaderError
from reader.core.library import html
from reader.core.library.html import MAX_HTML_BYTES
from reader.core.library.importers import Imported, import_file, import_text
from reader.core.text.decode import MAX_INPUT_BYTES

PARAGRAPH_1 = "今日は天気がいいので、公園まで散歩に行きました。"
PARAGRAPH_2 = "公園には桜が咲いていて、たくさんの人が花見をしていました。"

SAVED_PAGE = f"""<!DOCTYPE html>
<html lang="ja"><head>
<meta charset="utf-8">
<title>春の散歩 | 毎日ニュース</title>
<meta name="author" content="山田太郎">
<link rel="canonical" href="https://news.example.jp/articles/123">
<script>alert(1)</script>
<style>body {{ color: red }}</style>
</head>
<body onload="track()">
<nav class="menu"><ul><li><a href="/">ホーム</a></li><li><a href="/politics">政治</a></li>
<li><a href="/sports">スポーツ</a></li></ul></nav>
<article>
<h1>春の散歩</h1>
<p onclick="steal()">{PARAGRAPH_1}</p>
<img src="https://remote/x.png" alt="写真">
<iframe src="https://evil">フレーム</iframe>
<p>{PARAGRAPH_2}</p>
</article>
<footer><p>Copyright 毎日ニュース</p></footer>
</body></html>
"""


def _epub(path: Path, chapters: list[tuple[str, str]], title: str = "テストの本") -> Path:
    book = epub.EpubBook()
    book.set_identifier("test-book")
    book.set_title(title)
    book.set_language("ja")
    book.add_author("夏目漱石")
    items = []
    for n, (chapter_title, body) in enumerate(chapters):
        item = epub.EpubHtml(title=chapter_title, file_name=f"c{n}.xhtml", lang="ja")
        item.content = body
        book.add_item(item)
        items.append(item)
    book.toc = tuple(items)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    epub.write_epub(str(path), book)
    return path


def _assert_names_file(error: pytest.ExceptionInfo[ReaderError], path: Path) -> None:
    assert path.name in error.value.message
    assert error.value.advice


def test_supported_suffixes_and_result_type(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("短い題\n本文です。\n", encoding="utf-8")
    imported = import_file(path)
    assert isinstance(imported, Imported)
    assert imported == Imported("短い題", "短い題\n本文です。\n", "note.txt")


def test_txt_in_cp932(tmp_path: Path) -> None:
    path = tmp_path / "sjis.txt"
    text = "吾輩は猫である。名前はまだ無い。\r\nどこで生れたかとんと見当がつかぬ。\r\n"
    path.write_bytes(text.encode("cp932"))
    imported = import_file(path)
    assert imported.text == text  # kept as is, line endings included
    assert imported.title == "吾輩は猫である。名前はまだ無い。"


def test_long_first_line_gives_the_file_name_as_title(tmp_path: Path) -> None:
    path = tmp_path / "長い文章.txt"
    path.write_text("あ" * 61 + "\n次の行\n", encoding="utf-8")
    assert import_file(path).title == "長い文章"


def test_unknown_suffix_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "memo.log"
    path.write_text("メモ\n本文\n", encoding="utf-8")
    assert import_file(path).text == "メモ\n本文\n"


def test_markdown_heading_and_emphasis(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("# 見出し\n\n本文は**とても**大切です。\n\n## 小見出し\n* 項目\n", encoding="utf-8")
    imported = import_file(path)
    assert imported.title == "見出し"
    assert imported.text == "見出し\n\n本文はとても大切です。\n\n小見出し\n* 項目\n"


def test_markdown_long_heading_is_still_the_title(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    heading = "長" * 70
    path.write_text(f"\n# {heading}\n本文\n", encoding="utf-8")
    assert import_file(path).title == heading


def test_markdown_without_heading(tmp_path: Path) -> None:
    path = tmp_path / "plain.markdown"
    path.write_text("最初の行\n本文\n", encoding="utf-8")
    assert import_file(path).title == "最初の行"


def test_saved_web_page_is_sanitised_and_extracted(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(SAVED_PAGE, encoding="utf-8")
    imported = import_file(path)
    assert PARAGRAPH_1 in imported.text and PARAGRAPH_2 in imported.text
    assert imported.text.index(PARAGRAPH_1) < imported.text.index(PARAGRAPH_2)
    for bad in ("alert", "evil", "remote", "onclick", "steal", "track", "color: red", "フレーム"):
        assert bad not in imported.text
    assert "スポーツ" not in imported.text  # navigation is boilerplate
    assert imported.title in ("春の散歩", "春の散歩 | 毎日ニュース")
    assert imported.url == "https://news.example.jp/articles/123"
    assert imported.author == "山田太郎"
    assert imported.source == "page.html"
    assert "\n\n" not in imported.text


def test_import_never_uses_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    path = tmp_path / "page.htm"
    path.write_text(SAVED_PAGE, encoding="utf-8")
    assert PARAGRAPH_1 in import_file(path).text
    book = _epub(tmp_path / "b.epub", [("一", f"<h1>一</h1><p>{PARAGRAPH_1}</p>")])
    assert PARAGRAPH_1 in import_file(book).text


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "sjis.html"
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
        f"<title>題名</title></head><body><p>①{PARAGRAPH_1}</p></body></html>"
    )
    path.write_bytes(page.encode("cp932"))
    imported = import_file(path)
    assert f"①{PARAGRAPH_1}" in imported.text
    assert imported.title == "題名"


def test_html_fallback_keeps_blocks_as_lines_and_drops_ruby(tmp_path: Path) -> None:
    path = tmp_path / "short.xhtml"
    path.write_text(
        "<html><body><div>短い<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>。</div>"
        "<div>二行目</div></body></html>",
        encoding="utf-8",
    )
    text = import_file(path).text
    assert "かんじ" not in text
    assert "短い漢字。" in text


def test_aozora_style_page_loses_its_ruby_readings(tmp_path: Path) -> None:
    path = tmp_path / "neko.html"
    page = (
        '<?xml version="1.0" encoding="Shift_JIS"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title>夏目漱石 吾輩は猫である</title></head><body>"
        '<h1 class="title">吾輩は猫である</h1><div class="main_text">'
        "　<ruby><rb>吾輩</rb><rp>（</rp><rt>わがはい</rt><rp>）</rp></ruby>は猫である。名前はまだ無い。<br />"
        "　どこで生れたかとんと<ruby><rb>見当</rb><rp>（</rp><rt>けんとう</rt><rp>）</rp></ruby>がつかぬ。<br />"
        "</div></body></html>"
    )
    path.write_bytes(page.encode("cp932"))
    imported = import_file(path)
    assert "吾輩は猫である。名前はまだ無い。" in imported.text
    assert "どこで生れたかとんと見当がつかぬ。" in imported.text
    assert "わがはい" not in imported.text and "（" not in imported.text
    assert imported.title == "吾輩は猫である"


def test_huge_page_skips_extraction_but_not_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html, "EXTRACT_MAX", 100)
    path = tmp_path / "book.html"
    path.write_text(SAVED_PAGE, encoding="utf-8")
    imported = import_file(path)
    assert imported.text.split("\n")[1:3] == [PARAGRAPH_1, PARAGRAPH_2]
    assert "スポーツ" not in imported.text and "alert" not in imported.text
    assert imported.url == "https://news.example.jp/articles/123"


@pytest.mark.parametrize("suffix", [".xhtml", ".html"])
def test_xhtml_self_closing_script_does_not_swallow_the_page(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"chapter{suffix}"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        '<head><title>章</title><script src="a.js"/></head>'
        f"<body><h1>第一章</h1><p>{PARAGRAPH_1}</p><p>{PARAGRAPH_2}</p></body></html>",
        encoding="utf-8",
    )
    text = import_file(path).text
    assert PARAGRAPH_1 in text and PARAGRAPH_2 in text


def test_too_large_html_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    chunk = "<p>" + "あ" * 1000 + "</p>\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("<html><body>")
        handle.write(chunk * (17 * 1024 * 1024 // len(chunk.encode("utf-8")) + 1))
        handle.write("</body></html>")
    assert path.stat().st_size > MAX_HTML_BYTES
    with pytest.raises(InputError) as caught:
        import_file(path)
    _assert_names_file(caught, path)
    assert "16 MB" in caught.value.message


def test_html_with_only_scripts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "app.html"
    path.write_text(
        "<html><head><script>render()</script></head><body><script>boot()</script>"
        '<div id="root"></div></body></html>',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        import_file(path)
    _assert_names_file(caught, path)
    assert "no readable text" in caught.value.message


def test_epub_chapters_in_spine_order(tmp_path: Path) -> None:
    path = _epub(
        tmp_path / "book.epub",
        [
            ("第一章", "<h1>第一章</h1><p>吾輩は猫である。</p><p>名前はまだ無い。</p>"),
            ("第二章", "<h2>第二章</h2><p>どこで生れたかとんと見当がつかぬ。</p>"),
        ],
    )
    imported = import_file(path)
    lines = imported.text.split("\n")
    assert "第一章" in lines and "第二章" in lines
    assert lines.index("第一章") < lines.index("吾輩は猫である。") < lines.index("第二章")
    assert lines.count("第一章") == 1
    assert imported.title == "テストの本"
    assert imported.author == "夏目漱石"
    assert imported.source == "book.epub"
    assert "目次" not in imported.text and "Table" not in imported.text  # the nav page is skipped


def test_epub_without_text_is_refused(tmp_path: Path) -> None:
    path = _epub(tmp_path / "pictures.epub", [("表紙", '<div class="cover"> </div>')])
    with pytest.raises(InputError) as caught:
        import_file(path)
    _assert_names_file(caught, path)
    assert "no readable text" in caught.value.message


def test_zip_that_is_not_an_epub(tmp_path: Path) -> None:
    path = tmp_path / "photos.epub"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.txt", "not a book")
    with pytest.raises(InputError) as caught:
        import_file(path)
    _assert_names_file(caught, path)
    assert "not an EPUB" in caught.value.message


def test_epub_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.epub"
    path.write_text("これは本ではない", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_file(path)
    _assert_names_file(caught, path)


def _with_encryption(path: Path, algorithm: str) -> Path:
    xml = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        f'<enc:EncryptionMethod Algorithm="{algorithm}"/>'
        '<enc:CipherData><enc:CipherReference URI="EPUB/c0.xhtml"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("META-INF/encryption.xml", xml)
    return path


def test_drm_epub_is_refused(tmp_path: Path) -> None:
    path = _epub(tmp_path / "locked.epub", [("一", f"<p>{PARAGRAPH_1}</p>")])
    _with_encryption(path, "http://www.w3.org/2001/04/xmlenc#aes128-cbc")
    with pytest.raises(InputError) as caught:
        import_file(path)
    _assert_names_file(caught, path)
    assert "DRM" in caught.value.message


def test_font_obfuscation_is_not_drm(tmp_path: Path) -> None:
    path = _epub(tmp_path / "fonts.epub", [("一", f"<p>{PARAGRAPH_1}</p>")])
    _with_encryption(path, "http://www.idpf.org/2008/embedding")
    assert PARAGRAPH_1 in import_file(path).text


@pytest.mark.parametrize("name", ["gone.txt", "gone.html", "gone.epub", "gone.md"])
def test_vanished_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with pytest.raises(InputError) as caught:
        import_file(path)
    _assert_names_file(caught, path)
    assert "does not exist" in caught.value.message


@pytest.mark.parametrize("name", ["folder.txt", "folder.html", "folder.epub"])
def test_folder_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.mkdir()
    with pytest.raises(InputError) as caught:
        import_file(path)
    _assert_names_file(caught, path)


@pytest.mark.parametrize("name", ["blank.txt", "blank.html", "blank.epub", "spaces.md"])
def test_empty_file_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("  \n " if name == "spaces.md" else "", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_file(path)
    _assert_names_file(caught, path)


@pytest.mark.parametrize("name", ["image.txt", "image.html", "image.png"])
def test_binary_file_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(InputError) as caught:
        import_file(path)
    _assert_names_file(caught, path)


def test_import_text_title_and_line_endings() -> None:
    imported = import_text("\r\n  ニュースの見出し  \r\n本文です。\r最後\n")
    assert imported.title == "ニュースの見出し"
    assert imported.text == "\n  ニュースの見出し  \n本文です。\n最後\n"
    assert imported.source == ""
    assert import_text("あ" * 100).title == "あ" * 31 + "…"


@pytest.mark.parametrize(("text", "title"), [
    ("停戦交渉の行方\n本文です。", "停戦交渉の行方"),  # a short first line is a heading
    ("政府は２１日、ウクライナ情勢について関係国と協議したと発表した。続く文。", "政府は２１日、ウクライナ情勢について関係国と協議したと発表した"),
    ("政府は２１日午後、ウクライナ情勢をめぐって関係国の外相らと電話で協議したと発表した。", "政府は２１日午後、ウクライナ情勢をめぐって関係国の外相らと電話…"),
    ("今日は晴れです。明日は雨が降るでしょう。週末はどうなるか分かりません。", "今日は晴れです"),
    ("本当ですか？それなら話は別だ、と彼は言ったのだが、誰も聞いていなかった。", "本当ですか？"),
    ("長い長い長い長い長い長い長い長い長い、長い長い長い長い長い長い長い長い長い長い長い長い", "長い長い長い長い長い長い長い長い長い…"),
])
def test_a_pasted_title_fits_a_line(text, title) -> None:
    assert import_text(text).title == title
    assert import_text("本文", title=" 自分の題 ").title == "自分の題"


def test_import_text_refuses_empty_and_huge() -> None:
    with pytest.raises(InputError):
        import_text(" \n\t")
    with pytest.raises(InputError) as caught:
        import_text("あ" * (MAX_INPUT_BYTES // 3 + 1))
    assert "16 MB" in caught.value.message


_BODY = "<article><h1>停戦の行方</h1>" + "<p>政府は停戦交渉の行方を注視している。各国の外相が協議を続けている。</p>" * 8 + "</article>"


@pytest.mark.parametrize(("head", "extra", "date"), [
    ("", "<footer>© 2025 Example News</footer>", ""),  # a lone year is no date
    ("", "<footer>Copyright 2019-2025</footer>", ""),
    ('<meta property="article:published_time" content="2025-10-30T09:00:00+09:00">', "<footer>© 2025</footer>", "2025-10-30"),
    ("", '<p><time datetime="2024-03-05">2024年3月5日</time></p><footer>© 2025</footer>', "2024-03-05"),
])
def test_an_html_date_must_be_written_in_the_page(tmp_path, head, extra, date) -> None:
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>停戦</title>{head}</head><body>{_BODY}{extra}</body></html>", encoding="utf-8")
    assert import_file(path).date == date
