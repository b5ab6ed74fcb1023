"""The ledger: the real tables load, and match the archived articles they were transcribed from."""

from decimal import Decimal

import pytest

from capexlib.core.ledger import load_ledger
from capexlib.core.paths import PROJECT_ROOT

SOURCES = PROJECT_ROOT / "data" / "sources"


@pytest.fixture(scope="module")
def ledger():
    return load_ledger()


def test_the_tables_load_the_five_articles_and_every_figure_they_print(ledger):
    assert list(ledger.articles.index) == ["mt", "ja", "br", "cb", "dd"]
    assert ledger.claims["article_id"].value_counts().to_dict() == {"cb": 34, "dd": 15, "br": 14, "mt": 12, "ja": 11}
    assert ledger.reference.loc["kr-budget-2024", "value"] == Decimal("656600000000000")
    assert ledger.reference.loc["dsv3-gpuh-total", "kind"] == "total"


def test_real_values_from_the_articles(ledger):
    c = ledger.claims
    assert c.loc["mt-us4-2025-krw", "amount"] == Decimal("463000000000000")
    assert c.loc["ja-us4-2025-krw", "amount"] == Decimal("466000000000000")
    assert c.loc["br-amzn-2025-krw", "amount"] == Decimal("145630000000000")
    assert c.loc["mt-dsv3-cost-usd", "amount"] == Decimal("5576000")
    assert c.loc["cb-bidu-2024h1-cny", "qualifier"] == "approx"
    assert c.loc["ja-meta-2025-usd", "qualifier"] == "at_most"
    assert c.loc["mt-msft-2025-usd", "period_end"].isoformat() == "2025-06-30"  # Microsoft's fiscal year


def test_reference_keeps_its_citations(ledger):
    r = ledger.reference.loc["kr-budget-2024"]
    assert r["value"] == Decimal("656600000000000")
    assert r["source_url"].startswith("https://")
    assert ledger.reference.loc["msft-capex-fy2024q2", "confidence"].startswith("unconfirmed")


def test_every_quote_is_verbatim_in_its_archived_article(ledger):
    # The loader checks this too; here it is read independently of it, from the files in the repository.
    texts = {a: (SOURCES / f).read_text(encoding="utf-8") for a, f in ledger.articles["source_file"].items()}
    for claim_id, row in ledger.claims.iterrows():
        assert row["quote"] in texts[row["article_id"]], claim_id


def test_every_claim_has_exactly_one_primary_check(ledger):
    primary = ledger.checks[ledger.checks["role"] == "primary"]
    assert sorted(primary["claim_id"]) == sorted(ledger.claims.index)


def test_every_printed_conversion_has_a_conversion_check(ledger):
    converted = set(ledger.claims.index[ledger.claims["converts_claim_id"].notna()])
    checked = set(ledger.checks.loc[ledger.checks["relation"] == "conversion", "claim_id"])
    assert converted <= checked


def _printed_date_or_duration(c):
    """The words a date or duration claim must appear as in its quote: '20일' for a day, '12월' for a month
    (in the claim's own period), '5개월' for months."""
    if c["currency"] == "months":
        return f"{c['amount']:f}개월"
    day = c["period_start"]
    assert f"{c['amount']:f}" == day.strftime("%Y%m%d"), "a date claim's amount is its period's first day"
    if c["amount_high"] is None:
        return f"{day.day}일"
    assert f"{c['amount_high']:f}" == c["period_end"].strftime("%Y%m%d")
    return f"{day.month}월"


def test_every_claim_is_found_in_its_own_quote(ledger):
    """The ledger cannot disagree with what the article printed: amount, currency, qualifier, range."""
    from capexlib.core.money import find_amounts

    for claim_id, c in ledger.records("claims").items():
        if c["currency"] in ("date", "months"):  # find_amounts leaves dates and durations out, on purpose
            assert _printed_date_or_duration(c) in c["quote"], claim_id
            continue
        found = [(a.amount, a.currency, a.qualifier, a.high) for a in find_amounts(c["quote"])]
        assert (c["amount"], c["currency"], c["qualifier"], c["amount_high"]) in found, (claim_id, found)


def test_dates_intervals_and_run_rates_are_checks_in_the_data(ledger):
    checks = ledger.checks.set_index("claim_id", drop=False)
    assert ledger.claims.loc["dd-r1-release", "amount"] == Decimal("20250120")
    assert ledger.claims.loc["dd-v3-release", "amount_high"] == Decimal("20241231")
    assert checks.loc["dd-r1-release", "relation"] == "date" and checks.loc["dd-v3-release", "relation"] == "date"
    assert checks.loc["cb-mistral-interval", "relation"] == "months_between"
    run_rate = ledger.checks.loc["br-amzn-2025-run-rate"]
    assert run_rate["relation"] == "annual_run_rate" and run_rate["operands"] == "claim:br-amzn-2024q4-usd"
    assert ledger.checks.loc["mt-dsv3-cost-hardware", "operands"] == "ref:semianalysis-deepseek-capex"
