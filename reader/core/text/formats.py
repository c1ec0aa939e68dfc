"""Output formats for annotated text: bracketed furigana, JSON and printable HTML.

The JSON shape is a public contract (see README, "JSON output"): keep it stable.
Every writer streams sentence by sentence so long inputs need little memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from html import escape
from typing import TextIO

from reader.core.text.furigana import bracketed
from reader.core.text.model import WORD, AnnotatedSentence, Token, Word

FORMATS = ("text", "json", "html")


def token_dict(t: Token) -> dict[str, object]:
    return {
        "surface": t.surface,
        "start": t.start,
        "end": t.end,
        "reading": t.reading,
        "base": t.base,
        "pos": t.pos,
        "ruby": [{"text": s.text, "reading": s.reading} for s in t.ruby],
        "glosses": list(t.glosses),
    }


def word_dict(w: Word) -> dict[str, object]:
    return {
        "start": w.start,
        "end": w.end,
        "text": w.text,
        "base": w.base,
        "reading": w.reading,
        "kind": w.kind,
        "inflections": list(w.inflections),
        "glosses": list(w.glosses),
        "tokens": [w.first, w.last],
    }


def sentence_dict(s: AnnotatedSentence) -> dict[str, object]:
    return {
        "text": s.sentence.text,
        "start": s.sentence.start,
        "end": s.sentence.end,
        "tokens": [token_dict(t) for t in s.tokens],
        "words": [word_dict(w) for w in s.words],
    }


def write_json(sentences: Iterable[AnnotatedSentence], out: TextIO) -> None:
    out.write('{"sentences": [')
    for n, s in enumerate(sentences):
        out.write(",\n" if n else "\n")
        out.write(json.dumps(sentence_dict(s), ensure_ascii=False))
    out.write("\n]}\n")


def _gap(text: str) -> str:
    """Text between sentences, with line endings normalised for output."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def explained(w: Word) -> str:
    """What text mode adds after a word: its dictionary form and inflections,
    "(食べる: causative, passive, negative, past)", or "" where it says nothing new."""
    if w.text == w.base:  # です, 首脳会談: nothing to explain
        return ""
    if w.inflections:
        return f"({w.base}: {', '.join(w.inflections)})"
    return f"({w.base})" if w.kind != WORD else ""


def sentence_text(s: AnnotatedSentence) -> str:
    """A sentence with furigana in brackets and its words explained; spaces kept."""
    parts: list[str] = []
    k = 0
    for w in s.words:
        parts.extend(t.surface for t in s.tokens[k : w.first])  # spaces between words
        parts.append(bracketed(w.ruby) + explained(w))
        k = w.last + 1
    parts.extend(t.surface for t in s.tokens[k:])
    return "".join(parts)


def write_text(source: str, sentences: Iterable[AnnotatedSentence], out: TextIO) -> None:
    """The input with furigana in brackets, 停戦[ていせん], and conjugations explained,
    食[た]べさせられなかった(食べる: causative, passive, negative, past); layout kept."""
    pos = 0
    for s in sentences:
        out.write(_gap(source[pos : s.sentence.start]))
        out.write(sentence_text(s))
        pos = s.sentence.end
    out.write(_gap(source[pos:]))
    if source and not source.endswith(("\n", "\r")):
        out.write("\n")


def ruby_html(t: Token | Word) -> str:
    """One word (or token) as HTML: <ruby> over its kanji; its dictionary form,
    inflections and glosses in a tooltip. All text escaped."""
    parts = []
    for seg in t.ruby:
        if seg.reading:
            parts.append(f"<ruby>{escape(seg.text)}<rt>{escape(seg.reading)}</rt></ruby>")
        else:
            parts.append(escape(seg.text))
    inner = "".join(parts)
    tip = "; ".join(t.glosses[:6])
    if isinstance(t, Word) and (more := explained(t)):
        tip = f"{more[1:-1]} — {tip}" if tip else more[1:-1]
    if tip:
        return f'<span class="w" title="{escape(tip)}">{inner}</span>'
    return inner


def _sentence_html(s: AnnotatedSentence) -> str:
    parts: list[str] = []
    k = 0
    for w in s.words:
        parts.extend(escape(t.surface) for t in s.tokens[k : w.first])
        parts.append(ruby_html(w))
        k = w.last + 1
    parts.extend(escape(t.surface) for t in s.tokens[k:])
    return "".join(parts)


_PAGE_HEAD = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>
body {{ font-family: "Noto Serif CJK JP", "Noto Sans CJK JP", serif; max-width: 42em;
       margin: 2em auto; padding: 0 1em; line-height: 2.3; font-size: 18px; color: #222; }}
h1, h2 {{ line-height: 1.8; }}
h2 {{ font-size: 1.15em; margin: 1.2em 0 0.3em; }}
p {{ margin: 0 0 0.6em; }}
rt {{ font-size: 0.5em; color: #555; }}
.w[title] {{ border-bottom: 1px dotted #bbb; }}
@media print {{ body {{ margin: 0; max-width: none; }} .w[title] {{ border: none; }} }}
</style>
</head>
<body>
"""


def write_html(
    sentences: Iterable[AnnotatedSentence], out: TextIO, title: str = "reader"
) -> None:
    """A standalone printable page; sentences of one input line form one paragraph."""
    out.write(_PAGE_HEAD.format(title=escape(title)))
    if title:
        out.write(f"<h1>{escape(title)}</h1>\n")
    paragraph, tag = None, "p"
    for s in sentences:
        if s.sentence.paragraph != paragraph:
            if paragraph is not None:
                out.write(f"</{tag}>\n")
            paragraph = s.sentence.paragraph
            tag = "h2" if s.sentence.kind == "heading" else "p"
            out.write(f"<{tag}>")
        out.write(f'<span class="s" data-start="{s.sentence.start}">')
        out.write(_sentence_html(s))
        out.write("</span>")
    if paragraph is not None:
        out.write(f"</{tag}>\n")
    out.write("</body>\n</html>\n")
