"""Notebook 03: Baidu, Alibaba and Tencent against the US four, in USD and as a ratio."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter

from ...core.numbers import to_decimal
from ..language import _, words
from ..present import billions, money, number, rate_text, value
from .base import ECB, Chart, billions_of, source_note

US_COLOURS = ("#4c72b0", "#aec7e8")  # the comparands in their order: the actual spending, then the plans
WRAP = 18  # characters per line of a category label under the ratio bars


def bat_scale_alt(alignment: pd.DataFrame) -> str:
    """The BAT chart's alt text, from the same rows it draws (rounded for reading)."""
    bats = "; ".join(
        f"{words(r['bat_label'])} {money(r['bat_usd'], 'USD')}" for r in alignment.drop_duplicates("bat_label").to_dict("records")
    )
    us = "; ".join(
        f"{words(r['comparand'])} {money(r['us_usd'], 'USD')}" for r in alignment.drop_duplicates("comparand").to_dict("records")
    )
    ratios = "; ".join(
        f"{words(r['comparand'])} / {words(r['bat_label'])} = {value(r['ratio_us_to_bat'], 'times')}"
        + (" " + _("(like for like)") if r["like_for_like"] else "")
        for r in alignment.to_dict("records")
    )
    return _(
        "Left: horizontal bars on a log scale, USD billion: %(bats)s; %(us)s. "
        "Right: the US four as a multiple of BAT: %(ratios)s."
    ) % {
        "bats": bats,
        "us": us,
        "ratios": ratios,
    }


def bat_scale(alignment: pd.DataFrame) -> Chart:
    """Left: BAT (half year and annualized) and the US four on a log axis, USD billion. Right: the US:BAT
    ratio for each annualization factor, against actuals and plans (`alignment`:
    capexlib.topics.bat.period_alignment for the factors to draw)."""
    factors: list[Decimal] = sorted(dict.fromkeys(alignment["factor"]))
    comparands = list(dict.fromkeys(alignment["comparand"]))
    bars: list[tuple[str, Decimal, str]] = []
    for f in factors:
        row = alignment[alignment["factor"] == f].iloc[0]
        bars.append((words(row["bat_label"]), row["bat_usd"], "#d62728" if f == 1 else "#ff9896"))
    for i, name in enumerate(comparands):
        row = alignment[alignment["comparand"] == name].iloc[0]
        bars.append((words(name), row["us_usd"], US_COLOURS[min(i, len(US_COLOURS) - 1)]))

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6), gridspec_kw={"width_ratios": [3, 2]})
    values = [billions_of(b[1]) for b in bars]
    positions = list(range(len(bars)))
    left.barh(positions, values, color=[b[2] for b in bars])
    left.set_yticks(positions, [textwrap.fill(b[0], 34, break_long_words=False) for b in bars], fontsize=9)
    left.set_xscale("log")
    left.invert_yaxis()
    for i, (v, (_label, amount, _colour)) in enumerate(zip(values, bars, strict=True)):
        left.annotate(billions(amount), (v, i), textcoords="offset points", xytext=(4, 0), va="center", fontsize=8)
    left.set_xlim(min(values) / 2, max(values) * 4)
    left.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(to_decimal(v), grouped=True)))
    left.grid(axis="x", which="major", color="#cccccc", linewidth=0.6)
    left.set_axisbelow(True)
    left.set_xlabel(_("USD billion, log scale\n(each gridline is 10 times the last)"))
    left.set_title(_("설비투자 규모 (capex, USD billion)"))
    left.text(
        0,
        -0.3,
        _("BAT converted at %(rate)s") % {"rate": rate_text(alignment.iloc[0]["usd_rate"])},
        transform=left.transAxes,
        fontsize=7,
        color="#555555",
    )

    width = 0.8 / len(factors)
    for j, f in enumerate(factors):
        sub = alignment[alignment["factor"] == f]
        xs = [i + (j - (len(factors) - 1) / 2) * width for i in range(len(comparands))]
        picked = [sub[sub["comparand"] == c].iloc[0] for c in comparands]
        likes = [bool(r["like_for_like"]) for r in picked]
        right.bar(
            xs,
            [float(r["ratio_us_to_bat"]) for r in picked],
            width=width * 0.95,
            label=_("BAT as reported (half year)")
            if f == 1
            else _("BAT annualized (x %(factor)s)") % {"factor": f"{f.normalize():f}"},
            color="#ff9896" if f != 1 else "#d62728",
            edgecolor=["black" if like else "none" for like in likes],
            linewidth=1.5,
        )
        for x, r, like in zip(xs, picked, likes, strict=True):
            right.annotate(
                _("%(times)sx") % {"times": number(r["ratio_us_to_bat"])} + ("\n" + _("(like for like)") if like else ""),
                (x, float(r["ratio_us_to_bat"])),
                textcoords="offset points",
                xytext=(0, 3),
                ha="center",
                fontsize=7,
            )
    # Short category labels: 'US four, 2024 actual (...)' as 'US 2024 actual (...)' (the Korean words are short already).
    short = [words(c).replace("US four, ", "US ") for c in comparands]
    right.set_xticks(range(len(comparands)), [textwrap.fill(c, WRAP, break_long_words=False) for c in short], fontsize=8)
    right.set_ylabel(_("US four / BAT (times)"))
    right.set_ylim(0, max(float(r) for r in alignment["ratio_us_to_bat"]) * 1.3)
    right.set_title(_("미국 4사 / BAT 배율 (ratio, times)"))
    right.legend(fontsize=7, loc="upper left")
    source_note(
        fig,
        _(
            "Sources: BAT - the Financial Times (via news.az), capex in the first half of 2024, CNY; "
            "US four - company filings; ECB euro reference rates"
        ),
    )
    fig.tight_layout()
    columns = ["factor", "bat_label", "bat_cny", "bat_usd", "usd_rate", "comparand", "us_usd", "ratio_us_to_bat", "like_for_like"]
    table = alignment[columns].assign(
        bat_label=[words(b) for b in alignment["bat_label"]], comparand=[words(c) for c in alignment["comparand"]]
    )
    return Chart(
        fig,
        bat_scale_alt(alignment),
        _("BAT against the US four: capex in USD and the US:BAT ratio"),
        table,
        [*dict.fromkeys(alignment["bat_ref"]), ECB],
    )
