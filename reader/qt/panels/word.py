"""The word panel: everything known of a clicked word, and saving it.

Built-in JMdict (and JMnedict for names) entries, imported dictionaries in their
priority order, pitch accent, JLPT level and newspaper band, a card per kanji from
KANJIDIC2 (and imported kanji dictionaries), and example sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from reader.core.dictionaries import labels
from reader.core.text.model import AnnotatedSentence, Word
from reader.core.vocabulary.status import STATUSES

if TYPE_CHECKING:
    from reader.core.dictionaries import wordinfo
    from reader.core.dictionaries.jmdict import KanjiInfo


def context_html(word: Word, sentence: AnnotatedSentence) -> str:
    """The sentence the word came from, the word in bold."""
    text, start, end = sentence.sentence.text, word.start - sentence.sentence.start, word.end - sentence.sentence.start
    return f"{escape(text[:start])}<b>{escape(text[start:end])}</b>{escape(text[end:])}"


def _badges(word: Word, more: wordinfo.WordExtras | None) -> list[str]:
    pos = labels.word_pos(word.entries, word.pos)
    out = [f"<i>{escape(pos)}</i>"] if pos else []
    if more is None:
        return out
    if more.level_label:
        out.append(f"JLPT {escape(more.level_label)}")
    if more.band:
        out.append(escape(more.band))
    for f in more.lookup.freqs if more.lookup else ():
        value = f.display or ("" if f.value is None else str(f.value))
        if value:
            out.append(f"{escape(f.dictionary)}: {escape(value)}")
    return out


#: The link of a ▶ in the word panel: "speak:0" the word, "speak:N" example N (from 1).
SPEAK = "speak:"


def entry_html(word: Word, more: wordinfo.WordExtras | None = None, play: bool = False) -> str:
    """The word's entries as simple rich text (QTextBrowser); every piece of text escaped.
    A conjugated word shows its inflections, a compound its parts' entries below;
    ``play``: a ▶ after the headword says it (the link ``speak:0``)."""
    from reader.core.dictionaries import levels, wordinfo

    listen = f" <a href='{SPEAK}0' title='Listen'>▶</a>" if play else ""
    parts = [f"<h2>{escape(word.base)} <small>【{escape(word.base_reading or word.reading)}】</small>{listen}</h2>"]
    if any(t.lexeme.guessed for t in word.tokens):
        parts.append("<p><i>Reading guessed from KANJIDIC2: no dictionary reads this word.</i></p>")
    if word.inflections:
        chain = " « ".join(escape(i) for i in word.inflections)
        parts.append(f"<p>{escape(word.text)}: {escape(word.base)} « {chain}</p>")
    for line in more.pitches if more else ():
        a = line.accent
        parts.append(
            f"<p>{escape(a.notation())} <small>[{a.downstep}] {escape(a.name)} · {escape(line.dictionary)}</small></p>"
        )
    parts.append(f"<p>{' · '.join(_badges(word, more))}</p>")
    if not word.entries and not (more and more.lookup and more.lookup.terms):
        parts.append("<p>No dictionary entry.</p>")
    for entry in word.entries[:3]:
        badges = []
        if entry.common:
            badges.append("common")
        if entry.nf:
            badges.append(levels.news_band(entry.nf))
        head = escape(entry.word) + (f"【{escape(entry.reading)}】" if entry.reading != entry.word else "")
        parts.append(f"<h3>{head} <small>{escape(' · '.join(badges))}</small></h3><ol>")
        for sense in entry.senses:
            label = labels.pos_text(sense.pos, notes=True)
            pos = f"<br><small><i>{escape(label)}</i></small>" if label else ""
            parts.append(f"<li>{escape('; '.join(sense.glosses))}{pos}</li>")
        parts.append("</ol>")
    if more and more.lookup:
        parts.extend(_imported_html(more.lookup))
    shorter = wordinfo.parts(word)
    if shorter:
        parts.append("<h3>Parts</h3><ul>")
        for part in shorter:
            head = escape(part.base) + f" <small>【{escape(part.base_reading)}】</small>"
            parts.append(f"<li>{head} {escape('; '.join(part.glosses[:4]))}</li>")
        parts.append("</ul>")
    return "".join(parts)


def _imported_html(lookup: Any) -> list[str]:
    """Imported dictionaries' terms; their HTML was sanitised when rendered (yomitan.render_html)."""
    parts: list[str] = []
    shown = ""
    for term in lookup.terms:
        if term.dictionary != shown:
            shown = term.dictionary
            parts.append(f"<h3 style='color:gray'>{escape(shown)}</h3>")
        head = escape(term.expression) + (f"【{escape(term.reading)}】" if term.reading and term.reading != term.expression else "")
        tags = f" <small>{escape(' '.join(term.tags))}</small>" if term.tags else ""
        parts.append(f"<p><b>{head}</b>{tags}</p>{term.html}")
    return parts


#: One kanji card: the character, KANJIDIC2's entry, imported kanji entries and frequencies.
KanjiCard = tuple[str, "KanjiInfo | None", tuple[Any, ...], tuple[Any, ...]]


def kanji_html(cards: list[KanjiCard]) -> str:
    """One card per kanji: KANJIDIC2 data, then what imported kanji dictionaries say."""
    if not cards:
        return ""
    parts = ["<h3>Kanji</h3>"]
    for ch, info, imported, freqs in cards:
        rows: list[str] = []
        if info is not None:
            rows.append(f"<b>{escape(', '.join(info.meanings))}</b>")
            if info.onyomi:
                rows.append("On: " + escape("、".join(info.onyomi)))
            if info.kunyomi:
                rows.append("Kun: " + escape("、".join(info.kunyomi)))
            if info.nanori:
                rows.append("Names: " + escape("、".join(info.nanori[:6])))
            facts = [
                f"{info.strokes} strokes" if info.strokes else "",
                f"grade {info.grade}" if info.grade else "",
                f"JLPT N{info.jlpt}" if info.jlpt else "",
                f"frequency #{info.freq}" if info.freq else "",
            ]
            rows.append(escape(" · ".join(f for f in facts if f)))
        for k in imported:
            rows.append(f"<small>{escape(k.dictionary)}:</small> " + escape(", ".join(k.meanings)))
        ranks = [
            f"{escape(f.dictionary)} frequency: {escape(f.display or str(f.value))}"
            for f in freqs
            if f.display or f.value is not None
        ]
        if ranks:
            rows.append("<small>" + " · ".join(ranks) + "</small>")
        if not rows:
            rows.append("<i>no kanji data</i>")
        parts.append(
            f"<a name='kanji-{ord(ch)}'></a><table cellpadding='4'><tr>"
            f"<td valign='top' style='font-size:30pt'>{escape(ch)}</td>"
            f"<td valign='top'>{'<br>'.join(rows)}</td></tr></table>"
        )
    return "".join(parts)


def _stem(word: Word) -> str:
    """What to bold in an example: the dictionary word, or the part all its forms share
    (食べる, 食べた: 食べ; 停戦した: 停戦)."""
    base, surface = word.key[0], word.text
    n = 0
    while n < min(len(base), len(surface)) and base[n] == surface[n]:
        n += 1
    stem = base if n == len(base) else base[:n]
    # A kana scrap (す of する, or a lone の) would light up every one of them: better none.
    kana_only = all("\u3040" <= c <= "\u30ff" for c in stem)
    return "" if kana_only and len(stem) < (2 if stem == base else 3) else stem


def _bold(text: str, needle: str) -> str:
    if not needle or needle not in text:
        return escape(text)
    return f"<b>{escape(needle)}</b>".join(escape(part) for part in text.split(needle))


def examples_html(examples: tuple[Any, ...], word: Word | None = None, play: bool = False) -> str:
    if not examples:
        return ""
    # Sentences found by the word's text (no sentence uses it as a word) say so.
    by_text = word is not None and all(e.by_text for e in examples)
    if word is None:
        stem = ""
    else:
        stem = word.key[0] if by_text else _stem(word)
    items = "".join(
        "<li>" + (f"<a href='{SPEAK}{n}' title='Listen'>▶</a> " if play else "")
        + f"{_bold(e.japanese, stem)}<br><small>{escape(e.english)}</small></li>"
        for n, e in enumerate(examples, 1)
    )
    source = f"Tatoeba; sentences containing 「{escape(stem)}」" if by_text else "Tatoeba"
    return f"<h3>Examples <small>({source})</small></h3><ul>{items}</ul>"


class WordPanel(QWidget):
    saveRequested = Signal(object, object)  # noqa: N815 - (Word, AnnotatedSentence)
    statusRequested = Signal(object, str)  # noqa: N815 - (Word, status)
    speakRequested = Signal(object)  # noqa: N815 - a ▶: (texts said in turn): the word's forms, or an example

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.word: Word | None = None
        self.sentence: AnnotatedSentence | None = None
        # Where the extra data comes from; each returns None while unavailable.
        self.dictionary: Callable[[], Any] = lambda: None
        self.user_dicts: Callable[[], Any] = lambda: None
        self.examples: Callable[[], Any] = lambda: None
        self.status_of: Callable[[Word], str] = lambda word: "new"  # the window's statuses
        self.context = QLabel(self)
        self.context.setWordWrap(True)
        self.context.setTextFormat(Qt.TextFormat.RichText)
        self.context.setObjectName("wordContext")
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link)
        self.spoken: list[tuple[str, ...]] = []  # what each ▶ says: the word, then each example
        self.browser.setObjectName("wordEntry")
        self.save_button = QPushButton("Save to vocabulary", self)
        self.save_button.setObjectName("saveWord")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._save)
        self.status_box = QComboBox(self)
        self.status_box.setObjectName("wordStatus")
        self.status_box.addItems(list(STATUSES))
        self.status_box.setToolTip("The word's status: new, learning (saved), known or ignored")
        self.status_box.setEnabled(False)
        self.status_box.activated.connect(self._status_chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.context)
        row = QHBoxLayout()
        row.addWidget(self.save_button, 1)
        row.addWidget(QLabel("Status:", self))
        row.addWidget(self.status_box)
        layout.addLayout(row)
        self.browser.setHtml("<p>Click a word in the text to see its entry.</p>")

    def show_word(self, word: Word, sentence: AnnotatedSentence, kanji: str = "") -> None:
        """Show a word; ``kanji`` (one clicked in the text) scrolls to that kanji's card."""
        from reader.core.dictionaries import wordinfo

        self.word, self.sentence = word, sentence
        more = wordinfo.extras(word, self.user_dicts())
        html = entry_html(word, more, play=True) + kanji_html(self._kanji_cards(word))
        from reader.qt.audio import word_texts

        self.spoken = [tuple(word_texts(word))]
        examples = self.examples()
        if examples is not None:
            found = examples.for_text_word(word)
            self.spoken += [(e.japanese,) for e in found]
            html += examples_html(found, word, play=True)
        self.browser.setHtml(html)
        if kanji:
            self.browser.scrollToAnchor(f"kanji-{ord(kanji)}")
        self.context.setText(context_html(word, sentence))
        status = self.status_of(word) if word.content else "new"
        self.save_button.setEnabled(word.content)
        self.save_button.setText("Saved ✓" if status == "learning" else "Save to vocabulary")
        self.show_status(status)
        self.status_box.setEnabled(word.content)

    def show_status(self, status: str) -> None:
        self.status_box.setCurrentText(status)

    def _status_chosen(self, _index: int) -> None:
        if self.word is not None:
            self.statusRequested.emit(self.word, self.status_box.currentText())

    def _kanji_cards(self, word: Word) -> list[KanjiCard]:
        from reader.core.dictionaries import wordinfo

        dictionary, user_dicts = self.dictionary(), self.user_dicts()
        return [
            (
                ch,
                dictionary.kanji(ch) if dictionary is not None else None,
                user_dicts.kanji(ch) if user_dicts is not None else (),
                user_dicts.kanji_frequencies(ch) if user_dicts is not None else (),
            )
            for ch in wordinfo.word_kanji(word)
        ]

    def _link(self, url) -> None:
        """A ▶: say the word, or the example sentence."""
        href = url.toString()
        if href.startswith(SPEAK) and href[len(SPEAK):].isdigit() and int(href[len(SPEAK):]) < len(self.spoken):
            self.speakRequested.emit(self.spoken[int(href[len(SPEAK):])])

    def mark_saved(self) -> None:
        self.save_button.setText("Saved ✓")

    def _save(self) -> None:
        if self.word is not None and self.sentence is not None:
            self.saveRequested.emit(self.word, self.sentence)
