# Two commands do everything: `make render` and `make test` (each sets up first, idempotently).
VENV    := .venv
PY      := $(VENV)/bin/python
QUALITY ?= medium
SCENES  ?=
RENDER_ARGS ?=

.PHONY: setup render test lint format bench clean

setup:
	@bash scripts/setup.sh

render: setup
	$(PY) render.py $(SCENES) --quality $(QUALITY) $(RENDER_ARGS)

test: setup
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup
	$(PY) bench/render_bench.py

clean:
	rm -rf media/* build *.egg-info .pytest_cache .ruff_cache
