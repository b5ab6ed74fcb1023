"""The notebooks' named views (capexlib.report.views): each shows the frame it is given, written by present,
with the values of the sources (nbval checks the whole tables in the committed notebooks)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from capexlib.core.fx import FxScenario
from capexlib.core.ledger import load_ledger
from capexlib.report import present, views
from capexlib.topics import bat, deepseek, totals

LEDGER = load_ledger()
FX = FxScenario()


def test_the_change_view_shows_the_like_for_like_total():
    rate = totals.total_rate(LEDGER, FX)
    fair = totals.like_for_like_basis(LEDGER)
    table = views.change_view(totals.change_by_company(LEDGER, fair.basis_id, rate))
    total = table.loc["Total (four)"]
    assert (total["2024 actual"], total["2025 plan"], total["growth"]) == (
        "약 2305억 달러 · $230.5B",
        "3200억 달러 · $320.0B",
        "+38.9%",
    )
    assert views.change_caption(rate, fair.label) == (
        "Won figures at 1447.09 KRW per USD (ECB, 2025-02-07)\nLike-for-like basis: each company's own fiscal year"
    )


def test_the_bat_views_show_the_printed_figures_exactly():
    claims = views.bat_claims_view(bat.article_claims(LEDGER))
    assert claims.loc["cb-bat-2024h1-cny", "printed (CNY)"] == "이상 (at least) 500억 위안 · CN¥50.0B"
    caption = views.bat_growth_caption(bat.growth(LEDGER)).split("\n")
    assert caption[0] == "H1 2024: 500억 위안 · CN¥50.0B (bat-capex-2024h1)"
    assert caption[-1] == "ratio 약 2.17배 (×2.17), growth +117.4%"


def test_a_run_without_a_like_for_like_pairing_says_so():
    assert views.like_for_like_text(pd.DataFrame()).startswith("This run's factor does not annualize BAT's half year")
    alignment = bat.period_alignment(LEDGER, FX, [Decimal(2)])
    (line,) = views.like_for_like_text(bat.like_for_like(alignment)).split("\n")
    row = bat.like_for_like(alignment).iloc[0]
    assert line.startswith(f"Like for like: the US four spent {present.value(row['ratio_us_to_bat'], 'times')} what BAT spent")


def test_the_report_reconciliation_reads_as_four_lines():
    text = views.reconciliation_text(deepseek.reconcile(LEDGER, Decimal(2)))
    assert text.split("\n") == [
        "stages sum to 2.788M GPU-hours; the report's total is 2.788M: equal",
        "2.788M x the report's price of $2.00 per GPU-hour = $5.576M; the report states $5.576M: reproduced exactly",
        "at this run's price ($2.00 per GPU-hour): $5.576M",
        "the price is an assumption stated by the report, not a price paid",
    ]


def test_the_comparison_views_split_gpu_hours_from_a_bound():
    llama = views.llama_comparison_view(deepseek.gpu_hour_comparisons(LEDGER, 2, 2))
    assert llama.loc["mt-dsv3-vs-llama31-405b", "numerator GPU-hours"] == "2.788M"
    bound = views.bound_comparison_view(deepseek.money_comparisons(LEDGER, 2, 2))
    assert set(bound.index) & set(llama.index) == set()
    assert len(bound) + len(llama) == len(deepseek.comparisons(LEDGER, 2, 2))


def test_the_audit_caption_counts_what_no_ecb_rate_explains():
    from capexlib.topics import rates

    audit = rates.implied_rate_audit(LEDGER, Decimal("0.5"), 7)
    first = views.audit_caption(audit, 7).split("\n")[0]
    unexplained = sorted(audit[~audit["explained"].astype(bool)]["claim_id"])
    assert first == f"{len(audit)} printed conversions; {len(unexplained)} not explained by any ECB rate within 7 days."


def test_the_two_won_totals_differ_by_the_rate_alone():
    gap = totals.krw_gap_explained(totals.krw_total_reconciliation(LEDGER))
    assert views.krw_gap_text(gap).split("\n") == [
        "ja-us4-2025-krw minus mt-us4-2025-krw: 3조 원 · ₩3.0T",
        "= 3200억 달러 · $320.0B x a rate 9.375 KRW per USD higher = 3조 원 · ₩3.0T: the whole gap is the rate.",
    ]


def test_the_range_text_places_each_printed_total():
    rate = totals.total_rate(LEDGER, FX)
    total = totals.guidance_total(LEDGER, rate)
    text = views.range_text(total, totals.printed_against_range(LEDGER, total)).split("\n")
    assert text[0] == "Low total: 3150억 달러 · $315.0B; high total: 3200억 달러 · $320.0B."
    assert "ja prints 이상 (at least) 3200억 달러 · $320.0B: the high end." in text
