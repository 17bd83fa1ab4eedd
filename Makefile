# Two commands for a fresh machine:
#   make demo   installs newsweave and runs it on the bundled sample corpus (writes report/)
#   make test   installs it with the test and Ray extras and runs the whole suite (what CI runs)
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: demo test install install-test install-bench browser rouge-perl lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	# torch first and pinned: pip takes the local CPU wheel; anything else pulls CUDA packages.
	$(BIN)/pip install --quiet torch==2.13.0

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,ray]'

install-bench: $(BIN)/python rouge-perl
	$(BIN)/pip install --quiet -e '.[test,bench]'

# The Perl ROUGE-1.5.5 that pyrouge runs (benchmarks/timeline.py) reads its settings with XML::Parser.
rouge-perl:
	@perl -MXML::Parser -e1 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's libxml-parser-perl for ROUGE-1.5.5"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml-parser-perl >/dev/null; \
	  else echo "Perl's XML::Parser is missing: benchmarks/timeline.py cannot run ROUGE-1.5.5"; fi; }

demo: install
	$(BIN)/newsweave run examples/sample_corpus --db sample.db --out report/

# Debian's chromium package for the browser tests (tests/web/test_web_browser.py); needs root and apt-get.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing and cannot be installed here: browser tests will be skipped (fail in CI)"; fi; }

test: install-test browser
	$(BIN)/ruff check newsweave tests benchmarks
	$(BIN)/mypy newsweave
	$(BIN)/python -m pytest -q tests

bench: install-bench
	$(BIN)/python benchmarks/clean.py
	$(BIN)/python benchmarks/time.py
	$(BIN)/python benchmarks/stories.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/summaries.py
	$(BIN)/python benchmarks/timeline.py
	$(BIN)/python benchmarks/quotes.py
	$(BIN)/python benchmarks/claims.py

clean:
	rm -rf report/ sample.db sample.db-wal sample.db-shm
