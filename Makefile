# Two commands for a fresh machine:
#   make demo   installs newsweave and runs it on the bundled sample corpus (writes report/)
#   make test   installs it with the test extras and runs the whole suite (what CI runs)
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test install install-test install-bench lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	# torch first and pinned: pip takes the local CPU wheel; anything else pulls CUDA packages.
	$(BIN)/pip install --quiet torch==2.13.0

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

install-bench: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'

demo: install
	$(BIN)/newsweave run examples/sample_corpus --db sample.db --out report/

test: install-test
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
