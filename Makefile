# Two entry points: `make run` (build the venv if missing, run the series) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test normalize bench clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/capex run $(ARGS)

test: $(STAMP)
	$(PY) -m pytest -q --nbval --nbval-current-env tests notebooks

normalize: $(STAMP)
	$(VENV)/bin/capex normalize

bench: $(STAMP)
	$(PY) benchmarks/bench_fx.py
	$(PY) benchmarks/bench_run.py

clean:
	rm -rf $(VENV) reports
