"""Charts: Hangul-capable fonts from the install, deterministic PNGs, alt text on every image.

NanumGothic comes from the koreanize-matplotlib wheel; we register its font files directly instead of
importing the package (its import pulls in distutils, which Python 3.12 no longer has). NanumGothic
has no U+2212 minus sign, so axes use the ASCII hyphen-minus.
"""

from __future__ import annotations

import base64
import importlib.util
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on CI; the notebook shows the PNG we render ourselves

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
import matplotlib.patches  # noqa: E402

FONT_FAMILY = "NanumGothic"
SOURCE_NOTE = "Sources: data/claims.csv (articles as printed), data/reference.csv (cited filings and reports)"


def _font_dir() -> Path:
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or spec.origin is None:
        raise RuntimeError("koreanize-matplotlib is not installed: run `make run` to build the environment")
    return Path(spec.origin).parent / "fonts"


def setup_fonts() -> None:
    """Register the bundled NanumGothic fonts and make them the default (idempotent)."""
    if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        for path in sorted(_font_dir().glob("*.ttf")):
            font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update({
        "font.family": FONT_FAMILY,
        "axes.unicode_minus": False,
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.figsize": (8, 4.5),
        "axes.spines.top": False,
        "axes.spines.right": False,
    })


def png_bytes(fig) -> bytes:
    """The figure as PNG with no software/date metadata, so the bytes depend only on the drawing."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


class Chart:
    """A rendered chart: Jupyter shows the PNG, and text/plain (what nbval compares) is the alt text."""

    def __init__(self, fig, alt: str) -> None:
        self.alt = alt
        self.png = png_bytes(fig)

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": f"[chart] {self.alt}"}
        return data, {"image/png": {"alt": self.alt}}


def source_note(ax, text: str = SOURCE_NOTE) -> None:
    ax.figure.text(0.01, -0.02, text, fontsize=7, color="#555555", ha="left", va="top")


def deviation_bars(labels: list[str], deviations_pct: list[float], groups: list[str], title: str, xlabel: str):
    """Horizontal bars of signed percentage deviations, one colour per group (e.g. per article)."""
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
    ax.legend(handles=handles, title="article", loc="lower right", fontsize=8)
    source_note(ax)
    return fig


BILLION = 10**9
TRILLION = 10**12


def plans_chart(guidance, krw_per_usd: float, rate_label: str):
    """Each company's 2025 plan in USD billions (a whisker where guidance is a range), KRW on the right axis."""
    fig, ax = plt.subplots(figsize=(8, 4.2))
    names = list(guidance["entity"])
    low = [float(v) / BILLION for v in guidance["low_usd"]]
    high = [float(v) / BILLION for v in guidance["high_usd"]]
    ax.bar(names, high, color="#4c72b0")
    for i, (lo, hi) in enumerate(zip(low, high)):
        if lo != hi:
            ax.vlines(i, lo, hi, color="black", linewidth=2)
            ax.annotate(f"range {lo:.0f}-{hi:.0f}", (i, hi), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=8)
        else:
            ax.annotate(f"{hi:.0f}", (i, hi), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=8)
    ax.set_ylabel("2025 plan, USD billion")
    ax.set_title("2025년 설비투자 계획 (2025 capital expenditure plans, company guidance)")
    right = ax.secondary_yaxis("right", functions=(lambda b: b * krw_per_usd * BILLION / TRILLION,
                                                   lambda t: t * TRILLION / (krw_per_usd * BILLION)))
    right.set_ylabel(f"조 원 (KRW trillion) at {rate_label}")
    source_note(ax, "Sources: data/reference.csv (company guidance; Microsoft's fiscal year ends 30 June)")
    return fig


def change_chart(change):
    """2024 actual against 2025 plan per company, USD billions, with the growth in percent above."""
    rows = change[change["entity"] != "Total (four)"]
    fig, ax = plt.subplots(figsize=(8, 4.2))
    x = range(len(rows))
    actual = [float(v) / BILLION for v in rows["actual_2024_usd"]]
    plan = [float(v) / BILLION for v in rows["plan_2025_usd"]]
    ax.bar([i - 0.2 for i in x], actual, width=0.4, label="2024 actual", color="#999999")
    ax.bar([i + 0.2 for i in x], plan, width=0.4, label="2025 plan", color="#4c72b0")
    for i, g in zip(x, rows["growth_pct"]):
        ax.annotate(f"{float(g):+.0f}%", (i + 0.2, plan[i]), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=8)
    ax.set_xticks(list(x), list(rows["entity"]))
    ax.set_ylabel("USD billion")
    ax.set_title("2024년 실적 vs 2025년 계획 (2024 actual against 2025 plan)")
    ax.legend(fontsize=8)
    source_note(ax, "Sources: data/reference.csv via data/capex_bases.csv (line items per company)")
    return fig


VERDICT_COLOURS = {"holds": "#2a9d8f", "holds approximately": "#8ab17d", "does not hold": "#e76f51",
                   "cannot be checked from these sources": "#bbbbbb"}


def verdict_bars(counts, title: str):
    """Stacked horizontal bars: verdict counts per row of `counts` (rows: articles or topics)."""
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.45 * len(counts) + 1.2)))
    left = [0] * len(counts)
    labels = [str(i) for i in counts.index]
    for verdict in counts.columns:
        widths = [int(v) for v in counts[verdict]]
        ax.barh(labels, widths, left=left, color=VERDICT_COLOURS.get(verdict, "#777777"), label=verdict)
        left = [a + b for a, b in zip(left, widths)]
    ax.invert_yaxis()
    ax.set_xlabel("claims (primary verdict of each)")
    ax.set_title(title)
    ax.legend(fontsize=8, loc="lower right")
    source_note(ax, "Source: data/checks.csv evaluated by capexlib.checks")
    return fig
