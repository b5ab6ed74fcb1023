# Two entry points: `make run` (build the venv if missing, run the series) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint normalize messages bench clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/capex run $(ARGS)

# Lint, then every test, and the committed notebooks under nbval (what CI runs).
test: lint
	$(PY) -m pytest -q -n auto --dist loadfile --nbval --nbval-current-env tests notebooks

# The tests that execute no notebook: seconds, for the edit-test loop.
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow" tests

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Re-execute the committed notebooks with the defaults; refresh their exports and the README findings.
normalize: $(STAMP)
	$(VENV)/bin/capex normalize

# The site's message catalogue: extract the English messages from capexlib/report, add new ones to each
# language's .po (then translate them there; tests/test_i18n.py fails while one is untranslated).
LOCALE := capexlib/report/locale
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F $(LOCALE)/babel.cfg -k N_ --no-location --sort-output --omit-header -o $(LOCALE)/capex.pot .
	$(VENV)/bin/pybabel update -i $(LOCALE)/capex.pot -d $(LOCALE) -D capex --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date --width 120

bench: $(STAMP)
	$(PY) benchmarks/bench_fx.py
	$(PY) benchmarks/bench_run.py
	$(PY) benchmarks/bench_tests.py

clean:
	rm -rf $(VENV) reports .mypy_cache .ruff_cache
