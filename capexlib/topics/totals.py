"""The four US companies' 2025 plans and the 2024-vs-2025 change, from the articles and the filings.

Which claims are "2025 plans" is read from the data (a company's USD figure whose normalized period
ends in 2025 and is a calendar or fiscal year), so a new article's figures flow in with no code change.
Which reference rows make up a like-for-like comparison is data too (data/capex_bases.csv).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ..core.conversions import rate_for_article
from ..core.fx import FxScenario, Rate
from ..core.ledger import Ledger
from ..core.numbers import CTX, percent, total
from .rates import implied_rate_audit

US4 = ("Amazon", "Microsoft", "Alphabet", "Meta")
US4_ENTITY = "Amazon, Microsoft, Alphabet, Meta"  # how the ledger names the four together
TOTAL_ROW = "Total (four)"
YEAR_BASES = ("calendar_year", "fiscal_year")


def _claims(ledger: Ledger) -> list[dict[str, Any]]:
    return list(ledger.records("claims").values())


def plan_claims(ledger: Ledger, year: int = 2025) -> pd.DataFrame:
    """Each article's printed plan for each company for `year` (USD), with qualifier and period."""
    rows = [
        {
            "article_id": c["article_id"],
            "published": ledger.article_date(c["article_id"]),
            "entity": c["entity"],
            "claim_id": c["claim_id"],
            "amount_usd": c["amount"],
            "qualifier": c["qualifier"],
            "period_as_stated": c["period_as_stated"],
            "period_start": c["period_start"],
            "period_end": c["period_end"],
            "period_basis": c["period_basis"],
        }
        for c in _claims(ledger)
        if c["entity"] in US4
        and c["currency"] == "USD"
        and c["period_basis"] in YEAR_BASES
        and c["period_end"] is not None
        and c["period_end"].year == year
    ]
    return pd.DataFrame(rows, dtype=object)


def plans_with_krw(ledger: Ledger, fx: FxScenario, year: int = 2025) -> pd.DataFrame:
    """plan_claims plus the KRW value at the run's rate for that article, and the rate used."""
    plans = plan_claims(ledger, year)
    rates = [rate_for_article(ledger, fx, a, "USD", "KRW") for a in plans["article_id"]]
    plans["krw"] = [CTX.multiply(v, r.rate) for v, r in zip(plans["amount_usd"], rates, strict=True)]
    plans["rate"] = rates
    return plans


def printed_totals(ledger: Ledger, currency: str = "USD", year: int = 2025) -> pd.DataFrame:
    """The combined figure for the four as each article prints it (USD, or its KRW conversions)."""
    rows = [
        {
            "article_id": c["article_id"],
            "claim_id": c["claim_id"],
            "amount": c["amount"],
            "qualifier": c["qualifier"],
            "converts_claim_id": c["converts_claim_id"],
        }
        for c in _claims(ledger)
        if c["entity"] == US4_ENTITY
        and c["currency"] == currency
        and c["period_end"] is not None
        and c["period_end"].year == year
        and c["period_basis"] == "mixed"
    ]
    return pd.DataFrame(rows, dtype=object)


def guidance(ledger: Ledger, rate: Rate, year: int = 2025) -> pd.DataFrame:
    """Each company's own guidance for `year` from the reference: low and high (a range), in USD and in KRW at `rate`."""
    rows: dict[str, dict[str, Any]] = {}
    for r in ledger.records("reference").values():
        if r["topic"] != "capex" or r["entity"] not in US4 or r["unit"] != "USD":
            continue
        if "guidance" not in r["metric"] and "plan" not in r["metric"]:
            continue
        if r["period_end"] is None or r["period_end"].year != year:
            continue
        entry = rows.setdefault(
            r["entity"],
            {
                "entity": r["entity"],
                "low_usd": r["value"],
                "high_usd": r["value"],
                "ref_ids": [],
                "period": r["period_as_stated"],
            },
        )
        entry["low_usd"] = min(entry["low_usd"], r["value"])
        entry["high_usd"] = max(entry["high_usd"], r["value"])
        entry["ref_ids"].append(r["ref_id"])
    frame = pd.DataFrame([rows[e] for e in US4 if e in rows], dtype=object)
    frame["ref_ids"] = frame["ref_ids"].map(" ".join)
    frame["low_krw"] = [CTX.multiply(v, rate.rate) for v in frame["low_usd"]]
    frame["high_krw"] = [CTX.multiply(v, rate.rate) for v in frame["high_usd"]]
    return frame


def guidance_total(ledger: Ledger, rate: Rate, year: int = 2025) -> pd.DataFrame:
    """Low and high totals of the guidance, in USD and in KRW at `rate`."""
    g = guidance(ledger, rate, year)
    low, high = total(g["low_usd"]), total(g["high_usd"])
    return pd.DataFrame(
        [
            {"bound": "low", "usd": low, "krw": CTX.multiply(low, rate.rate), "rate": rate},
            {"bound": "high", "usd": high, "krw": CTX.multiply(high, rate.rate), "rate": rate},
        ],
        dtype=object,
    )


def krw_total_reconciliation(ledger: Ledger) -> pd.DataFrame:
    """The KRW totals printed for the same dollar total, with the rate each implies and what explains it."""
    audit = implied_rate_audit(ledger)
    printed = printed_totals(ledger, "KRW")
    printed = printed[printed["converts_claim_id"].notna()]
    return audit.loc[printed["claim_id"].tolist()]


@dataclass(frozen=True)
class KrwGap:
    """Why two printed KRW totals differ: the same USD amount times two different rates."""

    low_claim: str
    high_claim: str
    gap_krw: Decimal
    rate_gap: Decimal  # KRW per USD
    gap_from_rates_krw: Decimal
    usd: Decimal


def krw_gap_explained(reconciliation: pd.DataFrame) -> KrwGap:
    low = reconciliation.loc[reconciliation["printed"].idxmin()]
    high = reconciliation.loc[reconciliation["printed"].idxmax()]
    rate_gap = CTX.subtract(high["implied_rate"], low["implied_rate"])
    return KrwGap(
        low["claim_id"],
        high["claim_id"],
        CTX.subtract(high["printed"], low["printed"]),
        rate_gap,
        CTX.multiply(low["source_amount"], rate_gap),
        low["source_amount"],
    )


def budget_share(ledger: Ledger, amount_krw: Decimal) -> pd.DataFrame:
    """`amount_krw` as a share of each Korean budget figure: the reference's and the articles' own."""
    rows = []
    for r in ledger.records("reference").values():
        if r["entity"] == "Republic of Korea" and "budget" in r["metric"] and r["unit"] == "KRW":
            rows.append({"source": f"reference {r['ref_id']}", "budget_krw": r["value"], "period": r["period_as_stated"]})
    for c in _claims(ledger):
        if c["entity"] == "Republic of Korea" and "budget" in c["metric"] and c["currency"] == "KRW":
            rows.append({"source": f"printed {c['claim_id']}", "budget_krw": c["amount"], "period": c["period_as_stated"]})
    for row in rows:
        row["share_pct"] = percent(amount_krw, row["budget_krw"])
    return pd.DataFrame(rows, dtype=object)


# --- 2024 against 2025 ----------------------------------------------------------------------------


def _ref_sum(ledger: Ledger, ids: str) -> Decimal:
    refs = ledger.records("reference")
    return total(refs[i]["value"] for i in ids.split())


def change_by_company(ledger: Ledger, basis_id: str, rate: Rate | None = None) -> pd.DataFrame:
    """Per company on one basis: the 2024 actual, the 2025 plan, the change and the growth, plus totals.

    With `rate`, the change is also given in KRW (column change_krw).
    """
    rows = []
    for _, b in ledger.capex_bases[ledger.capex_bases["basis_id"] == basis_id].iterrows():
        actual, plan = _ref_sum(ledger, b["actual_2024_refs"]), _ref_sum(ledger, b["plan_2025_refs"])
        rows.append(
            {
                "entity": b["entity"],
                "actual_2024_usd": actual,
                "plan_2025_usd": plan,
                "line_item": b["line_item_note"],
                "refs": f"{b['actual_2024_refs']} -> {b['plan_2025_refs']}",
            }
        )
    if not rows:
        raise ValueError(f"basis_id {basis_id!r} is not in capex_bases.csv")
    actual = total(r["actual_2024_usd"] for r in rows)
    plan = total(r["plan_2025_usd"] for r in rows)
    rows.append({"entity": TOTAL_ROW, "actual_2024_usd": actual, "plan_2025_usd": plan, "line_item": "", "refs": ""})
    frame = pd.DataFrame(rows, dtype=object)
    frame["change_usd"] = [CTX.subtract(p, a) for p, a in zip(frame["plan_2025_usd"], frame["actual_2024_usd"], strict=True)]
    frame["growth_pct"] = [percent(c, a) for c, a in zip(frame["change_usd"], frame["actual_2024_usd"], strict=True)]
    if rate is not None:
        frame["change_krw"] = [CTX.multiply(c, rate.rate) for c in frame["change_usd"]]
    return frame


def four_total(change: pd.DataFrame) -> dict[str, Any]:
    """The 'Total (four)' row of `change_by_company`."""
    found: dict[str, Any] = change[change["entity"] == TOTAL_ROW].iloc[0].to_dict()
    return found


def printed_2024(ledger: Ledger) -> pd.DataFrame:
    """What the articles print for 2024 (per company and combined), in USD."""
    rows = [
        {
            "article_id": c["article_id"],
            "claim_id": c["claim_id"],
            "entity": c["entity"],
            "amount_usd": c["amount"],
            "period": c["period_as_stated"],
            "period_basis": c["period_basis"],
        }
        for c in _claims(ledger)
        if (c["entity"] in US4 or c["entity"] == US4_ENTITY)
        and c["currency"] == "USD"
        and c["period_start"] is not None
        and c["period_start"].year == 2024
        and c["period_end"].year == 2024
        and c["period_basis"] in YEAR_BASES
    ]
    return pd.DataFrame(rows, dtype=object)


def total_rate(ledger: Ledger, fx: FxScenario) -> Rate:
    """The run's USD->KRW rate for the combined total: on the latest date an article printed it."""
    printed = printed_totals(ledger)
    latest = max(printed["article_id"], key=lambda a: (ledger.article_date(a), a))
    return rate_for_article(ledger, fx, latest, "USD", "KRW")
