"""DeepSeek's training cost: what the articles print, the report's own arithmetic, and the comparisons.

Two seed articles print the cost: 머니투데이 (mt) gives $5.576M for DeepSeek-V3 and "a tenth of Llama 3";
디지털데일리 (dd) gives $5.58M for DeepSeek-R1 and "a tenth of ChatGPT". Any number of articles may print
such figures: each is judged and shown, one row per article. The DeepSeek-V3 technical
report's figure is GPU-hours times an assumed rental price. This module rebuilds it and prices the
comparisons, all from data/ (rows chosen by entity, metric and unit, or through data/checks.csv):

- `cost_claims`: each printed cost, the model it is attributed to, and its KRW at the run's rate;
- `krw_audit` and `krw_comparison`: why the printed KRW figures differ (rate and dollar figure),
  one row per article that prints one;
- `stage_table` and `reconcile`: the report's stage GPU-hours, their sum, and GPU-hours x price;
- `comparisons`: every ratio check on the topic, priced per GPU type (H800 for DeepSeek, H100 for Llama);
- `caveats` and `scale`: what the figure leaves out and how small it is next to the US four's capex;
- `price_grid`, `sensitivity` and `break_even_prices`: the cost and the ratios over the H800 price.

Money is Decimal; the chart (capexlib.report.charts) alone uses floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ..core.conversions import printed_conversion, rate_for_article
from ..core.fx import FxScenario
from ..core.ledger import Ledger
from ..core.numbers import CTX, Number, percent, ratio, to_decimal, total
from ..core.resolve import Operand, parsed_operands, resolve
from . import totals
from .rates import implied_rate_audit

TOPIC = "deepseek"
COST_METRIC = "development cost"  # how the ledger names the printed cost figures
V3 = "DeepSeek-V3"
GPU_HOURS = "GPU-hours"  # units of GPU-hour rows end with this ("H800 GPU-hours")
# reference.csv kinds of the report's rows: the stages' GPU-hours (part) and their total, the rental price it
# assumes, the cost it states; and an outside analyst's estimate.
PART, TOTAL, ASSUMPTION, COST, ESTIMATE = "part", "total", "assumption", "cost", "estimate"
PRICE_PARAMS = {"H800": "h800_usd_per_gpu_hour", "H100": "h100_usd_per_gpu_hour"}  # GPU type -> run parameter
# Sensitivity range: from half to twice the run's H800 price, in this many steps (1 to 4 USD by 0.25 at 2).
SWEEP_LOW = Decimal("0.5")
SWEEP_HIGH = Decimal(2)
SWEEP_STEPS = 12


def _price(value: object, name: str) -> Decimal:
    """A price parameter made exact. Functions take prices as `Number`; the few the charts and the command
    line call with a run parameter as the run holds it (`sensitivity`, `break_even_prices`, `price_grid`,
    `v3_cost`) take any object and make it exact here first."""
    return to_decimal(value, name)


# --- The printed figures --------------------------------------------------------------------------


def _cost_claims(ledger: Ledger) -> list[dict[str, Any]]:
    return [
        c
        for c in ledger.records("claims").values()
        if c["entity"].startswith("DeepSeek") and c["metric"] == COST_METRIC and c["currency"] == "USD"
    ]


def cost_claims(ledger: Ledger, fx: FxScenario) -> pd.DataFrame:
    """Each printed training-cost figure: article, model it is attributed to, USD, printed KRW, KRW at the run's rate."""
    rows = []
    for c in _cost_claims(ledger):
        k = printed_conversion(ledger, c)
        rate = rate_for_article(ledger, fx, c["article_id"], "USD", "KRW")
        rows.append(
            {
                "claim_id": c["claim_id"],
                "article_id": c["article_id"],
                "published": ledger.article_date(c["article_id"]),
                "model": c["entity"],
                "quote": c["quote"],
                "usd": c["amount"],
                "attribution": c["attribution"] or "",
                "note": c["note"] or "",
                "printed_krw": k["amount"] if k else None,
                "printed_krw_claim": k["claim_id"] if k else None,
                "printed_krw_qualifier": k["qualifier"] if k else None,
                "krw_at_run_rate": CTX.multiply(c["amount"], rate.rate),
                "rate": rate,
            }
        )
    return pd.DataFrame(rows, dtype=object)


def krw_audit(ledger: Ledger, tolerance_pct: Decimal | float = Decimal("0.5"), window_days: int = 7) -> pd.DataFrame:
    """The implied-rate audit rows of the printed KRW conversions of the cost figures."""
    audit = implied_rate_audit(ledger, tolerance_pct, window_days)
    ids = {c["claim_id"] for c in _cost_claims(ledger)}
    claims = ledger.records("claims")
    return audit[[claims[cid]["converts_claim_id"] in ids for cid in audit["claim_id"]]]


def krw_comparison(ledger: Ledger) -> pd.DataFrame:
    """Every printed KRW figure of the cost (one row per article that prints one), each against the lowest:
    KRW - KRW_low = (USD - USD_low) x rate_low + USD x (rate - rate_low), each rate the article's own
    implied one (which reproduces its print exactly)."""
    audit = krw_audit(ledger).sort_values(["printed", "claim_id"])
    if audit.empty:
        raise ValueError("no printed KRW conversion of a DeepSeek cost figure in the ledger")
    low = audit.iloc[0]
    rows = []
    for _, a in audit.iterrows():
        from_usd = CTX.multiply(CTX.subtract(a["source_amount"], low["source_amount"]), low["implied_rate"])
        from_rate = CTX.multiply(a["source_amount"], CTX.subtract(a["implied_rate"], low["implied_rate"]))
        rows.append(
            {
                "claim_id": a["claim_id"],
                "article_id": a["article_id"],
                "usd": a["source_amount"],
                "implied_rate": a["implied_rate"],
                "printed_krw": a["printed"],
                "gap_krw": CTX.subtract(a["printed"], low["printed"]),
                "from_usd_krw": from_usd,
                "from_rate_krw": from_rate,
                "against": low["claim_id"],
            }
        )
    return pd.DataFrame(rows, dtype=object)


# --- The report's cost table -----------------------------------------------------------------------


def _v3_refs(ledger: Ledger) -> list[dict[str, Any]]:
    return [r for r in ledger.records("reference").values() if r["topic"] == TOPIC and r["entity"] == V3]


def _gpu_type(unit: str) -> str:
    """'H800 GPU-hours' -> 'H800'; 'H100-80GB GPU-hours' -> 'H100'."""
    for gpu in PRICE_PARAMS:
        if unit.startswith(gpu):
            return gpu
    raise ValueError(f"no rental-price parameter for GPU-hours in {unit!r}")


def _one(rows: list[dict[str, Any]], what: str) -> dict[str, Any]:
    if len(rows) != 1:
        raise ValueError(f"expected one {what} row for {V3}, found {len(rows)}")
    return rows[0]


def stage_rows(ledger: Ledger) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The report's per-stage GPU-hour rows (file order) and its total row."""
    rows = [r for r in _v3_refs(ledger) if r["unit"].endswith(GPU_HOURS)]
    total_row = _one([r for r in rows if r["kind"] == TOTAL], "total GPU-hours")
    return [r for r in rows if r["kind"] == PART], total_row


def report_price(ledger: Ledger) -> dict[str, Any]:
    """The report's assumed rental price row (USD per GPU-hour)."""
    return _one([r for r in _v3_refs(ledger) if r["kind"] == ASSUMPTION], "rental-price")


def report_cost(ledger: Ledger) -> dict[str, Any]:
    """The report's training cost row (USD)."""
    return _one([r for r in _v3_refs(ledger) if r["kind"] == COST and r["unit"] == "USD"], "training-cost")


def _stage_name(metric: str) -> str:
    return metric[metric.index("(") + 1 : metric.rindex(")")] if "(" in metric else metric


def stage_table(ledger: Ledger, usd_per_gpu_hour: Number) -> pd.DataFrame:
    """Stage by stage: GPU-hours, price, cost; then the sum of the stages and the report's totals."""
    price = _price(usd_per_gpu_hour, "h800_usd_per_gpu_hour")
    stages, total_row = stage_rows(ledger)
    rows = [
        {
            "stage": _stage_name(r["metric"]),
            "ref_id": r["ref_id"],
            "gpu_hours": r["value"],
            "usd_per_gpu_hour": price,
            "cost_usd": CTX.multiply(r["value"], price),
            "source_quote": r["source_quote"],
        }
        for r in stages
    ]
    stage_sum = total(r["gpu_hours"] for r in rows)
    rows.append(
        {
            "stage": "sum of the stages",
            "ref_id": "",
            "gpu_hours": stage_sum,
            "usd_per_gpu_hour": price,
            "cost_usd": CTX.multiply(stage_sum, price),
            "source_quote": "",
        }
    )
    rows.append(
        {
            "stage": "report total",
            "ref_id": total_row["ref_id"],
            "gpu_hours": total_row["value"],
            "usd_per_gpu_hour": price,
            "cost_usd": CTX.multiply(total_row["value"], price),
            "source_quote": total_row["source_quote"],
        }
    )
    cost = report_cost(ledger)
    rows.append(
        {
            "stage": "report's stated cost",
            "ref_id": cost["ref_id"],
            "gpu_hours": None,
            "usd_per_gpu_hour": None,
            "cost_usd": cost["value"],
            "source_quote": cost["source_quote"],
        }
    )
    return pd.DataFrame(rows, dtype=object)


@dataclass(frozen=True)
class Reconciliation:
    """Do the stages sum to the total, and does total x price give the report's cost?"""

    stage_sum_gpu_hours: Decimal
    total_gpu_hours: Decimal
    stages_sum_to_total: bool
    price: Decimal
    rebuilt_cost_usd: Decimal
    report_cost_usd: Decimal
    report_price: Decimal
    report_price_basis: str
    rebuilt_at_report_price_usd: Decimal
    report_reproduced: bool
    rebuilt_matches_report: bool


def reconcile(ledger: Ledger, usd_per_gpu_hour: Number) -> Reconciliation:
    price = _price(usd_per_gpu_hour, "h800_usd_per_gpu_hour")
    stages, total_row = stage_rows(ledger)
    stage_sum = total(r["value"] for r in stages)
    assumed = report_price(ledger)
    cost = report_cost(ledger)
    rebuilt = CTX.multiply(total_row["value"], price)
    at_report_price = CTX.multiply(total_row["value"], assumed["value"])
    return Reconciliation(
        stage_sum,
        total_row["value"],
        stage_sum == total_row["value"],
        price,
        rebuilt,
        cost["value"],
        assumed["value"],
        assumed["line_item_or_basis"] or "",
        at_report_price,
        at_report_price == cost["value"],
        rebuilt == cost["value"],
    )


# --- Comparisons (through the checks table) -----------------------------------------------------------


def _priced(op: Operand, prices: dict[str, Decimal]) -> Decimal:
    """An operand in USD: GPU-hours times its GPU type's rental price, or a USD amount as it is."""
    if op.unit.endswith(GPU_HOURS):
        return CTX.multiply(op.value, prices[_gpu_type(op.unit)])
    if op.unit == "USD":
        return op.value
    raise ValueError(f"cannot price {op.token} in {op.unit!r}")


def _label(op: Operand) -> str:
    return op.entity if op.token.lstrip("-").startswith("ref:") else f"{op.entity} (as printed)"


def comparisons(ledger: Ledger, h800_usd_per_gpu_hour: Number, h100_usd_per_gpu_hour: Number) -> pd.DataFrame:
    """Every 'x of y' claim on the topic, as its checks read it, priced at the given GPU-hour prices.

    For GPU-hour operands the cost ratio is (GPU-hours x price) / (GPU-hours x price); at equal
    prices it equals the GPU-hour ratio the checks table evaluates. Unverifiable checks are listed
    with their reason.
    """
    prices = {
        "H800": _price(h800_usd_per_gpu_hour, "h800_usd_per_gpu_hour"),
        "H100": _price(h100_usd_per_gpu_hour, "h100_usd_per_gpu_hour"),
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
                numerator=" + ".join(_label(o) for o in num),
                numerator_gpu_hours=num_h,
                numerator_usd=num_usd,
                denominator=" + ".join(_label(o) for o in den),
                denominator_gpu_hours=den_h,
                denominator_usd=den_usd,
                denominator_basis="; ".join(o.basis for o in den if o.basis),
                gpu_hour_ratio=ratio(num_h, den_h) if num_h is not None and den_h is not None else None,
                cost_ratio=ratio(num_usd, den_usd),
            )
        rows.append(row)
    return pd.DataFrame(rows, dtype=object)


def gpu_hour_comparisons(ledger: Ledger, h800_usd_per_gpu_hour: Number, h100_usd_per_gpu_hour: Number) -> pd.DataFrame:
    """The comparisons whose both sides are GPU-hours (DeepSeek-V3 against the Llama readings)."""
    frame = comparisons(ledger, h800_usd_per_gpu_hour, h100_usd_per_gpu_hour)
    return frame[frame["gpu_hour_ratio"].notna()].reset_index(drop=True)


# --- What the figure leaves out, and its scale --------------------------------------------------------


def caveats(ledger: Ledger) -> pd.DataFrame:
    """The report's own words on what its cost is: the price assumption and what it excludes."""
    rows = []
    for r in (report_price(ledger), report_cost(ledger)):
        rows.append(
            {
                "ref_id": r["ref_id"],
                "what": r["metric"],
                "value": r["value"],
                "unit": r["unit"],
                "basis": r["line_item_or_basis"],
                "source_quote": r["source_quote"],
                "source_url": r["source_url"],
            }
        )
    return pd.DataFrame(rows, dtype=object)


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
                "kind": "analyst estimate" if estimate else "company report",
                "basis": r["line_item_or_basis"] or "",
                "confidence": r["confidence"],
                "source_url": r["source_url"],
                "share_of_us4_2025_plans_pct": percent(r["value"], four["plan_2025_usd"]),
                "share_of_us4_2024_actual_pct": percent(r["value"], four["actual_2024_usd"]),
                "us4_2025_plans_times": ratio(four["plan_2025_usd"], r["value"]),
                "training_run_times": ratio(r["value"], training_run),
            }
        )
    frame = pd.DataFrame(rows, dtype=object)
    frame.attrs["us4_2025_plans_usd"] = four["plan_2025_usd"]
    frame.attrs["us4_2024_actual_usd"] = four["actual_2024_usd"]
    frame.attrs["us4_2024_basis"] = basis.label
    return frame


# --- Sensitivity to the rental price -------------------------------------------------------------------


def price_grid(center: object) -> list[Decimal]:
    """H800 prices from SWEEP_LOW x to SWEEP_HIGH x the run's price, in SWEEP_STEPS equal steps."""
    c = _price(center, "h800_usd_per_gpu_hour")
    low, high = CTX.multiply(c, SWEEP_LOW), CTX.multiply(c, SWEEP_HIGH)
    step = CTX.divide(CTX.subtract(high, low), Decimal(SWEEP_STEPS))
    return [CTX.add(low, CTX.multiply(step, i)) for i in range(SWEEP_STEPS + 1)]


def sensitivity(ledger: Ledger, h800_prices: list[Decimal], h100_usd_per_gpu_hour: object) -> pd.DataFrame:
    """Per H800 price: DeepSeek-V3's cost and its cost ratio against each Llama reading (H100 price fixed)."""
    readings = gpu_hour_comparisons(ledger, 1, _price(h100_usd_per_gpu_hour, "h100_usd_per_gpu_hour"))
    _, total_row = stage_rows(ledger)
    rows = []
    for price in h800_prices:
        price = _price(price, "h800_usd_per_gpu_hour")
        cost = CTX.multiply(total_row["value"], price)
        for _, r in readings.iterrows():
            rows.append(
                {
                    "h800_usd_per_gpu_hour": price,
                    "dsv3_cost_usd": cost,
                    "check_id": r["check_id"],
                    "role": r["role"],
                    "against": r["denominator"],
                    "against_usd": r["denominator_usd"],
                    "cost_ratio": ratio(CTX.multiply(r["numerator_gpu_hours"], price), r["denominator_usd"]),
                    "printed": r["printed"],
                    "tolerance_pct": r["tolerance_pct"],
                }
            )
    return pd.DataFrame(rows, dtype=object)


def break_even_prices(ledger: Ledger, h100_usd_per_gpu_hour: object) -> pd.DataFrame:
    """The H800 price at which each Llama reading's cost ratio would be exactly the printed figure."""
    readings = gpu_hour_comparisons(ledger, 1, _price(h100_usd_per_gpu_hour, "h100_usd_per_gpu_hour"))
    rows = []
    for _, r in readings.iterrows():
        price = ratio(CTX.multiply(r["printed"], r["denominator_usd"]), r["numerator_gpu_hours"])
        rows.append(
            {
                "check_id": r["check_id"],
                "role": r["role"],
                "against": r["denominator"],
                "printed": r["printed"],
                "h800_price_for_printed_ratio": price,
            }
        )
    return pd.DataFrame(rows, dtype=object)


def v3_cost(ledger: Ledger, usd_per_gpu_hour: object) -> Decimal:
    """DeepSeek-V3's final training run at a rental price: total H800 GPU-hours x price."""
    return reconcile(ledger, _price(usd_per_gpu_hour, "h800_usd_per_gpu_hour")).rebuilt_cost_usd
