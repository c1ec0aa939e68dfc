"""Every menu action of the main window, declared once, as data (as Picard's
ui/mainwindow/actions.py does): its menu, title, object name, shortcut and what it calls.

A shortcut is added to the window too, so it works wherever the focus is, unless the
action names a scope: then only where that widget has the focus (one shortcut, one
meaning per focus: Del deletes an article in the library, saved words in the
vocabulary; tests/qt/window/test_first_hour.py walks them all).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from reader.qt.panels.search import open_search
from reader.qt.settings import FURIGANA_LEVELS, FURIGANA_MODES, THEMES

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from reader.qt.window.main_window import MainWindow

Shortcut = QKeySequence.StandardKey | str | None
SEPARATOR = None
#: Parts of a menu built from other data: the undo stack, the settings' choices, the docks.
UNDO, FURIGANA, THEME, DOCKS = "undo", "furigana", "theme", "docks"
BILINGUAL = "bilingual"  # the English in the text: interlinear, parallel, hidden (window/bilingual.py)


@dataclass(frozen=True)
class Action:
    name: str
    text: str
    slot: Callable[[MainWindow], Callable[..., object]]  # the window -> what to call
    shortcut: Shortcut = None
    #: The window's widget (an attribute name) whose focus the shortcut needs; None: the
    #: whole window. Del deletes the article only where the library has the focus.
    scope: str | None = None
    #: A setting turned on and off (ticked by show_settings); the slot gets the new state.
    checkable: bool = False


Key = QKeySequence.StandardKey

MENUS: dict[str, list[Action | str | None]] = {
    "&File": [
        Action("open", "&Open…", lambda w: w.library.open_file_dialog, Key.Open),
        Action("paste", "&Paste as New Article", lambda w: w.library.paste_article, "Ctrl+Shift+V"),
        Action("clipboardFeed", "Clipboard &Feed", lambda w: w.clipboard_feed.set_enabled, checkable=True),
        Action("exportTranslation", "&Export Translation…", lambda w: w.translation.export_dialog, "Ctrl+E"),
        SEPARATOR,
        Action("rename", "&Rename Article…", lambda w: lambda: w.library.rename_article(), "F2", "library_panel"),
        Action("delete", "&Delete Article", lambda w: w.library.delete_article, Key.Delete, "library_panel"),
        SEPARATOR,
        Action("quit", "&Quit", lambda w: w.close, Key.Quit),
    ],
    "&Edit": [
        UNDO,
        SEPARATOR,
        Action("copy", "&Copy", lambda w: lambda: w.copy_selection("plain"), Key.Copy),
        Action("copyFurigana", "Copy with &Furigana", lambda w: lambda: w.copy_selection("brackets"), "Ctrl+Shift+C"),
        Action("copyDraft", "Copy the English &Draft", lambda w: w.translation.copy_draft, "Ctrl+Shift+D"),
        SEPARATOR,
        Action("glossary", "&Glossary…", lambda w: w.translation.open_glossary, "Ctrl+Shift+G"),
        Action("models", "Translation &Models…", lambda w: w.translation.open_models),
        Action("dictionaries", "D&ictionaries…", lambda w: lambda: w.dictionaries.open_dialog()),
        Action("setup", "&Set Up Dictionary and Examples…", lambda w: lambda: w.offer_setup(always=True)),
        SEPARATOR,
        Action("find", "&Find…", lambda w: lambda: w.find_bar.open_bar(), Key.Find),
        Action("findLibrary", "Find in &Library…", lambda w: lambda: w.find_bar.open_bar(library=True), "Ctrl+Shift+F"),
        Action("search", "&Look Up a Word…", lambda w: lambda: open_search(w), "Ctrl+L"),
        SEPARATOR,
        Action("preferences", "&Preferences…", lambda w: w.open_preferences, Key.Preferences),
    ],
    "&View": [
        FURIGANA,
        Action("cycleFurigana", "Cycle Furigana Mode", lambda w: w.cycle_furigana, "F8"),
        SEPARATOR,
        Action("zoomIn", "Zoom &In", lambda w: lambda: w.zoom(+2), Key.ZoomIn),
        Action("zoomOut", "Zoom &Out", lambda w: lambda: w.zoom(-2), Key.ZoomOut),
        Action("zoomReset", "&Reset Zoom", lambda w: lambda: w.zoom(0), "Ctrl+0"),
        SEPARATOR,
        THEME,
        SEPARATOR,
        BILINGUAL,
        SEPARATOR,
        Action("pitchOverlay", "Pitch &Accent on the Current Sentence", lambda w: w.audio.set_overlay, checkable=True),
        SEPARATOR,
        Action("privateMode", "&Private Mode (Lookups Not Recorded)", lambda w: w.history.set_private, checkable=True),
        SEPARATOR,
        DOCKS,
    ],
    "&Words": [
        Action("markKnown", "Mark Remaining Words &Known", lambda w: w.vocabulary.mark_article_known, "Ctrl+Shift+K"),
        Action("review", "&Review Due Words…", lambda w: w.vocabulary.open_review, "F9"),
        Action("coverage", "&Coverage and Progress…", lambda w: w.vocabulary.open_coverage, "Ctrl+Shift+P"),
        Action("history", "Lookup &History…", lambda w: w.history.open_dialog, "Ctrl+H"),
        Action("statistics", "Reading &Statistics…", lambda w: w.reading_stats.open_dialog),
        SEPARATOR,
        Action("exportVocabulary", "&Export Vocabulary…", lambda w: w.vocabulary.export_dialog),
        Action("importKnown", "&Import Known Words…", lambda w: w.vocabulary.import_known_dialog),
        Action("importAnki", "Import Statuses from &Anki…", lambda w: w.vocabulary.anki.import_dialog),
    ],
    # Speech (window/audio.py); A, the popup's key, is a shortcut there while a popup shows.
    "&Audio": [
        Action("playSentence", "&Play Sentence", lambda w: w.audio.play_sentence, "P"),
        Action("readAloud", "&Read Aloud from Here", lambda w: w.audio.read_aloud, "Ctrl+P"),
        Action("shadow", "&Shadow Sentence (Repeat It)", lambda w: w.audio.shadow, "Shift+P"),
        Action("stopAudio", "S&top", lambda w: w.audio.stop, "Ctrl+."),
    ],
    "&Help": [
        Action("about", "&About reader", lambda w: w.show_about),
    ],
}

FURIGANA_TITLES = {
    "all": "&All",
    "unknown": "Only words not yet &known",
    "level": "Only words not known and above my JLPT &level",
    "off": "&Off",
}


class Actions:
    """The window's actions by name, and the checkable choices of the View menu."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.by_name: dict[str, QAction] = {}
        self.furigana: dict[str, QAction] = {}
        self.levels: dict[str, QAction] = {}
        self.themes: dict[str, QAction] = {}
        builders: dict[str, Callable[[QMenu], None]] = {
            UNDO: self._undo_redo, FURIGANA: self._furigana, THEME: self._theme, DOCKS: self._docks,
            BILINGUAL: self._bilingual,
        }
        bar = window.menuBar()
        for title, items in MENUS.items():
            menu = bar.addMenu(title)
            for item in items:
                if item is None:
                    menu.addSeparator()
                elif isinstance(item, str):
                    builders[item](menu)
                else:
                    action = self._add(menu, item.name, item.text, item.slot(window), item.shortcut, item.checkable)
                    if item.scope is not None:  # its shortcut only where that widget has focus
                        self.window.removeAction(action)
                        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                        getattr(window, item.scope).addAction(action)

    def _add(
        self, menu: QMenu, name: str, text: str, slot: Callable[..., object],
        shortcut: Shortcut = None, checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.setObjectName(name)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.window.addAction(action)  # shortcuts work wherever the focus is
        self.by_name[name] = action
        return action

    def _undo_redo(self, menu: QMenu) -> None:
        undo = self.window.undo_stack.createUndoAction(self.window, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.window.undo_stack.createRedoAction(self.window, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        menu.addActions([undo, redo])

    def _choices(
        self, menu: QMenu, name: str, values: tuple[str, ...], title: Callable[[str], str],
        slot: Callable[[str], object],
    ) -> dict[str, QAction]:
        group = QActionGroup(self.window)
        found = {}
        for value in values:
            action = self._add(menu, f"{name}-{value}", title(value), lambda _=False, v=value: slot(v), checkable=True)
            group.addAction(action)
            found[value] = action
        return found

    def _furigana(self, view: QMenu) -> None:
        w, menu = self.window, view.addMenu("&Furigana")
        self.furigana = self._choices(menu, "furigana", FURIGANA_MODES, FURIGANA_TITLES.__getitem__, w.set_furigana)
        levels = menu.addMenu("My JLPT Level (furigana hidden at and below)")
        self.levels = self._choices(levels, "furiganaLevel", FURIGANA_LEVELS, "N{}".format, w.set_furigana_level)

    def _theme(self, view: QMenu) -> None:
        w, menu = self.window, view.addMenu("&Theme")
        self.themes = self._choices(menu, "theme", THEMES, str.capitalize, lambda n: w.set_setting("reading/theme", n))
        self.vertical = self._add(
            view, "vertical", "&Vertical Writing", lambda on: w.set_setting("reading/vertical", on), checkable=True
        )

    def _bilingual(self, view: QMenu) -> None:
        """Interlinear and parallel English: at most one on (ticking one unticks the other)."""
        w = self.window
        self.bilingual = {
            mode: self._add(view, name, text, lambda on, m=mode: w.bilingual.set_mode(m if on else "off"), key, True)
            for mode, name, text, key in (
                ("interlinear", "interlinear", "&English Under Each Sentence", "Ctrl+Shift+L"),
                ("parallel", "parallel", "English &Beside Each Paragraph", "Ctrl+Shift+B"),
            )
        }
        self.hide_english = self._add(
            view, "hideEnglish", "&Hide English Until Clicked", lambda on: w.bilingual.set_hidden(on), checkable=True
        )

    def _docks(self, view: QMenu) -> None:
        for dock in self.window.docks.values():
            view.addAction(dock.toggleViewAction())

    def show_settings(self, settings) -> None:
        """Tick what the settings say."""
        self.furigana[settings.get("reading/furigana")].setChecked(True)
        level = settings.get("reading/furigana_level")
        self.levels[level].setChecked(True)
        # The level mode names the level it uses: no silent N3.
        self.furigana["level"].setText(f"Only words not known and above JLPT N{level} (&level)")
        self.themes[settings.get("reading/theme")].setChecked(True)
        self.vertical.setChecked(settings.get("reading/vertical"))
        for mode, action in self.bilingual.items():
            action.setChecked(settings.get("reading/bilingual") == mode)
        self.hide_english.setChecked(settings.get("reading/hide_english"))
        self.by_name["privateMode"].setChecked(settings.get("privacy/private"))
        self.by_name["pitchOverlay"].setChecked(settings.get("audio/pitch_overlay"))
        self.by_name["clipboardFeed"].setChecked(settings.get("clipboard/feed"))
