"""Right sense, right reading: a hand-checked table of words in context.

Each row is a sentence, a word of it as the word layer cuts it, the reading shown over
it (None: not checked) and a keyword its first gloss must hold (None: not checked).
The first half comes from the bundled articles, the second from everyday Japanese:
casual speech, keigo, loanwords, names, counters, dates and prices.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.text import readings, senses

# (sentence, word as written, reading shown, a keyword of the sense shown first)
ROWS: list[tuple[str, str, str | None, str | None]] = [
    # -- from the bundled articles --------------------------------------------------
    ("2025年8月のアンカレッジ米ロ首脳会談以降", "8月", "はちがつ", "month"),
    ("2025年8月のアンカレッジ米ロ首脳会談以降", "米ロ", "べいろ", "America and Russia"),
    ("2025年8月のアンカレッジ米ロ首脳会談以降", "首脳会談", "しゅのうかいだん", "summit"),
    ("8月15日、アラスカで", "15日", "じゅうごにち", "day (of the month)"),
    ("10月28日、東京・文京区民センターで", "10月", "じゅうがつ", "month"),
    ("10月28日、東京・文京区民センターで", "28日", "にじゅうはちにち", "day"),
    ("9月20日付の声明", "20日付", "はつかづけ", "dated"),
    ("ポーランドのF-16戦闘機2機と", "2機", "にき", "counter for aircraft"),
    ("ロシアの戦闘機3機がエストニア領空を", "3機", "さんき", "aircraft"),
    ("ポーランドのF-16戦闘機2機と", "戦闘機", "せんとうき", "fighter"),
    ("Il-78空中給油機計2機が", "空中給油機", "くうちゅうきゅうゆき", "tanker"),
    ("トランプ大統領は述べた", "トランプ", "とらんぷ", "Trump"),
    ("トランプ大統領は述べた。トランプは「状況次第だ」と答えた", "トランプ", None, "Trump"),
    ("ゼレンスキー大統領が訪れた", "大統領", "だいとうりょう", "president"),
    ("制裁について「経済的な繁栄に", "について", "について", "concerning"),
    ("ウクライナにおける紛争解決", "における", "における", "in"),
    ("報道によると、会談後に", "によると", "によると", "according to"),
    ("報道によると、会談後にワシントンへ", "後", "ご", "after"),
    ("杭を7万1千本打ち込み", "7万1千本", "ななまんいっせんぼん", "counter for long"),
    ("2900本に留まっています", "2900本", "にせんきゅうひゃっぽん", "counter for long"),
    ("これまで50本目の杭を", "目", "め", "ordinal"),
    ("親西欧の傾向が強い中・西部", "親", "しん", "pro-"),
    ("親西欧の傾向が強い中・西部", "中", "ちゅう", None),
    ("8月19日に英仏独が、9月4日には英仏が", "英仏", "えいふつ", "Britain and France"),
    ("英・仏・独・伊の首脳", "英", "えい", "Britain"),
    ("英・仏・独・伊の首脳", "仏", "ふつ", "France"),
    ("英・仏・独・伊の首脳", "独", "どく", "Germany"),
    ("英・仏・独・伊の首脳", "伊", "い", "Italy"),
    ("による対ロ追加制裁について", "対", "たい", None),
    ("バルト三国での航空警備", "バルト三国", None, "Baltic"),
    ("第三国の主権や領土", "第三国", "だいさんごく", "third country"),
    ("前線凍結を条件とした停戦", "停戦", "ていせん", "ceasefire"),
    ("野党筆頭理事を務めてきた", "筆頭", "ひっとう", None),
    ("措置を執つたときは", "執", "と", "to take"),
    ("10.28東京集会を開催します", "10.28", "じゅうがつにじゅうはちにち", None),
    ("F-16機が緊急発進し", "16機", "じゅうろくき", None),
    ("羽田空港に到着した", "羽田空港", "はねだくうこう", "Haneda"),
    ("石破茂首相は復興支援を", "石破茂", "いしばしげる", "Ishiba"),
    ("林芳正官房長官は自衛隊の派遣を", "林", "はやし", "Hayashi"),
    ("高市早苗・衆議院議員が首相に就任", "高市早苗", "たかいちさなえ", "Takaichi"),
    ("ロシアの2大石油企業", "企業", "きぎょう", "enterprise"),
    ("プーチン大統領は8日", "8日", "ようか", "day"),
    ("9月5日、林芳正官房長官は", "5日", "いつか", "day"),
    ("9月1日、自民党は", "1日", "ついたち", "day"),
    ("会談は5日後に無期延期となる", "5日後", "いつかご", None),
    ("米国のルビオ国務長官が", "国務長官", "こくむちょうかん", "Secretary of State"),
    ("ロシア国防省は、9月20日", "国防省", "こくぼうしょう", "Defense"),
    ("緊急発進し、ロシア軍機を", "緊急発進", "きんきゅうはっしん", "scramble"),
    ("NATO条約第4条に基づいて", "第", "だい", "ordinal"),
    ("国連総会を舞台にした攻防", "国連総会", "こくれんそうかい", "General Assembly"),
    ("安全保障理事会に報告しなければならない", "安全保障理事会", "あんぜんほしょうりじかい", "Security Council"),
    ("北大西洋条約", "北大西洋条約", None, "North Atlantic"),
    ("帝国主義の影", "帝国主義", "ていこくしゅぎ", "imperialism"),
    ("領空侵犯が相次いだ", "領空侵犯", "りょうくうしんぱん", "violation"),
    ("武力攻撃を全締約国に対する攻撃とみなす", "武力攻撃", "ぶりょくこうげき", "armed attack"),
    ("事実上拒否する内容だった", "事実上", "じじつじょう", "in reality"),
    ("非常に残念であり", "非常に", "ひじょうに", "very"),
    ("近い将来に会談する予定", "近い将来", "ちかいしょうらい", "near future"),
    ("ヘルソン州とザポリージャ州", "ヘルソン", "へるそん", "Kherson"),
    ("辺野古新基地建設", "辺野古", "へのこ", "Henoko"),
    ("沖縄県民は先の参議院選挙で", "参議院選挙", "さんぎいんせんきょ", "election"),
    ("日本維新の会から「連立」と称する", "日本維新の会", "にっぽんいしんのかい", None),
    ("大国間の力関係のみで停戦を", "力関係", "ちからかんけい", "power"),
    ("ソ連の勢力圏とされ", "勢力圏", "せいりょくけん", "sphere"),
    ("2次政権下での初の本格的な経済制裁", "経済制裁", "けいざいせいさい", "sanctions"),
    ("2次政権下での初の本格的な経済制裁", "初", "はつ", "first"),
    ("罪のない市民や権力によって動員された", "罪のない", "つみのない", "innocent"),
    ("停戦は不可欠だ", "不可欠だ", "ふかけつだ", "indispensable"),
    ("課題を成し遂げざるを得ない", "ざるを得ない", "ざるをえない", "cannot help"),
    ("軍事力によって、目の前に立ちはだかる", "目の前", "めのまえ", "before one's eyes"),
    ("各地点での前線凍結", "各", "かく", "each"),
    ("この件についてロシアは", "件", "けん", "matter"),
    ("9月23日、トランプ大統領は", "23日", "にじゅうさんにち", "day"),
    ("12分間侵犯した", "12分間", "じゅうにふんかん", None),
    ("17秒間侵犯する事件", "17秒間", "じゅうななびょうかん", None),
    ("約1時間、その後、英・仏", "1時間", "いちじかん", "hour"),
    ("2025年10月22日", "2025年", "にせんにじゅうごねん", "year"),
    ("1939年の独ソ不可侵条約", "1939年", "せんきゅうひゃくさんじゅうきゅうねん", "year"),
    ("閣外協力を取り付けましたが", "取り付けました", "とりつけました", "agreement"),
    ("攻撃しない判断を下した。", "下した", "くだした", "decision"),
    ("断固たる行動を取る必要", "行動を取る", None, None),
    # -- everyday Japanese ------------------------------------------------------------
    ("私は学生です。", "私", "わたし", "I"),
    ("私の名前は田中です。", "私", "わたし", "I"),
    ("何も知らない。", "何", "なに", "what"),
    ("何を食べますか。", "何", "なに", "what"),
    ("何が好き？", "何", "なに", "what"),
    ("何か飲みたい。", "何", "なに", "what"),
    ("何時ですか。", "何時", "なんじ", "what time"),
    ("何人来ますか。", "何人", "なんにん", "how many people"),
    ("もう終わった。", "もう", "もう", "already"),
    ("もう食べました。", "もう", "もう", "already"),
    ("もう一度言ってください。", "もう一度", "もういちど", "once more"),
    ("もう来ない。", "もう", "もう", "anymore"),
    ("めっちゃ面白い。", "めっちゃ", "めっちゃ", "very"),
    ("すごく美味しい。", "すごく", "すごく", None),
    ("マジで？", "マジで", None, "serious"),
    ("日曜日に会おう。", "日曜日", "にちようび", "Sunday"),
    ("金曜日は忙しい。", "金曜日", "きんようび", "Friday"),
    ("誕生日おめでとう。", "誕生日", "たんじょうび", "birthday"),
    ("一日中寝ていた。", "一日中", "いちにちじゅう", "all day"),
    ("外国人が多い。", "外国人", "がいこくじん", "foreigner"),
    ("富士山に登った。", "富士山", "ふじさん", "Fuji"),
    ("清水寺を見に行く。", "清水寺", "きよみずでら", "Kiyomizu"),
    ("羽田空港から出発する。", "羽田空港", "はねだくうこう", "Haneda"),
    ("東京駅で待ち合わせ。", "東京駅", "とうきょうえき", "Tokyo Station"),
    ("割引きがある。", "割引き", "わりびき", "discount"),
    ("若者の車離れが進む。", "離れ", "ばなれ", "loss of interest"),
    ("3月20日付の記事", "20日付", "はつかづけ", "dated"),
    ("5月21日(火)に集まる。", "火", "か", "Tuesday"),
    ("6月3日(月)から始まる。", "月", "げつ", "Monday"),
    ("7月4日（金）は休み。", "金", "きん", "Friday"),
    ("親米派の議員", "親米", "しんべい", "pro-American"),
    ("親ロシア派の勢力", "親", "しん", "pro-"),
    ("親が心配している。", "親", "おや", "parent"),
    ("米中の対立が続く。", "米", "べい", "America"),
    ("米中の対立が続く。", "中", "ちゅう", None),
    ("日米首脳会談", "日米", "にちべい", "Japan"),
    ("りんごを3つ買った。", "3つ", "みっつ", None),
    ("鉛筆が5本ある。", "5本", "ごほん", "counter for long"),
    ("本を2冊読んだ。", "本", "ほん", "book"),
    ("本を2冊読んだ。", "2冊", "にさつ", "counter for books"),
    ("猫が3匹いる。", "3匹", "さんびき", "counter for small animals"),
    ("学生が20人来た。", "20人", "にじゅうにん", "counter for people"),
    ("一人で行く。", "一人で", "ひとりで", "alone"),
    ("一人が来た。", "一人", "ひとり", "one person"),
    ("二人で話した。", "二人", "ふたり", "two persons"),
    ("3回目の挑戦", "3回", "さんかい", "counter for occurrences"),
    ("3回目の挑戦", "目", "め", "ordinal"),
    ("1000円です。", "1000円", "せんえん", "yen"),
    ("3500円のランチ", "3500円", "さんぜんごひゃくえん", "yen"),
    ("定価は2万円だ。", "2万円", "にまんえん", "yen"),
    ("12月25日はクリスマス。", "12月", "じゅうにがつ", "month"),
    ("12月25日はクリスマス。", "25日", "にじゅうごにち", "day"),
    ("4月1日に入学した。", "1日", "ついたち", "day"),
    ("10日に出発する。", "10日", "とおか", "day"),
    ("20日に帰る。", "20日", "はつか", None),
    ("6時に起きる。", "6時", "ろくじ", "o'clock"),
    ("3時間かかった。", "3時間", "さんじかん", "hour"),
    ("2年前に来た。", "2年", "にねん", "year"),
    ("いらっしゃいませ。", "いらっしゃいませ", None, "to come"),
    ("少々お待ちください。", "少々", "しょうしょう", "just a minute"),
    ("よろしくお願いします。", "よろしくお願いします", None, "please"),
    ("先生がおっしゃいました。", "おっしゃいました", None, "to say"),
    ("社長がいらっしゃる。", "いらっしゃる", None, "to come"),
    ("コーヒーを飲む。", "コーヒー", "こーひー", "coffee"),
    ("スマホを忘れた。", "スマホ", "すまほ", "smartphone"),
    ("コンビニに行く。", "コンビニ", "こんびに", "convenience store"),
    ("パソコンが壊れた。", "パソコン", "ぱそこん", "computer"),
    ("アルバイトを探す。", "アルバイト", "あるばいと", "part-time job"),
    ("大谷翔平がホームランを打った。", "翔平", "しょうへい", "Shouhei"),
    ("田中さんに会った。", "田中", "たなか", "Tanaka"),
    ("鈴木先生の授業", "鈴木", "すずき", "Suzuki"),
    ("京都に行きたい。", "京都", "きょうと", "Kyoto"),
    ("大阪で育った。", "大阪", "おおさか", "Osaka"),
    ("トランプで遊ぶ。", "トランプ", "とらんぷ", "playing cards"),
    ("水を飲む。", "水", "みず", "water"),
    ("火を消す。", "火", "ひ", "fire"),
    ("空を見る。", "空", "そら", "sky"),
    ("雨が降ってきた。", "雨", "あめ", "rain"),
    ("駅まで歩いた。", "駅", "えき", "station"),
    ("今日は暑い。", "今日", "きょう", "today"),
    ("明日は雨だ。", "明日", None, "tomorrow"),  # あす or あした: both are said
    ("昨日は休みだった。", "昨日", "きのう", "yesterday"),
    ("大人二人", "大人", "おとな", "adult"),
    ("上手に話す。", "上手に", "じょうずに", "skill"),
    ("彼は上手だ。", "上手だ", "じょうずだ", "skillful"),
    ("見て https://example.com/2025/10 ください", "2025", "", None),
    ("10.28倍になった。", "10.28倍", "じゅってんにはちばい", "times"),
    ("円周率は3.14です。", "3.14", "さんてんいちよん", None),
]


def _word(annotator, sentence: str, text: str):
    words = [w for s in annotator.annotate(sentence).sentences for w in s.words]
    found = [w for w in words if w.text == text]
    assert found, f"{text!r} is not a word of {sentence!r}: {[w.text for w in words]}"
    # the last occurrence: rows that need context put it after (トランプ大統領 … トランプは)
    return found[-1]


def _shown(word) -> str:
    return "".join(seg.reading or seg.text for seg in word.ruby if seg.reading or not seg.text.isascii())


@pytest.mark.parametrize(("sentence", "text", "reading", "gloss"), ROWS)
def test_sense_and_reading_in_context(annotator, sentence, text, reading, gloss):
    word = _word(annotator, sentence, text)
    if reading is not None:
        assert word.reading == reading, [(s.text, s.reading) for s in word.ruby]
    if gloss is not None:  # the sense shown first holds the keyword
        assert word.entries, f"{text} has no gloss"
        first = word.entries[0].senses[0].glosses
        assert any(gloss.lower() in g.lower() for g in first), first


def test_the_table_is_big_enough_and_half_everyday():
    assert len(ROWS) >= 150
    everyday = ROWS.index(("私は学生です。", "私", "わたし", "I"))
    assert everyday >= 60 and len(ROWS) - everyday >= 60


def test_a_guessed_reading_says_so(annotator):
    word = _word(annotator, "措置を執つた", "執")
    assert word.tokens[0].lexeme.guessed
    assert not _word(annotator, "措置を取った", "取った").tokens[0].lexeme.guessed


def test_every_reading_rule_has_rows():
    """Each table in readings.py and senses.py is exercised by a row above."""
    texts = {text for _, text, _, _ in ROWS}
    assert any(s in texts for s, _ in readings.SPOKEN)
    assert set(readings.BEFORE_PARTICLE) <= texts
    assert {"親", "対"} <= texts
    assert {"英", "仏", "独", "伊"} <= texts
    assert {"火", "月", "金"} <= texts
    assert {"20日付", "離れ"} <= texts
    assert all(any(t.endswith(c) for t in texts) for c in senses.COUNTER_GLOSSES)
    assert {text for text, _, _ in senses.NEXT_WORD_SENSES} <= texts
    assert {"取り付けました", "下した"} <= texts


_ODD = st.text(
    alphabet=st.sampled_from(list("0123456789０１２３.．-‐(（)）日月火年円本機目付親英仏・米ロ中何私 Fhttps:/")),
    max_size=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_ODD)
def test_context_rules_never_raise_on_odd_text(annotator, text):
    for sentence in annotator.annotate(text).sentences:
        assert "".join(t.surface for t in sentence.tokens) == sentence.sentence.text
        for word in sentence.words:
            assert "".join(seg.text for seg in word.ruby) == word.text
