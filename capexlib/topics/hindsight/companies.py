"""Company by company: each printed plan against what the company spent, on the plan's basis, with every
dated revision; and each company's spending over the year before, on one line item."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pandas as pd

from ...core import operands
from ...core.fx import Rate
from ...core.ledger import Ledger
from ...core.numbers import CTX, percent, total
from ...core.resolve import resolve
from .. import totals
from .combined import total_aged
from .outcomes import (
    ALTERNATIVE,
    CHANGE,
    PLANS,
    PRIMARY,
    TOTAL_ROW,
    US4,
    BasisError,
    basis_of,
    checks_rows,
    entity_rows,
    one_value,
    printed_rows,
    records,
    written,
)


def guidance_revisions(ledger: Ledger, entity: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Each dated guidance row of the outcomes for `entity` and exactly this period, oldest first."""
    rows = [
        r
        for r in records(ledger).values()
        if r["kind"] == "guidance" and r["entity"] == entity and r["period_start"] == start and r["period_end"] == end
    ]
    rows.sort(key=lambda r: (r["stated_on"] or dt.date.max, r["outcome_id"]))
    return pd.DataFrame(rows, dtype=object, columns=list(ledger.outcomes.columns))


def plan_vs_actual(ledger: Ledger, hindsight: pd.DataFrame, rate: Rate) -> pd.DataFrame:
    """One row per company and a total: plan (the company's guidance at publication, high end, which is
    what the articles printed), each dated revision, the actual on the plan's basis, the other basis beside
    it, and the difference in USD, in KRW at `rate`, and in percent of the plan."""
    guidance = totals.guidance(ledger, rate).set_index("entity")
    rows = []
    for entity in US4:
        primary = entity_rows(ledger, hindsight, entity, PLANS, PRIMARY)
        if primary.empty:
            continue
        alternative = entity_rows(ledger, hindsight, entity, PLANS, ALTERNATIVE)
        alternative = alternative[alternative["claim_id"].isin(primary["claim_id"])]
        actual_ops = written(ledger, primary, f"the actual for {entity}")
        claim = ledger.claim(primary.iloc[0]["claim_id"])
        plan = guidance.loc[entity]
        beside_ops = written(ledger, alternative, f"the second basis for {entity}") if len(alternative) else None
        rows.append(
            {
                "entity": entity,
                "period_start": claim["period_start"],
                "period_end": claim["period_end"],
                "printed": printed_rows(ledger, primary),
                "plan_usd": plan["high_usd"],
                "guidance_low_usd": plan["low_usd"],
                "guidance_high_usd": plan["high_usd"],
                "guidance_refs": plan["ref_ids"],
                "revisions": guidance_revisions(ledger, entity, claim["period_start"], claim["period_end"]),
                "actual_usd": one_value(primary, "computed", f"actual for {entity}"),
                "actual_operands": actual_ops,
                "basis": basis_of(ledger, actual_ops),
                "beside_usd": None if beside_ops is None else one_value(alternative, "computed", f"second basis for {entity}"),
                "beside_operands": beside_ops,
                "beside_basis": None if beside_ops is None else basis_of(ledger, beside_ops),
                "unconfirmed_input": bool(primary["unconfirmed_input"].any()),
            }
        )
    if not rows:
        raise ValueError("no primary hindsight check on a company's plan")
    company_total = total(r["actual_usd"] for r in rows)
    aged = total_aged(ledger, hindsight, rate)
    if company_total != aged.actual_usd:
        raise ValueError(f"the companies' actuals add up to {company_total}, the total's check to {aged.actual_usd}")
    rows.append(
        {
            "entity": TOTAL_ROW,
            "period_start": min(r["period_start"] for r in rows),
            "period_end": max(r["period_end"] for r in rows),
            "printed": aged.printed,
            "plan_usd": total(r["plan_usd"] for r in rows),
            "guidance_low_usd": total(r["guidance_low_usd"] for r in rows),
            "guidance_high_usd": total(r["guidance_high_usd"] for r in rows),
            "guidance_refs": "",
            "revisions": None,
            "actual_usd": aged.actual_usd,
            "actual_operands": aged.actual_operands,
            "basis": "mixed",
            "beside_usd": aged.calendar_usd,
            "beside_operands": aged.calendar_operands,
            "beside_basis": "calendar",
            "unconfirmed_input": any(r["unconfirmed_input"] for r in rows),
        }
    )
    frame = pd.DataFrame(rows, dtype=object)
    frame["diff_usd"] = [CTX.subtract(a, p) for a, p in zip(frame["actual_usd"], frame["plan_usd"], strict=True)]
    frame["diff_krw"] = [CTX.multiply(d, rate.rate) for d in frame["diff_usd"]]
    frame["diff_pct"] = [percent(d, p) for d, p in zip(frame["diff_usd"], frame["plan_usd"], strict=True)]
    frame["rate"] = [rate] * len(frame)
    return frame


def _check_same_basis(entity: str, earlier: set[str | None], later: set[str | None]) -> str:
    if earlier != later or len(later) != 1 or None in later:
        raise BasisError(f"{entity}: {sorted(map(str, later))} against {sorted(map(str, earlier))}: compare one line item")
    (basis,) = later
    assert basis is not None
    return basis


def growth(ledger: Ledger, hindsight: pd.DataFrame, role: str = PRIMARY) -> pd.DataFrame:
    """Each company's spending over the year before, from the change check's two groups of operands,
    company by company; BasisError if a company's two years are not on one line item."""
    check = checks_rows(hindsight, topic=CHANGE, role=role, unit="USD")
    text = written(ledger, check, f"the {role} change check")
    parsed = operands.parse(text, "difference")
    assert parsed.right is not None
    sides: list[dict[str, dict[str, Any]]] = []
    for group in (parsed.left, parsed.right):
        by_entity: dict[str, dict[str, Any]] = {}
        for token in group:
            op = resolve(ledger, token, {}, "growth")
            basis = records(ledger)[token.key]["basis"] if token.kind == "out" else ledger.reference_basis(token.key)
            entry = by_entity.setdefault(op.entity, {"usd": Decimal(0), "bases": set(), "ids": []})
            entry["usd"] = CTX.add(entry["usd"], op.value)
            entry["bases"].add(basis)
            entry["ids"].append(token.key)
        sides.append(by_entity)
    later, earlier = sides
    rows = []
    for entity in later:
        basis = _check_same_basis(entity, earlier[entity]["bases"], later[entity]["bases"])
        rows.append(
            {
                "entity": entity,
                "basis": basis,
                "earlier_usd": earlier[entity]["usd"],
                "later_usd": later[entity]["usd"],
                "earlier_ids": " ".join(earlier[entity]["ids"]),
                "later_ids": " ".join(later[entity]["ids"]),
            }
        )
    rows.append(
        {
            "entity": TOTAL_ROW,
            "basis": "mixed",
            "earlier_usd": total(r["earlier_usd"] for r in rows),
            "later_usd": total(r["later_usd"] for r in rows),
            "earlier_ids": "",
            "later_ids": "",
        }
    )
    frame = pd.DataFrame(rows, dtype=object)
    frame["change_usd"] = [CTX.subtract(b, a) for a, b in zip(frame["earlier_usd"], frame["later_usd"], strict=True)]
    frame["growth_pct"] = [percent(c, a) for c, a in zip(frame["change_usd"], frame["earlier_usd"], strict=True)]
    return frame
