"""Notebook 06: how the printed plans aged (each company's plan, guidance revisions and actual; the total)."""

from __future__ import annotations

from typing import Any

import matplotlib.dates
import matplotlib.pyplot as plt
import pandas as pd

from ...core.money_format import format_amount
from ...topics import hindsight
from ..language import N_, _, data_words
from ..present import basis_text, billions, entity_words, number, span, stated_on_text
from .base import Chart, billions_of, names, row_ids, source_note

PRINTED_COLOUR, GUIDANCE_COLOUR, ACTUAL_COLOUR, BESIDE_COLOUR = "#4c72b0", "#8172b3", "#c44e52", "#dd8452"
QUALIFIER_WORDS = {"at_least": N_("over %(amount)s"), "approx": N_("about %(amount)s"), "at_most": N_("at most %(amount)s")}


def _qualified(qualifier: str | None, amount: str) -> str:
    """'over $400.0B': an amount with the qualifier the press put on it."""
    return _(QUALIFIER_WORDS[qualifier]) % {"amount": amount} if qualifier in QUALIFIER_WORDS else amount


def _day(value: Any) -> Any:
    return matplotlib.dates.date2num(value)


def _companies(plan_vs_actual: pd.DataFrame) -> pd.DataFrame:
    return plan_vs_actual[plan_vs_actual["entity"] != hindsight.TOTAL_ROW]


def guidance_paths_alt(plan_vs_actual: pd.DataFrame) -> str:
    """The guidance-path chart's alt text, from the same rows it draws (rounded for reading)."""
    parts = []
    for r in _companies(plan_vs_actual).to_dict("records"):
        first = r["printed"].iloc[0]
        steps = [
            _("printed plan %(amount)s on %(date)s") % {"amount": billions(r["plan_usd"]), "date": first["published"].isoformat()}
        ]
        if r["guidance_low_usd"] != r["guidance_high_usd"]:
            guided = span(billions(r["guidance_low_usd"]), billions(r["guidance_high_usd"]))
            steps[0] += " " + _("(guidance %(range)s)") % {"range": guided}
        for rev in r["revisions"].to_dict("records"):
            if rev["value"] is not None:
                amount = (
                    billions(rev["value"])
                    if rev["value_high"] is None
                    else span(billions(rev["value"]), billions(rev["value_high"]))
                )
                when = stated_on_text(rev["stated_on"], rev["stated_on_precision"])
                steps.append(_("guidance %(amount)s in %(when)s") % {"amount": amount, "when": when})
        actual = _("actual %(amount)s for the period to %(end)s") % {
            "amount": billions(r["actual_usd"]),
            "end": r["period_end"].isoformat(),
        }
        if r["beside_usd"] is not None:
            actual += f" ({_beside(r['beside_basis'])}: {billions(r['beside_usd'])})"
        parts.append(f"{entity_words(r['entity'])}: " + _(", then ").join([*steps, actual]))
    return _("Four panels, one per company, USD billion against the date each figure was given: %(parts)s.") % {
        "parts": "; ".join(parts)
    }


def _sources(rows: list[dict[str, Any]]) -> list[str]:
    found = [f"article:{a}" for r in rows for a in r["printed"]["article_id"]]
    for r in rows:
        revisions = [] if r["revisions"].empty else list(r["revisions"]["outcome_id"])
        found += row_ids(r["guidance_refs"], *revisions, r["actual_operands"], r["beside_operands"])
    return list(dict.fromkeys(found))


def guidance_paths(plan_vs_actual: pd.DataFrame, articles: pd.DataFrame) -> Chart:
    """One panel per company on one time axis: the printed plan (at the articles' dates) with the guidance
    range then, each dated revision (a bar for a range), and the actual at the end of its period (the plan's
    basis filled, the other basis hollow). `plan_vs_actual`: capexlib.topics.hindsight.plan_vs_actual;
    `articles`: the ledger's articles, for the outlets' names."""
    rows = _companies(plan_vs_actual).to_dict("records")
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
    for ax, r in zip(axes.flat, rows, strict=False):
        _company_panel(ax, r)
    for ax in axes.flat:
        ax.xaxis.set_major_locator(matplotlib.dates.MonthLocator(bymonth=(1, 4, 7, 10)))
        ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%Y-%m"))
        ax.tick_params(axis="x", labelsize=7, rotation=30, labelbottom=True)  # every panel its dates: shown apart on a phone
    fig.suptitle(_("계획, 가이던스 변경, 실적 (plan, guidance revisions and actual, USD billion)"), fontsize=12)
    named = articles["outlet"].map(lambda o: data_words(str(o), "articles", "outlet"))  # in the reader's language
    outlets = sorted({str(named[a]) for r in rows for a in r["printed"]["article_id"]})
    source_note(
        fig,
        _(
            "Sources: the plans as %(outlets)s printed them; the companies' guidance and results as reported "
            "(filings, earnings calls, press). A month-only date is drawn on the month's first day."
        )
        % {"outlets": names(outlets)},
    )
    fig.tight_layout()
    table = _guidance_paths_table(rows, named)
    return Chart(fig, guidance_paths_alt(plan_vs_actual), _("Plans, guidance and actuals (USD)"), table, _sources(rows))


def _company_panel(ax: Any, r: dict[str, Any]) -> None:
    printed = r["printed"]
    days = [_day(d) for d in printed["published"]]
    ax.scatter(
        days, [billions_of(v) for v in printed["amount"]], color=PRINTED_COLOUR, zorder=3, label=_("printed plan (articles)")
    )
    first = days[0]
    ax.vlines(
        first,
        billions_of(r["guidance_low_usd"]),
        billions_of(r["guidance_high_usd"]),
        color=PRINTED_COLOUR,
        linewidth=3,
        alpha=0.5,
    )
    path_x, path_y = [first], [billions_of(r["guidance_high_usd"])]
    for rev in r["revisions"].to_dict("records"):
        if rev["value"] is None:
            continue
        x = _day(rev["stated_on"])
        low = billions_of(rev["value"])
        high = billions_of(rev["value_high"] if rev["value_high"] is not None else rev["value"])
        ax.vlines(x, low, high, color=GUIDANCE_COLOUR, linewidth=3, label=_("guidance revised") if len(path_x) == 1 else None)
        ax.scatter([x], [high], color=GUIDANCE_COLOUR, marker="_", s=120, zorder=3)
        label = billions(rev["value"], 0) + (f"-{billions(rev['value_high'], 0)}" if rev["value_high"] is not None else "")
        ax.annotate(label.replace("$", r"\$"), (x, low), textcoords="offset points", xytext=(0, -11), ha="center", fontsize=7)
        path_x.append(x)
        path_y.append(high)
    end = _day(r["period_end"])
    actual = billions_of(r["actual_usd"])
    ax.plot([*path_x, end], [*path_y, actual], color=GUIDANCE_COLOUR, linestyle=":", linewidth=1)
    ax.scatter([end], [actual], marker="*", s=180, color=ACTUAL_COLOUR, zorder=4, label=_actual(basis_text(r["basis"])))
    ax.annotate(billions(r["actual_usd"]), (end, actual), textcoords="offset points", xytext=(-6, 6), ha="right", fontsize=8)
    if r["beside_usd"] is not None:
        ax.scatter(
            [end],
            [billions_of(r["beside_usd"])],
            marker="D",
            s=50,
            facecolors="none",
            edgecolors=BESIDE_COLOUR,
            zorder=4,
            label=_actual(_beside(r["beside_basis"])),
        )
    ax.set_title(entity_words(r["entity"]), fontsize=11)
    ax.set_ylabel(_("USD billion"))
    ax.set_ylim(0, max(actual, path_y[-1], *(billions_of(v) for v in printed["amount"])) * 1.25)
    ax.grid(color="#dddddd", linewidth=0.6)
    ax.legend(fontsize=6.5, loc="lower right")


def _guidance_paths_table(rows: list[dict[str, Any]], outlets: pd.Series) -> pd.DataFrame:
    """What the guidance-path chart draws: one row per point, exact USD."""
    points: list[dict[str, Any]] = []
    for r in rows:
        for p in r["printed"].to_dict("records"):
            points.append(
                {
                    "company": entity_words(r["entity"]),
                    "what": _("printed plan (%(outlet)s)") % {"outlet": outlets[p["article_id"]]},
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
                        "company": entity_words(r["entity"]),
                        "what": _("guidance revised"),
                        "date": rev["stated_on"],
                        "low_usd": rev["value"],
                        "high_usd": high,
                    }
                )
        points.append(
            {
                "company": entity_words(r["entity"]),
                "what": _actual(basis_text(r["basis"])),
                "date": r["period_end"],
                "low_usd": r["actual_usd"],
                "high_usd": r["actual_usd"],
            }
        )
    return pd.DataFrame(points)


def total_against_printed_alt(aged: hindsight.TotalAged, guided: hindsight.GuidanceSum) -> str:
    reported = "; ".join(
        _("the press: %(amount)s (%(period)s)")
        % {
            "amount": _qualified(r["qualifier"], billions(r["value"])),
            "period": data_words(r["period_as_stated"], "outcomes", "period_as_stated"),
        }
        for r in aged.reported.to_dict("records")
    )
    text = _(
        "Bars in USD billion: the printed plan %(plan)s; the four's actual spending on the articles' basis %(actual)s "
        "(%(diff)s%%); in calendar %(year)s %(calendar)s; %(reported)s; their latest guidance for %(next)s, %(range)s, for scale"
    ) % {
        "plan": billions(aged.plan_usd),
        "actual": billions(aged.actual_usd),
        "diff": number(aged.diff_pct, 1, signed=True),
        "year": guided.year - 1,
        "calendar": billions(aged.calendar_usd),
        "reported": reported,
        "next": guided.year,
        "range": span(billions(guided.low_usd), billions(guided.high_usd)),
    }
    if guided.unconfirmed and guided.confirmed_low_usd is not None and guided.confirmed_high_usd is not None:
        confirmed = span(billions(guided.confirmed_low_usd), billions(guided.confirmed_high_usd))
        return text + " " + _("(one input unconfirmed; from confirmed guidance only %(range)s).") % {"range": confirmed}
    return text + "."


def total_against_printed(aged: hindsight.TotalAged, guided: hindsight.GuidanceSum) -> Chart:
    """The printed combined plan against what the four spent (articles' basis and calendar year), the
    press's own figure, and the next year's guidance (a range) for scale."""
    articles = len(aged.printed)
    labels = [
        _("printed plan\n(%(num)s articles)") % {"num": articles},
        _("actual,\narticles' basis"),
        _("actual,\ncalendar %(year)s") % {"year": guided.year - 1},
    ]
    values = [aged.plan_usd, aged.actual_usd, aged.calendar_usd]
    colours = [PRINTED_COLOUR, ACTUAL_COLOUR, BESIDE_COLOUR]
    fig, ax = plt.subplots(figsize=(9, 4.6))
    xs = list(range(len(values)))
    ax.bar(xs, [billions_of(v) for v in values], color=colours, width=0.6)
    for x, v in zip(xs, values, strict=True):
        ax.annotate(billions(v), (x, billions_of(v)), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=9)
    for r in aged.reported.to_dict("records"):
        ax.hlines(billions_of(r["value"]), 1.6, 2.4, color="#333333", linestyle="--", linewidth=1)
        ax.annotate(
            _("press: %(amount)s") % {"amount": _qualified(r["qualifier"], billions(r["value"]))},
            (2.4, billions_of(r["value"])),
            textcoords="offset points",
            xytext=(3, -3),
            fontsize=7,
            va="top",
        )
    x_next = len(values) + 0.3
    low, high = billions_of(guided.low_usd), billions_of(guided.high_usd)
    ax.bar([x_next], [low], color=GUIDANCE_COLOUR, width=0.6, alpha=0.45)
    ax.bar([x_next], [high - low], bottom=low, color=GUIDANCE_COLOUR, width=0.6, hatch="//", edgecolor="white")
    guided_span = span(billions(guided.low_usd), billions(guided.high_usd)).replace("$", r"\$")  # two $: not mathtext
    ax.annotate(guided_span, (x_next, high), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=9)
    next_label = (
        _("guidance for %(year)s\n(latest, for scale; one input\nunconfirmed)")
        if guided.unconfirmed
        else _("guidance for %(year)s\n(latest, for scale)")
    ) % {"year": guided.year}
    ax.set_xticks([*xs, x_next], [*labels, next_label], fontsize=8)
    ax.axhline(billions_of(aged.plan_usd), color=PRINTED_COLOUR, linewidth=0.8, linestyle=":")
    ax.set_ylabel(_("USD billion"))
    ax.set_ylim(0, billions_of(guided.high_usd) * 1.15)
    ax.set_title(
        _("%(plan)s 계획 vs 실제 지출 (the printed total against actual spending)")
        % {"plan": format_amount(aged.plan_usd, "USD", "ko")}
    )
    source_note(
        fig, _("Sources: the articles (printed total); the companies' results and guidance as reported (filings, calls, press)")
    )
    table = pd.DataFrame(
        [{"bar": label.replace("\n", " "), "usd": value} for label, value in zip(labels, values, strict=True)]
        + [
            {"bar": _("guidance for %(year)s, low") % {"year": guided.year}, "usd": guided.low_usd},
            {"bar": _("guidance for %(year)s, high") % {"year": guided.year}, "usd": guided.high_usd},
        ]
    )
    sources = [
        *(f"article:{a}" for a in aged.printed["article_id"]),
        *row_ids(aged.actual_operands, aged.calendar_operands, *aged.reported["outcome_id"], *guided.latest["outcome_id"]),
    ]
    return Chart(
        fig, total_against_printed_alt(aged, guided), _("The printed total against actual spending (USD)"), table, sources
    )


def _beside(key: str | None) -> str:
    """The second basis of an actual: 'calendar' (the calendar year) or a line item."""
    return _("calendar") if key == "calendar" else basis_text(key)


def _actual(basis: str) -> str:
    """'actual (purchases of property and equipment)': the legend of an actual on a basis."""
    return _("actual (%(basis)s)") % {"basis": basis}
