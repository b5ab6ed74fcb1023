"""The headline figures of a run: a few numbers a reader quotes, computed from the data under the run's
parameters (no notebook needed, so `capex sweep` can recompute them across a range of rates).
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import pandas as pd

from .checks import VERDICTS, evaluate_checks, verdict_counts
from .fx import FxScenario
from .ledger import Ledger, load_ledger
from .params import RunParams
from .totals import change_by_company, guidance_total, total_rate

_CTX = decimal.Context(prec=28)
BAT_ENTITY = "Baidu, Alibaba, Tencent"  # how the ledger names the three together


def bat_half_year(ledger: Ledger) -> tuple[Decimal, str, str]:
    """The BAT combined H1 2024 capex from the reference, and the article that reports it."""
    refs = [r for r in ledger.records("reference").values()
            if r["entity"] == BAT_ENTITY and r["period_start"] is not None
            and r["period_start"].isoformat() == "2024-01-01" and r["period_basis"] == "half_year"]
    if len(refs) != 1:
        raise ValueError(f"expected one reference row for {BAT_ENTITY} in H1 2024, found {len(refs)}")
    articles = sorted({c["article_id"] for c in ledger.records("claims").values() if c["entity"] == BAT_ENTITY})
    return refs[0]["value"], refs[0]["unit"], articles[0]


def deepseek_v3_cost(ledger: Ledger, usd_per_gpu_hour: Decimal) -> Decimal:
    """DeepSeek-V3's final training run: total H800 GPU-hours (reference) times the rental price."""
    refs = [r for r in ledger.records("reference").values()
            if r["entity"] == "DeepSeek-V3" and r["metric"] == "training GPU-hours (total)"]
    return _CTX.multiply(refs[0]["value"], usd_per_gpu_hour)


def headline_figures(params: RunParams, ledger: Ledger | None = None, verdicts: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per headline figure: id, label, value (exact, as text), unit.

    Pass the run's ledger and evaluated checks when they are at hand, so they are not built twice.
    """
    ledger = ledger or load_ledger(params["data_dir"] or None)
    fx: FxScenario = params.fx()
    krw = total_rate(ledger, fx)
    plans = guidance_total(ledger, krw).set_index("bound")
    calendar = change_by_company(ledger, "calendar").set_index("entity").loc["Total (four)"]
    bat_cny, bat_unit, bat_article = bat_half_year(ledger)
    cny_usd = fx.rate_for(bat_unit, "USD", ledger.article_date(bat_article))
    if verdicts is None:
        verdicts = evaluate_checks(ledger, fx, params.tolerance, params.values)
    counts = verdict_counts(verdicts)["checks"]
    rows = [
        ("us4_2025_plan_usd", "US four: 2025 capex plans (guidance, high end)", plans.loc["high", "usd"], "USD"),
        ("us4_2025_plan_krw", f"US four: 2025 plans in KRW at {krw.describe()}", plans.loc["high", "krw"], "KRW"),
        ("us4_2025_plan_low_usd", "US four: 2025 capex plans (guidance, low end)", plans.loc["low", "usd"], "USD"),
        ("us4_2024_usd", "US four: calendar-2024 capex (filings)", calendar["actual_2024_usd"], "USD"),
        ("us4_change_usd", "US four: 2025 plans minus calendar-2024 capex", calendar["change_usd"], "USD"),
        ("bat_2024h1_cny", "Baidu, Alibaba, Tencent: H1 2024 capex", bat_cny, bat_unit),
        ("bat_2024h1_usd", f"Baidu, Alibaba, Tencent: H1 2024 capex in USD at {cny_usd.describe()}",
         _CTX.multiply(bat_cny, cny_usd.rate), "USD"),
        ("deepseek_v3_cost_usd", f"DeepSeek-V3 final training run at {params['h800_usd_per_gpu_hour']} USD per H800 GPU-hour",
         deepseek_v3_cost(ledger, Decimal(str(params["h800_usd_per_gpu_hour"]))), "USD"),
    ]
    rows += [(f"verdicts_{v.replace(' ', '_')}", f"claims judged: {v}", Decimal(int(counts[v])), "claims") for v in VERDICTS]
    return pd.DataFrame([{"id": i, "label": label, "value": f"{value:f}", "unit": unit} for i, label, value, unit in rows])
