"""Notebook 04: DeepSeek-V3's training cost over the H800 rental price, and its ratio to Llama's."""

from __future__ import annotations

from decimal import Decimal

import matplotlib.pyplot as plt
import pandas as pd

from ...core.numbers import CTX, HUNDRED, ONE, to_decimal
from ...topics.deepseek import Reconciliation
from ..language import N_, _, words
from ..present import number, price_number, usd_text
from .base import MILLION, Chart, source_note

COLOURS = ("#4c72b0", "#7f7f7f", "#2ca02c", "#9467bd")
STYLES = ("-", "--", ":", "-.")


def cost_sensitivity_alt(frame: pd.DataFrame, rec: Reconciliation, even: pd.DataFrame, h100_usd_per_gpu_hour: object) -> str:
    """The sensitivity chart's alt text, from the same numbers it draws (rounded for reading)."""
    costs = frame.drop_duplicates("h800_usd_per_gpu_hour")
    low, high = costs.iloc[0], costs.iloc[-1]
    parts = []
    for r in even.to_dict("records"):
        p = r["h800_price_for_printed_ratio"]
        inside = low["h800_usd_per_gpu_hour"] <= p <= high["h800_usd_per_gpu_hour"]
        template = (
            N_(
                "against %(against)s the ratio equals the printed %(printed)s at %(price)s USD per GPU-hour (within the range shown)"  # noqa: E501
            )
            if inside
            else N_(
                "against %(against)s the ratio equals the printed %(printed)s at %(price)s USD per GPU-hour "
                "(outside the range shown)"
            )
        )
        parts.append(
            _(template) % {"against": words(r["against"]), "printed": f"{r['printed'].normalize():f}", "price": price_number(p)}
        )
    return _(
        "Two line charts over the H800 rental price from %(low)s to %(high)s USD per GPU-hour. Left: DeepSeek-V3's training "
        "cost rises linearly from %(low_cost)s to %(high_cost)s, passing the report's %(report_cost)s at its assumed "
        "%(report_price)s USD. Right: its cost over Llama's, Llama at %(h100)s USD per H100 GPU-hour; %(parts)s."
    ) % {
        "low": price_number(low["h800_usd_per_gpu_hour"]),
        "high": price_number(high["h800_usd_per_gpu_hour"]),
        "low_cost": usd_text(low["dsv3_cost_usd"]),
        "high_cost": usd_text(high["dsv3_cost_usd"]),
        "report_cost": usd_text(rec.report_cost_usd),
        "report_price": price_number(rec.report_price),
        "h100": price_number(to_decimal(h100_usd_per_gpu_hour)),
        "parts": "; ".join(parts),
    }


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
        label=_("the report: %(price)s USD per GPU-hour gives %(cost)s M USD")
        % {"price": price_number(rec.report_price), "cost": number(stated, 3)},
    )
    left.set_xlabel(_("H800 rental price, USD per GPU-hour"))
    left.set_ylabel(_("DeepSeek-V3 training cost, USD million"))
    left.set_title(_("딥시크-V3 학습비용 (final training run, rental-equivalent)"))
    left.set_ylim(0, max(millions) * 1.15)
    left.legend(fontsize=8, loc="upper left")
    left.grid(color="#dddddd", linewidth=0.6)

    bands: dict[tuple[Decimal, Decimal], None] = {}  # each printed fraction and its tolerance, once (any number of articles)
    for i, (_check, sub) in enumerate(frame.groupby("check_id", sort=False)):
        first = sub.iloc[0]
        bands.setdefault((first["printed"], first["tolerance_pct"] if first["tolerance_pct"] is not None else Decimal(0)))
        label = (_("vs %(against)s (primary reading)") if first["role"] == "primary" else _("vs %(against)s")) % {
            "against": words(first["against"])
        }
        right.plot(
            [float(p) for p in sub["h800_usd_per_gpu_hour"]],
            [float(v) for v in sub["cost_ratio"]],
            linestyle=STYLES[i % len(STYLES)],
            color=COLOURS[i % len(COLOURS)],
            linewidth=2 if first["role"] == "primary" else 1.3,
            label=label,
        )
    for printed, tol in bands:
        band = float(CTX.divide(CTX.multiply(printed, tol), HUNDRED))
        right.axhspan(
            float(printed) - band,
            float(printed) + band,
            color="#f2c14e",
            alpha=0.35,
            label=_("printed 1/%(fraction)s +/- %(tolerance)s%%")
            % {"fraction": number(CTX.divide(ONE, printed)), "tolerance": number(tol)},
        )
        right.axhline(float(printed), color="#b8860b", linewidth=1)
    right.axvline(float(rec.price), color="#999999", linewidth=0.8)
    right.set_xlabel(_("H800 rental price, USD per GPU-hour"))
    right.set_ylabel(_("DeepSeek-V3 cost / Llama cost (ratio)"))
    h100 = price_number(to_decimal(h100_usd_per_gpu_hour))
    right.set_title(_("라마 대비 비용 비율\n(Llama priced at %(price)s USD per H100 GPU-hour)") % {"price": h100}, fontsize=10)
    right.set_ylim(0, None)
    right.legend(fontsize=7, loc="upper left")
    right.grid(color="#dddddd", linewidth=0.6)
    source_note(
        fig,
        _(
            "Sources: DeepSeek-V3 technical report (arXiv 2412.19437), Table 1; Meta's Llama 3 and Llama 3.1 model cards "
            "(GPU-hours)"
        ),
    )
    fig.tight_layout()
    return Chart(
        fig,
        cost_sensitivity_alt(frame, rec, even, h100_usd_per_gpu_hour),
        _("DeepSeek-V3's training cost and its ratio to Llama's, by H800 rental price"),
        chart_table(frame),
        [f"check:{c}" for c in dict.fromkeys(frame["check_id"])],
    )


def chart_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The data drawn, as CSV: stable column names, the words of a reading in the current language."""
    return frame.assign(against=[words(a) for a in frame["against"]])
