# Two commands on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench mutate lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/cohere-tui demo

# four workers: most of a Pilot test is waiting for the screen to settle, not computing;
# tests of one xdist_group (a LibreOffice module) stay on one worker, sharing its start
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 4 --dist loadgroup

bench: $(STAMP)
	$(BIN)/python bench/bench.py

# the mutation score of the core (not part of `make test` or CI): each mutant runs against the
# unit tests that reach it, niced and on two processes; `make mutate MODULE=store` checks one
# module, MODULE="store edits" two (of store, document, edits, analysis, workbook.importer,
# workbook.reader); without MODULE every one. SAMPLE=100 checks 100 mutants of each module
# drawn at random from those not yet checked, and estimates the rest from them
MUTATE_STAMP := $(VENV)/.mutate-installed
MODULE ?=
SAMPLE ?=
$(MUTATE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutate]'
	@touch $(MUTATE_STAMP)

mutate: $(MUTATE_STAMP)
	nice -n 15 $(BIN)/python bench/mutate.py run --max-children 2 $(if $(SAMPLE),--sample $(SAMPLE)) $(foreach m,$(MODULE),'cohere_tui.$(m).*')
	$(BIN)/python bench/mutation_score.py $(MODULE)

lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist src/*.egg-info mutants
