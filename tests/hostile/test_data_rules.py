"""Class 5: the data's own rules are enforced when it is read, not found broken inside a notebook.

One primary check per claim; every entity a table names is listed in entities.csv; the digit rule and the
number bounds for every input file (an ECB file too); every numeric parameter bounded so that the arithmetic
of every notebook can be done.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexlib import cli
from capexlib.core import fx
from capexlib.core.ledger import load_ledger
from capexlib.run import outputs
from capexlib.run.params import MAX_FIXED_RATE, MAX_POSITIVE, MIN_FIXED_RATE, MIN_POSITIVE, POSITIVE
from capexlib.topics import bat, deepseek, totals

from .conftest import edit, one_line
from .conftest import refused as _refused

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ecb"


def _ecb(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "eurofxref-hist.csv"
    text = FIXTURES.joinpath("synthetic_recent.csv").read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# --- The cases ----------------------------------------------------------------------------


def test_a_second_primary_check_of_one_claim_is_refused(data):  # issue
    edit(data / "checks.csv", "mt-us4-guidance,mt-us4-2025-usd,alternative,", "mt-us4-guidance,mt-us4-2025-usd,primary,")
    _refused(
        data, "checks.csv, line 3 (check_id 'mt-us4-guidance'), column 'role': a second primary check of claim 'mt-us4-2025-usd'"
    )


def test_a_claim_with_no_check_is_refused(data):  # issue
    text = (data / "checks.csv").read_text(encoding="utf-8")
    (data / "checks.csv").write_text(
        "".join(line for line in text.splitlines(True) if not line.startswith("cb-bat-growth,")), encoding="utf-8"
    )
    _refused(data, "column 'claim_id': claim 'cb-bat-growth' has no check in checks.csv")


def test_a_renamed_reference_entity_is_refused(data):  # issue
    edit(data / "reference.csv", ",DeepSeek-V3,", ",DeepSeek V3,")
    _refused(data, "column 'entity': 'DeepSeek V3' is not an entity listed in entities.csv")


def test_full_width_digits_in_an_ecb_file_are_refused(tmp_path):  # issue
    path = _ecb(tmp_path, "1512.34", "１６００")
    with pytest.raises(fx.FxError, match=r"column 'KRW': '１６００' is not a rate: non-ASCII digit '１' \(U\+FF11\)"):
        fx.load_ecb_file(path)


def test_a_rate_of_1e_minus_300_in_an_ecb_file_is_refused(tmp_path):  # issue
    for text in ("1e-300", "0." + "0" * 299 + "1"):
        with pytest.raises(fx.FxError, match="column 'KRW'"):
            fx.load_ecb_file(_ecb(tmp_path, "1512.34", text))


def test_a_400_digit_rate_in_an_ecb_file_is_refused(tmp_path):  # issue
    with pytest.raises(fx.FxError, match="column 'KRW'"):
        fx.load_ecb_file(_ecb(tmp_path, "1512.34", "1" * 400))


def test_a_tiny_annualization_factor_is_refused_before_anything_runs(tmp_path, capsys):  # issue
    code = cli.main(["run", "--bat-annualization-factor", "1e-300", "--reports", str(tmp_path / "r")])
    one_line(code, 2, f"'bat_annualization_factor' must be a positive number from {MIN_POSITIVE}", capsys)
    assert not (tmp_path / "r").exists()


# --- Our own cases --------------------------------------------------------------------------------


def test_a_second_primary_hindsight_check_is_refused(data):
    text = (data / "hindsight_checks.csv").read_text(encoding="utf-8")
    alternative = next(line for line in text.splitlines() if ",alternative," in line)
    edit(data / "hindsight_checks.csv", alternative, alternative.replace(",alternative,", ",primary,", 1))
    _refused(data, "hindsight_checks.csv, line")


def test_hindsight_checks_of_a_claim_without_a_primary_one_are_refused(data):
    text = (data / "hindsight_checks.csv").read_text(encoding="utf-8")
    lines = text.splitlines(True)
    claim = next(line.split(",")[1] for line in lines if ",alternative," in line)
    kept = [line.replace(",primary,", ",alternative,") if line.split(",")[1:2] == [claim] else line for line in lines]
    (data / "hindsight_checks.csv").write_text("".join(kept), encoding="utf-8")
    _refused(data, f"claim '{claim}' has checks here but no primary one")


@pytest.mark.parametrize(
    "table, old, new",
    [
        ("outcomes.csv", ",Meta,", ",Meta Platforms,"),
        ("capex_bases.csv", ",Meta,", ",Meta Platforms,"),
        ("claims.csv", ",Tencent,", ",Tencent Holdings,"),
        ("reference.csv", ",Republic of Korea,", ",Korea,"),
    ],
)
def test_an_entity_renamed_in_one_table_is_refused(data, table, old, new):
    edit(data / table, old, new)
    _refused(data, f"{table}, line")


def test_the_entities_the_topics_select_by_are_listed(data):
    """The notebooks' topics select some rows by entity name: each of those names is an entity of the data."""
    listed = set(load_ledger().entities.index)
    named = {*bat.COMPANIES, bat.COMBINED, deepseek.V3, *totals.US4, totals.US4_ENTITY, "Republic of Korea"}
    assert named <= listed


@pytest.mark.parametrize(
    "value, message",
    [
        ("١٦٠٠", "non-ASCII digit '١' (U+0661)"),
        ("10000001", "is out of range"),
        ("0.00009", "is out of range"),
        ("1512.0000000000001", "is not a rate"),  # 13 decimal places
        ("1,512.34", "fields, but the header has"),
        (" 1512.34", None),  # spaces around a cell are the ECB's own layout: read
    ],
)
def test_every_ecb_rate_follows_the_number_rule(tmp_path, value, message):
    path = _ecb(tmp_path, "1512.34", value)
    if message is None:
        assert fx.load_ecb_file(path).values("KRW")[1][-1] == "1512.34"
        return
    with pytest.raises(fx.FxError, match=re.escape(message)):
        fx.load_ecb_file(path)


@pytest.mark.parametrize("day, message", [("1998-12-31", "the ECB's first rates"), ("2101-01-03", "2100-12-31")])
def test_an_ecb_date_outside_the_ecbs_possible_range_is_refused(tmp_path, day, message):
    path = tmp_path / "eurofxref-hist.csv"
    path.write_text(f"Date,USD,CNY,KRW,\n{day},1.1,7.8,1500,\n", encoding="utf-8")
    with pytest.raises(fx.FxError, match=message):
        fx.load_ecb_file(path)


@pytest.mark.parametrize("name", POSITIVE)
@pytest.mark.parametrize("value", ["1e-300", "0.0009", "1000001"])
def test_every_factor_and_price_is_bounded(tmp_path, capsys, name, value):
    code = cli.main(["run", "-p", name, value, "--reports", str(tmp_path / "r")])
    one_line(code, 2, f"{name!r} must be a positive number from {MIN_POSITIVE}", capsys)


def test_lookalike_digits_in_a_scenario_file_are_refused(tmp_path, capsys):
    scenario = tmp_path / "s.yaml"
    scenario.write_text('krw_per_usd: "１３８０"\n', encoding="utf-8")
    code = cli.main(["run", "-f", str(scenario), "--reports", str(tmp_path / "r")])
    one_line(code, 2, "non-ASCII digit '１' (U+FF11)", capsys)


@settings(max_examples=12, deadline=None)
@given(
    rate=st.sampled_from([MIN_FIXED_RATE, MAX_FIXED_RATE, 1380.0]),
    name=st.sampled_from(["krw_per_usd", "krw_per_cny", "krw_per_eur"]),
    factor=st.sampled_from([MIN_POSITIVE, MAX_POSITIVE]),
    price=st.sampled_from([MIN_POSITIVE, MAX_POSITIVE]),
)
def test_the_library_computes_at_the_bounds_of_every_parameter(rate, name, factor, price):
    """At the edges of what is accepted, every verdict and headline figure is computed (no ArithmeticError)."""
    values = {name: rate, "fx_source": "fixed", "bat_annualization_factor": factor, "h800_usd_per_gpu_hour": price}
    out = outputs.compute({**values, "h100_usd_per_gpu_hour": price})
    assert len(out.verdicts) == len(load_ledger().checks)
    assert all(Decimal(v).is_finite() for v in out.headline["value"])


@pytest.mark.slow
def test_every_notebook_runs_at_the_lower_bounds(tmp_path):
    """The series at the smallest accepted factor and prices and with an ECB file at its extreme rates: the
    notebooks that failed with InvalidOperation at 1e-300 now run to the end."""
    ecb = tmp_path / "extreme.csv"
    days = [dt.date(2026, 10, 30) - dt.timedelta(days=d) for d in range(0, 800)]
    rows = [f"{d.isoformat()},0.0001,0.0001,10000000," for d in days if d.weekday() < 5]
    ecb.write_text("Date,USD,CNY,KRW,\n" + "\n".join(rows) + "\n", encoding="utf-8")
    args = ["run", "--reports", str(tmp_path / "r"), "--ecb-file", str(ecb)]
    args += [arg for name in POSITIVE for arg in ("-p", name, str(MIN_POSITIVE))]
    assert cli.main(args) == 0
