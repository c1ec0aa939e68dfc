"""Yomitan glossaries as plain text and as sanitized HTML.

A glossary item may be "structured content", an HTML-like JSON tree from whoever
made the dictionary. It is never passed through: text is escaped, only whitelisted
tags survive, and no attribute but a table cell's numeric spans. Rendering never
raises, whatever the JSON, so a dictionary that passed the row checks always shows.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

MAX_DEPTH = 48  # structured content nested deeper than this is not rendered

#: Separates a term's rendered definitions in one stored string.
DEFINITION_SEPARATOR = "\x1f"


#: Structured-content tags kept in HTML; any other tag is dropped (its text kept).
HTML_TAGS = frozenset(
    "ul ol li div span table tr td th thead tbody tfoot ruby rt rp br b i small sup sub p "
    "details summary a".split()
)
#: Tags whose content is code, not text: dropped with everything inside.
_DROPPED = frozenset("script style template iframe object embed noscript svg math".split())
_BLOCKS = frozenset("div p ul ol li table thead tbody tfoot tr details summary".split())


def render_text(content: Any) -> str:
    """A glossary item, node or list of them as plain text; list items as "• " lines."""
    if isinstance(content, str):
        return content.strip()
    out: list[str] = []
    _text_of(content, out, 0, 0)
    lines = (line.rstrip() for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line.strip()).strip()


def render_html(content: Any) -> str:
    """The same as sanitized HTML: whitelisted tags, escaped text, no attributes beyond
    a table cell's spans. A list of glossary items becomes an ``<ol>`` of them."""
    if isinstance(content, str):
        return _escape(content)
    if isinstance(content, list) and not _is_deinflection(content):
        return render_glossary(content)[1]
    out: list[str] = []
    _html_of(content, out, 0)
    return "".join(out)


def render_glossary(glossary: list[Any]) -> tuple[tuple[str, ...], str]:
    """A term's glossary as (one text per item, the HTML of them all) in one pass.

    Most glossaries are plain strings, and a popup renders several per word, so
    they skip the structured-content walk.
    """
    texts: list[str] = []
    items: list[str] = []
    for item in glossary:
        if type(item) is not str:
            texts = [text for item in glossary if (text := render_text(item))]
            items = [html for item in glossary if (html := render_html(item))]
            break
        if text := item.strip():
            texts.append(text)
            items.append(_escape(text))
    if len(items) <= 1:
        return tuple(texts), "".join(items)
    return tuple(texts), "<ol><li>" + "</li><li>".join(items) + "</li></ol>"


_NEEDS_ESCAPE = re.compile("[<>&\"'\n]")


def _escape(text: str) -> str:
    text = text.strip("\n")
    if _NEEDS_ESCAPE.search(text) is None:  # most glossary strings: nothing to do
        return text
    return escape(text, quote=True).replace("\n", "<br>")


def _is_deinflection(item: Any) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 2
        and isinstance(item[0], str)
        and isinstance(item[1], list)
    )


def _image_text(node: dict[str, Any]) -> str:
    for key in ("alt", "title", "description"):
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _item_body(item: dict[str, Any]) -> Any:
    """A glossary item's content to render, or the item itself for a bare node."""
    kind = item.get("type")
    if kind == "text":
        return item.get("text", "")
    if kind == "image":
        return _image_text(item)
    if kind == "structured-content":
        return item.get("content", "")
    return None


def _newline(out: list[str]) -> None:
    if out and not out[-1].endswith("\n"):
        out.append("\n")


def _text_of(node: Any, out: list[str], depth: int, lists: int) -> None:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, int | float) and not isinstance(node, bool):
        out.append(str(node))
    elif isinstance(node, list):
        if _is_deinflection(node):
            out.append(f"(a form of {node[0]})")
            return
        for child in node:
            if depth == 0:  # a glossary: one item per line
                _newline(out)
            _text_of(child, out, depth + 1, lists)
    elif isinstance(node, dict):
        body = _item_body(node)
        if body is not None:
            _text_of(body, out, depth + 1, lists)
            return
        tag = node.get("tag")
        if not isinstance(tag, str) or tag in _DROPPED:
            return
        if tag == "br":
            out.append("\n")
            return
        if tag == "img":
            out.append(_image_text(node))
            return
        if tag == "rp":
            return
        if tag in _BLOCKS:
            _newline(out)
        if tag == "li":
            out.append("  " * max(lists - 1, 0) + "• ")
        if tag == "rt":
            out.append("(")
        elif tag in ("td", "th") and out and not out[-1].endswith(("\n", " ")):
            out.append(" ")
        inner = lists + 1 if tag in ("ul", "ol") else lists
        _text_of(node.get("content", ""), out, depth + 1, inner)
        if tag == "rt":
            out.append(")")
        if tag in _BLOCKS:
            _newline(out)


def _cell_spans(node: dict[str, Any]) -> str:
    spans = ""
    for key in ("colSpan", "rowSpan"):
        value = node.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 1 < value <= 100:
            spans += f' {key.lower()}="{value}"'
    return spans


def _html_of(node: Any, out: list[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, str):
        out.append(_escape(node) if depth == 0 else escape(node).replace("\n", "<br>"))
    elif isinstance(node, int | float) and not isinstance(node, bool):
        out.append(str(node))
    elif isinstance(node, list):
        if _is_deinflection(node):
            out.append(f"(a form of {escape(node[0])})")
            return
        for child in node:
            _html_of(child, out, depth + 1)
    elif isinstance(node, dict):
        body = _item_body(node)
        if body is not None:
            _html_of(body, out, depth + 1)
            return
        tag = node.get("tag")
        if not isinstance(tag, str) or tag in _DROPPED:
            return
        if tag == "img":
            out.append(escape(_image_text(node)))
            return
        if tag == "br":
            out.append("<br>")
            return
        keep = tag in HTML_TAGS
        if keep:
            out.append(f"<{tag}{_cell_spans(node) if tag in ('td', 'th') else ''}>")
        _html_of(node.get("content", ""), out, depth + 1)
        if keep:
            out.append(f"</{tag}>")


def plain_glossary(glossary: list[Any]) -> tuple[str, str] | None:
    """(definitions, html) of a glossary of strings only, else None: the common case,
    rendered with one escape check for all its strings."""
    texts = []
    for item in glossary:
        if type(item) is not str:
            return None
        if text := item.strip():
            texts.append(text)
    joined = DEFINITION_SEPARATOR.join(texts)
    if _NEEDS_ESCAPE.search(joined) is not None:
        return joined_definitions(tuple(texts)), render_glossary(texts)[1]
    html = "<ol><li>" + "</li><li>".join(texts) + "</li></ol>" if len(texts) > 1 else joined
    if joined.count(DEFINITION_SEPARATOR) >= len(texts):  # the separator inside a text
        joined = joined_definitions(tuple(texts))
    return joined, html


def joined_definitions(texts: tuple[str, ...]) -> str:
    joined = DEFINITION_SEPARATOR.join(texts)
    if joined.count(DEFINITION_SEPARATOR) >= len(texts):  # the separator inside a text
        joined = DEFINITION_SEPARATOR.join(t.replace(DEFINITION_SEPARATOR, " ") for t in texts)
    return joined
