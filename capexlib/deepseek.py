"""DeepSeek's training cost: what the articles print, the report's own arithmetic, and the comparisons.

Two articles print the cost: 머니투데이 (mt) gives $5.576M for DeepSeek-V3 and "a tenth of Llama 3";
디지털데일리 (dd) gives $5.58M for DeepSeek-R1 and "a tenth of ChatGPT". The DeepSeek-V3 technical
report's figure is GPU-hours times an assumed rental price. This module rebuilds it and prices the
comparisons, all from data/ (rows chosen by entity, metric and unit, or through data/checks.csv):

- `cost_claims`: each printed cost, the model it is attributed to, and its KRW at the run's rate;
- `krw_audit` and `krw_gap`: why the two printed KRW figures differ (rate and dollar figure);
- `stage_table` and `reconcile`: the report's stage GPU-hours, their sum, and GPU-hours x price;
- `comparisons`: every ratio check on the topic, priced per GPU type (H800 for DeepSeek, H100 for Llama);
- `caveats` and `scale`: what the figure leaves out and how small it is next to the US four's capex;
- `price_grid`, `sensitivity` and `sensitivity_chart`: the cost and the ratios over the H800 price.

Money is Decimal; the chart alone uses floats.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import matplotlib.pyplot as plt
import pandas as pd

from . import totals
from .audit import implied_rate_audit
from .checks import article_rates
from .fx import FxScenario
from .ledger import Ledger

TOPIC = "deepseek"
COST_METRIC = "development cost"  # how the ledger names the printed cost figures
V3 = "DeepSeek-V3"
GPU_HOURS = "GPU-hours"  # units of GPU-hour rows end with this ("H800 GPU-hours")
PRICE_UNIT_PREFIX = "USD per "  # the report's rental price row: "USD per H800 GPU-hour"
PRICE_PARAMS = {"H800": "h800_usd_per_gpu_hour", "H100": "h100_usd_per_gpu_hour"}  # GPU type -> run parameter
US_BASIS = "calendar"
# Sensitivity range: from half to twice the run's H800 price, in this many steps (1 to 4 USD by 0.25 at 2).
SWEEP_LOW = Decimal("0.5")
SWEEP_HIGH = Decimal(2)
SWEEP_STEPS = 12
MILLION = Decimal(10) ** 6
HUNDRED = Decimal(100)

_CTX = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)


def _d(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


# --- Display (rounding for reading only; the values stay exact) ------------------------------------

def gpu_hours_text(value) -> str:
    """GPU-hours the way the report writes them: '2,664K' (thousands), or '30.84M' from a million up."""
    if value is None:
        return ""
    v = _d(value)
    if v >= MILLION:
        return f"{_CTX.divide(v, MILLION).normalize():f}M"
    return f"{_CTX.divide(v, Decimal(1000)).normalize():f}K"


def usd_text(value) -> str:
    """USD in millions with the digits the sources use: '$5.576M', '$61.68M', '$1,600M'."""
    if value is None:
        return ""
    v = _CTX.divide(_d(value), MILLION).quantize(Decimal("0.001"), rounding=decimal.ROUND_HALF_UP).normalize()
    return f"${v:,f}M"


def price_text(value) -> str:
    """A price per GPU-hour for reading: '$2.00'."""
    return "" if value is None else f"${_price_text(value)}"


# --- The printed figures --------------------------------------------------------------------------

def _cost_claims(ledger: Ledger) -> list[dict]:
    return [c for c in ledger.records("claims").values()
            if c["entity"].startswith("DeepSeek") and c["metric"] == COST_METRIC and c["currency"] == "USD"]


def cost_claims(ledger: Ledger, fx: FxScenario) -> pd.DataFrame:
    """Each printed training-cost figure: article, model it is attributed to, USD, printed KRW, KRW at the run's rate."""
    claims = ledger.records("claims")
    rows = []
    for c in _cost_claims(ledger):
        krw = [k for k in claims.values() if k["converts_claim_id"] == c["claim_id"]]
        k = krw[0] if krw else None
        day = ledger.article_date(c["article_id"])
        rate = fx.rate_for("USD", "KRW", day, article_rates(ledger).get(c["article_id"], {}))
        rows.append({
            "claim_id": c["claim_id"], "article_id": c["article_id"], "published": day, "model": c["entity"],
            "quote": c["quote"], "usd": c["amount"], "attribution": c["attribution"] or "", "note": c["note"] or "",
            "printed_krw": k["amount"] if k else None, "printed_krw_claim": k["claim_id"] if k else None,
            "printed_krw_qualifier": k["qualifier"] if k else None,
            "krw_at_run_rate": _CTX.multiply(c["amount"], rate.rate), "rate": rate,
        })
    return pd.DataFrame(rows, dtype=object)


def krw_audit(ledger: Ledger, tolerance_pct=Decimal("0.5"), window_days: int = 7) -> pd.DataFrame:
    """The implied-rate audit rows of the printed KRW conversions of the cost figures."""
    audit = implied_rate_audit(ledger, tolerance_pct, window_days)
    ids = {c["claim_id"] for c in _cost_claims(ledger)}
    claims = ledger.records("claims")
    return audit[[claims[cid]["converts_claim_id"] in ids for cid in audit["claim_id"]]]


def krw_gap(ledger: Ledger) -> dict:
    """Why two printed KRW figures for the cost differ: the dollar figure and the rate, exactly.

    With a = the higher KRW print and b = the lower, KRW_a - KRW_b = (USD_a - USD_b) x rate_b
    + USD_a x (rate_a - rate_b), using each article's implied rate (which reproduces its print).
    """
    audit = krw_audit(ledger)
    if len(audit) < 2:
        raise ValueError("need two printed KRW conversions of the cost to compare")
    ordered = audit.sort_values(["printed", "claim_id"])
    low, high = ordered.iloc[0], ordered.iloc[-1]
    from_usd = _CTX.multiply(high["source_amount"] - low["source_amount"], low["implied_rate"])
    from_rate = _CTX.multiply(high["source_amount"], high["implied_rate"] - low["implied_rate"])
    return {
        "high_claim": high["claim_id"], "high_article": high["article_id"], "high_krw": high["printed"],
        "high_usd": high["source_amount"], "high_rate": high["implied_rate"],
        "low_claim": low["claim_id"], "low_article": low["article_id"], "low_krw": low["printed"],
        "low_usd": low["source_amount"], "low_rate": low["implied_rate"],
        "gap_krw": high["printed"] - low["printed"], "from_usd_krw": from_usd, "from_rate_krw": from_rate,
    }


# --- The report's cost table -----------------------------------------------------------------------

def _v3_refs(ledger: Ledger) -> list[dict]:
    return [r for r in ledger.records("reference").values() if r["topic"] == TOPIC and r["entity"] == V3]


def _gpu_type(unit: str) -> str:
    """'H800 GPU-hours' -> 'H800'; 'H100-80GB GPU-hours' -> 'H100'."""
    for gpu in PRICE_PARAMS:
        if unit.startswith(gpu):
            return gpu
    raise ValueError(f"no rental-price parameter for GPU-hours in {unit!r}")


def stage_rows(ledger: Ledger) -> tuple[list[dict], dict]:
    """The report's per-stage GPU-hour rows (file order) and its total row."""
    rows = [r for r in _v3_refs(ledger) if r["unit"].endswith(GPU_HOURS)]
    total = [r for r in rows if "(total)" in r["metric"]]
    if len(total) != 1:
        raise ValueError(f"expected one total GPU-hours row for {V3}, found {len(total)}")
    return [r for r in rows if r is not total[0]], total[0]


def report_price(ledger: Ledger) -> dict:
    """The report's assumed rental price row (USD per GPU-hour)."""
    found = [r for r in _v3_refs(ledger) if r["unit"].startswith(PRICE_UNIT_PREFIX)]
    if len(found) != 1:
        raise ValueError(f"expected one rental-price row for {V3}, found {len(found)}")
    return found[0]


def report_cost(ledger: Ledger) -> dict:
    """The report's training cost row (USD)."""
    found = [r for r in _v3_refs(ledger) if r["unit"] == "USD" and r["metric"].startswith("training cost")]
    if len(found) != 1:
        raise ValueError(f"expected one training-cost row for {V3}, found {len(found)}")
    return found[0]


def _stage_name(metric: str) -> str:
    return metric[metric.index("(") + 1:metric.rindex(")")] if "(" in metric else metric


def stage_table(ledger: Ledger, usd_per_gpu_hour) -> pd.DataFrame:
    """Stage by stage: GPU-hours, price, cost; then the sum of the stages and the report's totals."""
    price = _d(usd_per_gpu_hour)
    stages, total = stage_rows(ledger)
    rows = [{"stage": _stage_name(r["metric"]), "ref_id": r["ref_id"], "gpu_hours": r["value"], "usd_per_gpu_hour": price,
             "cost_usd": _CTX.multiply(r["value"], price), "source_quote": r["source_quote"]} for r in stages]
    stage_sum = sum((r["gpu_hours"] for r in rows), Decimal(0))
    rows.append({"stage": "sum of the stages", "ref_id": "", "gpu_hours": stage_sum, "usd_per_gpu_hour": price,
                 "cost_usd": _CTX.multiply(stage_sum, price), "source_quote": ""})
    rows.append({"stage": "report total", "ref_id": total["ref_id"], "gpu_hours": total["value"], "usd_per_gpu_hour": price,
                 "cost_usd": _CTX.multiply(total["value"], price), "source_quote": total["source_quote"]})
    cost = report_cost(ledger)
    rows.append({"stage": "report's stated cost", "ref_id": cost["ref_id"], "gpu_hours": None, "usd_per_gpu_hour": None,
                 "cost_usd": cost["value"], "source_quote": cost["source_quote"]})
    return pd.DataFrame(rows, dtype=object)


def reconcile(ledger: Ledger, usd_per_gpu_hour) -> dict:
    """Do the stages sum to the total, and does total x price give the report's cost?"""
    price = _d(usd_per_gpu_hour)
    stages, total = stage_rows(ledger)
    stage_sum = sum((r["value"] for r in stages), Decimal(0))
    assumed = report_price(ledger)
    cost = report_cost(ledger)
    rebuilt = _CTX.multiply(total["value"], price)
    at_report_price = _CTX.multiply(total["value"], assumed["value"])
    return {
        "stage_sum_gpu_hours": stage_sum, "total_gpu_hours": total["value"], "stages_sum_to_total": stage_sum == total["value"],
        "price": price, "rebuilt_cost_usd": rebuilt, "report_cost_usd": cost["value"],
        "report_price": assumed["value"], "report_price_basis": assumed["line_item_or_basis"],
        "rebuilt_at_report_price_usd": at_report_price, "report_reproduced": at_report_price == cost["value"],
        "rebuilt_matches_report": rebuilt == cost["value"],
    }


# --- Comparisons (through the checks table) -----------------------------------------------------------

def _operand(ledger: Ledger, token: str) -> dict:
    kind, _, key = token.partition(":")
    if kind == "ref":
        r = ledger.reference_row(key)
        return {"token": token, "label": r["entity"], "value": r["value"], "unit": r["unit"], "basis": r["line_item_or_basis"] or ""}
    if kind == "claim":
        c = ledger.claim(key)
        return {"token": token, "label": f"{c['entity']} (as printed)", "value": c["amount"], "unit": c["currency"], "basis": ""}
    raise ValueError(f"unsupported operand {token!r}")


def _priced(op: dict, prices: dict[str, Decimal]) -> Decimal:
    """An operand in USD: GPU-hours times its GPU type's rental price, or a USD amount as it is."""
    if op["unit"].endswith(GPU_HOURS):
        return _CTX.multiply(op["value"], prices[_gpu_type(op["unit"])])
    if op["unit"] == "USD":
        return op["value"]
    raise ValueError(f"cannot price {op['token']} in {op['unit']!r}")


def comparisons(ledger: Ledger, h800_usd_per_gpu_hour, h100_usd_per_gpu_hour) -> pd.DataFrame:
    """Every 'x of y' claim on the topic, as its checks read it, priced at the given GPU-hour prices.

    For GPU-hour operands the cost ratio is (GPU-hours x price) / (GPU-hours x price); at equal
    prices it equals the GPU-hour ratio the checks table evaluates. Unverifiable checks are listed
    with their reason.
    """
    prices = {"H800": _d(h800_usd_per_gpu_hour), "H100": _d(h100_usd_per_gpu_hour)}
    claims = ledger.records("claims")
    rows = []
    for check in ledger.records("checks").values():
        claim = claims[check["claim_id"]]
        if check["topic"] != TOPIC or claim["currency"] != "ratio":
            continue
        row = {"check_id": check["check_id"], "role": check["role"], "claim_id": claim["claim_id"],
               "article_id": claim["article_id"], "printed": claim["amount"], "relation": check["relation"],
               "numerator": "", "numerator_gpu_hours": None, "numerator_usd": None,
               "denominator": "", "denominator_gpu_hours": None, "denominator_usd": None, "denominator_basis": "",
               "gpu_hour_ratio": None, "cost_ratio": None, "tolerance_pct": check["tolerance_pct"], "note": check["note"]}
        if check["relation"] == "ratio":
            tokens = (check["operands"] or "").split()
            cut = tokens.index("/")
            num = [_operand(ledger, t) for t in tokens[:cut]]
            den = [_operand(ledger, t) for t in tokens[cut + 1:]]
            num_usd = sum((_priced(o, prices) for o in num), Decimal(0))
            den_usd = sum((_priced(o, prices) for o in den), Decimal(0))
            gpu = all(o["unit"].endswith(GPU_HOURS) for o in num + den)
            num_h = sum((o["value"] for o in num), Decimal(0)) if gpu else None
            den_h = sum((o["value"] for o in den), Decimal(0)) if gpu else None
            row.update(numerator=" + ".join(o["label"] for o in num), numerator_gpu_hours=num_h, numerator_usd=num_usd,
                       denominator=" + ".join(o["label"] for o in den), denominator_gpu_hours=den_h, denominator_usd=den_usd,
                       denominator_basis="; ".join(o["basis"] for o in den if o["basis"]),
                       gpu_hour_ratio=_CTX.divide(num_h, den_h) if gpu else None,
                       cost_ratio=_CTX.divide(num_usd, den_usd))
        rows.append(row)
    return pd.DataFrame(rows, dtype=object)


def gpu_hour_comparisons(ledger: Ledger, h800_usd_per_gpu_hour, h100_usd_per_gpu_hour) -> pd.DataFrame:
    """The comparisons whose both sides are GPU-hours (DeepSeek-V3 against the Llama readings)."""
    frame = comparisons(ledger, h800_usd_per_gpu_hour, h100_usd_per_gpu_hour)
    return frame[frame["gpu_hour_ratio"].notna()].reset_index(drop=True)


# --- What the figure leaves out, and its scale --------------------------------------------------------

def caveats(ledger: Ledger) -> pd.DataFrame:
    """The report's own words on what its cost is: the price assumption and what it excludes."""
    rows = []
    for r in (report_price(ledger), report_cost(ledger)):
        rows.append({"ref_id": r["ref_id"], "what": r["metric"], "value": r["value"], "unit": r["unit"],
                     "basis": r["line_item_or_basis"], "source_quote": r["source_quote"], "source_url": r["source_url"]})
    return pd.DataFrame(rows, dtype=object)


def scale(ledger: Ledger) -> pd.DataFrame:
    """Each DeepSeek USD figure in the reference as a share of the US four's 2024 actuals and 2025 plans."""
    change = totals.change_by_company(ledger, US_BASIS)
    total = change[change["entity"] == "Total (four)"].iloc[0]
    rows = []
    for r in ledger.records("reference").values():
        if r["topic"] != TOPIC or r["unit"] != "USD":
            continue
        estimate = "estimate" in (r["confidence"] or "") or "estimate" in (r["line_item_or_basis"] or "")
        rows.append({
            "ref_id": r["ref_id"], "entity": r["entity"], "what": r["metric"], "usd": r["value"],
            "kind": "analyst estimate" if estimate else "company report", "basis": r["line_item_or_basis"] or "",
            "confidence": r["confidence"], "source_url": r["source_url"],
            "share_of_us4_2025_plans_pct": _CTX.multiply(_CTX.divide(r["value"], total["plan_2025_usd"]), HUNDRED),
            "share_of_us4_2024_actual_pct": _CTX.multiply(_CTX.divide(r["value"], total["actual_2024_usd"]), HUNDRED),
            "us4_2025_plans_times": _CTX.divide(total["plan_2025_usd"], r["value"]),
        })
    frame = pd.DataFrame(rows, dtype=object)
    frame.attrs["us4_2025_plans_usd"] = total["plan_2025_usd"]
    frame.attrs["us4_2024_actual_usd"] = total["actual_2024_usd"]
    return frame


# --- Sensitivity to the rental price -------------------------------------------------------------------

def price_grid(center) -> list[Decimal]:
    """H800 prices from SWEEP_LOW x to SWEEP_HIGH x the run's price, in SWEEP_STEPS equal steps."""
    c = _d(center)
    low, high = _CTX.multiply(c, SWEEP_LOW), _CTX.multiply(c, SWEEP_HIGH)
    step = _CTX.divide(high - low, Decimal(SWEEP_STEPS))
    return [low + step * i for i in range(SWEEP_STEPS + 1)]


def sensitivity(ledger: Ledger, h800_prices, h100_usd_per_gpu_hour) -> pd.DataFrame:
    """Per H800 price: DeepSeek-V3's cost and its cost ratio against each Llama reading (H100 price fixed)."""
    readings = gpu_hour_comparisons(ledger, 1, h100_usd_per_gpu_hour)
    _, total = stage_rows(ledger)
    rows = []
    for price in h800_prices:
        price = _d(price)
        cost = _CTX.multiply(total["value"], price)
        for _, r in readings.iterrows():
            rows.append({"h800_usd_per_gpu_hour": price, "dsv3_cost_usd": cost, "check_id": r["check_id"], "role": r["role"],
                         "against": r["denominator"], "against_usd": r["denominator_usd"],
                         "cost_ratio": _CTX.divide(_CTX.multiply(r["numerator_gpu_hours"], price), r["denominator_usd"]),
                         "printed": r["printed"], "tolerance_pct": r["tolerance_pct"]})
    return pd.DataFrame(rows, dtype=object)


def break_even_prices(ledger: Ledger, h100_usd_per_gpu_hour) -> pd.DataFrame:
    """The H800 price at which each Llama reading's cost ratio would be exactly the printed figure."""
    readings = gpu_hour_comparisons(ledger, 1, h100_usd_per_gpu_hour)
    rows = []
    for _, r in readings.iterrows():
        price = _CTX.divide(_CTX.multiply(r["printed"], r["denominator_usd"]), r["numerator_gpu_hours"])
        rows.append({"check_id": r["check_id"], "role": r["role"], "against": r["denominator"], "printed": r["printed"],
                     "h800_price_for_printed_ratio": price})
    return pd.DataFrame(rows, dtype=object)


def sensitivity_chart_alt(ledger: Ledger, h800_usd_per_gpu_hour, h100_usd_per_gpu_hour) -> str:
    """The chart's alt text, from the same numbers it draws (rounded for reading)."""
    prices = price_grid(h800_usd_per_gpu_hour)
    _, total = stage_rows(ledger)
    low, high = prices[0], prices[-1]
    cost = report_cost(ledger)["value"]
    parts = []
    for _, r in break_even_prices(ledger, h100_usd_per_gpu_hour).iterrows():
        p = r["h800_price_for_printed_ratio"]
        where = "within" if low <= p <= high else "outside"
        parts.append(f"against {r['against']} the ratio equals the printed {r['printed'].normalize():f} at "
                     f"{_price_text(p)} USD per GPU-hour ({where} the range shown)")
    return (f"Two line charts over the H800 rental price from {_price_text(low)} to {_price_text(high)} USD per GPU-hour. "
            f"Left: DeepSeek-V3's training cost rises linearly from {usd_text(total['value'] * low)} to "
            f"{usd_text(total['value'] * high)}, passing the report's {usd_text(cost)} at its assumed "
            f"{_price_text(report_price(ledger)['value'])} USD. Right: its cost over Llama's, Llama at "
            f"{_price_text(_d(h100_usd_per_gpu_hour))} USD per H100 GPU-hour; " + "; ".join(parts) + ".")


def _price_text(value: Decimal) -> str:
    return f"{_d(value).quantize(Decimal('0.01'), rounding=decimal.ROUND_HALF_UP)}"


def sensitivity_chart(ledger: Ledger, h800_usd_per_gpu_hour, h100_usd_per_gpu_hour):
    """Two panels over the H800 price: DeepSeek-V3's cost (USD million), and its cost ratio against
    each Llama reading with the printed 'one tenth' and its tolerance band."""
    from .charts import source_note

    prices = price_grid(h800_usd_per_gpu_hour)
    frame = sensitivity(ledger, prices, h100_usd_per_gpu_hour)
    assumed = report_price(ledger)["value"]
    stated = report_cost(ledger)["value"]
    xs = [float(p) for p in prices]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.4))

    costs = [float(c / MILLION) for c in frame.drop_duplicates("h800_usd_per_gpu_hour")["dsv3_cost_usd"]]
    left.plot(xs, costs, color="#d62728", marker="o", markersize=3)
    left.plot([float(assumed)], [float(stated / MILLION)], marker="*", markersize=12, color="black", linestyle="none",
              label=f"the report: {float(assumed):.2f} USD per GPU-hour gives {float(stated / MILLION):.3f} M USD")
    left.set_xlabel("H800 rental price, USD per GPU-hour")
    left.set_ylabel("DeepSeek-V3 training cost, USD million")
    left.set_title("딥시크-V3 학습비용 (final training run, rental-equivalent)")
    left.set_ylim(0, max(costs) * 1.15)
    left.legend(fontsize=8, loc="upper left")
    left.grid(color="#dddddd", linewidth=0.6)

    colours = ["#4c72b0", "#7f7f7f", "#2ca02c", "#9467bd"]
    styles = ["-", "--", ":", "-."]
    printed = None
    tolerance = None
    for i, (check_id, sub) in enumerate(frame.groupby("check_id", sort=False)):
        first = sub.iloc[0]
        printed, tolerance = first["printed"], first["tolerance_pct"]
        right.plot(xs, [float(v) for v in sub["cost_ratio"]], linestyle=styles[i % len(styles)],
                   color=colours[i % len(colours)], linewidth=2 if first["role"] == "primary" else 1.3,
                   label=f"vs {first['against']}" + (" (primary reading)" if first["role"] == "primary" else ""))
    if printed is not None:
        band = float(printed) * float(tolerance or 0) / 100
        right.axhspan(float(printed) - band, float(printed) + band, color="#f2c14e", alpha=0.35,
                      label=f"printed 1/{float(1 / printed):.0f} +/- {float(tolerance or 0):.0f}%")
        right.axhline(float(printed), color="#b8860b", linewidth=1)
    right.axvline(float(_d(h800_usd_per_gpu_hour)), color="#999999", linewidth=0.8)
    right.set_xlabel("H800 rental price, USD per GPU-hour")
    right.set_ylabel("DeepSeek-V3 cost / Llama cost (ratio)")
    right.set_title(f"라마 대비 비용 비율 (Llama priced at {float(_d(h100_usd_per_gpu_hour)):.2f} USD per H100 GPU-hour)",
                    fontsize=10)
    right.set_ylim(0, None)
    right.legend(fontsize=7, loc="upper left")
    right.grid(color="#dddddd", linewidth=0.6)
    source_note(left, "Sources: data/reference.csv - DeepSeek-V3 technical report (arXiv 2412.19437) Table 1; "
                      "Llama 3 and 3.1 model cards (GPU-hours); data/checks.csv (readings of '10분의 1')")
    fig.tight_layout()
    return fig
