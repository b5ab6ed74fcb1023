"""Run parameters: declared once, validated with messages that name the parameter."""

import ast
import json
import math

import pytest

from capexlib.core.paths import PROJECT_ROOT
from capexlib.run.params import DEFAULTS, PARAMETERS, ParamError, RunParams, coerce, describe

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _parameters_cell(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"{path.name}: expected one cell tagged 'parameters'"
    tree = ast.parse("".join(cells[0]["source"]))
    return {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_parameters_match_the_declarations(path):
    for name, value in _parameters_cell(path).items():
        assert name in PARAMETERS, f"{path.name}: {name} is not declared in capexlib.run.params"
        assert value == DEFAULTS[name] and type(value) is type(DEFAULTS[name]), f"{path.name}: {name}={value!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_declares_the_language_of_its_outputs(path):
    """session.start chooses the outputs' language from `lang`: a notebook without it could not be run in Korean."""
    assert _parameters_cell(path)["lang"] == "en"


def test_text_becomes_the_declared_type():
    assert coerce("krw_per_usd", "1400") == 1400.0 and isinstance(coerce("krw_per_usd", "1400"), float)
    assert coerce("krw_per_usd", 1400) == 1400.0
    assert coerce("audit_window_days", "5") == 5


@pytest.mark.parametrize(
    "given, message",
    [
        ({"nope": 1}, "unknown parameter 'nope'"),
        ({"krw_per_usd": "abc", "fx_source": "fixed"}, "'krw_per_usd' must be a number"),
        ({"krw_per_usd": math.nan, "fx_source": "fixed"}, "'krw_per_usd' must be a finite number"),
        ({"krw_per_usd": math.inf, "fx_source": "fixed"}, "'krw_per_usd' must be a finite number"),
        ({"krw_per_usd": -1, "fx_source": "fixed"}, "'krw_per_usd' must be a positive rate"),
        ({"krw_per_usd": 1e12, "fx_source": "fixed"}, "'krw_per_usd' must be a positive rate"),
        ({"krw_per_usd": True, "fx_source": "fixed"}, "'krw_per_usd' must be float"),
        ({"fx_source": "fixed"}, "needs at least one of krw_per_usd"),
        ({"krw_per_usd": 1380}, "apply only with fx_source 'fixed'"),
        ({"fx_source": "bok"}, "source must be one of ecb, article, fixed"),
        ({"fx_date": "2030-01-01"}, "outside the bundled ECB data"),
        ({"fx_date": "7 Feb 2025"}, "must be a date YYYY-MM-DD"),
        ({"tolerance_pct": -1}, "'tolerance_pct' must be between 0 and 100"),
        ({"h800_usd_per_gpu_hour": 0}, "'h800_usd_per_gpu_hour' must be a positive number"),
        ({"fx_source": 3}, "'fx_source' must be text"),
        ({"lang": "fr"}, "'lang' must be one of en, ko, got 'fr'"),
        ({"lang": "KO"}, "'lang' must be one of en, ko"),
    ],
)
def test_bad_parameters_are_named(given, message):
    with pytest.raises(ParamError, match=message):
        RunParams.from_values(**given)


def test_fixed_rates_choose_the_fixed_scenario():
    fx = RunParams.from_values(fx_source="fixed", krw_per_usd="1380").fx()
    assert fx.rate_for("USD", "KRW", "2025-02-07").rate == 1380


def test_describe_lists_every_parameter_with_type_and_default():
    text = describe()
    for name, (default, meaning) in PARAMETERS.items():
        line = next(line for line in text.splitlines() if line.startswith(name + " "))
        assert type(default).__name__ in line and repr(default) in line and meaning in line


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_reads_every_parameter(path):
    """papermill parses the cell line by line (a '=' in a comment defeats it, and it then calls a given
    parameter 'unknown'): every declared name must come through."""
    from papermill.translators import PythonTranslator

    nb = json.loads(path.read_text(encoding="utf-8"))
    (cell,) = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    names = [p.name for p in PythonTranslator.inspect({"source": "".join(cell["source"])})]
    assert names == list(_parameters_cell(path)), path.name


def test_the_h800_price_default_is_the_reports_assumption():
    """The default rental price is the DeepSeek-V3 report's own ($2 per H800 GPU-hour, data/reference.csv)."""
    from decimal import Decimal

    from capexlib.core.ledger import load_ledger
    from capexlib.topics import deepseek

    assumed = deepseek.report_price(load_ledger())
    assert assumed["ref_id"] == "dsv3-rental-price" and assumed["unit"] == "USD per H800 GPU-hour"
    assert Decimal(repr(DEFAULTS["h800_usd_per_gpu_hour"])) == assumed["value"]


def test_the_verdict_thresholds_are_run_parameters():
    assert DEFAULTS["holds_pct"] == 1.0 and DEFAULTS["tolerance_pct"] == 5.0
    with pytest.raises(ParamError, match="'holds_pct' must be between 0 and 100"):
        RunParams.from_values(holds_pct=-1)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_parameters_cell_is_written_from_the_declarations(path):
    """`capex normalize` writes each parameters cell from PARAMETERS: the committed cell is exactly that text
    (its names, in its order, at their defaults, each with its meaning), so its comments cannot drift."""
    from capexlib.run.normalize import parameters_cell_source

    nb = json.loads(path.read_text(encoding="utf-8"))
    (cell,) = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert "".join(cell["source"]) == parameters_cell_source(list(_parameters_cell(path))), path.name


def test_each_parameter_sits_under_its_meaning_word_for_word():
    from capexlib.run.normalize import PARAMETERS_HEADER, parameters_cell_source

    lines = parameters_cell_source(["fx_date", "krw_per_usd"]).split("\n")
    assert lines == [
        PARAMETERS_HEADER,
        "# ECB rate date YYYY-MM-DD; empty = each article's publication date",
        'fx_date = ""',
        "# fixed KRW per USD (with fx_source=fixed; 0 = not set)",
        "krw_per_usd = 0.0",
    ]


def test_normalizing_rewrites_a_drifted_parameters_cell():
    from capexlib.run.normalize import normalize_notebook, parameters_cell_source

    nb = {
        "cells": [
            {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": "holds_pct = 1.0  # an old comment\n"},
            {"cell_type": "code", "metadata": {}, "source": "holds_pct = 2.0  # not the parameters cell"},
        ]
    }
    normalize_notebook(nb)
    assert nb["cells"][0]["source"] == parameters_cell_source(["holds_pct"])
    assert nb["cells"][1]["source"] == "holds_pct = 2.0  # not the parameters cell"
