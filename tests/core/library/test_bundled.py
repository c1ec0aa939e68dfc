"""The four bundled Peace Forum articles."""

import pytest

from reader.core.errors import ReaderError
from reader.core.library import bundled


def test_four_articles_with_attribution():
    infos = bundled.list_articles()
    assert [i.date for i in infos] == ["2025-10-30", "2025-10-24", "2025-10-24", "2025-10-16"]
    assert all(i.source.startswith("平和フォーラム") and "October 2025" in i.source for i in infos)
    assert infos[0].title == "トランプ主導のウクライナ和平交渉に潜む帝国主義の影"
    assert infos[0].author == "渡辺洋介"
    assert infos[1].series == "憲法審査会レポートNo.61"


def test_main_article_keeps_its_notes():
    text = bundled.first_article().text
    assert text.startswith("1.はじめに\n")
    for n in range(1, 15):
        assert f"注{n}：" in text or f"注{n}:" in text
    assert text.rstrip().endswith("DP-Report-No24.pdf")


@pytest.mark.parametrize("key", ["2025-10-16-henoko-rally", "4"])
def test_load_by_id_or_number(key):
    article = bundled.load_article(key)
    assert article.info.id == "2025-10-16-henoko-rally"
    assert "辺野古新基地建設" in article.text


def test_unknown_article_is_a_clear_error():
    with pytest.raises(ReaderError, match="no bundled article"):
        bundled.load_article("nope")
