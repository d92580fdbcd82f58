# `make run` and `make test` each create .venv on first use (Python 3.12 via pyenv when present).
PY ?= $(shell command -v pyenv >/dev/null 2>&1 && pyenv which python3.12 2>/dev/null || command -v python3.12 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench gallery app clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m sim $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check sim tests benchmarks
	$(BIN)/python -m pytest

# the what-if web app on http://127.0.0.1:8765 (ARGS: a scenario name or YAML path, --port, --host)
APP_STAMP := $(VENV)/.installed-app
$(APP_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e ".[app,dev]"
	touch $(APP_STAMP)

app: $(APP_STAMP)
	$(BIN)/python -m sim.app $(ARGS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# re-run the shipped experiments and redraw experiments/figures/ (a few minutes on 2 cores)
gallery: $(STAMP)
	$(BIN)/python -m sim.compare.gallery

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
