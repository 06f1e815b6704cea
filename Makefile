# Two commands do everything: `make render` and `make test` (each sets up first, idempotently).
VENV    := .venv
PY      := $(VENV)/bin/python
QUALITY ?= medium
SCENES  ?=
RENDER_ARGS ?=

.PHONY: setup setup-test render test test-fast check-readable lint format bench clean

setup:
	@bash scripts/setup.sh

setup-test:
	@bash scripts/setup.sh test

render: setup
	$(PY) render.py $(SCENES) --quality $(QUALITY) $(RENDER_ARGS)

test: setup-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest

# Per theme: each colour's contrast, each scene's weakest colour pair with normal vision and
# simulated colour-vision deficiencies, its fastest caption cue; exit 1 if a target is missed.
# make test checks the same (tests/scenes/test_scenes_readable.py), from the tests' probe runs.
check-readable: setup-test
	$(PY) scripts/check_readable.py

# Everything but the slow tests: real videos, extra scene constructions, browser, deck, cluster.
test-fast: setup-test
	$(PY) -m pytest -m "not slow"

lint: setup-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: setup-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup-test
	$(PY) bench/render_bench.py

clean:
	rm -rf media/* build *.egg-info .pytest_cache .ruff_cache
