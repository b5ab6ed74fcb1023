"""Charts: every figure of the series is drawn here, with Hangul fonts from the install, deterministic
PNGs and alt text built from the numbers drawn.

Each chart function attaches the table it draws (`attach_data`); `Chart` puts it in the output as CSV,
which the site offers for download beside the chart. A chart of several panels side by side is also
saved panel by panel, so that a narrow screen can stack them.

NanumGothic has no U+2212 minus sign, so axes use the ASCII hyphen-minus. Labels on the charts are
written by capexlib.report.present, like every other figure a reader sees.
"""

from __future__ import annotations

import base64
import io
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on CI; the notebook shows the PNG we render ourselves

import matplotlib.dates
import matplotlib.patches
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.image import imread, imsave
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import Bbox

from ..core.fx import FxScenario, Rate
from ..core.ledger import Ledger
from ..core.money import format_amount
from ..core.numbers import CTX, HUNDRED, ONE, to_decimal
from ..topics import bat, deepseek, hindsight, totals
from . import fonts
from .csvsafe import csv_text
from .present import (
    basis_text,
    billions,
    money,
    money_range,
    number,
    pct,
    price_number,
    rate_text,
    stated_on_text,
    usd_text,
    value,
)

CHART_CSV = "text/csv"  # the mime type of a chart's data in its output (the site offers it as a download)
BILLION = Decimal(10) ** 9
TRILLION = Decimal(10) ** 12
MILLION = Decimal(10) ** 6
VERDICT_COLOURS = {
    "holds": "#2a9d8f",
    "holds approximately": "#8ab17d",
    "does not hold": "#e76f51",
    "cannot be checked from these sources": "#bbbbbb",
}


def setup_fonts() -> None:
    """Register the bundled NanumGothic fonts and make them the default (idempotent)."""
    if fonts.FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        for path in fonts.font_files():
            font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update(
        {
            "font.family": fonts.FAMILY,
            "axes.unicode_minus": False,
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "figure.figsize": (8, 4.5),
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG with no software/date metadata, so the bytes depend only on the drawing."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


@dataclass(frozen=True)
class ChartData:
    """What a chart draws, as a table: exact values, units in the column names."""

    title: str
    table: pd.DataFrame


_DATA: weakref.WeakKeyDictionary[Figure, ChartData] = weakref.WeakKeyDictionary()


def attach_data(fig: Figure, title: str, table: pd.DataFrame) -> Figure:
    """Remember the table `fig` draws (Chart writes it into the output as CSV)."""
    _DATA[fig] = ChartData(title, table)
    return fig


def chart_data(fig: Figure) -> ChartData | None:
    return _DATA.get(fig)


def _cell(v: Any) -> Any:
    if isinstance(v, Decimal):
        return f"{v:f}"
    if isinstance(v, Rate):
        return rate_text(v)
    return v


def data_csv(table: pd.DataFrame) -> str:
    """The table as CSV: Decimals written out in full (never in exponent form), rates in words; text that a
    spreadsheet would run as a formula (an outlet's name from the data) written as text."""
    return csv_text(table.map(_cell))


def panel_boxes(fig: Figure) -> list[Bbox]:
    """The area (inches) of each panel of a figure with several side by side: the panel's axes with
    their labels, titles and legends, plus the figure-level texts (the source line) that start under it."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    panels = sorted((ax for ax in fig.axes if ax.get_subplotspec() is not None), key=lambda ax: ax.get_position().x0)
    boxes: list[Bbox] = [box for box in (ax.get_tightbbox(renderer) for ax in panels) if box is not None]
    starts = [ax.get_position().x0 * fig.bbox.width for ax in panels]
    for text in fig.texts:
        extent = text.get_window_extent(renderer)
        owner = max((i for i, x in enumerate(starts) if x <= extent.x0 + 1), default=0)
        boxes[owner] = Bbox.union([boxes[owner], extent])
    inverse = fig.dpi_scale_trans.inverted()
    return [b.transformed(inverse).padded(0.08) for b in boxes]


def panel_pngs(fig: Figure, whole: bytes) -> list[bytes]:
    """Each panel cut out of `whole` (the figure saved with bbox_inches='tight'), as PNG: no second
    drawing, so the panels are exactly the pixels of the whole chart."""
    boxes = panel_boxes(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    tight = fig.get_tightbbox(renderer).padded(matplotlib.rcParams["savefig.pad_inches"])
    dpi = fig.dpi if matplotlib.rcParams["savefig.dpi"] == "figure" else matplotlib.rcParams["savefig.dpi"]
    image = imread(io.BytesIO(whole), format="png")
    pngs = []
    for box in boxes:
        left, right = (round((x - tight.x0) * dpi) for x in (box.x0, box.x1))
        top, bottom = (round((tight.y1 - y) * dpi) for y in (box.y1, box.y0))
        buffer = io.BytesIO()
        crop = image[max(0, top) : bottom, max(0, left) : right]
        imsave(buffer, crop, format="png", metadata={"Software": None})  # type: ignore[dict-item]  # None drops the key
        pngs.append(buffer.getvalue())
    return pngs


class Chart:
    """A rendered chart: Jupyter shows the PNG, and text/plain (what nbval compares) is the alt text.

    The output also carries the chart's data as CSV (text/csv) and, for panels side by side, each
    panel as its own PNG (metadata `panels`), which the site lays out to wrap on narrow screens.
    """

    def __init__(self, fig: Figure, alt: str) -> None:
        self.alt = alt
        data = chart_data(fig)
        self.title = data.title if data else ""
        self.csv = data_csv(data.table) if data else None
        self.png = png_bytes(fig)
        side_by_side = sum(ax.get_subplotspec() is not None for ax in fig.axes) > 1
        self.panels = panel_pngs(fig, self.png) if side_by_side else []
        plt.close(fig)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict[str, str], dict[str, Any]]:
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": f"[chart] {self.alt}"}
        meta: dict[str, Any] = {"alt": self.alt}
        if self.csv is not None:
            data[CHART_CSV] = self.csv
            meta["title"] = self.title
        if self.panels:
            meta["panels"] = [base64.b64encode(p).decode("ascii") for p in self.panels]
        return data, {"image/png": meta}


def source_note(ax: Any, text: str) -> None:
    """The chart's sources, named for a reader (outlets, filings, reports), under the chart."""
    ax.figure.text(0.01, -0.02, text, fontsize=7, color="#555555", ha="left", va="top")


def _names(names: Iterable[str]) -> str:
    """'a, b and c'."""
    items = list(dict.fromkeys(names))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _billions(amount: Decimal) -> float:
    return float(CTX.divide(amount, BILLION))


# --- 00: rates -------------------------------------------------------------------------------------


def deviation_bars(labels: list[str], deviations_pct: list[float], groups: list[str], title: str, xlabel: str) -> Figure:
    """Horizontal bars of signed percentage deviations, one colour per group (the outlet that printed
    the figure); the legend sits beside the plot, never over a bar."""
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.28 * len(labels) + 1)))
    palette = matplotlib.colormaps["tab10"]
    order = sorted(set(groups))
    colours = [palette(order.index(g)) for g in groups]
    ax.barh(labels, deviations_pct, color=colours)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    handles = [matplotlib.patches.Patch(color=palette(i), label=g) for i, g in enumerate(order)]
    ax.legend(handles=handles, title="outlet", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    source_note(ax, f"Sources: the figures as printed by {_names(order)}; ECB euro reference rates")
    table = pd.DataFrame({"label": labels, "group": groups, "value_pct": deviations_pct})
    return attach_data(fig, title, table)


# --- 01 and 02: totals and change -------------------------------------------------------------------


def plans_chart(guidance: pd.DataFrame, krw_per_usd: Decimal, rate_label: str) -> Figure:
    """Each company's 2025 plan in USD billions (a whisker where guidance is a range), KRW on the right axis."""
    fig, ax = plt.subplots(figsize=(8, 4.2))
    names = list(guidance["entity"])
    low = [_billions(v) for v in guidance["low_usd"]]
    high = [_billions(v) for v in guidance["high_usd"]]
    ax.bar(names, high, color="#4c72b0")
    for i, (lo, hi, lo_d, hi_d) in enumerate(zip(low, high, guidance["low_usd"], guidance["high_usd"], strict=True)):
        if lo != hi:
            ax.vlines(i, lo, hi, color="black", linewidth=2)
            label = f"range {number(CTX.divide(lo_d, BILLION))}-{number(CTX.divide(hi_d, BILLION))}"
            ax.annotate(label, (i, hi), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=8)
        else:
            ax.annotate(
                number(CTX.divide(hi_d, BILLION)),
                (i, hi),
                textcoords="offset points",
                xytext=(0, 4),
                ha="center",
                fontsize=8,
            )
    ax.set_ylabel("2025 plan, USD billion")
    ax.set_title("2025년 설비투자 계획 (2025 capital expenditure plans, company guidance)")
    per_usd, billion, trillion = float(krw_per_usd), float(BILLION), float(TRILLION)

    def to_trillion_won(b: Any) -> Any:
        return b * per_usd * billion / trillion

    def to_billion_dollars(t: Any) -> Any:
        return t * trillion / (per_usd * billion)

    right = ax.secondary_yaxis("right", functions=(to_trillion_won, to_billion_dollars))
    # Two short lines: on one line the label is taller than the axis and its ends are cut off.
    right.set_ylabel(f"조 원 (KRW trillion)\nat {rate_label}", fontsize=9)
    source_note(
        ax,
        f"Sources: 2025 capital expenditure guidance of {_names(names)} (Microsoft's fiscal year ends 30 June); "
        "ECB euro reference rate",
    )
    columns = ["entity", "period", "low_usd", "high_usd", "low_krw", "high_krw", "ref_ids"]
    table = guidance[columns].assign(krw_per_usd=krw_per_usd)
    return attach_data(fig, "2025 capital expenditure plans (company guidance), USD and KRW", table)


def change_chart(change: pd.DataFrame) -> Figure:
    """2024 actual against 2025 plan per company, USD billions, with the growth in percent above."""
    rows = change[change["entity"] != "Total (four)"]
    fig, ax = plt.subplots(figsize=(8, 4.2))
    x = range(len(rows))
    actual = [_billions(v) for v in rows["actual_2024_usd"]]
    plan = [_billions(v) for v in rows["plan_2025_usd"]]
    ax.bar([i - 0.2 for i in x], actual, width=0.4, label="2024 actual", color="#999999")
    ax.bar([i + 0.2 for i in x], plan, width=0.4, label="2025 plan", color="#4c72b0")
    for i, g in zip(x, rows["growth_pct"], strict=True):
        ax.annotate(
            number(g, signed=True) + "%",
            (i + 0.2, plan[i]),
            textcoords="offset points",
            xytext=(0, 4),
            ha="center",
            fontsize=8,
        )
    ax.set_xticks(list(x), list(rows["entity"]))
    ax.set_ylabel("USD billion")
    ax.set_title("2024년 실적 vs 2025년 계획 (2024 actual against 2025 plan)")
    ax.set_ylim(0, max(plan + actual) * 1.12)  # room for the growth labels above the bars
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    source_note(ax, f"Sources: filings of {_names(rows['entity'])} for 2024 capital expenditure, and their guidance for 2025")
    table = rows[["entity", "actual_2024_usd", "plan_2025_usd", "change_usd", "growth_pct", "line_item", "refs"]]
    return attach_data(fig, "2024 actual against 2025 plan, USD", table)


# --- 03: BAT ---------------------------------------------------------------------------------------


def bat_scale_alt(ledger: Ledger, fx: FxScenario, factor: object) -> str:
    """The BAT chart's alt text, built from the same numbers it draws (rounded for reading)."""
    rows = bat.period_alignment(ledger, fx, bat.chart_factors(to_decimal(factor)))
    bats = "; ".join(f"{r['bat_label']} {money(r['bat_usd'], 'USD')}" for _, r in rows.drop_duplicates("bat_label").iterrows())
    us = "; ".join(f"{r['comparand']} {money(r['us_usd'], 'USD')}" for _, r in rows.drop_duplicates("comparand").iterrows())
    ratios = "; ".join(
        f"{r['comparand']} / {r['bat_label']} = {value(r['ratio_us_to_bat'], 'times')}"
        + (" (like for like)" if r["like_for_like"] else "")
        for _, r in rows.iterrows()
    )
    return f"Left: horizontal bars on a log scale, USD billion: {bats}; {us}. Right: the US four as a multiple of BAT: {ratios}."


def bat_scale(ledger: Ledger, fx: FxScenario, factor: object) -> Figure:
    """Left: BAT (half year and annualized) and the US four on a log axis, USD billion.
    Right: the US:BAT ratio for each annualization factor shown, against actuals and plans."""
    factors = bat.chart_factors(to_decimal(factor))
    alignment = bat.period_alignment(ledger, fx, factors)
    comparands = bat.us_comparands(ledger)
    bars: list[tuple[str, Decimal, str]] = []
    for f in factors:
        row = alignment[alignment["factor"] == f].iloc[0]
        bars.append((row["bat_label"], row["bat_usd"], "#d62728" if f == 1 else "#ff9896"))
    for us in comparands:
        bars.append((us["comparand"], us["usd"], "#4c72b0" if us["kind"] == "actual" else "#aec7e8"))

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6), gridspec_kw={"width_ratios": [3, 2]})
    labels = [b[0] for b in bars]
    values = [_billions(b[1]) for b in bars]
    left.barh(labels, values, color=[b[2] for b in bars])
    left.set_xscale("log")
    left.invert_yaxis()
    for i, (v, (_, amount, _)) in enumerate(zip(values, bars, strict=True)):
        left.annotate(billions(amount), (v, i), textcoords="offset points", xytext=(4, 0), va="center", fontsize=8)
    left.set_xlim(min(values) / 2, max(values) * 4)
    left.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(to_decimal(v), grouped=True)))
    left.grid(axis="x", which="major", color="#cccccc", linewidth=0.6)
    left.set_axisbelow(True)
    left.set_xlabel("USD billion, log scale (each gridline is 10 times the last)")
    left.set_title("설비투자 규모 (capex, USD billion)")
    left.text(
        0,
        -0.2,
        f"BAT converted at {rate_text(alignment.iloc[0]['usd_rate'])}",
        transform=left.transAxes,
        fontsize=7,
        color="#555555",
    )

    names = [u["comparand"] for u in comparands]
    width = 0.8 / len(factors)
    for j, f in enumerate(factors):
        sub = alignment[alignment["factor"] == f]
        xs = [i + (j - (len(factors) - 1) / 2) * width for i in range(len(names))]
        picked = [sub[sub["comparand"] == c].iloc[0] for c in names]
        ratios = [float(r["ratio_us_to_bat"]) for r in picked]
        likes = [bool(r["like_for_like"]) for r in picked]
        label = "BAT as reported (half year)" if f == 1 else f"BAT annualized (x {f.normalize():f})"
        right.bar(
            xs,
            ratios,
            width=width * 0.95,
            label=label,
            color="#ff9896" if f != 1 else "#d62728",
            edgecolor=["black" if like else "none" for like in likes],
            linewidth=1.5,
        )
        for x, r, like in zip(xs, picked, likes, strict=True):
            right.annotate(
                number(r["ratio_us_to_bat"]) + "x" + ("\n(like for like)" if like else ""),
                (x, float(r["ratio_us_to_bat"])),
                textcoords="offset points",
                xytext=(0, 3),
                ha="center",
                fontsize=7,
            )
    right.set_xticks(range(len(names)), [c.replace("US four, ", "US ") for c in names], fontsize=8)
    right.set_ylabel("US four / BAT (times)")
    right.set_ylim(0, max(float(r) for r in alignment["ratio_us_to_bat"]) * 1.3)
    right.set_title("미국 4사 / BAT 배율 (ratio, times)")
    right.legend(fontsize=7, loc="upper left")
    # One source a line, so the note stays under the left panel when the panels are shown apart.
    source_note(
        left,
        "Sources: BAT - the Financial Times (via news.az), capex in the first half of 2024, CNY\n"
        f"US four - company filings, {totals.like_for_like_basis(ledger).label}; ECB euro reference rates",
    )
    fig.tight_layout()
    columns = ["factor", "bat_label", "bat_cny", "bat_usd", "usd_rate", "comparand", "us_usd", "ratio_us_to_bat", "like_for_like"]
    return attach_data(fig, "BAT against the US four: capex in USD and the US:BAT ratio", alignment[columns])


# --- 04: DeepSeek ----------------------------------------------------------------------------------


def sensitivity_alt(ledger: Ledger, h800_usd_per_gpu_hour: object, h100_usd_per_gpu_hour: object) -> str:
    """The sensitivity chart's alt text, from the same numbers it draws (rounded for reading)."""
    prices = deepseek.price_grid(h800_usd_per_gpu_hour)
    _, total_row = deepseek.stage_rows(ledger)
    low, high = prices[0], prices[-1]
    cost = deepseek.report_cost(ledger)["value"]
    parts = []
    for _, r in deepseek.break_even_prices(ledger, h100_usd_per_gpu_hour).iterrows():
        p = r["h800_price_for_printed_ratio"]
        where = "within" if low <= p <= high else "outside"
        parts.append(
            f"against {r['against']} the ratio equals the printed {r['printed'].normalize():f} at "
            f"{price_number(p)} USD per GPU-hour ({where} the range shown)"
        )
    return (
        f"Two line charts over the H800 rental price from {price_number(low)} to {price_number(high)} USD per GPU-hour. "
        f"Left: DeepSeek-V3's training cost rises linearly from {usd_text(CTX.multiply(total_row['value'], low))} to "
        f"{usd_text(CTX.multiply(total_row['value'], high))}, passing the report's {usd_text(cost)} at its assumed "
        f"{price_number(deepseek.report_price(ledger)['value'])} USD. Right: its cost over Llama's, Llama at "
        f"{price_number(to_decimal(h100_usd_per_gpu_hour))} USD per H100 GPU-hour; " + "; ".join(parts) + "."
    )


def sensitivity(ledger: Ledger, h800_usd_per_gpu_hour: object, h100_usd_per_gpu_hour: object) -> Figure:
    """Two panels over the H800 price: DeepSeek-V3's cost (USD million), and its cost ratio against
    each Llama reading with the printed 'one tenth' and its tolerance band."""
    prices = deepseek.price_grid(h800_usd_per_gpu_hour)
    frame = deepseek.sensitivity(ledger, prices, h100_usd_per_gpu_hour)
    assumed = deepseek.report_price(ledger)["value"]
    stated = deepseek.report_cost(ledger)["value"]
    xs = [float(p) for p in prices]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.4))

    costs = [float(CTX.divide(c, MILLION)) for c in frame.drop_duplicates("h800_usd_per_gpu_hour")["dsv3_cost_usd"]]
    left.plot(xs, costs, color="#d62728", marker="o", markersize=3)
    left.plot(
        [float(assumed)],
        [float(CTX.divide(stated, MILLION))],
        marker="*",
        markersize=12,
        color="black",
        linestyle="none",
        label=f"the report: {price_number(assumed)} USD per GPU-hour gives {number(CTX.divide(stated, MILLION), 3)} M USD",
    )
    left.set_xlabel("H800 rental price, USD per GPU-hour")
    left.set_ylabel("DeepSeek-V3 training cost, USD million")
    left.set_title("딥시크-V3 학습비용 (final training run, rental-equivalent)")
    left.set_ylim(0, max(costs) * 1.15)
    left.legend(fontsize=8, loc="upper left")
    left.grid(color="#dddddd", linewidth=0.6)

    colours = ["#4c72b0", "#7f7f7f", "#2ca02c", "#9467bd"]
    styles = ["-", "--", ":", "-."]
    bands: dict[tuple[Decimal, Decimal], None] = {}  # each printed fraction and its tolerance, once (any number of articles)
    for i, (_, sub) in enumerate(frame.groupby("check_id", sort=False)):
        first = sub.iloc[0]
        bands.setdefault((first["printed"], first["tolerance_pct"] if first["tolerance_pct"] is not None else Decimal(0)))
        right.plot(
            xs,
            [float(v) for v in sub["cost_ratio"]],
            linestyle=styles[i % len(styles)],
            color=colours[i % len(colours)],
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
    right.axvline(float(to_decimal(h800_usd_per_gpu_hour)), color="#999999", linewidth=0.8)
    right.set_xlabel("H800 rental price, USD per GPU-hour")
    right.set_ylabel("DeepSeek-V3 cost / Llama cost (ratio)")
    right.set_title(
        f"라마 대비 비용 비율 (Llama priced at {price_number(to_decimal(h100_usd_per_gpu_hour))} USD per H100 GPU-hour)",
        fontsize=10,
    )
    right.set_ylim(0, None)
    right.legend(fontsize=7, loc="upper left")
    right.grid(color="#dddddd", linewidth=0.6)
    source_note(
        left,
        "Sources: DeepSeek-V3 technical report (arXiv 2412.19437), Table 1\nMeta's Llama 3 and Llama 3.1 model cards (GPU-hours)",
    )
    fig.tight_layout()
    return attach_data(fig, "DeepSeek-V3's training cost and its ratio to Llama's, by H800 rental price", frame)


# --- 05: scorecard ---------------------------------------------------------------------------------


def verdict_bars(counts: pd.DataFrame, title: str) -> Figure:
    """Stacked horizontal bars: verdict counts per row of `counts` (rows: articles or topics); the legend
    goes beside the plot, where it cannot cover a bar."""
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.45 * len(counts) + 1.2)))
    left = [0] * len(counts)
    labels = [str(i) for i in counts.index]
    for verdict in counts.columns:
        widths = [int(v) for v in counts[verdict]]
        ax.barh(labels, widths, left=left, color=VERDICT_COLOURS.get(verdict, "#777777"), label=verdict)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.invert_yaxis()
    ax.set_xlim(0, max(left) * 1.05 if max(left, default=0) else 1)
    ax.set_xlabel("claims (primary verdict of each)")
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    source_note(ax, "Source: this series' checks of the articles' figures against the cited filings and reports")
    table = counts.copy()
    table.insert(0, counts.index.name or "group", [str(i) for i in counts.index])
    return attach_data(fig, title, table)


# --- 06: hindsight -----------------------------------------------------------------------------------

PRINTED_COLOUR, GUIDANCE_COLOUR, ACTUAL_COLOUR, BESIDE_COLOUR = "#4c72b0", "#8172b3", "#c44e52", "#dd8452"


def _day(value: Any) -> Any:
    return matplotlib.dates.date2num(value)


def _companies(plan_vs_actual: pd.DataFrame) -> pd.DataFrame:
    return plan_vs_actual[plan_vs_actual["entity"] != hindsight.TOTAL_ROW]


def guidance_paths_alt(plan_vs_actual: pd.DataFrame) -> str:
    """The guidance-path chart's alt text, from the same rows it draws (rounded for reading)."""
    parts = []
    for r in _companies(plan_vs_actual).to_dict("records"):
        first = r["printed"].iloc[0]
        steps = [f"printed plan {billions(r['plan_usd'])} on {first['published'].isoformat()}"]
        if r["guidance_low_usd"] != r["guidance_high_usd"]:
            steps[0] += f" (guidance {billions(r['guidance_low_usd'])} to {billions(r['guidance_high_usd'])})"
        for rev in r["revisions"].to_dict("records"):
            if rev["value"] is not None:
                amount = billions(rev["value"]) + (f" to {billions(rev['value_high'])}" if rev["value_high"] is not None else "")
                steps.append(f"guidance {amount} in {stated_on_text(rev['stated_on'], rev['stated_on_precision'])}")
        actual = f"actual {billions(r['actual_usd'])} for the period to {r['period_end'].isoformat()}"
        if r["beside_usd"] is not None:
            actual += f" ({basis_text(r['beside_basis'])}: {billions(r['beside_usd'])})"
        parts.append(f"{r['entity']}: " + ", then ".join([*steps, actual]))
    return "Four panels, one per company, USD billion against the date each figure was given: " + "; ".join(parts) + "."


def guidance_paths(plan_vs_actual: pd.DataFrame) -> Figure:
    """One panel per company on one time axis: the printed plan (at the articles' dates) with the guidance
    range then, each dated revision (a bar for a range), and the actual at the end of its period (the
    plan's basis filled, the other basis hollow)."""
    rows = _companies(plan_vs_actual).to_dict("records")
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
    for ax, r in zip(axes.flat, rows, strict=False):
        printed = r["printed"]
        days = [_day(d) for d in printed["published"]]
        ax.scatter(
            days, [_billions(v) for v in printed["amount"]], color=PRINTED_COLOUR, zorder=3, label="printed plan (articles)"
        )
        first = days[0]
        ax.vlines(
            first,
            _billions(r["guidance_low_usd"]),
            _billions(r["guidance_high_usd"]),
            color=PRINTED_COLOUR,
            linewidth=3,
            alpha=0.5,
        )
        path_x, path_y = [first], [_billions(r["guidance_high_usd"])]
        for rev in r["revisions"].to_dict("records"):
            if rev["value"] is None:
                continue
            x = _day(rev["stated_on"])
            low, high = _billions(rev["value"]), _billions(rev["value_high"] if rev["value_high"] is not None else rev["value"])
            ax.vlines(x, low, high, color=GUIDANCE_COLOUR, linewidth=3, label="guidance revised" if len(path_x) == 1 else None)
            ax.scatter([x], [high], color=GUIDANCE_COLOUR, marker="_", s=120, zorder=3)
            label = billions(rev["value"], 0) + (f"-{billions(rev['value_high'], 0)}" if rev["value_high"] is not None else "")
            ax.annotate(label.replace("$", r"\$"), (x, low), textcoords="offset points", xytext=(0, -11), ha="center", fontsize=7)
            path_x.append(x)
            path_y.append(high)
        end = _day(r["period_end"])
        actual = _billions(r["actual_usd"])
        ax.plot([*path_x, end], [*path_y, actual], color=GUIDANCE_COLOUR, linestyle=":", linewidth=1)
        ax.scatter([end], [actual], marker="*", s=180, color=ACTUAL_COLOUR, zorder=4, label=f"actual ({basis_text(r['basis'])})")
        ax.annotate(billions(r["actual_usd"]), (end, actual), textcoords="offset points", xytext=(-6, 6), ha="right", fontsize=8)
        if r["beside_usd"] is not None:
            ax.scatter(
                [end],
                [_billions(r["beside_usd"])],
                marker="D",
                s=50,
                facecolors="none",
                edgecolors=BESIDE_COLOUR,
                zorder=4,
                label=f"actual ({basis_text(r['beside_basis'])})",
            )
        ax.set_title(r["entity"], fontsize=11)
        ax.set_ylabel("USD billion")
        ax.set_ylim(0, max(actual, path_y[-1], *(_billions(v) for v in printed["amount"])) * 1.25)
        ax.grid(color="#dddddd", linewidth=0.6)
        ax.legend(fontsize=6.5, loc="lower right")
    for ax in axes.flat:
        ax.xaxis.set_major_locator(matplotlib.dates.MonthLocator(bymonth=(1, 4, 7, 10)))
        ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%Y-%m"))
        ax.tick_params(axis="x", labelsize=7, rotation=30)
    fig.suptitle("계획, 가이던스 변경, 실적 (plan, guidance revisions and actual, USD billion)", fontsize=12)
    source_note(
        axes[1][0],
        f"Sources: the plans as {_names(sorted({a for r in rows for a in r['printed']['article_id']}))} printed them; "
        "the companies' guidance and results as reported (filings, earnings calls, press). "
        "A month-only date is drawn on the month's first day.",
    )
    fig.tight_layout()
    return attach_data(fig, "Plans, guidance and actuals (USD)", _guidance_paths_table(rows))


def _guidance_paths_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """What the guidance-path chart draws: one row per point, exact USD."""
    points: list[dict[str, Any]] = []
    for r in rows:
        for p in r["printed"].to_dict("records"):
            points.append(
                {
                    "company": r["entity"],
                    "what": f"printed plan ({p['article_id']})",
                    "date": p["published"],
                    "low_usd": p["amount"],
                    "high_usd": p["amount"],
                }
            )
        for rev in r["revisions"].to_dict("records"):
            if rev["value"] is not None:
                high = rev["value_high"] if rev["value_high"] is not None else rev["value"]
                points.append(
                    {
                        "company": r["entity"],
                        "what": "guidance revised",
                        "date": rev["stated_on"],
                        "low_usd": rev["value"],
                        "high_usd": high,
                    }
                )
        points.append(
            {
                "company": r["entity"],
                "what": f"actual ({basis_text(r['basis'])})",
                "date": r["period_end"],
                "low_usd": r["actual_usd"],
                "high_usd": r["actual_usd"],
            }
        )
    return pd.DataFrame(points)


def total_against_printed_alt(aged: hindsight.TotalAged, guided: hindsight.GuidanceSum) -> str:
    reported = "; ".join(
        f"the press: {QUALIFIER_WORDS.get(r['qualifier'], '')}{billions(r['value'])} ({r['period_as_stated']})"
        for r in aged.reported.to_dict("records")
    )
    return (
        f"Bars in USD billion: the printed plan {billions(aged.plan_usd)}; the four's actual spending on the articles' basis "
        f"{billions(aged.actual_usd)} ({number(aged.diff_pct, 1, signed=True)}%); in calendar {guided.year - 1} "
        f"{billions(aged.calendar_usd)}; {reported}; their latest guidance for {guided.year}, "
        f"{billions(guided.low_usd)} to {billions(guided.high_usd)}, for scale"
        + (
            f" (one input unconfirmed; from confirmed guidance only {billions(guided.confirmed_low_usd)} to "
            f"{billions(guided.confirmed_high_usd)})."
            if guided.unconfirmed and guided.confirmed_low_usd is not None and guided.confirmed_high_usd is not None
            else "."
        )
    )


QUALIFIER_WORDS = {"at_least": "over ", "approx": "about ", "at_most": "at most "}


def total_against_printed(aged: hindsight.TotalAged, guided: hindsight.GuidanceSum) -> Figure:
    """The printed combined plan against what the four spent (articles' basis and calendar year), the
    press's own figure, and the next year's guidance (a range) for scale."""
    articles = len(aged.printed)
    labels = [f"printed plan\n({articles} articles)", "actual,\narticles' basis", f"actual,\ncalendar {guided.year - 1}"]
    values = [aged.plan_usd, aged.actual_usd, aged.calendar_usd]
    colours = [PRINTED_COLOUR, ACTUAL_COLOUR, BESIDE_COLOUR]
    fig, ax = plt.subplots(figsize=(9, 4.6))
    xs = list(range(len(values)))
    ax.bar(xs, [_billions(v) for v in values], color=colours, width=0.6)
    for x, v in zip(xs, values, strict=True):
        ax.annotate(billions(v), (x, _billions(v)), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=9)
    for r in aged.reported.to_dict("records"):
        ax.hlines(_billions(r["value"]), 1.6, 2.4, color="#333333", linestyle="--", linewidth=1)
        ax.annotate(
            f"press: {QUALIFIER_WORDS.get(r['qualifier'], '')}{billions(r['value'])}",
            (2.4, _billions(r["value"])),
            textcoords="offset points",
            xytext=(3, -3),
            fontsize=7,
            va="top",
        )
    x_next = len(values) + 0.3
    low, high = _billions(guided.low_usd), _billions(guided.high_usd)
    ax.bar([x_next], [low], color=GUIDANCE_COLOUR, width=0.6, alpha=0.45)
    ax.bar([x_next], [high - low], bottom=low, color=GUIDANCE_COLOUR, width=0.6, hatch="//", edgecolor="white")
    span = f"{billions(guided.low_usd)} to {billions(guided.high_usd)}".replace("$", r"\$")  # two $: not mathtext
    ax.annotate(span, (x_next, high), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=9)
    unsure = "; one input\nunconfirmed" if guided.unconfirmed else ""
    ax.set_xticks([*xs, x_next], [*labels, f"guidance for {guided.year}\n(latest, for scale{unsure})"], fontsize=8)
    ax.axhline(_billions(aged.plan_usd), color=PRINTED_COLOUR, linewidth=0.8, linestyle=":")
    ax.set_ylabel("USD billion")
    ax.set_ylim(0, _billions(guided.high_usd) * 1.15)
    ax.set_title(f"{format_amount(aged.plan_usd, 'USD', 'ko')} 계획 vs 실제 지출 (the printed total against actual spending)")
    source_note(
        ax, "Sources: the articles (printed total); the companies' results and guidance as reported (filings, calls, press)"
    )
    table = pd.DataFrame(
        [{"bar": label.replace("\n", " "), "usd": value} for label, value in zip(labels, values, strict=True)]
        + [
            {"bar": f"guidance for {guided.year}, low", "usd": guided.low_usd},
            {"bar": f"guidance for {guided.year}, high", "usd": guided.high_usd},
        ]
    )
    return attach_data(fig, "The printed total against actual spending (USD)", table)


# --- Alt texts, from the numbers each chart draws (never typed) --------------------------------------


def deviation_bars_alt(audit: pd.DataFrame) -> str:
    """Notebook 00's chart: per article, how far its conversions' implied rates are from the ECB rate."""
    parts = []
    for article, rows in audit.groupby("article_id", sort=False):
        low, high = min(rows["deviation_pct"]), max(rows["deviation_pct"])
        span = pct(low) if low == high else f"{pct(low)} to {pct(high)}"
        parts.append(f"{article} ({len(rows)} conversions) {span}")
    return (
        "Horizontal bars, one per printed KRW conversion, showing how far the rate it implies is from the ECB rate "
        "on its article's date, in percent of the ECB rate; by article: " + "; ".join(parts) + "."
    )


def plans_chart_alt(guidance: pd.DataFrame, rate_label: str) -> str:
    """Notebook 01's chart: each company's 2025 plan (a range where the guidance is one)."""
    parts = []
    for _, g in guidance.iterrows():
        if g["low_usd"] == g["high_usd"]:
            parts.append(f"{g['entity']} {money(g['high_usd'], 'USD', exact=True)}")
        else:
            parts.append(f"{g['entity']} {money_range(g['low_usd'], g['high_usd'], 'USD')} (a range)")
    return (
        "Bar chart of the four companies' 2025 capital expenditure plans in US dollars billions, with the won "
        f"equivalent on the right axis at {rate_label}: " + "; ".join(parts) + "."
    )


def change_chart_alt(change: pd.DataFrame, basis_label: str) -> str:
    """Notebook 02's chart: each company's 2024 actual beside its 2025 plan, with the growth."""
    rows = change[change["entity"] != "Total (four)"]
    parts = [
        f"{r['entity']} {money(r['actual_2024_usd'], 'USD')} to {money(r['plan_2025_usd'], 'USD')} ({pct(r['growth_pct'], 1)})"
        for _, r in rows.iterrows()
    ]
    return (
        f"Grouped bars per company: 2024 capital expenditure ({basis_label}) beside the 2025 plan, in US dollars "
        "billions, with the growth in percent above each 2025 bar: " + "; ".join(parts) + "."
    )


def verdict_bars_alt(counts: pd.DataFrame, per: str) -> str:
    """Notebook 05's charts: per article or topic, its claims counted by verdict."""
    parts = []
    for label, row in counts.iterrows():
        shown = ", ".join(f"{verdict} {int(n)}" for verdict, n in row.items() if int(n))
        parts.append(f"{label}: {shown}")
    return f"Stacked bars, one per {per}, counting its claims by primary verdict: " + "; ".join(parts) + "."
