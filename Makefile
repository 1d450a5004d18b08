# CLMS Toolbox developer entry points. Every target runs the idempotent setup first, so a
# fresh Debian 12 clone needs nothing but `make test` or `make demo`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup test lint pytest demo qgis bench package clean

setup:
	@bash scripts/setup.sh

lint: setup
	$(VENV)/bin/ruff check .

# Whole suite, offscreen, with a clean pytest-qgis settings folder (5.x keeps .qgis-settings/
# between runs; stale auth DBs made later runs fail). Exit 5 (no tests collected) is a failure.
pytest: setup
	rm -rf .qgis-settings
	$(PY) -m pytest $(PYTEST_ARGS)

test: lint pytest

demo: setup
	$(PY) scripts/demo.py $(DEMO_ARGS)

qgis: setup
	bash scripts/run_qgis.sh

bench: setup
	$(PY) bench/run_all.py $(BENCH_ARGS)

package: setup
	bash scripts/package.sh

clean:
	rm -rf dist .qgis-settings test-artifacts demo-output bench/results
