# The two quick-start commands are `make run` and `make test`; everything else is what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: run test setup system-deps bench validate

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(BIN)/.installed node_modules/.installed system-deps

system-deps:
	@./scripts/system-deps.sh

run: setup
	$(BIN)/motcua validate
	$(BIN)/motcua seed-demo
	$(BIN)/motcua run --port $(PORT)

test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto --dist worksteal

validate: $(BIN)/.installed
	$(BIN)/motcua validate

bench: $(BIN)/.installed
	$(BIN)/python -m bench.land_change
