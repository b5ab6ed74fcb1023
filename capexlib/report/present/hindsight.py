"""How a printed figure aged, in words: outcome labels (never a verdict's words), the later figure against
the printed one, guidance and its revisions, the four's spending against the printed total. Sentences come
from translated templates; the data's words (notes, periods, metrics) from the data catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pandas as pd

from ...core.checks import NO_OUTCOME, NOT_YET_KNOWN
from ...core.money import KOREAN_WORDS
from ...core.units import is_money
from ...topics.hindsight import BASIS_WORDS
from ...topics.rows import without_nan  # pandas NaN -> None (one home: topics.rows)
from ..language import DEFAULT_LANGUAGE, N_, _, current, data_words
from .numbers import (
    QUALIFIER_WORDS,
    english_money,
    korean_money,
    money,
    pct,
    points_text,
    qualified,
    rate_text,
    span,
    stated_on_text,
    value,
)
from .verdicts import computed_text, messages, note_text, printed_text, reason_label, unconfirmed_flag


def change_words(row: Mapping[str, Any]) -> str:
    """The later figure against the printed one: a percent of the printed figure ('+31.8%'), or, for a figure
    printed in percent (a share), the difference in percentage points ('+13.5 pp'), since a percent of a
    percent misleads ('71% -> 84.5%' is +13.5 points, not +19.1%). '' where there is no change."""
    change = row.get("change_pct")
    if change is None:
        return ""
    if row.get("unit") == "percent" and row.get("computed") is not None and row.get("stated") is not None:
        return points_text(Decimal(str(row["computed"])) - Decimal(str(row["stated"])))
    return pct(Decimal(str(change)), 1)


def outcome_label(row: dict[str, Any]) -> str:
    """How a printed figure aged, in words, with the later value against the printed one where a change
    means something: 'spent more than planned (+31.8%)'."""
    key = str(row["outcome"])
    label = messages().outcome(key)
    change = change_words(row)
    return f"{label} ({change})" if change and key not in (NOT_YET_KNOWN, NO_OUTCOME) else label


def aged_why(row: dict[str, Any]) -> str:
    """One paragraph for a hindsight row: what the printed figure is set against, then what came of it."""
    kind = row.get("reason_kind") or ""
    head = f"{reason_label(kind)}: " if kind else ""
    note = note_text(row["note"], "hindsight_checks")
    if row["computed"] is None:
        return head + note
    later = computed_text(row)
    if row.get("rate") is not None:
        later = _("%(computed)s at %(rate)s") % {"computed": later, "rate": rate_text(row["rate"])}
    result = _("Later: %(later)s; printed %(printed)s: %(outcome)s.") % {
        "later": later,
        "printed": printed_text(row),
        "outcome": outcome_label(row),
    }
    return f"{head}{note} {result}{unconfirmed_flag(row)}"


def basis_text(key: str | None) -> str:
    """A capex basis key in words ('including finance leases'); empty for none."""
    if key is None:
        return ""
    return _(BASIS_WORDS[key]) if key in BASIS_WORDS else key


def beside_words(key: str | None) -> str:
    """The second basis beside a company's actual: the calendar year, or a line item."""
    return _("calendar year") if key == "calendar" else basis_text(key)


def guidance_range(low: Decimal | None, high: Decimal | None, currency: str) -> str:
    """A guidance (a range, or one amount when there is no high end), compact, as its reader writes it:
    '$91.0B to $93.0B' in English, '910억~930억 달러' in Korean (never a decimal 억)."""
    if low is None:
        return ""
    if current() != DEFAULT_LANGUAGE:
        if high is None or high == low:
            return korean_money(low, currency)
        word = KOREAN_WORDS.get(currency, currency)
        return f"{korean_money(low, currency).removesuffix(' ' + word)}~{korean_money(high, currency)}"
    first = english_money(low, currency)
    return first if high is None or high == low else span(first, english_money(high, currency))


def revisions_text(revisions: pd.DataFrame | None) -> str:
    """Each dated revision of a guidance: 'Jul 2025: $85.0B; Oct 2025: $91.0B to $93.0B'; 'none in the sources'."""
    if revisions is None:
        return ""
    if revisions.empty:
        return _("none in the sources")
    parts = []
    for _i, r in revisions.iterrows():
        row = without_nan(r.to_dict())
        amount = (
            guidance_range(row["value"], row["value_high"], row["unit"]) if row["value"] is not None else _("(in words only)")
        )
        flag = " " + _("(unconfirmed)") if row["confidence"] == "unconfirmed" else ""
        parts.append(f"{stated_on_text(row['stated_on'], row['stated_on_precision'])}: {amount}{flag}")
    return "; ".join(parts)


def printed_list(printed: pd.DataFrame) -> str:
    """The articles' printed figures as printed: 'mt 1000억달러; ja 1000억 달러 (이상) ...' (article ids)."""

    def one(r: dict[str, Any]) -> str:
        shown = r.get("printed_as") or korean_money(r["amount"], "USD", exact=True)
        word = QUALIFIER_WORDS.get(r["qualifier"] or "")
        return f"{r['article_id']} {shown}" + (f" ({word})" if word and word not in shown else "")

    return "; ".join(one(r) for r in (without_nan(x) for x in printed.to_dict("records")))


def period_text(row: dict[str, Any]) -> str:
    """'FY2025 (Jul 2024-Jun 2025) → 2024-07-01..2025-06-30': the period as stated (the outcomes' words),
    then as normalized."""
    stated = data_words(row.get("period_as_stated"), "outcomes", "period_as_stated")
    if row.get("period_start") and row.get("period_end"):
        return f"{stated} → {row['period_start']}..{row['period_end']}".strip()
    return stated


def outcome_value(row: dict[str, Any]) -> str:
    """An outcome's figure for reading: money in both styles (a range as 'low to high'), other units as written."""
    if row["value"] is None:
        return _("(in words only)")
    qualifier = row.get("qualifier")
    if is_money(row["unit"]):
        if row.get("value_high") is not None:
            return qualified(guidance_range(row["value"], row["value_high"], row["unit"]), qualifier)
        return qualified(money(row["value"], row["unit"]), qualifier)
    return qualified(value(row["value"], row["unit"]), qualifier)


def total_aged_lines(aged: Any) -> list[str]:
    """What notebook 06 says of the printed total (a hindsight.TotalAged): each article's printed figure and
    how it aged, what the four spent against the plan, the calendar-year figure and the press's tallies."""
    lines = []
    for i, row in enumerate(aged.printed.to_dict("records")):
        lines.append(f"{printed_list(aged.printed.iloc[[i]])}: {outcome_label(without_nan(row))}")
    template = (
        N_("the four spent %(actual)s on the articles' basis: %(diff)s (%(pct)s) less than the plan, %(diff_krw)s at %(rate)s")
        if aged.diff_usd < 0
        else N_(
            "the four spent %(actual)s on the articles' basis: %(diff)s (%(pct)s) more than the plan, %(diff_krw)s at %(rate)s"
        )
    )
    lines.append(
        _(template)
        % {
            "actual": money(aged.actual_usd, "USD"),
            "diff": money(abs(aged.diff_usd), "USD"),
            "pct": pct(aged.diff_pct, 1),
            "diff_krw": money(abs(aged.diff_krw), "KRW"),
            "rate": rate_text(aged.rate),
        }
    )
    calendar = _("in calendar 2025: %(amount)s") % {"amount": money(aged.calendar_usd, "USD")}
    if aged.calendar_unconfirmed:
        calendar += " " + _("(one quarter of Microsoft's from an unconfirmed source)")
    lines.append(calendar)
    lines += [
        _("the press (%(row)s): %(figure)s for %(period)s")
        % {
            "row": row["outcome_id"],
            "figure": outcome_value(row),
            "period": data_words(row["period_as_stated"], "outcomes", "period_as_stated"),
        }
        for row in aged.reported.to_dict("records")
    ]
    return lines


def guidance_sum_lines(guided: Any) -> list[str]:
    """What notebook 06 says of the next year's guidance (a hindsight.GuidanceSum): the latest of each company
    added up, flagged when an input is unconfirmed with the confirmed-only sum beside it, and the press's tally."""
    first = _("latest guidance for %(year)s, added up: %(range)s (%(companies)s)") % {
        "year": guided.year,
        "range": guidance_range(guided.low_usd, guided.high_usd, "USD"),
        "companies": ", ".join(data_words(c, "entities", "entity") for c in guided.companies),
    }
    if guided.unconfirmed:
        first += "; " + _("includes an unconfirmed input (%(rows)s)") % {"rows": ", ".join(guided.unconfirmed)}
    lines = [first]
    if guided.confirmed_low_usd is not None:
        lines.append(
            _("from each company's latest confirmed guidance only: %(range)s")
            % {"range": guidance_range(guided.confirmed_low_usd, guided.confirmed_high_usd, "USD")}
        )
    lines += [
        _("the press (%(row)s, %(period)s): %(figure)s")
        % {
            "row": row["outcome_id"],
            "period": data_words(row["period_as_stated"], "outcomes", "period_as_stated"),
            "figure": outcome_value(row),
        }
        for row in guided.tallies.to_dict("records")
    ]
    return lines
