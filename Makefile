# The two commands a new user runs: `make run` and `make test`. Each builds its own virtualenv first.
VENV    := .venv
PYTHON  ?= python3
STAMP   := $(VENV)/.installed-stamp
# Offline machines: no telemetry, and Prefect's state stays inside the project.
export DO_NOT_TRACK := 1
export PREFECT_HOME ?= $(CURDIR)/var/prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
# Prefect's temporary server waits 20 s by default: too short on a fresh PREFECT_HOME on a busy small machine.
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 180
# `make deploy` registers prefect.yaml's deployments on a running server (see the README), by default this one.
POOL    := ilrs-process

.PHONY: run test lint bench clean deploy

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	mkdir -p $(PREFECT_HOME)
	$(VENV)/bin/ilrs-watch demo

# One pytest worker per core (pytest-xdist): the suite is CPU-bound, and its tests share no state between processes.
test: $(STAMP)
	mkdir -p $(PREFECT_HOME)
	$(VENV)/bin/python -m pytest -n logical

# One command: the work pool that prefect.yaml names (created if missing), then every deployment in it.
deploy: export PREFECT_API_URL ?= http://127.0.0.1:4200/api
deploy: $(STAMP)
	$(VENV)/bin/prefect work-pool inspect $(POOL) >/dev/null 2>&1 || \
		$(VENV)/bin/prefect work-pool create $(POOL) --type process
	$(VENV)/bin/prefect --no-prompt deploy --all

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline flows tests bench
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(VENV)/bin/python bench/extraction.py
	$(VENV)/bin/python bench/monitor.py
	$(VENV)/bin/python bench/reextract.py 10000

clean:
	rm -rf $(VENV) var
