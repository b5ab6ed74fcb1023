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
from ..core.numbers import CTX, HUNDRED, ONE, to_decimal
from ..topics import bat, deepseek
from . import fonts
from .present import billions, money, number, price_number, rate_text, usd_text, value

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
    """The table as CSV: Decimals written out in full (never in exponent form), rates in words."""
    return table.map(_cell).to_csv(index=False, lineterminator="\n")


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
        "US four - company filings, calendar years; ECB euro reference rates",
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
    printed = None
    tolerance = None
    for i, (_, sub) in enumerate(frame.groupby("check_id", sort=False)):
        first = sub.iloc[0]
        printed, tolerance = first["printed"], first["tolerance_pct"]
        right.plot(
            xs,
            [float(v) for v in sub["cost_ratio"]],
            linestyle=styles[i % len(styles)],
            color=colours[i % len(colours)],
            linewidth=2 if first["role"] == "primary" else 1.3,
            label=f"vs {first['against']}" + (" (primary reading)" if first["role"] == "primary" else ""),
        )
    if printed is not None:
        tol = tolerance if tolerance is not None else Decimal(0)
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
