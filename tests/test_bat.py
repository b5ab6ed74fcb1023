"""Tests for capexlib.topics.bat: the BAT figures as printed, the growth, the rates and the period alignment."""

from __future__ import annotations

import decimal
import warnings
from datetime import date
from decimal import Decimal

import matplotlib.pyplot as plt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexlib.core.fx import FxScenario
from capexlib.core.ledger import load_ledger
from capexlib.report import charts
from capexlib.topics import bat

CTX = decimal.Context(prec=28)
# ECB reference rates of 2024-09-02 (eurofxref-hist.csv): USD 1.1061 and CNY 7.8677 per EUR.
CNY_USD_2024_09_02 = CTX.divide(Decimal("1.1061"), Decimal("7.8677"))


LEDGER = load_ledger()


@pytest.fixture(scope="module")
def ledger():
    return LEDGER


@pytest.fixture(scope="module")
def fx():
    return FxScenario()


def test_article_claims_are_the_four_cny_figures(ledger):
    claims = bat.article_claims(ledger).set_index("claim_id")
    assert sorted(claims.index) == [
        "cb-baba-2024h1-cny",
        "cb-bat-2024h1-cny",
        "cb-bidu-2024h1-cny",
        "cb-tcehy-2024h1-cny",
    ]
    assert claims.loc["cb-bat-2024h1-cny", "qualifier"] == "at_least"
    # One printed KRW figure ('각각 ... 약 4조3300억원') serves Alibaba and Tencent.
    assert (
        claims.loc["cb-tcehy-2024h1-cny", "printed_krw"]
        == claims.loc["cb-baba-2024h1-cny", "printed_krw"]
        == Decimal("4330000000000")
    )
    assert all(a.startswith("Global Times") for a in claims["attribution"])


def test_parts_sum_to_rmb_50_2bn(ledger):
    (parts,) = bat.parts_vs_totals(ledger)  # one article prints a combined BAT figure
    assert parts.parts_sum_cny == Decimal("50200000000")
    assert parts.stated_total_cny == Decimal("50000000000")
    assert parts.difference_cny == Decimal("200000000")
    assert parts.verdict == "holds" and parts.consistent  # 502억 >= '500억위안 이상'


def test_growth_is_50_over_23(ledger):
    g = bat.growth(ledger)
    assert (g.current.ref, g.previous.ref) == ("bat-capex-2024h1", "bat-capex-2023h1")
    assert g.ratio == CTX.divide(Decimal(50), Decimal(23))
    assert g.ratio.quantize(Decimal("0.01")) == Decimal("2.17")
    printed = bat.printed_growth(ledger)
    assert list(printed["claim_id"]) == ["cb-bat-growth"] and list(printed["verdict"]) == ["holds"]


def test_attribution_names_both_outlets(ledger):
    row = bat.attribution(ledger).set_index("claim_id").loc["cb-bat-2024h1-cny"]
    assert "Global Times" in row["article_credits"]
    assert "Financial Times" in row["reference_basis"]


def test_cny_rates_are_ecb_cross_rates_on_the_article_date(ledger, fx):
    rates = bat.rates_for(ledger, fx, "cb")
    assert rates["USD"].rate == CNY_USD_2024_09_02
    assert rates["USD"].as_of == date(2024, 9, 2)
    assert rates["KRW"].rate.quantize(Decimal("0.01")) == Decimal("188.28")
    view = bat.in_currencies(ledger, fx).set_index("claim_id")
    assert view.loc["cb-bat-2024h1-cny", "usd"] == CTX.multiply(Decimal("50000000000"), CNY_USD_2024_09_02)
    assert view.loc["(sum of the parts, cb)", "amount_cny"] == Decimal("50200000000")


def test_full_year_factor_from_the_half_year(ledger):
    assert bat.months_covered(date(2024, 1, 1), date(2024, 6, 30)) == 6
    assert bat.full_year_factor(ledger) == 2
    assert bat.table_factors(2.0) == (Decimal(1), Decimal(2))
    assert bat.table_factors(1.0) == (Decimal(1),)
    assert bat.table_factors(4.0) == (Decimal(1), Decimal(4))
    # The chart always shows the half year as reported and doubled, plus the run's own factor.
    assert bat.chart_factors(2.0) == [Decimal(1), Decimal(2)]
    assert bat.chart_factors(1.5) == [Decimal(1), Decimal("1.5"), Decimal(2)]


def test_only_annualized_h1_against_2024_actuals_is_like_for_like(ledger, fx):
    table = bat.period_alignment(ledger, fx, bat.ANNUALIZATION_FACTORS, alternatives=True)
    fair = bat.like_for_like(table)
    assert len(fair) == 1
    row = fair.iloc[0]
    assert row["factor"] == 2 and "actual" in row["comparand"]
    # The series' like-for-like basis: each company's own fiscal year (Microsoft Jul 2023-Jun 2024).
    us_2024_actual = Decimal("230464000000")  # Amazon 82.999 + Microsoft 55.7 + Alphabet 52.535 + Meta 39.23 ($B)
    assert row["us_usd"] == us_2024_actual
    assert row["ratio_us_to_bat"] == CTX.divide(
        us_2024_actual, CTX.multiply(CTX.multiply(Decimal("50000000000"), CNY_USD_2024_09_02), Decimal(2))
    )
    assert row["ratio_us_to_bat"].quantize(Decimal("0.01")) == Decimal("16.39")
    # The calendar basis is shown as an alternative, its overlap stated, never as like for like.
    calendar = table[(table["factor"] == 2) & table["comparand"].str.contains("calendar 2024")].iloc[0]
    assert calendar["us_usd"] == Decimal("250364000000") and not calendar["like_for_like"]
    assert "counted twice" in calendar["why"]


@settings(max_examples=25, deadline=None)
@given(st.decimals(min_value=Decimal("0.5"), max_value=Decimal("4"), places=2))
def test_ratio_times_factor_is_invariant(factor):
    table = bat.period_alignment(LEDGER, FxScenario(), [Decimal(1), factor])
    for _, rows in table.groupby("comparand"):
        base = rows[rows["factor"] == 1].iloc[0]["ratio_us_to_bat"]
        scaled = rows[rows["factor"] == factor].iloc[0]["ratio_us_to_bat"]
        assert abs(scaled * factor - base) < Decimal("1e-20")


def test_scale_chart_is_log_and_draws_without_glyph_warnings(ledger, fx):
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        charts.setup_fonts()  # what session.start does: NanumGothic for Hangul
        chart = charts.bat_scale(bat.period_alignment(ledger, fx, bat.chart_factors(2.0)))
    assert chart.figure.axes[0].get_xscale() == "log"
    assert "(like for like)" in chart.alt
    assert plt.get_fignums() == []
