# The README's two commands: `make demo` (the main job) and `make test`.
# Both install everything into .venv first; Neo4j's jars are fetched by Maven
# into ~/.cache/govgraph on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/govgraph demo

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/govgraph bench

clean:
	rm -rf $(VENV) build *.egg-info
