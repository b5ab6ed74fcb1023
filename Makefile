# Two entry points: `make run` (build the run venv if missing, run the series) and `make test` (add the dev
# tools, lint, every test). `make` alone prints this list.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --disable-pip-version-check --progress-bar on
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.DEFAULT_GOAL := help
.PHONY: help run lab test test-fast lint normalize messages bench clean clean-venv

help:
	@echo "make run      build .venv (the run lock only) if missing, then run the series into reports/default/"
	@echo "              (ARGS=\"--krw-per-usd 1380\", ARGS=\"-f examples/scenario.yaml\"; see the README)"
	@echo "make test     add the dev tools to .venv, lint, run every test and the notebooks under nbval (CI)"
	@echo "make test-fast  the tests that execute no notebook"
	@echo "make lab      start JupyterLab on notebooks/ (installs the dev tools first)"
	@echo "make lint     ruff (check, format) and mypy"
	@echo "make normalize  re-execute the committed notebooks with the defaults; refresh exports and README findings"
	@echo "make messages refresh the translation catalogue (capexlib/report/locale)"
	@echo "make bench    print the benchmarks' measured ratios"
	@echo "make clean    remove what capex made under reports/ (it lists it; your own files stay) and the lint caches"
	@echo "make clean-venv  remove .venv"

# The run venv: what running the series needs (requirements.lock). Built once; pip's progress shows.
$(RUN_STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed, found " + sys.version.split()[0])'
	@echo "Setting up $(VENV) from requirements.lock (first time only: about 30-90 s and 460 MB)"
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.lock
	$(PIP) --no-deps --no-build-isolation -e .
	@rm -f $(DEV_STAMP)
	touch $(RUN_STAMP)

# The dev tools on top (requirements-dev.lock): pytest, nbval, hypothesis, ruff, mypy, JupyterLab, selenium.
$(DEV_STAMP): $(RUN_STAMP) requirements-dev.lock
	@echo "Adding the dev tools to $(VENV) from requirements-dev.lock (first time only: about 20-60 s, 200 MB more)"
	$(PIP) -r requirements.lock -r requirements-dev.lock
	touch $(DEV_STAMP)

run: $(RUN_STAMP)
	@out=$$($(VENV)/bin/capex run $(ARGS)) || exit $$?; printf '%s\n' "$$out"; \
	last=$$(printf '%s\n' "$$out" | tail -n 1); \
	if [ -f "$$last/index.html" ]; then echo "open $$last/index.html"; fi

lab: $(DEV_STAMP)
	$(VENV)/bin/jupyter lab notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

# Lint, then every test, and the committed notebooks under nbval (what CI runs).
test: lint
	$(PY) -m pytest -q -n auto --dist loadfile --nbval --nbval-current-env tests notebooks

# The tests that execute no notebook: seconds, for the edit-test loop.
test-fast: $(DEV_STAMP)
	$(PY) -m pytest -q -m "not slow" tests

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Re-execute the committed notebooks with the defaults; refresh their exports and the README findings.
normalize: $(RUN_STAMP)
	$(VENV)/bin/capex normalize

# The message catalogues: the site's words (domain capex, from capexlib/report) and the notebooks' prose
# (domain notebooks, one entry per Markdown paragraph); new entries are added to each language's .po, to be
# translated there (tests/test_site.py and tests/test_prose.py fail while one is untranslated).
LOCALE := capexlib/report/locale
messages: $(RUN_STAMP)
	$(VENV)/bin/pybabel extract -F $(LOCALE)/babel.cfg -k N_ --no-location --sort-output --omit-header -o $(LOCALE)/capex.pot .
	$(VENV)/bin/pybabel update -i $(LOCALE)/capex.pot -d $(LOCALE) -D capex --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date --width 120
	$(PY) -m capexlib.report.messages

bench: $(DEV_STAMP)
	$(PY) benchmarks/bench_fx.py
	$(PY) benchmarks/bench_run.py
	$(PY) benchmarks/bench_tests.py

# Only what capex made (the scenario folders' manifests say which files); standard library only, so it
# works before the venv exists.
clean:
	PYTHONPATH=. $(PYTHON) -m capexlib.run.clean reports
	rm -rf .mypy_cache .ruff_cache

clean-venv:
	rm -rf $(VENV)
