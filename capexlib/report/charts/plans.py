"""Notebooks 01 and 02: the four companies' 2025 plans, and their 2024 spending against those plans."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from ...core.fx import Rate
from ...core.numbers import CTX
from ...topics.totals import TOTAL_ROW
from ..language import _, data_words, words
from ..present import entity_words, money, money_range, number, pct, rate_text
from .base import BILLION, ECB, TRILLION, Chart, billions_of, names, row_ids, source_note


def plans_chart_alt(guidance: pd.DataFrame, rate_label: str) -> str:
    """Each company's 2025 plan (a range where the guidance is one), from the numbers drawn."""
    parts = []
    for g in guidance.to_dict("records"):
        if g["low_usd"] == g["high_usd"]:
            parts.append(f"{entity_words(g['entity'])} {money(g['high_usd'], 'USD', exact=True)}")
        else:
            shown = money_range(g["low_usd"], g["high_usd"], "USD")
            parts.append(_("%(entity)s %(range)s (a range)") % {"entity": entity_words(g["entity"]), "range": shown})
    return _(
        "Bar chart of the four companies' 2025 capital expenditure plans in US dollars billions, with the won "
        "equivalent on the right axis at %(rate)s: %(parts)s."
    ) % {"rate": rate_label, "parts": "; ".join(parts)}


def plans_chart(guidance: pd.DataFrame, rate: Rate) -> Chart:
    """Each company's 2025 plan in USD billions (a whisker where guidance is a range), KRW on the right axis at
    `rate` (`guidance`: capexlib.topics.totals.guidance)."""
    rate_label = rate_text(rate)
    fig, ax = plt.subplots(figsize=(8, 4.2))
    entities = [entity_words(e) for e in guidance["entity"]]
    low = [billions_of(v) for v in guidance["low_usd"]]
    high = [billions_of(v) for v in guidance["high_usd"]]
    ax.bar(entities, high, color="#4c72b0")
    for i, (lo, hi, lo_d, hi_d) in enumerate(zip(low, high, guidance["low_usd"], guidance["high_usd"], strict=True)):
        if lo != hi:
            ax.vlines(i, lo, hi, color="black", linewidth=2)
            label = _("range %(low)s-%(high)s") % {
                "low": number(CTX.divide(lo_d, BILLION)),
                "high": number(CTX.divide(hi_d, BILLION)),
            }
        else:
            label = number(CTX.divide(hi_d, BILLION))
        ax.annotate(label, (i, hi), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=8)
    ax.set_ylabel(_("2025 plan, USD billion"))
    ax.set_title(_("2025년 설비투자 계획 (2025 capital expenditure plans, company guidance)"))
    per_usd, billion, trillion = float(rate.rate), float(BILLION), float(TRILLION)

    def to_trillion_won(b: Any) -> Any:
        return b * per_usd * billion / trillion

    def to_billion_dollars(t: Any) -> Any:
        return t * trillion / (per_usd * billion)

    right = ax.secondary_yaxis("right", functions=(to_trillion_won, to_billion_dollars))
    # Two short lines: on one line the label is taller than the axis and its ends are cut off.
    right.set_ylabel(_("조 원 (KRW trillion)\nat %(rate)s") % {"rate": rate_label}, fontsize=9)
    source_note(
        fig,
        _(
            "Sources: 2025 capital expenditure guidance of %(companies)s (Microsoft's fiscal year ends 30 June); "
            "ECB euro reference rate"
        )
        % {"companies": names(entities)},
    )
    columns = ["entity", "period", "low_usd", "high_usd", "low_krw", "high_krw", "ref_ids"]
    periods = [data_words(p, "reference", "period_as_stated") for p in guidance["period"]]
    table = guidance[columns].assign(entity=entities, period=periods, krw_per_usd=rate.rate)
    return Chart(
        fig,
        plans_chart_alt(guidance, rate_label),
        _("2025 capital expenditure plans (company guidance), USD and KRW"),
        table,
        [*row_ids(*guidance["ref_ids"]), ECB],
    )


def change_chart_alt(change: pd.DataFrame, basis_label: str) -> str:
    """Each company's 2024 actual beside its 2025 plan, with the growth, from the numbers drawn."""
    rows = change[change["entity"] != TOTAL_ROW]
    parts = [
        _("%(entity)s %(actual)s to %(plan)s (%(growth)s)")
        % {
            "entity": entity_words(r["entity"]),
            "actual": money(r["actual_2024_usd"], "USD"),
            "plan": money(r["plan_2025_usd"], "USD"),
            "growth": pct(r["growth_pct"], 1),
        }
        for r in rows.to_dict("records")
    ]
    return _(
        "Grouped bars per company: 2024 capital expenditure (%(basis)s) beside the 2025 plan, in US dollars "
        "billions, with the growth in percent above each 2025 bar: %(parts)s."
    ) % {"basis": words(basis_label), "parts": "; ".join(parts)}


def change_chart(change: pd.DataFrame, basis_label: str) -> Chart:
    """2024 actual against 2025 plan per company, USD billions, with the growth in percent above
    (`change`: capexlib.topics.totals.change_by_company on the basis named `basis_label`)."""
    rows = change[change["entity"] != TOTAL_ROW]
    fig, ax = plt.subplots(figsize=(8, 4.2))
    x = range(len(rows))
    actual = [billions_of(v) for v in rows["actual_2024_usd"]]
    plan = [billions_of(v) for v in rows["plan_2025_usd"]]
    ax.bar([i - 0.2 for i in x], actual, width=0.4, label=_("2024 actual"), color="#999999")
    ax.bar([i + 0.2 for i in x], plan, width=0.4, label=_("2025 plan"), color="#4c72b0")
    for i, g in zip(x, rows["growth_pct"], strict=True):
        ax.annotate(
            number(g, signed=True) + "%", (i + 0.2, plan[i]), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=8
        )
    entities = [entity_words(e) for e in rows["entity"]]
    ax.set_xticks(list(x), entities)
    ax.set_ylabel(_("USD billion"))
    ax.set_title(_("2024년 실적 vs 2025년 계획 (2024 actual against 2025 plan)"))
    ax.set_ylim(0, max(plan + actual) * 1.12)  # room for the growth labels above the bars
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    source_note(
        fig,
        _("Sources: filings of %(companies)s for 2024 capital expenditure, and their guidance for 2025")
        % {"companies": names(entities)},
    )
    table = rows[["entity", "actual_2024_usd", "plan_2025_usd", "change_usd", "growth_pct", "line_item", "refs"]].assign(
        entity=entities, line_item=[words(i) for i in rows["line_item"]]
    )
    title = _("2024 actual against 2025 plan, USD")
    return Chart(fig, change_chart_alt(change, basis_label), title, table, row_ids(*rows["refs"]))
