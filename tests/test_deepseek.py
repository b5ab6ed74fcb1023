"""Tests for capexlib.topics.deepseek: the report's arithmetic, the Llama ratios, the KRW gap, the sensitivity."""

from __future__ import annotations

import decimal
import itertools
import warnings
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexlib.core.fx import FxScenario
from capexlib.core.ledger import load_ledger
from capexlib.report import charts, present
from capexlib.topics import deepseek

CTX = decimal.Context(prec=28)
PRICES = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)


LEDGER = load_ledger()  # shared: hypothesis examples and the module's tests read it, never change it


@pytest.fixture(scope="module")
def ledger():
    return LEDGER


def test_stage_gpu_hours_sum_to_the_total(ledger):
    stages, total = deepseek.stage_rows(ledger)
    assert [r["value"] for r in stages] == [Decimal(2664000), Decimal(119000), Decimal(5000)]
    assert total["value"] == Decimal(2788000)
    rec = deepseek.reconcile(ledger, 2)
    assert rec.stage_sum_gpu_hours == Decimal(2788000) and rec.stages_sum_to_total


def test_gpu_hours_times_two_dollars_is_5_576m_exactly(ledger):
    rec = deepseek.reconcile(ledger, Decimal(2))
    assert rec.report_price == Decimal(2)
    assert rec.rebuilt_cost_usd == Decimal("5576000")
    assert str(rec.rebuilt_at_report_price_usd) == "5576000"
    assert rec.report_reproduced and rec.rebuilt_matches_report
    table = deepseek.stage_table(ledger, Decimal(2)).set_index("stage")
    assert table.loc["pre-training", "cost_usd"] == Decimal("5328000")
    assert table.loc["report's stated cost", "cost_usd"] == Decimal("5576000")


def test_other_price_does_not_reproduce(ledger):
    rec = deepseek.reconcile(ledger, 3)
    assert rec.rebuilt_cost_usd == Decimal("8364000") and not rec.rebuilt_matches_report
    assert rec.report_reproduced  # at the report's own price it still does


def test_ratio_to_llama_31_405b(ledger):
    rows = deepseek.gpu_hour_comparisons(ledger, 2, 2).set_index("check_id")
    primary = rows.loc["mt-dsv3-vs-llama31-405b"]
    assert primary["role"] == "primary"
    assert primary["gpu_hour_ratio"] == CTX.divide(Decimal("2.788"), Decimal("30.84"))
    assert primary["cost_ratio"] == primary["gpu_hour_ratio"]
    assert rows.loc["mt-dsv3-vs-llama3-named", "gpu_hour_ratio"] == CTX.divide(Decimal("2.788"), Decimal("7.7"))
    assert rows.loc["mt-dsv3-vs-llama31-all", "gpu_hour_ratio"] == CTX.divide(Decimal("2.788"), Decimal("39.3"))


def test_chatgpt_comparison_is_unverifiable_with_a_gpt4_bound(ledger):
    rows = deepseek.comparisons(ledger, 2, 2).set_index("check_id")
    assert rows.loc["dd-r1-vs-chatgpt", "relation"] == "unverifiable"
    assert rows.loc["dd-r1-vs-chatgpt", "cost_ratio"] is None
    assert rows.loc["dd-r1-vs-gpt4-bound", "cost_ratio"] == Decimal("0.0558")  # $5.58M / $100M


@settings(max_examples=30, deadline=None)
@given(PRICES)
def test_ratio_is_invariant_to_a_common_price(price):
    rows = deepseek.gpu_hour_comparisons(LEDGER, price, price)
    for _, r in rows.iterrows():
        assert abs(r["cost_ratio"] - r["gpu_hour_ratio"]) < Decimal("1e-24")


@settings(max_examples=30, deadline=None)
@given(PRICES, PRICES)
def test_cost_is_linear_in_the_price(a, b):
    cost = lambda p: deepseek.reconcile(LEDGER, p).rebuilt_cost_usd  # noqa: E731
    assert cost(a + b) == cost(a) + cost(b)
    assert cost(a) == Decimal(2788000) * a


def test_cost_claims_attribute_the_figure_to_two_models(ledger):
    claims = deepseek.cost_claims(ledger, FxScenario()).set_index("claim_id")
    assert claims.loc["mt-dsv3-cost-usd", "model"] == "DeepSeek-V3"
    assert claims.loc["dd-r1-cost-usd", "model"] == "DeepSeek-R1"
    assert claims.loc["mt-dsv3-cost-usd", "printed_krw"] == Decimal("8100000000")
    assert claims.loc["dd-r1-cost-usd", "printed_krw"] == Decimal("8000000000")


def test_krw_gap_is_rate_plus_dollar_figure(ledger):
    """Each printed KRW figure against the lowest: the gap is the dollar figure's part plus the rate's."""
    compared = deepseek.krw_comparison(ledger).set_index("claim_id")
    assert list(compared.index) == ["dd-r1-cost-krw", "mt-dsv3-cost-krw"]
    gap = compared.loc["mt-dsv3-cost-krw"]
    assert gap["against"] == "dd-r1-cost-krw"
    assert gap["gap_krw"] == Decimal("100000000")
    assert abs(gap["from_rate_krw"] + gap["from_usd_krw"] - gap["gap_krw"]) < Decimal("1e-15")
    assert gap["from_rate_krw"] > gap["gap_krw"] > 0 > gap["from_usd_krw"]
    assert compared.loc["dd-r1-cost-krw", "gap_krw"] == 0


def test_caveat_and_scale(ledger):
    caveats = deepseek.caveats(ledger).set_index("ref_id")
    assert "excludes prior research" in caveats.loc["dsv3-cost-total", "basis"]
    scale = deepseek.scale(ledger).set_index("ref_id")
    assert scale.loc["semianalysis-deepseek-capex", "kind"] == "analyst estimate"
    assert scale.loc["dsv3-cost-total", "share_of_us4_2025_plans_pct"] == Decimal("0.0017425")  # 5.576M / 320B
    assert scale.loc["semianalysis-deepseek-capex", "share_of_us4_2025_plans_pct"] == Decimal("0.5")
    # The hardware estimate as a multiple of the training run: $1.6B / $5.576M.
    assert scale.loc["semianalysis-deepseek-capex", "training_run_times"] == CTX.divide(Decimal(1600), Decimal("5.576"))
    assert present.value(scale.loc["semianalysis-deepseek-capex", "training_run_times"], "times") == "약 290배 (×290)"


def test_price_grid_default_is_1_to_4_by_quarters():
    grid = deepseek.price_grid(2.0)
    assert grid[0] == 1 and grid[-1] == 4 and len(grid) == 13
    assert all(b - a == Decimal("0.25") for a, b in itertools.pairwise(grid))


@settings(max_examples=30, deadline=None)
@given(PRICES)
def test_price_grid_spans_half_to_twice(center):
    grid = deepseek.price_grid(center)
    assert grid[0] == center * deepseek.SWEEP_LOW and grid[-1] == center * deepseek.SWEEP_HIGH
    assert grid == sorted(grid) and len(grid) == deepseek.SWEEP_STEPS + 1


def test_break_even_price_for_405b(ledger):
    even = deepseek.break_even_prices(ledger, 2).set_index("check_id")
    expected = CTX.divide(Decimal("0.1") * Decimal(30840000) * 2, Decimal(2788000))
    assert even.loc["mt-dsv3-vs-llama31-405b", "h800_price_for_printed_ratio"] == expected


def test_display_helpers():
    assert present.gpu_hours_text(Decimal(119000)) == "119K"
    assert present.gpu_hours_text(Decimal(30840000)) == "30.84M"
    assert present.usd_text(Decimal("5576000.0")) == "$5.576M"
    assert present.price_text(Decimal(2)) == "$2.00"


def test_sensitivity_chart_draws_without_glyph_warnings(ledger):
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        charts.setup_fonts()  # what session.start does: NanumGothic for Hangul
        frame = deepseek.sensitivity(ledger, deepseek.price_grid(2.0), 2.0)
        chart = charts.cost_sensitivity(frame, deepseek.reconcile(ledger, 2.0), deepseek.break_even_prices(ledger, 2.0), 2.0)
    assert len(chart.figure.axes) == 2 and len(chart.panels) == 2
    assert "Llama 3.1 405B" in chart.alt
    assert chart.sources == tuple(f"check:{c}" for c in dict.fromkeys(frame["check_id"]))
