"""The audio side of the window: hearing the popup's word, the current sentence, the
article read aloud with the highlight and the translation following, shadowing, and the
pitch overlay on the current sentence.

Keys: A (and the popup's ▶) says the popup's word, its dictionary form and then the form
in the text when that is inflected; P says the current sentence; Ctrl+P reads aloud from
the current sentence on, and pauses and resumes; Shift+P repeats the current sentence
for shadowing; Ctrl+. stops. With no voice the keys say how to get one.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.qt.audio import PAUSED, PLAYING, Player, word_texts

if TYPE_CHECKING:
    from reader.core.text.model import Word
    from reader.qt.window.main_window import MainWindow

#: The popup's key that says its word (beside S, K, I and E: window/vocabulary.py).
SAY_KEY = "a"
#: What Player.play is doing: one thing said, the article read aloud, or shadowing.
IDLE, SAYING, READING, SHADOWING = "idle", "saying", "reading", "shadowing"


class AudioController(QObject):
    def __init__(self, window: MainWindow, player: Player | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.player = player or Player(self)
        self.mode = IDLE
        #: What the last "no voice" explanation said (message, advice): tests read it.
        self.explained: tuple[str, str] | None = None
        self._box: QMessageBox | None = None
        self.reading_from = -1  # the sentence the article is being read from
        self._overlay_generation = 0  # the pitch overlay asked for last
        self.connect_player()
        view = window.reader_view
        self.say_shortcut = QShortcut(QKeySequence(SAY_KEY.upper()), window, self.say_popup_word)
        self.say_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.say_shortcut.setEnabled(False)
        view.popupChanged.connect(self._update_shortcut)
        view.popupKeyPressed.connect(self._popup_key)
        QApplication.instance().focusChanged.connect(self._update_shortcut)
        view.sentenceActivated.connect(self._overlay_follows)
        window.loader.finished.connect(lambda _generation: self._overlay_follows(self.current_sentence()))
        window.word_panel.speakRequested.connect(lambda texts: self.say(*texts))
        self.apply_settings()

    def connect_player(self) -> None:
        """Wire the player (again, when a test gives the controller another one)."""
        self.player.sentence_started.connect(self._sentence_started)
        self.player.finished.connect(self._finished)
        self.player.problem.connect(self.explain)
        self.player.state_changed.connect(self._state_changed)

    def use_player(self, player: Player) -> None:
        self.player.stop()
        self.player = player
        self.connect_player()
        self.apply_settings()

    def apply_settings(self) -> None:
        s = self.window.settings
        self.player.configure(s.get("audio/voice"), s.get("audio/rate"), s.get("audio/volume"))

    # --- saying things -------------------------------------------------------------------
    def say(self, *texts: str) -> None:
        """Say words or sentences that are not read from the article (word panel, review)."""
        texts = tuple(t for t in texts if t and t.strip())
        if texts:
            self.mode = SAYING
            self.player.say(*texts)

    def say_word(self, word: Word) -> None:
        self.say(*word_texts(word))

    def say_popup_word(self) -> None:
        shown = self.window.reader_view.popup_word
        if shown is not None:
            self.say_word(shown[0])

    def _popup_key(self, key: str) -> None:
        if key.lower() == SAY_KEY:
            self.say_popup_word()

    def _update_shortcut(self, *_args: object) -> None:
        from reader.qt.window.vocabulary import _typing

        shown = self.window.reader_view.popup_word is not None
        self.say_shortcut.setEnabled(shown and not _typing(QApplication.focusWidget()))

    # --- the article ---------------------------------------------------------------------
    def current_sentence(self) -> int:
        """The sentence clicked or moved to last, else the first on screen."""
        library = self.window.library
        chosen = getattr(library, "chosen_sentence", None)
        if chosen is not None:
            return int(chosen)
        position = getattr(library, "position", None)
        return int(position[0]) if position else 0

    def _sentence_items(self, first: int, last: int | None = None) -> list[tuple[int, str]]:
        sentences = self.window.reader_view.document.sentences
        end = len(sentences) if last is None else min(last + 1, len(sentences))
        return [(i, sentences[i].sentence.text) for i in range(max(first, 0), end)]

    def play_sentence(self) -> None:
        """P: the current sentence, once."""
        items = self._sentence_items(self.current_sentence(), self.current_sentence())
        if not items:
            self._no_article()
            return
        self.mode = SAYING
        self.player.play(items)

    def read_aloud(self) -> None:
        """Ctrl+P: read from the current sentence to the end; again: pause, resume."""
        if self.mode in (READING, SHADOWING) and self.player.state == PLAYING:
            self.player.pause()
            return
        if self.mode in (READING, SHADOWING) and self.player.state == PAUSED:
            self.player.resume()
            return
        first = self.current_sentence()
        items = self._sentence_items(first)
        if not items:
            self._no_article()
            return
        self.mode, self.reading_from = READING, first
        self.player.play(items)

    def shadow(self) -> None:
        """Shift+P: the current sentence N times, with a gap to say it after the voice."""
        s = self.window.settings
        items = self._sentence_items(self.current_sentence(), self.current_sentence())
        if not items:
            self._no_article()
            return
        self.mode = SHADOWING
        # clamped as in Preferences (dialogs/audio.py): a hand-edited settings file may say anything
        repeats = min(20, max(1, s.get("audio/shadow_repeats")))
        self.player.play(items * repeats, gap_ms=int(min(15.0, max(0.0, s.get("audio/shadow_gap"))) * 1000))

    def pause_resume(self) -> None:
        if self.player.state == PLAYING:
            self.player.pause()
        elif self.player.state == PAUSED:
            self.player.resume()

    def stop(self) -> None:
        self.player.stop()
        self.mode = IDLE

    def close(self) -> None:
        """At quit: silence, and the speech process ends."""
        from reader.qt.audio import wait_speech
        from reader.qt.speech_process import shared

        self.stop()
        wait_speech()
        shared().close()

    def _sentence_started(self, index: int) -> None:
        """Reading aloud: the page's highlight, the translation pane and the status bar
        follow, as when the sentence is clicked."""
        if self.mode not in (READING, SHADOWING):
            return
        view = self.window.reader_view
        if not 0 <= index < len(view.document.sentences):
            return
        view.sentenceActivated.emit(index)  # the translation pane, the library's position
        view.highlight(index, True)  # and scrolled into view

    def _finished(self) -> None:
        if self.mode == READING:
            self.window.statusBar().showMessage("Read to the end", 3000)
        self.mode = IDLE

    def _state_changed(self, state: str) -> None:
        actions = getattr(self.window, "actions", None)
        action = actions.by_name.get("readAloud") if actions is not None else None
        if action is not None:
            reading = self.mode in (READING, SHADOWING)
            action.setText("Pause &Reading" if reading and state == PLAYING else
                           "&Resume Reading" if reading and state == PAUSED else "&Read Aloud from Here")

    # --- no voice ------------------------------------------------------------------------
    def explain(self, message: str, advice: str) -> None:
        """No voice (or no sound output): say how to get one, once in a box and in the
        status bar each time; never a failure."""
        self.mode = IDLE
        self.explained = (message, advice)
        text = message[:1].upper() + message[1:]
        self.window.statusBar().showMessage(f"{text}: {advice}" if advice else text, 15000)
        if self._box is None:
            box = QMessageBox(QMessageBox.Icon.Information, "Speech", text, QMessageBox.StandardButton.Ok, self.window)
            box.setObjectName("noVoice")
            box.setInformativeText(advice[:1].upper() + advice[1:] if advice else "")
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._box = box
            box.open()

    def _no_article(self) -> None:
        self.window.statusBar().showMessage("Open an article first: there is no sentence to read", 4000)

    # --- the pitch overlay -----------------------------------------------------------------
    def set_overlay(self, on: bool) -> None:
        self.window.settings.set("audio/pitch_overlay", bool(on))
        self._send_overlay(self.current_sentence() if on else -1)

    def _overlay_follows(self, index: int) -> None:
        if self.window.settings.get("audio/pitch_overlay"):
            self._send_overlay(index)

    def _send_overlay(self, index: int) -> None:
        view = self.window.reader_view
        sentences = view.document.sentences
        if not 0 <= index < len(sentences):
            self._overlay_generation += 1  # an overlay still being worked out is not shown
            view._send(view.bridge.pitchShown, json.dumps({"sentence": -1, "phrases": []}))
            return
        text = sentences[index].sentence.text
        self._overlay_generation += 1
        generation = self._overlay_generation

        def work(_task: Any) -> str:
            return json.dumps({"sentence": index, "phrases": overlay_phrases(text)}, ensure_ascii=False)

        def done(payload: str) -> None:  # only the latest sentence's: an older one may finish last
            if generation == self._overlay_generation and self.window.settings.get("audio/pitch_overlay"):
                view._send(view.bridge.pitchShown, payload)

        from reader.qt.workers import run_in_pool

        run_in_pool(work, done, lambda exc: self.window.statusBar().showMessage(
            f"No pitch overlay: {getattr(exc, 'message', exc)}", 5000))


def overlay_phrases(text: str) -> list[dict[str, object]]:
    """The sentence's accent phrases as the page draws them (the popup's pitch lines):
    each phrase's text, its morae, which are high, and where the pitch falls."""
    from reader.core.audio.accent import sentence_phrases
    from reader.core.dictionaries.pitch import accent

    out: list[dict[str, object]] = []
    for phrase in sentence_phrases(text):
        a = accent(phrase.reading_kana, phrase.downstep) if phrase.reading_kana else None
        if a is None:
            continue
        out.append({
            "text": phrase.text, "morae": list(a.morae), "high": list(a.high), "drop": a.downstep,
            "particleHigh": a.particle_high, "name": a.name,
        })
    return out
