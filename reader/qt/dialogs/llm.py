"""The local LLM server: the Preferences' "Translation" group (engine, address, "Test
connection" filling the model picker, context, remote confirmation) and the translator
the window's TranslationRunner uses when the user chose it (core/translation/llm.py).

Nothing is sent to any server unless the engine is "llm"; a host other than this
computer is asked about once, when the box allowing it is ticked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Q_ARG, QMetaObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.core.translation.llm import LLMSettings
from reader.core.net import is_loopback
from reader.core.translation.llm_client import DEFAULT_URL, LLMClient
from reader.qt.settings import SETTINGS, Settings
from reader.qt.workers import Task, run_in_pool

if TYPE_CHECKING:
    from reader.core.translation.llm_support import FallbackTranslator

ENGINE_TITLES = {"installed": "Installed model (offline)", "llm": "Local LLM server"}


def llm_chosen(settings: Settings) -> bool:
    return settings.get("translation/engine") == "llm"


def llm_settings(settings: Settings) -> LLMSettings:
    return LLMSettings(
        url=settings.get("translation/llm_url") or DEFAULT_URL,
        model=settings.get("translation/llm_model"),
        context=settings.get("translation/llm_context"),
        allow_remote=settings.get("translation/llm_allow_remote"),
    )


class LLMGroup(QGroupBox):
    """The "Translation" group of the Preferences."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__("Translation", parent)
        self.setObjectName("translationGroup")
        self.settings = settings
        current = llm_settings(settings)
        form = QFormLayout(self)
        self.engine = QComboBox(self)
        self.engine.setObjectName("translationEngine")
        for key, title in ENGINE_TITLES.items():
            self.engine.addItem(title, key)
        self.engine.setCurrentIndex(max(0, self.engine.findData(settings.get("translation/engine"))))
        self.url = QLineEdit(current.url, self)
        self.url.setObjectName("llmUrl")
        self.url.setPlaceholderText(DEFAULT_URL)
        self.url.setToolTip("llama-server, LM Studio: http://127.0.0.1:8080/v1 (or :1234/v1); "
                            "Ollama: http://127.0.0.1:11434/v1")
        self.allow_remote = QCheckBox(SETTINGS["translation/llm_allow_remote"].title, self)
        self.allow_remote.setObjectName("llmAllowRemote")
        self.allow_remote.setChecked(current.allow_remote)
        self.allow_remote.toggled.connect(self._confirm_remote)
        self.model = QComboBox(self)
        self.model.setObjectName("llmModel")
        self.model.setEditable(True)
        self.model.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model.setCurrentText(current.model)
        self.context = QSpinBox(self)
        self.context.setObjectName("llmContext")
        self.context.setRange(0, 20)
        self.context.setValue(current.context)
        self.test_button = QPushButton("Test connection", self)
        self.test_button.setObjectName("llmTest")
        self.test_button.clicked.connect(self.test)
        self.result = QLabel("", self)
        self.result.setObjectName("llmResult")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(SETTINGS["translation/engine"].title, self.engine)
        form.addRow(SETTINGS["translation/llm_url"].title, self.url)
        form.addRow("", self.allow_remote)
        form.addRow(SETTINGS["translation/llm_model"].title, self.model)
        form.addRow(SETTINGS["translation/llm_context"].title, self.context)
        form.addRow(self.test_button, self.result)
        self._task: Task | None = None
        self.destroyed.connect(lambda *_: self._task.cancel() if self._task else None)

    def _confirm_remote(self, on: bool) -> None:
        if not on:
            return
        answer = QMessageBox.question(
            self, "A server on another computer",
            "With this on, the sentences you read are sent to the LLM server's computer, "
            "over the network. Allow it?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.allow_remote.setChecked(False)

    def client(self) -> LLMClient:
        return LLMClient(self.url.text().strip() or DEFAULT_URL, self.allow_remote.isChecked())

    def test(self) -> None:
        """Ask the server for its models, on a worker; they fill the model picker."""
        try:
            client = self.client()
        except ReaderError as exc:
            self.result.setText(str(exc))
            return
        if self._task is not None:
            self._task.cancel()
        self.result.setText("Asking the server…")

        def work(task: Task) -> list[str]:
            return client.models(should_stop=lambda: task.cancelled)

        def done(models: list[str]) -> None:
            text = self.model.currentText()
            self.model.clear()
            self.model.addItems(models)
            self.model.setCurrentText(text if text in models or not models else models[0])
            self.result.setText(f"Connected: {len(models)} model{'s' if len(models) != 1 else ''}"
                                f"{': ' + ', '.join(models[:5]) if models else ''}")

        def failed(exc: BaseException) -> None:
            if not task.cancelled:
                self.result.setText(str(exc) if isinstance(exc, ReaderError) else f"{type(exc).__name__}: {exc}")

        task = self._task = run_in_pool(work, done, failed)

    def store(self) -> None:
        url = self.url.text().strip() or DEFAULT_URL
        self.settings.set("translation/engine", self.engine.currentData())
        self.settings.set("translation/llm_url", url)
        self.settings.set("translation/llm_model", self.model.currentText().strip())
        self.settings.set("translation/llm_context", self.context.value())
        self.settings.set("translation/llm_allow_remote", self.allow_remote.isChecked())


def _say(window: Any, text: str) -> None:
    """A status-bar message, from any thread."""
    QMetaObject.invokeMethod(
        window.statusBar(), "showMessage", Qt.ConnectionType.QueuedConnection, Q_ARG(str, text)
    )


def llm_translator(controller: Any) -> FallbackTranslator | None:
    """The LLM engine for the window's translation runner, or None unless chosen.

    Context comes live from the pane (the translator's drafts) and the page (names,
    from its annotated sentences), the glossary from the controller's termbase; when the
    server fails, the installed model takes over, or glosses where none is installed."""
    window = getattr(controller, "window", None)
    if window is None or not llm_chosen(window.settings):
        return None
    from reader.core.translation import packages
    from reader.core.translation.cache import CachedTranslator, TranslationCache
    from reader.core.translation.engine import CT2Translator
    from reader.core.translation.llm import LLMTranslator
    from reader.core.translation.llm_support import FallbackTranslator, annotated_names, hint_source

    settings = llm_settings(window.settings)
    if not settings.model:
        raise ReaderError("no LLM model is chosen", "choose one in Preferences → Translation (Test connection lists them)")
    client = LLMClient(settings.url, settings.allow_remote, read_timeout=settings.timeout)
    rows = controller.pane.model.rows

    def draft(index: int) -> str | None:
        return rows[index].draft if 0 <= index < len(rows) else None

    annotated = list(window.reader_view.document.sentences)
    cache = TranslationCache.open_default()
    llm = LLMTranslator(
        client, settings, drafts=draft, hints=hint_source(controller.termbase, annotated_names(annotated)),
        cache=cache, partials=True, article=[s.sentence.text for s in annotated],
    )
    package = packages.find_package()

    def fallback():
        if package is None:
            return None
        beam = window.settings.get("translation/beam")
        return CachedTranslator(CT2Translator(package, beam_size=beam), cache)

    def name() -> str:
        return f"the installed model ({package.name})" if package is not None else "glosses"

    _say(window, f"Translating with the local LLM: {settings.model} at {client.endpoint.origin}"
                 f"{'' if is_loopback(client.endpoint.host) else ' (another computer)'}")
    return FallbackTranslator(llm, fallback, lambda text: _say(window, text), name)
