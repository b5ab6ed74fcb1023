"""Notebook 04: DeepSeek-V3's training cost over the H800 rental price, and its ratio to Llama's."""

from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt
import pandas as pd

from ...core.numbers import CTX, HUNDRED, ONE, to_decimal
from ...topics.deepseek import Reconciliation
from ..present import number, price_number, usd_text
from .base import MILLION, Chart, source_note

COLOURS = ("#4c72b0", "#7f7f7f", "#2ca02c", "#9467bd")
STYLES = ("-", "--", ":", "-.")


def cost_sensitivity_alt(frame: pd.DataFrame, rec: Reconciliation, even: pd.DataFrame, h100_usd_per_gpu_hour: object) -> str:
    """The sensitivity chart's alt text, from the same numbers it draws (rounded for reading)."""
    costs = frame.drop_duplicates("h800_usd_per_gpu_hour")
    low, high = costs.iloc[0], costs.iloc[-1]
    parts = []
    for _, r in even.iterrows():
        p = r["h800_price_for_printed_ratio"]
        where = "within" if low["h800_usd_per_gpu_hour"] <= p <= high["h800_usd_per_gpu_hour"] else "outside"
        parts.append(
            f"against {r['against']} the ratio equals the printed {r['printed'].normalize():f} at "
            f"{price_number(p)} USD per GPU-hour ({where} the range shown)"
        )
    return (
        f"Two line charts over the H800 rental price from {price_number(low['h800_usd_per_gpu_hour'])} to "
        f"{price_number(high['h800_usd_per_gpu_hour'])} USD per GPU-hour. Left: DeepSeek-V3's training cost rises "
        f"linearly from {usd_text(low['dsv3_cost_usd'])} to {usd_text(high['dsv3_cost_usd'])}, passing the report's "
        f"{usd_text(rec.report_cost_usd)} at its assumed {price_number(rec.report_price)} USD. Right: its cost over Llama's, "
        f"Llama at {price_number(to_decimal(h100_usd_per_gpu_hour))} USD per H100 GPU-hour; " + "; ".join(parts) + "."
    )


def cost_sensitivity(frame: pd.DataFrame, rec: Reconciliation, even: pd.DataFrame, h100_usd_per_gpu_hour: object) -> Chart:
    """Two panels over the H800 price: DeepSeek-V3's cost (USD million), and its cost ratio against each
    Llama reading with the printed 'one tenth' and its tolerance band (`frame`: capexlib.topics.deepseek.
    sensitivity; `rec`: reconcile at the run's price; `even`: break_even_prices)."""
    costs = frame.drop_duplicates("h800_usd_per_gpu_hour")
    xs = [float(p) for p in costs["h800_usd_per_gpu_hour"]]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.4))

    millions = [float(CTX.divide(c, MILLION)) for c in costs["dsv3_cost_usd"]]
    left.plot(xs, millions, color="#d62728", marker="o", markersize=3)
    stated = CTX.divide(rec.report_cost_usd, MILLION)
    left.plot(
        [float(rec.report_price)],
        [float(stated)],
        marker="*",
        markersize=12,
        color="black",
        linestyle="none",
        label=f"the report: {price_number(rec.report_price)} USD per GPU-hour gives {number(stated, 3)} M USD",
    )
    left.set_xlabel("H800 rental price, USD per GPU-hour")
    left.set_ylabel("DeepSeek-V3 training cost, USD million")
    left.set_title("딥시크-V3 학습비용 (final training run, rental-equivalent)")
    left.set_ylim(0, max(millions) * 1.15)
    left.legend(fontsize=8, loc="upper left")
    left.grid(color="#dddddd", linewidth=0.6)

    bands: dict[tuple[Decimal, Decimal], None] = {}  # each printed fraction and its tolerance, once (any number of articles)
    for i, (_, sub) in enumerate(frame.groupby("check_id", sort=False)):
        first = sub.iloc[0]
        bands.setdefault((first["printed"], first["tolerance_pct"] if first["tolerance_pct"] is not None else Decimal(0)))
        right.plot(
            [float(p) for p in sub["h800_usd_per_gpu_hour"]],
            [float(v) for v in sub["cost_ratio"]],
            linestyle=STYLES[i % len(STYLES)],
            color=COLOURS[i % len(COLOURS)],
            linewidth=2 if first["role"] == "primary" else 1.3,
            label=f"vs {first['against']}" + (" (primary reading)" if first["role"] == "primary" else ""),
        )
    for printed, tol in bands:
        band = float(CTX.divide(CTX.multiply(printed, tol), HUNDRED))
        right.axhspan(
            float(printed) - band,
            float(printed) + band,
            color="#f2c14e",
            alpha=0.35,
            label=f"printed 1/{number(CTX.divide(ONE, printed))} +/- {number(tol)}%",
        )
        right.axhline(float(printed), color="#b8860b", linewidth=1)
    right.axvline(float(rec.price), color="#999999", linewidth=0.8)
    right.set_xlabel("H800 rental price, USD per GPU-hour")
    right.set_ylabel("DeepSeek-V3 cost / Llama cost (ratio)")
    h100 = price_number(to_decimal(h100_usd_per_gpu_hour))
    right.set_title(f"라마 대비 비용 비율\n(Llama priced at {h100} USD per H100 GPU-hour)", fontsize=10)
    right.set_ylim(0, None)
    right.legend(fontsize=7, loc="upper left")
    right.grid(color="#dddddd", linewidth=0.6)
    source_note(
        fig,
        "Sources: DeepSeek-V3 technical report (arXiv 2412.19437), Table 1; Meta's Llama 3 and Llama 3.1 model cards (GPU-hours)",
    )
    fig.tight_layout()
    return Chart(
        fig,
        cost_sensitivity_alt(frame, rec, even, h100_usd_per_gpu_hour),
        "DeepSeek-V3's training cost and its ratio to Llama's, by H800 rental price",
        frame,
        [f"check:{c}" for c in dict.fromkeys(frame["check_id"])],
    )
