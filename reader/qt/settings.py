"""Every user setting, declared once with its default and a human title.

Values live in a QSettings INI file in the user data directory, so they survive
restarts and can be inspected by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings

from reader.core import paths


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    title: str
    choices: tuple[str, ...] = ()


FURIGANA_MODES = ("all", "unknown", "level", "off")
#: JLPT levels for the level mode: furigana hidden at this level and easier (5 = N5).
FURIGANA_LEVELS = ("5", "4", "3", "2", "1")
THEMES = ("system", "light", "dark", "sepia")
#: installed: the installed translation model; llm: a local LLM server (dialogs/llm.py).
TRANSLATION_ENGINES = ("installed", "llm")
#: The English in the reader page (qt/window/bilingual.py): none, under each sentence, beside.
BILINGUAL_MODES = ("off", "interlinear", "parallel")

SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("reading/furigana", "all", "Furigana", FURIGANA_MODES),
        Setting("reading/furigana_level", "3", "Hide furigana at JLPT level and easier", FURIGANA_LEVELS),
        Setting("reading/theme", "system", "Theme", THEMES),
        Setting("reading/font_size", 20, "Font size (px)"),
        Setting("reading/line_height", 2.2, "Line spacing"),
        Setting("reading/vertical", False, "Vertical writing"),
        Setting("reading/bilingual", "off", "English in the text", BILINGUAL_MODES),
        Setting("reading/hide_english", False, "Hide the English until its sentence is clicked"),
        Setting("translation/beam", 4, "Translation beam size"),
        # A local LLM server (core/translation/llm.py): nothing is sent unless chosen here.
        Setting("translation/engine", "installed", "Translation engine", TRANSLATION_ENGINES),
        Setting("translation/llm_url", "http://127.0.0.1:8080/v1", "LLM server address"),
        Setting("translation/llm_model", "", "LLM model"),
        Setting("translation/llm_context", 3, "Previous sentences sent as context"),
        Setting("translation/llm_allow_remote", False, "Allow an LLM server on another computer"),
        Setting("words/examples", True, "Show example sentences in the word panel"),
        # Speech (qt/audio.py, qt/window/audio.py): a voice id of core/audio/speech.py's
        # available_voices, or "system" / "system:NAME" for the operating system's voice.
        Setting("audio/voice", "openjtalk", "Voice"),
        Setting("audio/rate", 1.0, "Speed"),
        Setting("audio/volume", 1.0, "Volume"),
        Setting("audio/shadow_repeats", 3, "Shadowing: times each sentence is said"),
        Setting("audio/shadow_gap", 2.0, "Shadowing: pause after each time (s)"),
        Setting("audio/pitch_overlay", False, "Pitch accent over the current sentence"),
        Setting("clipboard/feed", False, "Clipboard feed: append Japanese text copied anywhere"),
        # Lookup history and reading statistics (qt/window/history.py, qt/window/stats.py).
        Setting("privacy/private", False, "Private mode: lookups are not recorded"),
        Setting("reading/daily_goal", 3000, "Daily goal (characters)"),
        # AnkiConnect (core/vocabulary/ankiconnect.py): on this computer unless allow_remote.
        Setting("anki/url", "http://127.0.0.1:8765", "AnkiConnect address"),
        Setting("anki/deck", "reader vocabulary", "Deck"),
        Setting("anki/model", "reader vocabulary", "Note type"),
        Setting("anki/fields", "", "Field mapping (JSON; empty: the .apkg note type's)"),
        Setting("anki/allow_remote", False, "Allow an address on another computer"),
        Setting("session/last_article", "", "Last article"),
        # Set (and written to disk) while an article is being opened, cleared once it is:
        # still set at start-up means reader died opening it, so it is not reopened.
        Setting("session/opening", "", "Article being opened"),
        Setting("window/geometry", b"", "Window geometry"),
        Setting("window/state", b"", "Window layout"),
    )
}


class Settings:
    """Typed access to the declared settings; unknown keys are a programming error."""

    def __init__(self, path: str | None = None) -> None:
        where = path or str(paths.data_dir() / "settings.ini")
        self._q = QSettings(where, QSettings.Format.IniFormat)

    def get(self, key: str) -> Any:
        setting = SETTINGS[key]
        value = self._q.value(key, setting.default)
        default = setting.default
        try:
            if isinstance(default, bool):
                value = value if isinstance(value, bool) else str(value).lower() in ("true", "1")
            elif isinstance(default, int):
                value = int(value)
            elif isinstance(default, float):
                value = float(value)
            elif isinstance(default, bytes):
                value = bytes(value) if value else b""
            else:
                value = str(value)
        except (TypeError, ValueError):
            return default
        if setting.choices and value not in setting.choices:
            return default
        return value

    def set(self, key: str, value: Any) -> None:
        SETTINGS[key]  # noqa: B018 - KeyError for undeclared settings
        self._q.setValue(key, value)

    def sync(self) -> None:
        self._q.sync()
