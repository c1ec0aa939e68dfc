"""Saved words as an Anki package (.apkg), written with genanki.

The note type and deck ids are fixed, and each note's GUID comes from the word
and its reading, so exporting again and importing over an earlier import
updates the same notes instead of adding duplicates.
"""

from __future__ import annotations

import hashlib
import html
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import genanki  # type: ignore[import-untyped]

from reader.core.errors import ReaderError
from reader.core.library import bundled
from reader.core.library.imported import ImportedArticles
from reader.core.storage.atomic import replacing
from reader.core.storage.store import Store
from reader.core.text.furigana import ruby_for
from reader.core.vocabulary.words import Words

#: Never change these: Anki recognises our note type and deck by them.
MODEL_ID = 1_733_021_504
DECK_ID = 2_041_785_962
MODEL_NAME = "reader vocabulary"
DECK_NAME = "reader vocabulary"
FIELDS = ("Word", "Reading", "Furigana", "Glosses", "Sentence", "Translation", "Source")
#: Fields after FIELDS holding `[sound:…]` when the export is asked for audio.
AUDIO_FIELDS = ("Audio", "SentenceAudio")
#: The word's audio: (word, reading) -> a WAV file's bytes, or None when it cannot be said.
WordAudio = Callable[[str, str], bytes | None]
#: A sentence's audio: sentence -> a WAV file's bytes, or None.
SentenceAudio = Callable[[str], bytes | None]

FRONT = """<div class="word">{{Word}}</div>
{{#Sentence}}<div class="sentence">{{Sentence}}</div>{{/Sentence}}"""

BACK = """{{FrontSide}}
<hr id="answer">
<div class="reading">{{#Furigana}}{{Furigana}}{{/Furigana}}\
{{^Furigana}}{{Reading}}{{/Furigana}}</div>
{{#Audio}}<div class="audio">{{Audio}}</div>{{/Audio}}
<div class="glosses">{{Glosses}}</div>
{{#Translation}}<div class="translation">{{Translation}}</div>{{/Translation}}
{{#SentenceAudio}}<div class="audio">{{SentenceAudio}}</div>{{/SentenceAudio}}
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}"""

CSS = """.card { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif;
  font-size: 20px; text-align: center; color: #222; background: #fdfdfb; }
.word { font-size: 44px; margin: 0.4em 0; }
.sentence { font-size: 22px; line-height: 1.8; }
.sentence b { color: #b3261e; font-weight: normal; border-bottom: 2px solid #b3261e; }
.reading { font-size: 28px; margin: 0.3em 0; }
.glosses { font-size: 20px; margin: 0.4em 0; }
.translation { font-size: 17px; color: #555; font-style: italic; margin: 0.6em 0; }
.source { font-size: 13px; color: #888; margin-top: 1.2em; }
.nightMode .card, .card.nightMode { color: #eee; background: #2b2b2b; }"""

MODEL = genanki.Model(
    MODEL_ID,
    MODEL_NAME,
    fields=[{"name": name} for name in FIELDS + AUDIO_FIELDS],
    templates=[{"name": "Recognition", "qfmt": FRONT, "afmt": BACK}],
    css=CSS,
    sort_field_index=0,
)


def furigana_html(word: str, reading: str) -> str:
    """The word with <ruby> readings over its kanji only."""
    return "".join(
        f"<ruby>{html.escape(s.text)}<rt>{html.escape(s.reading)}</rt></ruby>"
        if s.reading
        else html.escape(s.text)
        for s in ruby_for(word, reading)
    )


def sentence_html(sentence: str, start: int, end: int) -> str:
    """The sentence, escaped, with the saved word in <b>."""
    if not 0 <= start < end <= len(sentence):
        return html.escape(sentence)
    marked = sentence[start:end]
    return (
        f"{html.escape(sentence[:start])}<b>{html.escape(marked)}</b>{html.escape(sentence[end:])}"
    )


def article_titles(store: Store) -> Callable[[str], str]:
    """article id -> its title (bundled or imported), or the id when it is gone."""
    titles = {info.id: info.title for info in bundled.list_articles()}

    def title(article_id: str) -> str:
        if article_id in titles or not article_id:
            return titles.get(article_id, "")
        try:
            return ImportedArticles(store).get(article_id).info.title
        except ReaderError:
            return article_id

    return title


def note_fields(
    word: dict[str, Any], context: dict[str, Any] | None, translation: str | None, source: str
) -> list[str]:
    """The note's fields, in FIELDS order, as HTML."""
    sentence = (
        sentence_html(context["sentence"], context["start"], context["end"]) if context else ""
    )
    return [
        html.escape(word["base"]),
        html.escape(word["reading"]),
        furigana_html(word["base"], word["reading"]),
        "; ".join(html.escape(g) for g in word["glosses"]),
        sentence,
        html.escape(translation or ""),
        html.escape(source),
    ]


def build_deck(
    store: Store,
    words: list[dict[str, Any]] | None = None,
    *,
    translation_for: Callable[[str], str | None] | None = None,
    title_for: Callable[[str], str] | None = None,
    word_audio: WordAudio | None = None,
    sentence_audio: SentenceAudio | None = None,
    media: dict[str, bytes] | None = None,
) -> genanki.Deck:
    """One note per saved word (all unless ``words`` is given), tagged with its tags.
    With ``word_audio`` / ``sentence_audio``, the audio goes into ``media`` (file name ->
    bytes) and its `[sound:…]` into the note's Audio / SentenceAudio field."""
    media = {} if media is None else media
    chosen = (
        Words(store).search_words(sort="saved", descending=False, limit=None) if words is None else words
    )
    title = title_for or article_titles(store)
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for word in chosen:
        contexts = Words(store).word_contexts(word["id"])
        context = contexts[0] if contexts else None
        translation = translation_for(context["sentence"]) if context and translation_for else None
        source = title(context["article_id"]) if context else ""
        sounds = [
            _sound(media, "word", f"{word['base']}\n{word['reading']}", word_audio, word["base"], word["reading"]),
            _sound(media, "sentence", context["sentence"], sentence_audio, context["sentence"]) if context else "",
        ]
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=note_fields(word, context, translation, source) + sounds,
                guid=genanki.guid_for(word["base"], word["reading"]),
                tags=list(word["tags"]),
            )
        )
    return deck


def _sound(media: dict[str, bytes], kind: str, key: str, make: Callable[..., bytes | None] | None, *args: str) -> str:
    """`[sound:name]` for audio ``make(*args)`` gives (kept in ``media`` under a name
    fixed by ``key``, so a word's audio keeps its name across exports), or ""."""
    if make is None:
        return ""
    name = f"reader-{kind}-{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}.wav"
    if name not in media:
        data = make(*args)
        if not data:
            return ""
        media[name] = data
    return f"[sound:{name}]"


def export_apkg(
    store: Store,
    path: Path | str,
    words: list[dict[str, Any]] | None = None,
    *,
    translation_for: Callable[[str], str | None] | None = None,
    title_for: Callable[[str], str] | None = None,
    timestamp: float | None = None,
    word_audio: WordAudio | None = None,
    sentence_audio: SentenceAudio | None = None,
) -> int:
    """Write saved words to an .apkg for Anki; returns how many notes it holds.

    ``translation_for(sentence)`` may give the sentence's draft or machine
    translation. ``timestamp`` (default now) is the notes' modification time, which
    Anki compares to decide whether an import updates a note. ``word_audio`` and
    ``sentence_audio`` (e.g. speech's voice) add each word's and sentence's audio as media.
    """
    media: dict[str, bytes] = {}
    deck = build_deck(
        store, words, translation_for=translation_for, title_for=title_for,
        word_audio=word_audio, sentence_audio=sentence_audio, media=media,
    )
    with tempfile.TemporaryDirectory(prefix="reader-anki-media-") as folder, replacing(path) as tmp:
        files = []
        for name, data in media.items():
            (Path(folder) / name).write_bytes(data)
            files.append(str(Path(folder) / name))
        # whole or not at all: an old deck survives a failure
        genanki.Package(deck, media_files=files).write_to_file(str(tmp), timestamp=timestamp)
    return len(deck.notes)
