# Two commands for a new user: `make run` (install, ingest seeds/, show what was found) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: run test bench eval browse lock clean

run: $(VENV)/.installed
	$(BIN)/newsfacts ingest

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m tests.benchmarks.store_sync
	$(BIN)/python -m tests.benchmarks.store_sync --late 1
	$(BIN)/python -m tests.benchmarks.ingest_throughput
	@if [ -n "$(REUTERS)" ]; then $(BIN)/python -m tests.benchmarks.corpus_ingest $(REUTERS) --limit $(or $(LIMIT),2000); \
	else echo "corpus benchmark skipped: make bench REUTERS=/path/to/reuters-articles [LIMIT=N]"; fi
	$(BIN)/python -m tests.benchmarks.hostile_text

# The store in Datasette, with the README's questions as canned queries: make browse [PORT=8011]
PORT ?= 8001
browse: $(VENV)/.installed-browse
	$(BIN)/newsfacts browse --port $(PORT)

$(VENV)/.installed-browse: $(VENV)/.installed requirements-browse.lock
	$(PIP) install --quiet --require-hashes -r requirements-browse.lock
	@touch $@

# Extraction quality against the development corpora: make eval CORPORA=/path/to/corpora
eval: $(VENV)/.installed-eval
	@test -n "$(CORPORA)" || { echo "usage: make eval CORPORA=/path/to/corpora (with html-dragnet, timebank, meantime, polnear)"; exit 2; }
	$(BIN)/python -m tests.evaluation.html_main_text $(CORPORA)/html-dragnet
	$(BIN)/python -m tests.evaluation.timex_eval $(CORPORA)/timebank
	$(BIN)/python -m tests.evaluation.timex_eval $(CORPORA)/meantime
	$(BIN)/python -m tests.evaluation.quantity_eval $(CORPORA)/meantime
	$(BIN)/python -m tests.evaluation.attribution_eval $(CORPORA)/polnear --split dev
	$(BIN)/python -m tests.evaluation.meantime_quotes
	$(BIN)/python -m tests.evaluation.quantity_sentences
	$(BIN)/python -m tests.evaluation.bench_timex_quantities $(CORPORA)/timebank

$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsfacts needs Python 3.11 or newer: run make PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	@touch $@

$(VENV)/.installed: $(VENV)/.python-ok requirements.lock pyproject.toml
	$(PIP) install --quiet --require-hashes -r requirements.lock
	$(PIP) install --quiet --no-deps -e .
	$(BIN)/python -m flows.prefect_database
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	$(PIP) install --quiet --require-hashes -r requirements-test.lock
	@touch $@

$(VENV)/.installed-eval: $(VENV)/.installed-test requirements-eval.lock
	$(PIP) install --quiet --require-hashes -r requirements-eval.lock
	@touch $@

# Maintainers: refresh the locks after changing dependencies in pyproject.toml (needs `uv`).
# Dependencies that packages ask for with extras (prefect: httpx[http2]) are pinned with those extras: pip 23.2
# (what Python 3.11's venv brings) otherwise checks such a dependency against the newest release on the index in
# --require-hashes mode, and refuses to install as soon as one newer than the lock appears (httpx 0.29.0 did).
PINNED_WITH_EXTRAS := httpx[http2] lxml[html_clean] psycopg[binary] py-key-value-aio[memory,redis] sqlalchemy[asyncio]

lock:
	uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes -q -o requirements.lock
	uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes -q -o requirements-test.lock
	uv pip compile pyproject.toml --extra browse --universal --python-version 3.11 --generate-hashes -q -o requirements-browse.lock
	uv pip compile pyproject.toml --extra test --extra eval --universal --python-version 3.11 --generate-hashes -q -o requirements-eval.lock
	for lock in requirements*.lock; do for pin in $(PINNED_WITH_EXTRAS); do \
	  sed -i "s/^$${pin%%\[*}==/$$pin==/" $$lock; done; done

clean:
	rm -rf $(VENV) data
