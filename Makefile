# Two commands for a new machine: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= ../shared/data
EVAL ?= ../shared/eval
SEEDS ?= ../shared/seeds
BASELINE ?= HEAD

.PHONY: run test lint fit-ranker bench-quality bench-speed bench-ab bench-threshold bench-splitter clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e '.[encoder]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e '.[dev,encoder]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/article-bot

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot knowledge bench

bench-quality: $(VENV)/.installed-dev
	$(BIN)/python -m bench.quality --data $(DATA)

# Re-fits both shipped answer models (knowledge/models/) from the data in ../shared.
fit-ranker: $(VENV)/.installed-dev
	$(BIN)/python -m bench.fit --data $(DATA) --eval $(EVAL) --seeds $(SEEDS) --encoder off --write
	$(BIN)/python -m bench.fit --data $(DATA) --eval $(EVAL) --seeds $(SEEDS) --encoder bundled --write

bench-speed: $(VENV)/.installed-dev
	$(BIN)/python -m bench.speed --data $(DATA) --eval $(EVAL)

bench-ab: $(VENV)/.installed-dev
	$(BIN)/python -m bench.ab --data $(DATA) --baseline $(BASELINE)

bench-threshold: $(VENV)/.installed-dev
	$(BIN)/python -m bench.threshold --data $(DATA)

bench-splitter: $(VENV)/.installed-dev
	$(BIN)/python -m bench.splitter --data $(DATA)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
