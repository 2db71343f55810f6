# The README's two commands: `make demo` (the main job) and `make test`.
# Both install everything into .venv first; Neo4j's jars are fetched by Maven
# into ~/.cache/govgraph on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench clean chromium
# The explorer (explorer/, TypeScript) is bundled by esbuild into api/explorer_dist, which `govgraph serve` serves;
# rebuilt when its lock file or sources change. npm ci installs exactly package-lock.json.
EXPLORER_SOURCES := explorer/package.json explorer/package-lock.json explorer/build.mjs $(wildcard explorer/src/*)
EXPLORER := api/explorer_dist/index.html

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $(STAMP)

$(EXPLORER): $(EXPLORER_SOURCES)
	cd explorer && npm ci --no-audit --no-fund && npm run build

install: $(STAMP) $(EXPLORER)

# The browser tests drive Debian's Chromium, never a browser Playwright would download (none can be fetched here).
chromium:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

demo: install
	$(BIN)/govgraph demo

test: install chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/govgraph bench

clean:
	rm -rf $(VENV) build *.egg-info explorer/node_modules api/explorer_dist
