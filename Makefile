# The two commands a new user runs: `make run` and `make test`. Each builds its own virtualenv first.
VENV    := .venv
PYTHON  ?= python3
STAMP   := $(VENV)/.installed-stamp
# Offline machines: no telemetry, and Prefect's state stays inside the project.
export DO_NOT_TRACK := 1
export PREFECT_HOME ?= $(CURDIR)/var/prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	mkdir -p $(PREFECT_HOME)
	$(VENV)/bin/ilrs-watch demo

test: $(STAMP)
	mkdir -p $(PREFECT_HOME)
	$(VENV)/bin/python -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline flows tests bench

bench: $(STAMP)
	$(VENV)/bin/python bench/extraction.py
	$(VENV)/bin/python bench/monitor.py

clean:
	rm -rf $(VENV) var
