"""Short, plain labels for parts of speech, as Yomitan's tags show them: "noun",
"する-verb", "godan verb", never "noun (common) (futsuumeishi)" or
"名詞-普通名詞-形状詞可能".

JMdict's descriptions (what jamdict gives) are matched by their start, most specific
first; UniDic's hyphenated levels by their first two. A description or level not in
the tables keeps a readable form (its part before the first parenthesis), so a new
JMdict release never shows raw jargon either.
"""

from __future__ import annotations

from collections.abc import Iterable

#: (start of the JMdict description, short label); the first that matches wins.
JMDICT = (
    ("noun (common)", "noun"),
    ("noun, used as a prefix", "prefix"),
    ("noun, used as a suffix", "suffix"),
    ("noun or participle which takes the aux. verb suru", "する-verb"),
    ("noun or verb acting prenominally", "pre-noun"),
    ("nouns which may take the genitive case particle", "の-adjective"),
    ("adjectival nouns or quasi-adjectives", "な-adjective"),
    ("archaic/formal form of na-adjective", "なり-adjective (archaic)"),
    ("adjective (keiyoushi) - yoi/ii class", "い-adjective (いい)"),
    ("adjective (keiyoushi)", "い-adjective"),
    ("'taru' adjective", "たる-adjective"),
    ("'ku' adjective", "く-adjective (archaic)"),
    ("'shiku' adjective", "しく-adjective (archaic)"),
    ("auxiliary adjective", "auxiliary adjective"),
    ("auxiliary verb", "auxiliary verb"),
    ("auxiliary", "auxiliary"),
    ("adverb taking the 'to' particle", "と-adverb"),
    ("adverb (fukushi)", "adverb"),
    ("pre-noun adjectival (rentaishi)", "pre-noun"),
    ("expressions (phrases, clauses, etc.)", "expression"),
    ("interjection (kandoushi)", "interjection"),
    ("conjunction", "conjunction"),
    ("copula", "copula"),
    ("counter", "counter"),
    ("numeric", "numeral"),
    ("particle", "particle"),
    ("prefix", "prefix"),
    ("suffix", "suffix"),
    ("pronoun", "pronoun"),
    ("Ichidan verb - kureru special class", "くれる verb"),
    ("Ichidan verb - zuru verb", "ずる verb"),
    ("Ichidan verb", "ichidan verb"),
    ("Godan verb", "godan verb"),
    ("Kuru verb", "くる verb"),
    ("suru verb - included", "する verb"),
    ("suru verb - special class", "する verb"),
    ("su verb - precursor to the modern suru", "す verb (archaic)"),
    ("irregular nu verb", "ぬ verb"),
    ("irregular ru verb", "り verb (archaic)"),
    ("Nidan verb", "nidan verb (archaic)"),
    ("Yodan verb", "yodan verb (archaic)"),
    ("intransitive verb", "intransitive"),
    ("transitive verb", "transitive"),
    ("verb unspecified", "verb"),
    ("unclassified", ""),
)

#: JMdict's notes on usage (jamdict's "misc:..." tags) worth a word to a learner.
MISC = (
    ("misc:word usually written using kana alone", "usually kana"),
    ("misc:abbreviation", "abbreviation"),
    ("misc:archaism", "archaic"),
    ("misc:obsolete term", "obsolete"),
    ("misc:colloquialism", "colloquial"),
    ("misc:honorific or respectful (sonkeigo) language", "honorific"),
    ("misc:humble (kenjougo) language", "humble"),
    ("misc:polite (teineigo) language", "polite"),
    ("misc:slang", "slang"),
    ("misc:idiomatic expression", "idiom"),
    ("misc:onomatopoeic or mimetic word", "onomatopoeia"),
    ("misc:yojijukugo", "four-kanji idiom"),
    ("misc:proverb", "proverb"),
    ("misc:rare term", "rare"),
    ("misc:derogatory", "derogatory"),
    ("misc:sensitive", "sensitive"),
    ("misc:vulgar expression or word", "vulgar"),
    ("misc:female term or language", "feminine"),
    ("misc:male term or language", "masculine"),
)

#: UniDic's first two levels -> label (MeCab's part of speech, for words JMdict lacks).
UNIDIC = (
    ("名詞-普通名詞-サ変", "する-noun"),
    ("名詞-普通名詞-形状詞", "noun, な-adjective"),
    ("名詞-普通名詞-助数詞", "counter"),
    ("名詞-普通名詞-副詞", "noun, adverb"),
    ("名詞-普通名詞", "noun"),
    ("名詞-固有名詞-人名", "name"),
    ("名詞-固有名詞-地名", "place name"),
    ("名詞-固有名詞", "proper noun"),
    ("名詞-数詞", "numeral"),
    ("名詞-助動詞語幹", "auxiliary"),
    ("名詞", "noun"),
    ("代名詞", "pronoun"),
    ("形状詞-タリ", "たる-adjective"),
    ("形状詞-助動詞語幹", "auxiliary"),
    ("形状詞", "な-adjective"),
    ("形容詞", "い-adjective"),
    ("連体詞", "pre-noun"),
    ("副詞", "adverb"),
    ("接続詞", "conjunction"),
    ("感動詞", "interjection"),
    ("動詞-非自立可能", "verb (auxiliary use)"),
    ("動詞", "verb"),
    ("助動詞", "auxiliary verb"),
    ("助詞", "particle"),
    ("接頭辞", "prefix"),
    ("接尾辞", "suffix"),
    ("記号", "symbol"),
    ("補助記号", "punctuation"),
    ("空白", ""),
)


def _readable(text: str) -> str:
    """What an unknown description keeps: no romaji in parentheses, no "misc:"."""
    return text.split(" (", 1)[0].strip()


def jmdict_label(tag: str) -> str:
    """One JMdict part of speech as a short label ("" for "unclassified")."""
    if tag.startswith("misc:"):
        return next((label for misc, label in MISC if tag == misc), "")
    if tag.startswith(("field:", "dial:")):
        return ""
    return next((label for start, label in JMDICT if tag.startswith(start)), _readable(tag))


def short_pos(tags: Iterable[str], notes: bool = False) -> list[str]:
    """A sense's parts of speech as short labels, in order, each once; with
    ``notes``, JMdict's usage notes too ("usually kana", "honorific")."""
    out: list[str] = []
    for tag in tags:
        if tag.startswith(("misc:", "field:", "dial:")) and not notes:
            continue
        label = jmdict_label(tag)
        if label and label not in out:
            out.append(label)
    return out


def pos_text(tags: Iterable[str], notes: bool = False) -> str:
    return ", ".join(short_pos(tags, notes))


def unidic_label(pos: str) -> str:
    """MeCab's "名詞-普通名詞-形状詞可能" as "noun, な-adjective"."""
    return next((label for start, label in UNIDIC if pos.startswith(start)), "" if not pos else _readable(pos))


def word_pos(entries: Iterable, unidic_pos: str = "") -> str:
    """A word's label: its first JMdict entry's first sense, else MeCab's part of speech."""
    entry = next(iter(entries), None)
    if entry is not None and entry.senses:
        label = pos_text(entry.senses[0].pos)
        if label:
            return label
    return unidic_label(unidic_pos)
