"""The "x of y" claims on DeepSeek, as their checks read them (data/checks.csv), priced per GPU type; and the
training run's scale against the other DeepSeek figures and the US four's capex."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ...core.ledger import Ledger
from ...core.numbers import CTX, Number, percent, ratio, total
from ...core.phrase import N_, DataText, joined, phrase, word
from ...core.resolve import Operand, parsed_operands, resolve
from .. import totals
from .report import ESTIMATE, GPU_HOURS, TOPIC, exact_price, gpu_type, report_cost


def _priced(op: Operand, prices: dict[str, Decimal]) -> Decimal:
    """An operand in USD: GPU-hours times its GPU type's rental price, or a USD amount as it is."""
    if op.unit.endswith(GPU_HOURS):
        return CTX.multiply(op.value, prices[gpu_type(op.unit)])
    if op.unit == "USD":
        return op.value
    raise ValueError(f"cannot price {op.token} in {op.unit!r}")


def _label(op: Operand) -> str:
    entity = DataText(op.entity, "entities", "entity")
    return entity if op.token.lstrip("-").startswith("ref:") else phrase(N_("%(entity)s (as printed)"), entity=entity)


def comparisons(ledger: Ledger, h800_usd_per_gpu_hour: Number, h100_usd_per_gpu_hour: Number) -> pd.DataFrame:
    """Every 'x of y' claim on the topic, as its checks read it, priced at the given GPU-hour prices.

    For GPU-hour operands the cost ratio is (GPU-hours x price) / (GPU-hours x price); at equal
    prices it equals the GPU-hour ratio the checks table evaluates. Unverifiable checks are listed
    with their reason.
    """
    prices = {
        "H800": exact_price(h800_usd_per_gpu_hour, "h800_usd_per_gpu_hour"),
        "H100": exact_price(h100_usd_per_gpu_hour, "h100_usd_per_gpu_hour"),
    }
    claims = ledger.records("claims")
    rows = []
    for check in ledger.records("checks").values():
        claim = claims[check["claim_id"]]
        if check["topic"] != TOPIC or claim["currency"] != "ratio":
            continue
        row = {
            "check_id": check["check_id"],
            "role": check["role"],
            "claim_id": claim["claim_id"],
            "article_id": claim["article_id"],
            "printed": claim["amount"],
            "relation": check["relation"],
            "numerator": "",
            "numerator_gpu_hours": None,
            "numerator_usd": None,
            "denominator": "",
            "denominator_gpu_hours": None,
            "denominator_usd": None,
            "denominator_basis": "",
            "gpu_hour_ratio": None,
            "cost_ratio": None,
            "tolerance_pct": check["tolerance_pct"],
            "note": check["note"],
        }
        if check["relation"] == "ratio":
            parsed = parsed_operands(check)
            num = [resolve(ledger, t, {}, check["check_id"]) for t in parsed.left]
            den = [resolve(ledger, t, {}, check["check_id"]) for t in parsed.right or ()]
            num_usd = total(_priced(o, prices) for o in num)
            den_usd = total(_priced(o, prices) for o in den)
            gpu = all(o.unit.endswith(GPU_HOURS) for o in num + den)
            num_h = total(o.value for o in num) if gpu else None
            den_h = total(o.value for o in den) if gpu else None
            row.update(
                numerator=joined([_label(o) for o in num], " + "),
                numerator_gpu_hours=num_h,
                numerator_usd=num_usd,
                denominator=joined([_label(o) for o in den], " + "),
                denominator_gpu_hours=den_h,
                denominator_usd=den_usd,
                denominator_basis=joined([DataText(o.basis, "reference", "line_item_or_basis") for o in den if o.basis], "; "),
                gpu_hour_ratio=ratio(num_h, den_h) if num_h is not None and den_h is not None else None,
                cost_ratio=ratio(num_usd, den_usd),
            )
        rows.append(row)
    return pd.DataFrame(rows, dtype=object)


def gpu_hour_comparisons(ledger: Ledger, h800_usd_per_gpu_hour: Number, h100_usd_per_gpu_hour: Number) -> pd.DataFrame:
    """The comparisons whose both sides are GPU-hours (DeepSeek-V3 against the Llama readings)."""
    frame = comparisons(ledger, h800_usd_per_gpu_hour, h100_usd_per_gpu_hour)
    return frame[frame["gpu_hour_ratio"].notna()].reset_index(drop=True)


def money_comparisons(ledger: Ledger, h800_usd_per_gpu_hour: Number, h100_usd_per_gpu_hour: Number) -> pd.DataFrame:
    """The other comparisons: against a cost stated in dollars (ChatGPT's, known only as a bound) or none."""
    frame = comparisons(ledger, h800_usd_per_gpu_hour, h100_usd_per_gpu_hour)
    return frame[frame["gpu_hour_ratio"].isna()].reset_index(drop=True)


def scale(ledger: Ledger) -> pd.DataFrame:
    """Each DeepSeek USD figure in the reference as a multiple of the report's training-run cost, and as a
    share of the US four's 2024 actuals (on the like-for-like basis of data/capex_bases.csv) and 2025 plans."""
    basis = totals.like_for_like_basis(ledger)
    four = totals.four_total(totals.change_by_company(ledger, basis.basis_id))
    training_run = report_cost(ledger)["value"]
    rows = []
    for r in ledger.records("reference").values():
        if r["topic"] != TOPIC or r["unit"] != "USD":
            continue
        estimate = r["kind"] == ESTIMATE
        rows.append(
            {
                "ref_id": r["ref_id"],
                "entity": r["entity"],
                "what": r["metric"],
                "usd": r["value"],
                "kind": word(N_("analyst estimate")) if estimate else word(N_("company report")),
                "basis": r["line_item_or_basis"] or "",
                "confidence": r["confidence"],
                "source_url": r["source_url"],
                "share_of_us4_2025_plans_pct": percent(r["value"], four.plan_2025_usd),
                "share_of_us4_2024_actual_pct": percent(r["value"], four.actual_2024_usd),
                "us4_2025_plans_times": ratio(four.plan_2025_usd, r["value"]),
                "training_run_times": ratio(r["value"], training_run),
            }
        )
    frame = pd.DataFrame(rows, dtype=object)
    frame.attrs["us4_2025_plans_usd"] = four.plan_2025_usd
    frame.attrs["us4_2024_actual_usd"] = four.actual_2024_usd
    frame.attrs["us4_2024_basis"] = basis.label
    return frame
