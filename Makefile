# Passend — two commands matter: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HASH := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# The service's own dependencies for `make run`; the dev and test tools only for the rest.
RUN_STAMP := $(VENV)/.run-$(HASH)
STAMP := $(VENV)/.installed-$(HASH)

.PHONY: run test lint bench migrate seed clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Passend needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): $(BIN)/python pyproject.toml
	@echo "First start: installing the service's dependencies into $(VENV) (about 1-2 minutes; later starts skip this)."
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@rm -f $(VENV)/.run-* && touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	@echo "Installing the test and development tools (once)."
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

migrate: $(RUN_STAMP)
	$(BIN)/python -m app.cli migrate

seed: migrate
	$(BIN)/python -m app.cli seed --if-empty

run: seed
	$(BIN)/python -m app.cli serve

lint: $(STAMP)
	$(BIN)/ruff check app matching seed tests bench migrations scripts
	$(BIN)/ruff format --check app matching seed tests bench migrations scripts
	$(BIN)/mypy app matching seed

test: lint node_modules/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# axe-core for the browser accessibility tests; without npm those tests skip (fail under CI).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --silent && touch $@; \
	else echo "npm not found: skipping axe-core install"; fi

# make bench STEPS=load,assign runs only those steps; the others keep their figures.
bench: $(STAMP)
	$(BIN)/python -m bench.run $(if $(STEPS),--steps $(STEPS))

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache passend.db
