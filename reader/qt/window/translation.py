"""The translation side of the window: machine translation of the article on screen
(streamed to the pane by a worker), the translator's drafts, models, the glossary and
exporting the translation.

Like article loading, each translation run carries a generation number: switching
articles cancels the old run, and a batch from it that still arrives is dropped.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from shiboken6 import isValid

from reader.core.errors import ReaderError
from reader.core.translation.drafts import Drafts
from reader.core.translation.glossary import Termbase
from reader.qt.errors import show_error
from reader.qt.window.commands import DraftCommand
from reader.qt.workers import Task, run_in_pool

if TYPE_CHECKING:
    from reader.core.translation.export import Line
    from reader.qt.window.main_window import MainWindow

EXPORT_FILTERS = (
    "Text (*.txt);;Markdown (*.md);;Word (*.docx);;Bilingual page (*.html);;Bilingual PDF (*.pdf)"
)


class TranslationRunner(QObject):
    batch = Signal(int, object)  # generation, [(sentence index, translation), ...]
    finished = Signal(int)
    failed = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.dropped = 0
        self._task: Task | None = None
        self._lock = threading.Lock()
        self._translator = None
        self._translator_key: tuple | None = None

    @staticmethod
    def package():
        from reader.core.translation.packages import find_package

        return find_package()

    def _get_translator(self, beam_size: int):
        """One loaded model, kept while its package and settings stay the same; the local
        LLM server instead where the user chose it (dialogs/llm.py, made anew each run)."""
        from reader.qt.dialogs.llm import llm_translator

        llm = llm_translator(self.parent())
        if llm is not None:
            return llm
        from reader.core.translation.cache import CachedTranslator, TranslationCache
        from reader.core.translation.engine import CT2Translator
        from reader.core.translation.packages import require_package

        from reader.core.translation.protect import protected

        package = require_package()
        termbase = getattr(self.parent(), "termbase", None)
        terms = dict(termbase.terms()) if termbase is not None else {}
        key = (str(package.path), beam_size, tuple(sorted(terms.items())))
        with self._lock:
            if self._translator is None or self._translator_key != key:
                # glossary terms and numbers become placeholders, where the model copies them
                engine = CT2Translator(package, beam_size=beam_size)
                self._translator = CachedTranslator(protected(engine, terms), TranslationCache.open_default())
                self._translator_key = key
            return self._translator

    def forget_model(self) -> None:
        with self._lock:
            self._translator = None
            self._translator_key = None

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self.generation += 1

    def _focus(self):
        """The sentence at the top of the reader view, read by the worker between rounds,
        so that what is on screen is translated first, also after a scroll."""
        library = getattr(getattr(self.parent(), "window", None), "library", None)
        if library is None:
            return None
        return lambda: (library.position or (0, 0.0))[0]

    def start(self, sentences: list[str], beam_size: int = 4, focus=None) -> int:
        self.cancel()
        generation = self.generation
        focus = focus or self._focus()

        def work(task: Task) -> int:
            from reader.core.translation.schedule import nearest_first

            translator = self._get_translator(beam_size)
            rounds = nearest_first(translator, sentences, focus, should_stop=lambda: task.cancelled)
            for batch in rounds:
                if task.cancelled:
                    break
                task.progress((generation, batch))
            return generation

        def on_batch(message: tuple) -> None:
            gen, batch = message
            if gen != self.generation:
                self.dropped += 1
                return
            self.batch.emit(gen, batch)

        def on_done(gen: int) -> None:
            if gen == self.generation:
                self.finished.emit(gen)

        def on_error(exc: BaseException) -> None:
            if generation == self.generation:
                self.failed.emit(exc)

        self._task = run_in_pool(work, on_done, on_error, on_batch)
        return generation


class TranslationController(QObject):
    """Translation runs, drafts, models, the glossary, the memory, QA and exports, for
    one window."""

    QA_AFTER_MS = 500  # QA runs again once edits pause this long

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pane = window.translation_pane
        self.drafts = Drafts(window.store)
        self.termbase = Termbase(window.store)
        self.runner = TranslationRunner(self)
        self.pane.model.termbase = self.termbase
        self.memory = self._memory()
        self.pane.memory = self.memory
        self.qa_panel = getattr(window, "qa_panel", None)
        self.qa_issues: list = []
        self._qa_generation = 0
        self._qa_timer = QTimer(self)
        self._qa_timer.setSingleShot(True)
        self._qa_timer.setInterval(self.QA_AFTER_MS)
        self._qa_timer.timeout.connect(self.run_qa)
        self.pane.model.dataChanged.connect(lambda *_: self._qa_timer.start())
        if self.qa_panel is not None:
            self.qa_panel.jumpRequested.connect(self.jump_to)
        self.pane.draftEdited.connect(self.edit_draft)
        self.pane.reviewToggled.connect(self.toggle_reviewed)
        self.pane.installRequested.connect(self.install_model_dialog)
        self.pane.downloadRequested.connect(self.download_model)
        self.pane.cancelRequested.connect(self.cancel)
        self.runner.batch.connect(self._translated_batch)
        self.runner.finished.connect(lambda _g: self.pane.set_progress(-1, 0))
        self.runner.failed.connect(lambda exc: show_error(window, exc, "Translation failed"))

    def _memory(self):
        """The translation memory of the window's store (None if it cannot be opened)."""
        from reader.core.translation.tm import TranslationMemory

        try:
            return TranslationMemory(self.window.store)
        except ReaderError:
            return None

    # --- following the article -----------------------------------------------------
    def article_opened(self) -> None:
        self.pane.flush()  # what was typed in the article left is saved first
        self.runner.cancel()
        self.pane.set_sentences([])
        self._qa_generation += 1
        if self.qa_panel is not None:
            self.qa_panel.clear()

    def article_progress(self) -> None:
        """The first screen of sentences is in: show their rows (the rest at the end)."""
        if self.pane.model.rowCount() == 0:
            self.pane.set_sentences(self.window.reader_view.document.sentences)

    def article_loaded(self) -> None:
        self.pane.set_sentences(self.window.reader_view.document.sentences)
        self._load_drafts()
        self.start()
        self.run_qa()

    # --- machine translation -------------------------------------------------------
    def start(self) -> None:
        """Machine-translate the article on screen if a model is installed; glosses otherwise."""
        from reader.qt.dialogs.llm import llm_chosen

        available = self.runner.package() is not None or llm_chosen(self.window.settings)
        self.pane.set_model_available(available)
        sentences = [s.sentence.text for s in self.window.reader_view.document.sentences]
        if available and sentences:
            self.pane.set_progress(0, len(sentences))
            self.runner.start(sentences, self.window.settings.get("translation/beam"))

    def _translated_batch(self, _generation: int, batch) -> None:
        self.pane.model.set_machine(batch)
        rows = self.pane.model.rows
        self.pane.set_progress(sum(1 for r in rows if r.machine), len(rows))

    def cancel(self) -> None:
        self.runner.cancel()
        self.pane.set_progress(-1, 0)
        self.window.statusBar().showMessage(
            "Translation cancelled; reopen the article to resume (done sentences are cached)", 4000
        )

    def models_changed(self) -> None:
        self.runner.forget_model()
        self.start()

    def install_model_dialog(self) -> None:
        from reader.qt.dialogs.models import choose_model_file

        path = choose_model_file(self.window)
        if path:
            self.install_model(path)

    def install_model(self, path: str | Path) -> None:
        from reader.qt.dialogs.models import install_model

        def done(info) -> None:
            self.window.statusBar().showMessage(f"Installed {info.name} {info.version}", 4000)
            self.models_changed()

        self.window.statusBar().showMessage(f"Installing {Path(path).name}…")
        install_model(self.window, path, done)

    def download_model(self) -> None:
        """The known models for ja→en, best first, with size and licence; the one chosen is
        downloaded (resumable, verified) and installed. Nothing is fetched unless asked."""
        from reader.qt.dialogs.models import download_model, pick_download

        choice = pick_download(self.window)
        if choice is None:
            return
        status = self.window.statusBar()

        def progress(done: int, total: int, what: str) -> None:
            share = f" {done * 100 // total}%" if total else ""
            status.showMessage(f"Downloading {what}…{share}")

        def installed(_info) -> None:
            status.clearMessage()
            self.models_changed()

        self.download_task = download_model(
            self.window, choice, installed, on_failed=status.clearMessage, on_progress=progress
        )

    def open_models(self) -> None:
        from reader.qt.dialogs.models import ModelsDialog

        dialog = ModelsDialog(self.window)
        dialog.changed.connect(self.models_changed)
        dialog.exec()

    def open_glossary(self) -> None:
        from reader.qt.dialogs.glossary import GlossaryDialog

        GlossaryDialog(self.termbase, self.window.write, self.window).exec()
        model = self.pane.model
        self.pane.show_terms()
        if model.rows:  # hints and warnings follow the new glossary
            model.dataChanged.emit(model.index(0, 0), model.index(len(model.rows) - 1, model.columnCount() - 1))

    # --- drafts ----------------------------------------------------------------------
    def edit_draft(self, row: int, text: str) -> None:
        """An undoable edit of one row's draft."""
        model = self.pane.model
        if not 0 <= row < len(model.rows):
            return
        article_id, reviewed = self.window.current_id, model.rows[row].reviewed

        def apply(draft: str, reviewed: bool) -> None:
            if self.window.current_id == article_id:
                model.set_draft(row, draft, reviewed)
                self._save_draft(row)

        old = (model.rows[row].draft, reviewed)
        self.window.undo_stack.push(DraftCommand(f"Edit draft of sentence {row + 1}", apply, old, (text, reviewed)))

    def toggle_reviewed(self, row: int) -> None:
        """Mark a row reviewed (or not), undoably, like any edit of its draft."""
        model = self.pane.model
        if not 0 <= row < len(model.rows):
            return
        article_id, r = self.window.current_id, model.rows[row]

        def apply(draft: str, reviewed: bool) -> None:
            if self.window.current_id == article_id:
                model.set_draft(row, draft, reviewed)
                self._save_draft(row)

        title = f"{'Unmark' if r.reviewed else 'Mark'} sentence {row + 1} reviewed"
        self.window.undo_stack.push(DraftCommand(title, apply, (r.draft, r.reviewed), (r.draft, not r.reviewed)))

    def _save_draft(self, row: int) -> None:
        """Drafts are written at once, each in its own transaction."""
        r = self.pane.model.rows[row]
        article_id, draft, reviewed, source = self.window.current_id, r.draft, r.reviewed, r.japanese
        self.window.write(lambda: self.drafts.save(article_id, row, source, draft, reviewed))

    def _load_drafts(self) -> None:
        sources = [r.japanese for r in self.pane.model.rows]
        self.pane.model.set_drafts(self.drafts.load(self.window.current_id, sources))

    # --- QA ------------------------------------------------------------------------------
    def _segments(self) -> list:
        from reader.core.translation.qa import Segment

        return [Segment(i, r.japanese, r.draft, r.machine) for i, r in enumerate(self.pane.model.rows)]

    def check_now(self) -> list:
        """The QA issues of the article's drafts, found now (for the export's warning)."""
        from reader.core.translation.qa import check

        return check(self._segments(), dict(self.termbase.terms()))

    def run_qa(self) -> None:
        """Check the drafts on a worker; the panel shows the result if it is still news."""
        self._qa_timer.stop()
        self._qa_generation += 1
        generation = self._qa_generation
        from reader.core.translation.qa import check

        segments, terms = self._segments(), dict(self.termbase.terms())

        def done(issues) -> None:
            if generation == self._qa_generation and isValid(self):  # the window may be gone
                self.qa_issues = list(issues)
                if self.qa_panel is not None:
                    self.qa_panel.set_issues(self.qa_issues)

        run_in_pool(lambda task: check(segments, terms), done, lambda exc: show_error(self.window, exc, "QA failed"))

    def jump_to(self, sentence: int) -> None:
        """From a QA issue: open the segment and show the sentence in the reader."""
        self.pane.select_row(sentence)
        self.window.reader_view.highlight(sentence, True)

    # --- export ----------------------------------------------------------------------
    def _rows(self, fill_with_machine: bool = False) -> list[Line]:
        from reader.core.translation.export import lines

        rows = self.pane.model.rows
        sentences = self.window.reader_view.document.sentences
        return lines(sentences, [r.draft for r in rows], [r.machine for r in rows], fill_with_machine)

    def ask_fill(self) -> bool | None:
        """Where sentences have no draft but a machine translation: export them marked
        [MT], or leave them marked [untranslated]? None: cancelled."""
        gaps = sum(1 for r in self.pane.model.rows if not r.draft.strip() and r.machine.strip())
        if not gaps:
            return False
        box = QMessageBox(self.window)
        box.setWindowTitle("Export translation")
        box.setText(f"{gaps} sentences have no draft of yours, only a machine translation.")
        box.setInformativeText("Export your drafts only, with those sentences marked [untranslated], "
                               "or fill them in with the machine translation, marked [MT]?")
        drafts = box.addButton("Drafts Only", QMessageBox.ButtonRole.AcceptRole)
        fill = box.addButton("Fill in, Marked [MT]", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(drafts)
        box.exec()
        chosen = box.clickedButton()
        return None if chosen not in (drafts, fill) else chosen is fill

    def _title(self) -> str:
        info = self.window.reader_view.document.info
        return info.title if info else ""

    def copy_draft(self) -> None:
        from reader.core.translation.export import draft_text

        with self.window.clipboard_feed.own_copy():  # not fed back into the Clipboard article
            QApplication.clipboard().setText(draft_text(self._title(), self._rows()))
        self.window.statusBar().showMessage("Copied the English draft", 2000)

    def qa_allows_export(self) -> bool:
        """With QA issues in the drafts, ask before exporting (or show them instead)."""
        from reader.qt.panels.qa import EMPTY, ask_export

        found = self.check_now()
        issues = [i for i in found if i.code != EMPTY]  # segments with no draft: ask_fill asks
        answer = ask_export(self.window, issues) if issues else "export"
        if answer == "show" and self.qa_panel is not None:
            self.qa_panel.set_issues(found)
            self.window.docks["qa"].show()
            self.window.docks["qa"].raise_()
        return answer == "export"

    def export_dialog(self) -> None:
        if not self.qa_allows_export():
            return
        default = str(Path.home() / "translation.docx")
        word_filter = next(f for f in EXPORT_FILTERS.split(";;") if "docx" in f)
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export translation", default, EXPORT_FILTERS, word_filter
        )
        if path:
            self.export(path)

    def export(self, path: str | Path, fill_with_machine: bool | None = None) -> None:
        """The English draft (.txt, .md, .docx), or Japanese with furigana beside it (.html,
        .pdf); sentences with no draft are asked about (ask_fill) unless told."""
        from reader.core.translation.export import bilingual_html, export

        path = Path(path)
        if fill_with_machine is None:
            fill_with_machine = self.ask_fill()
            if fill_with_machine is None:
                return
        rows, title = self._rows(fill_with_machine), self._title()
        if path.suffix.lower() != ".pdf":
            try:
                export(path, title, rows)
            except ReaderError as exc:
                show_error(self.window, exc, "Could not export")
                return
            self.window.statusBar().showMessage(f"Exported {path.name}", 4000)
            return
        from PySide6.QtWebEngineCore import QWebEnginePage

        from reader.qt.page.view import BASE_URL, shared_profile

        page = QWebEnginePage(shared_profile(), self.window)
        self._pdf_page = page
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # renamed over path when whole

        def printed(_file: str, ok: bool) -> None:
            page.deleteLater()
            try:
                if not ok:
                    raise OSError(f"could not print {path.name}")
                os.replace(tmp, path)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                show_error(self.window, ReaderError(f"could not write {path}: {exc}", "choose another folder"))
                return
            self.window.statusBar().showMessage(f"Exported {path.name}", 4000)

        page.pdfPrintingFinished.connect(printed)
        page.loadFinished.connect(lambda ok: page.printToPdf(str(tmp)))
        page.setHtml(bilingual_html(title, rows), BASE_URL)
