# The README's two commands: `make run` and `make test`. Both set everything up
# on a fresh clone (virtualenv, packages, dictionary) and do nothing twice.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DICT   := dictionaries/jmdict.sqlite

.PHONY: setup run test bench lint screenshot clean-dict

setup: $(STAMP) $(DICT)

# Reinstall only when the project's requirements change.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -m pip install --quiet --no-deps 'argostranslate==1.11.0'
	@touch $(STAMP)

$(DICT): | $(STAMP)
	$(VENV)/bin/reader dict build

run: setup
	$(VENV)/bin/reader

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: setup
	$(PY) bench/annotate.py
	$(PY) bench/window.py
	$(PY) bench/vocab.py
	$(PY) bench/translate.py

screenshot: setup
	$(PY) -m reader.qt.screenshot resources/screenshots/reader.png
	$(PY) -m reader.qt.screenshot resources/screenshots/reader-dark-vertical.png --theme dark --vertical --article 2025-10-24-kenpo-report-61

lint: setup
	$(PY) -m ruff check reader tests bench
	$(PY) -m mypy reader/core

clean-dict:
	rm -f $(DICT)
