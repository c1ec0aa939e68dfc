"""Names: every proper noun of the bundled articles, read and glossed as checked by hand."""

from __future__ import annotations

import pytest

from reader.core.dictionaries.jmdict import Dictionary
from reader.core.library import bundled
from reader.core.text.furigana import bracketed
from reader.core.text.names import NAME_READINGS

#: Every proper noun in the four bundled articles: surface -> (reading, what its first
#: entry is, a piece of its first gloss). "word" is a JMdict entry (JMdict knows the place
#: or country and says it better than JMnedict), a label is JMnedict's name type, "" is
#: no entry at all. Readings were checked by hand against the articles.
BUNDLED_NAMES: dict[str, tuple[str, str, str]] = {
    # people
    "プーチン": ("ぷーちん", "surname", "Putin"),
    "ルビオ": ("るびお", "name", "Rubio"),
    "ラブロフ": ("らぶろふ", "name", "Lavrov"),
    # full names JMnedict lists whole are read whole (石破 + 茂: 石破茂)
    "石破": ("いしば", "surname", "Ishiba"),  # 石破首相
    "石破茂": ("いしばしげる", "person", "Ishiba Shigeru"),
    "林": ("はやし", "surname", "Hayashi"),  # JMnedict's surname before JMdict's "wood"
    "芳正": ("よしまさ", "given name", "Yoshimasa"),
    "田中明彦": ("たなかあきひこ", "person", "Tanaka Akihiko"),
    "羽場久美子": ("はばくみこ", "person", "Haba Kumiko"),
    "高市早苗": ("たかいちさなえ", "person", "Takaichi Sanae"),  # 早苗 not "rice seedling"
    "高市": ("たかいち", "surname", "Takaichi"),
    "枝野幸男": ("えだのゆきお", "person", "Edano Yukio"),
    "武正公一": ("たけまさこういち", "person", "Takemasa Kouichi"),
    "東京大学": ("とうきょうだいがく", "organization name", "Tokyo University"),
    "柳川": ("やながわ", "surname", "Yanagawa"),
    "玉城": ("たまき", "surname", "Tamaki"),
    "髙良": ("たから", "surname", "Takara"),  # UniDic: unknown, no reading
    "沙哉": ("さや", "", ""),  # UniDic: 砂 (すな) + なり; JMnedict lacks it
    # places
    "アンカレッジ": ("あんかれっじ", "place name", "Anchorage"),
    "辺野古": ("へのこ", "place name", "Henoko"),
    "文京": ("ぶんきょう", "place name", "Bunkyou"),
    "大浦": ("おおうら", "surname", "Ooura"),
    "ドネツク": ("どねつく", "place name", "Donetsk"),  # UniDic: a common noun
    "ヘルソン": ("へるそん", "place name", "Kherson"),  # UniDic: ヘ + ルソン (Luzon)
    "クリミア": ("くりみあ", "place name", "Crimea"),
    "ズデーテン": ("ずでーてん", "name", "Sudetenland"),
    "東京": ("とうきょう", "word", "Tokyo"),
    "広島": ("ひろしま", "word", "Hiroshima"),
    "沖縄": ("おきなわ", "word", "Okinawa"),
    "アラスカ": ("あらすか", "word", "Alaska"),
    "ワシントン": ("わしんとん", "word", "Washington"),
    "ニューヨーク": ("にゅーよーく", "word", "New York"),
    "ブダペスト": ("ぶだぺすと", "word", "Budapest"),
    "ミュンヘン": ("みゅんへん", "word", "Munich"),
    "バルト": ("ばると", "word", "Baltic"),
    "欧州": ("おうしゅう", "word", "Europe"),
    "ヨーロッパ": ("よーろっぱ", "word", "Europe"),
    "西欧": ("せいおう", "word", "Western Europe"),
    "東欧": ("とうおう", "word", "Eastern Europe"),
    "中東": ("ちゅうとう", "word", "Middle East"),
    "大西": ("たいせい", "", ""),  # 北|大西|洋: たいせいよう, not the surname おおにし
    # countries
    "日本": ("にほん", "word", "Japan"),  # 世界と日本; 日本維新の会 is にっぽん (test_tokenize)
    "米国": ("べいこく", "word", "America"),
    "アメリカ": ("あめりか", "word", "America"),
    "ロシア": ("ろしあ", "word", "Russia"),
    "ソ連": ("それん", "word", "Soviet Union"),
    "ウクライナ": ("うくらいな", "word", "Ukraine"),
    "ベラルーシ": ("べらるーし", "word", "Belarus"),
    "フィンランド": ("ふぃんらんど", "word", "Finland"),
    "エストニア": ("えすとにあ", "word", "Estonia"),
    "ラトビア": ("らとびあ", "word", "Latvia"),
    "リトアニア": ("りとあにあ", "word", "Lithuania"),
    "ポーランド": ("ぽーらんど", "word", "Poland"),
    "ドイツ": ("どいつ", "word", "Germany"),
    "オランダ": ("おらんだ", "word", "Netherlands"),
    "デンマーク": ("でんまーく", "word", "Denmark"),
    "フランス": ("ふらんす", "word", "France"),
    "イギリス": ("いぎりす", "word", "United Kingdom"),
    "イタリア": ("いたりあ", "word", "Italy"),
    "オーストリア": ("おーすとりあ", "word", "Austria"),
    "ハンガリー": ("はんがりー", "word", "Hungary"),
    "ルーマニア": ("るーまにあ", "word", "Romania"),
    "チェコ": ("ちぇこ", "word", "Czech"),
    "チェコスロバキア": ("ちぇこすろばきあ", "word", "Czechoslovakia"),
    # organisations and the like
    "国連": ("こくれん", "word", "United Nations"),
    "ナチス": ("なちす", "word", "Nazi"),
    "ロイター": ("ろいたー", "company name", "Reuters"),  # JMnedict's sense for UniDic's Reuters
    "放影研": ("ほうえいけん", "", ""),
    "ルク": ("るく", "", ""),  # ルク|オイル (Lukoil): neither dictionary has it
}


@pytest.fixture(scope="module")
def bundled_names(annotator):
    """surface -> its first token among the proper nouns and names of the bundled articles."""
    found = {}
    for info in bundled.list_articles():
        for s in annotator.iter_annotate(bundled.load_article(info.id).text):
            assert "".join(t.surface for t in s.tokens) == s.sentence.text
            for t in s.tokens:
                if "固有名詞" in t.pos or (t.entries and t.entries[0].is_name):
                    found.setdefault(t.surface, t)
    return found


def test_every_name_of_the_bundled_articles_is_checked(bundled_names) -> None:
    assert sorted(bundled_names) == sorted(BUNDLED_NAMES)


@pytest.mark.parametrize(("surface", "reading", "kind", "gloss"),
                         [(k, *v) for k, v in BUNDLED_NAMES.items()], ids=list(BUNDLED_NAMES))
def test_bundled_name(bundled_names, surface: str, reading: str, kind: str, gloss: str) -> None:
    token = bundled_names[surface]
    assert token.reading == reading
    if not kind:
        assert token.glosses == ()
        return
    first = token.entries[0]
    if kind == "word":
        assert not first.is_name
    else:
        assert first.is_name and first.senses[0].pos[0] == kind
    assert any(gloss in g for g in first.senses[0].glosses), first.senses[0].glosses


# surface in a sentence -> (reading, furigana, first name type, first gloss)
SENTENCES = [
    ("渡辺洋介さんが来た。", "渡辺", "わたなべ", "渡辺[わたなべ]", "surname", "Watanabe"),
    ("渡辺洋介さんが来た。", "洋介", "ようすけ", "洋介[ようすけ]", "female given name", "Yousuke"),
    ("アンカレッジで会談", "アンカレッジ", "あんかれっじ", "アンカレッジ", "place name", "Anchorage"),
    ("辺野古の海", "辺野古", "へのこ", "辺野古[へのこ]", "place name", "Henoko"),
    ("髙良沙哉氏", "髙良", "たから", "髙良[たから]", "surname", "Takara"),
    ("髙良沙哉氏", "沙哉", "さや", "沙哉[さや]", "", ""),
    ("ヘルソン州", "ヘルソン", "へるそん", "ヘルソン", "place name", "Kherson (Russia)"),
]


@pytest.mark.parametrize(("text", "surface", "reading", "ruby", "kind", "gloss"), SENTENCES)
def test_names_in_sentences(
    annotator, text: str, surface: str, reading: str, ruby: str, kind: str, gloss: str
) -> None:
    tokens = [t for s in annotator.iter_annotate(text) for t in s.tokens]
    assert "".join(t.surface for t in tokens) == text
    (token,) = [t for t in tokens if t.surface == surface]
    assert (token.reading, bracketed(token.ruby)) == (reading, ruby)
    if kind:
        assert token.entries[0].is_name
        assert (kind, gloss) == (token.entries[0].senses[0].pos[0], token.glosses[0])
    else:
        assert token.glosses == ()


def test_a_listed_name_is_joined_from_its_pieces(annotator) -> None:
    # MeCab reads 沙哉 as the noun 砂 and the auxiliary なり; both pieces become one name.
    tokens = [t for s in annotator.iter_annotate("髙良沙哉氏") for t in s.tokens]
    assert [t.surface for t in tokens] == ["髙良", "沙哉", "氏"]
    assert [t.start for t in tokens] == [0, 2, 4]
    assert tokens[1].pos == "名詞-固有名詞-人名-一般"
    assert set(NAME_READINGS) == {"髙良", "沙哉"}


def test_cut_katakana_is_joined_only_into_a_known_whole(annotator) -> None:
    # コネ|クト: クト alone was JMdict's くと (dog slaughter); the whole is JMdict's connect.
    tokens = [t for s in annotator.iter_annotate("ロイター・コネクト") for t in s.tokens]
    assert [t.surface for t in tokens] == ["ロイター", "・", "コネクト"]
    assert tokens[2].glosses == ("connect",)
    # ルク|オイル: no dictionary has ルクオイル, so the pieces stay as they are.
    tokens = [t for s in annotator.iter_annotate("ルクオイル") for t in s.tokens]
    assert [t.surface for t in tokens] == ["ルク", "オイル"]


def test_single_unknown_kanji_get_kanjidic_s_reading_as_a_guess(annotator) -> None:
    # 執つた is old spelling for 執った: JMdict's 執 (しゅう) would be a wrong guess;
    # KANJIDIC2's kun reading (と.る) is the likely one, and is marked as a guess.
    (token,) = [t for s in annotator.iter_annotate("措置を執つた") for t in s.tokens if t.surface == "執"]
    assert token.reading == "と" and token.lexeme.guessed


@pytest.mark.parametrize(
    ("text", "surface", "first_is_name", "also"),
    [
        ("林外相", "林", True, "wood"),  # a surname: the name first, JMdict's word after
        ("早苗さん", "早苗", True, "rice seedling"),
        ("東京へ", "東京", False, "Tokyo"),  # a place JMdict knows: JMdict first, name after
    ],
)
def test_names_rank_against_jmdict(
    annotator, text: str, surface: str, first_is_name: bool, also: str
) -> None:
    (token,) = [t for s in annotator.iter_annotate(text) for t in s.tokens if t.surface == surface]
    assert token.entries[0].is_name is first_is_name
    assert any(e.is_name is not first_is_name for e in token.entries)
    assert any(also in g for e in token.entries for g in e.glosses)


# --- Dictionary.lookup_names ------------------------------------------------------------------

LOOKUP_NAMES = [
    ("渡辺", "わたなべ", 5546313, "わたなべ", ("surname", "place name"), "Watanabe"),
    ("渡辺", "ワタナベ", 5546313, "わたなべ", ("surname", "place name"), "Watanabe"),
    ("渡辺", "わたべ", 5546315, "わたべ", ("surname",), "Watabe"),
    ("渡辺", "", 5546313, "わたなべ", ("surname", "place name"), "Watanabe"),  # most kinds
    ("洋介", "", 5691131, "ようすけ", ("female given name",), "Yousuke"),  # unclassified last
    ("辺野古", "へのこ", 5633249, "へのこ", ("place name",), "Henoko"),
    ("アンカレッジ", "", 5011653, "アンカレッジ", ("place name",), "Anchorage"),
    ("IKEA", "", 2092920, "イケア", ("company name",), "IKEA"),  # JMnedict spells it ＩＫＥＡ
]


@pytest.mark.parametrize(("text", "reading", "entry_id", "shown", "pos", "gloss"), LOOKUP_NAMES)
def test_lookup_names(
    dictionary: Dictionary, text: str, reading: str, entry_id: int, shown: str,
    pos: tuple[str, ...], gloss: str,
) -> None:
    first = dictionary.lookup_names(text, reading)[0]
    assert (first.id, first.reading, first.kind) == (entry_id, shown, "name")
    assert first.senses[0].pos == pos and first.glosses[0] == gloss


@pytest.mark.parametrize("text", ["", "ゼレンスキー", "停戦交渉"])
def test_lookup_names_finds_nothing(dictionary: Dictionary, text: str) -> None:
    assert dictionary.lookup_names(text) == ()
