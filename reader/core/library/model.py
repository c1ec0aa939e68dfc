"""An article, bundled or imported: its metadata and text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """Metadata of an article, bundled or imported."""

    id: str
    title: str
    date: str = ""
    author: str = ""
    source: str = ""
    url: str = ""
    series: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    info: ArticleInfo
    text: str
