"""The four US companies' 2025 plans and the 2024-vs-2025 change, from the articles and the filings.

Which claims are "2025 plans" is read from the data (a company's USD figure whose normalized period
ends in 2025 and is a calendar or fiscal year), so a new article's figures flow in with no code change.
Which reference rows make up a comparison of 2024 with 2025 is data too (data/capex_bases.csv): one
basis there is *the* like-for-like basis (`like_for_like_basis`: each company's plan against its own
year before), used by every comparison (the headline change, the checks of the printed 2024 total, the
US:BAT ratio, DeepSeek's scale); the others are alternatives, each shown with its overlap stated.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ..core import operands
from ..core.conversions import rate_for_article
from ..core.fx import FxScenario, Rate
from ..core.ledger import Ledger
from ..core.numbers import CTX, percent, total
from ..core.phrase import N_, DataText, data, joined, word
from .rates import implied_rate_audit
from .rows import pick, same

US4 = ("Amazon", "Microsoft", "Alphabet", "Meta")
US4_ENTITY = "Amazon, Microsoft, Alphabet, Meta"  # how the ledger names the four together
TOTAL_ROW = "Total (four)"
YEAR_BASES = ("calendar_year", "fiscal_year")
GUIDANCE = "guidance"  # reference.csv kind of a company's own capex outlook for a year
BUDGET = "budget"  # reference.csv kind of a government budget as passed
KOREA = "Republic of Korea"


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
        if r["kind"] != GUIDANCE:
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


def printed_against_range(ledger: Ledger, span: pd.DataFrame) -> pd.DataFrame:
    """Each article's printed USD total for the four against the guidance range (`guidance_total`): where
    it sits (the low end, the high end, inside, above or below the range)."""
    bounds = span.set_index("bound")["usd"]
    low, high = bounds["low"], bounds["high"]
    rows = []
    for _, p in printed_totals(ledger).iterrows():
        amount = p["amount"]
        if amount == high:
            where = N_("the high end") if low != high else N_("the guidance")
        elif amount == low:
            where = N_("the low end")
        elif low < amount < high:
            where = N_("inside the range")
        else:
            where = N_("above the range") if amount > high else N_("below the range")
        rows.append({**p.to_dict(), "position": word(where)})
    return pd.DataFrame(rows, dtype=object)


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


def budget_refs(ledger: Ledger) -> list[dict[str, Any]]:
    """Korea's budgets in the reference (kind budget, in KRW), in file order."""
    return [
        r for r in ledger.records("reference").values() if r["kind"] == BUDGET and r["entity"] == KOREA and r["unit"] == "KRW"
    ]


def printed_budget_ids(ledger: Ledger, ref_ids: set[str]) -> set[str]:
    """The claims that print one of these budgets: those a `reference` check of data/checks.csv sets against it."""
    found = set()
    for check in ledger.records("checks").values():
        if check["relation"] != "reference":
            continue
        if any(t.kind == "ref" and t.key in ref_ids for t in operands.parse(check["operands"], "reference").tokens):
            found.add(check["claim_id"])
    return found


def budget_share(ledger: Ledger, amount_krw: Decimal) -> pd.DataFrame:
    """`amount_krw` as a share of each Korean budget figure: the reference's and the articles' own."""
    budgets = budget_refs(ledger)
    printed = printed_budget_ids(ledger, {r["ref_id"] for r in budgets})
    rows = [
        {
            "source": f"reference {r['ref_id']}",
            "budget_krw": r["value"],
            "period": data(r["period_as_stated"], "reference", "period_as_stated"),
        }
        for r in budgets
    ]
    for c in _claims(ledger):
        if c["claim_id"] in printed:
            rows.append({"source": f"printed {c['claim_id']}", "budget_krw": c["amount"], "period": c["period_as_stated"]})
    for row in rows:
        row["share_pct"] = percent(amount_krw, row["budget_krw"])
    return pd.DataFrame(rows, dtype=object)


# --- 2024 against 2025 ----------------------------------------------------------------------------

LIKE_FOR_LIKE = "like_for_like"  # capex_bases.csv basis_role of the one basis every comparison uses


@dataclass(frozen=True)
class Basis:
    """One basis of data/capex_bases.csv: its id, label, role and what it counts twice or leaves out."""

    basis_id: str
    label: str  # capex_bases.csv basis_label (a DataText: the report translates it)
    role: str
    overlap: str  # the companies' overlap notes (capex_bases.csv overlap), joined ('' when none)

    @property
    def like_for_like(self) -> bool:
        return self.role == LIKE_FOR_LIKE


def _basis_rows(ledger: Ledger, basis_id: str | None = None) -> list[dict[str, Any]]:
    """capex_bases.csv's rows as dicts (empty cells None, never NaN), of one basis or all, in file order."""
    rows = [
        {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in ledger.capex_bases.to_dict("records")
    ]
    return [r for r in rows if basis_id is None or r["basis_id"] == basis_id]


def bases(ledger: Ledger) -> list[Basis]:
    """Every basis in file order."""
    found: dict[str, Basis] = {}
    notes: dict[str, list[object]] = {}
    for b in _basis_rows(ledger):
        if b["basis_id"] not in found:
            found[b["basis_id"]] = Basis(
                b["basis_id"], DataText(b["basis_label"], "capex_bases", "basis_label"), b["basis_role"], ""
            )
            notes[b["basis_id"]] = []
        if b["overlap"]:
            notes[b["basis_id"]].append(data(b["overlap"], "capex_bases", "overlap"))
    return [Basis(b.basis_id, b.label, b.role, joined(notes[b.basis_id]) if notes[b.basis_id] else "") for b in found.values()]


def like_for_like_basis(ledger: Ledger) -> Basis:
    """The one like-for-like basis; a clear error when capex_bases.csv names none or several."""
    chosen = [b for b in bases(ledger) if b.like_for_like]
    if len(chosen) != 1:
        raise ValueError(
            f"{ledger.data_dir / 'capex_bases.csv'}: expected exactly one basis with basis_role {LIKE_FOR_LIKE}, "
            f"found {len(chosen)}"
        )
    return chosen[0]


def alternative_bases(ledger: Ledger) -> list[Basis]:
    return [b for b in bases(ledger) if not b.like_for_like]


def basis_totals(ledger: Ledger, rate: Rate | None = None) -> pd.DataFrame:
    """One row per basis (the like-for-like one first): the four's 2024 actual, 2025 plan, change, growth,
    and what the basis counts twice or leaves out."""
    ordered = [like_for_like_basis(ledger), *alternative_bases(ledger)]
    rows = []
    for b in ordered:
        four = four_total(change_by_company(ledger, b.basis_id, rate))
        rows.append(
            {
                "basis_id": b.basis_id,
                "basis": b.label,
                "role": b.role,
                "actual_2024_usd": four.actual_2024_usd,
                "plan_2025_usd": four.plan_2025_usd,
                "change_usd": four.change_usd,
                "growth_pct": four.growth_pct,
                **({"change_krw": four.change_krw} if rate is not None else {}),
                "overlap": b.overlap,
            }
        )
    return pd.DataFrame(rows, dtype=object)


def _ref_sum(ledger: Ledger, ids: str) -> Decimal:
    refs = ledger.records("reference")
    return total(refs[i]["value"] for i in ids.split())


def change_by_company(ledger: Ledger, basis_id: str, rate: Rate | None = None) -> pd.DataFrame:
    """Per company on one basis: the 2024 actual, the 2025 plan, the change and the growth, plus totals.

    With `rate`, the change is also given in KRW (column change_krw).
    """
    rows = []
    for b in _basis_rows(ledger, basis_id):
        actual, plan = _ref_sum(ledger, b["actual_2024_refs"]), _ref_sum(ledger, b["plan_2025_refs"])
        rows.append(
            {
                "entity": b["entity"],
                "actual_2024_usd": actual,
                "plan_2025_usd": plan,
                "line_item": data(b["line_item_note"], "capex_bases", "line_item_note"),
                "overlap": data(b["overlap"], "capex_bases", "overlap") or "",
                "refs": f"{b['actual_2024_refs']} -> {b['plan_2025_refs']}",
            }
        )
    if not rows:
        raise ValueError(f"basis_id {basis_id!r} is not in capex_bases.csv")
    actual = total(r["actual_2024_usd"] for r in rows)
    plan = total(r["plan_2025_usd"] for r in rows)
    rows.append(
        {"entity": TOTAL_ROW, "actual_2024_usd": actual, "plan_2025_usd": plan, "line_item": "", "overlap": "", "refs": ""}
    )
    frame = pd.DataFrame(rows, dtype=object)
    frame["change_usd"] = [CTX.subtract(p, a) for p, a in zip(frame["plan_2025_usd"], frame["actual_2024_usd"], strict=True)]
    frame["growth_pct"] = [percent(c, a) for c, a in zip(frame["change_usd"], frame["actual_2024_usd"], strict=True)]
    if rate is not None:
        frame["change_krw"] = [CTX.multiply(c, rate.rate) for c in frame["change_usd"]]
    return frame


@dataclass(frozen=True)
class FourTotal:
    """The four together on one basis: 2024 actual, 2025 plan, the change and the growth (the change in KRW
    when `change_by_company` was given a rate)."""

    actual_2024_usd: Decimal
    plan_2025_usd: Decimal
    change_usd: Decimal
    growth_pct: Decimal
    change_krw: Decimal | None = None


def four_total(change: pd.DataFrame) -> FourTotal:
    """The 'Total (four)' row of `change_by_company`."""
    row = change[change["entity"] == TOTAL_ROW].iloc[0]
    return FourTotal(
        row["actual_2024_usd"],
        row["plan_2025_usd"],
        row["change_usd"],
        row["growth_pct"],
        row["change_krw"] if "change_krw" in row.index else None,
    )


def printed_2024(ledger: Ledger) -> pd.DataFrame:
    """What the articles print for 2024 (per company and combined), in USD."""
    claims = (
        c
        for c in _claims(ledger)
        if (c["entity"] in US4 or c["entity"] == US4_ENTITY)
        and c["currency"] == "USD"
        and c["period_start"] is not None
        and c["period_start"].year == 2024
        and c["period_end"].year == 2024
        and c["period_basis"] in YEAR_BASES
    )
    columns = {**same("article_id", "claim_id", "entity"), "amount_usd": "amount", "period": "period_as_stated"}
    return pick(claims, {**columns, "period_basis": "period_basis"})


def total_rate(ledger: Ledger, fx: FxScenario) -> Rate:
    """The run's USD->KRW rate for the combined total: on the latest date an article printed it."""
    printed = printed_totals(ledger)
    latest = max(printed["article_id"], key=lambda a: (ledger.article_date(a), a))
    return rate_for_article(ledger, fx, latest, "USD", "KRW")
