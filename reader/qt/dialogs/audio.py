"""The speech settings in Preferences: voice, speed, volume, and the shadowing loop."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QSpinBox, QWidget

from reader.qt.audio import SYSTEM_VOICE, system_voices
from reader.qt.settings import SETTINGS, Settings


def voice_choices() -> list[tuple[str, str]]:
    """(setting value, title) of every voice that can speak here: Open JTalk, then the
    operating system's Japanese voices."""
    out: list[tuple[str, str]] = []
    try:
        from reader.core.audio.speech import available_voices

        out += [(v.id, v.name) for v in available_voices()]
    except Exception:  # noqa: BLE001 - the core's audio may lack its packages: no voice listed
        pass
    out += [(f"{SYSTEM_VOICE}:{name}", f"{name} (system, {engine})") for engine, name in system_voices()]
    return out


class AudioGroup(QGroupBox):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__("Speech", parent)
        self.setObjectName("audioPreferences")
        self.settings = settings
        form = QFormLayout(self)
        self.voice = QComboBox(self)
        self.voice.setObjectName("voice")
        current = settings.get("audio/voice")
        choices = voice_choices()
        if current not in [value for value, _ in choices]:
            choices.append((current, f"{current} (not available here)"))
        for value, title in choices:
            self.voice.addItem(title, value)
        self.voice.setCurrentIndex(self.voice.findData(current))
        self.rate = QDoubleSpinBox(self)
        self.rate.setRange(0.5, 2.0)
        self.rate.setSingleStep(0.1)
        self.rate.setSuffix("×")
        self.rate.setValue(settings.get("audio/rate"))
        self.volume = QSpinBox(self)
        self.volume.setRange(0, 100)
        self.volume.setSuffix(" %")
        self.volume.setValue(round(min(1.0, max(0.0, settings.get("audio/volume"))) * 100))
        self.repeats = QSpinBox(self)
        self.repeats.setRange(1, 20)
        self.repeats.setValue(settings.get("audio/shadow_repeats"))
        self.gap = QDoubleSpinBox(self)
        self.gap.setRange(0.0, 15.0)
        self.gap.setSingleStep(0.5)
        self.gap.setValue(settings.get("audio/shadow_gap"))
        for key, widget in (
            ("audio/voice", self.voice), ("audio/rate", self.rate), ("audio/volume", self.volume),
            ("audio/shadow_repeats", self.repeats), ("audio/shadow_gap", self.gap),
        ):
            form.addRow(SETTINGS[key].title, widget)
        if not choices or choices == [(current, f"{current} (not available here)")]:
            self.voice.setToolTip("No voice can speak here: see the README's Speech section")

    def store(self) -> None:
        self.settings.set("audio/voice", self.voice.currentData())
        self.settings.set("audio/rate", round(self.rate.value(), 2))
        self.settings.set("audio/volume", self.volume.value() / 100)
        self.settings.set("audio/shadow_repeats", self.repeats.value())
        self.settings.set("audio/shadow_gap", round(self.gap.value(), 2))
