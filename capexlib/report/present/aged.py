"""Notebook 06's tables (and the "how it aged" table of 05): plans against outcomes, the outcome rows, the
collector's sums, growth, BAT's later years, Korea's budgets, for reading. Outcomes in words of their own,
never a verdict's; every column name in words (`columns.headed`), in the current language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from ...topics.rows import without_nan  # pandas NaN -> None (one home: topics.rows)
from ..language import N_, _, data_words
from ..verdict_frame import VerdictFrame, shown_verdicts
from .columns import headed
from .hindsight import (
    aged_why,
    basis_text,
    beside_words,
    guidance_range,
    outcome_label,
    outcome_value,
    period_text,
    printed_list,
    revisions_text,
)
from .numbers import money, pct, rate_text, stated_on_text, value
from .tables import entity_words
from .verdicts import computed_text, messages, printed_text

KIND_WORDS = {
    "actual": N_("actual"),
    "derived": N_("derived (the collector's sum)"),
    "guidance": N_("guidance"),
    "plan": N_("plan"),
    "part": N_("part"),
    "total": N_("total"),
    "assumption": N_("assumption"),
    "cost": N_("cost"),
    "budget": N_("budget"),
    "estimate": N_("estimate"),
    "forecast": N_("forecast"),
}


def kind_words(kind: str | None) -> str:
    """A data row's kind (data/outcomes.csv and data/reference.csv, column kind) in words."""
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind or ""


def confidence_words(confidence: str | None, table: str = "outcomes") -> str:
    """How sure a row is: a level (confirmed, secondary, unconfirmed) or the data's own words."""
    if confidence in ("confirmed", "secondary", "unconfirmed"):
        return messages().confidence(confidence)
    return data_words(confidence, table, "confidence")


def _reading(frame: pd.DataFrame, index: str, row: Callable[[dict[str, Any]], dict[str, str]]) -> pd.DataFrame:
    """`row` of each record (empty cells as None), as a table indexed by `index`, with its names in words."""
    return headed(pd.DataFrame([row(without_nan(raw)) for raw in frame.to_dict("records")]).set_index(index))


def hindsight_view(frame: pd.DataFrame) -> VerdictFrame:
    """Hindsight rows for reading, indexed by check: quote, printed, the later figure, how it aged, how sure, why."""
    rows = []
    for raw in frame.to_dict("records"):
        r = without_nan(raw)
        label = outcome_label(r)
        rows.append(
            {
                "check_id": r["check_id"],
                "article_id": r["article_id"],
                "quote": r["quote"],
                "printed": printed_text(r),
                "later": computed_text(r),
                "how_it_aged": _("%(outcome)s (alternative reading)") % {"outcome": label}
                if r["role"] == "alternative"
                else label,
                "confidence": confidence_words(r["confidence"]),
                "why": aged_why(r),
            }
        )
    shown = headed(pd.DataFrame(rows).set_index("check_id"))
    return shown_verdicts(shown, dict(zip(frame["check_id"], frame["claim_id"], strict=True)))


def outcomes_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The outcome rows for reading: what, period, when given, figure, basis, kind, confidence."""

    def row(r: dict[str, Any]) -> dict[str, str]:
        return {
            "outcome_id": r["outcome_id"],
            "entity": entity_words(r["entity"]),
            "metric": data_words(r["metric"], "outcomes", "metric"),
            "kind": kind_words(r["kind"]),
            "period": period_text(r),
            "given": stated_on_text(r["stated_on"], r["stated_on_precision"]),
            "figure": outcome_value(r),
            "basis": basis_text(r["basis"]),
            "confidence": confidence_words(r["confidence"]),
        }

    return _reading(frame, "outcome_id", row)


def plan_vs_actual_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Plans against outcomes, one row per company and the total, for reading."""

    def row(r: dict[str, Any]) -> dict[str, str]:
        beside = "" if r["beside_usd"] is None else f"{money(r['beside_usd'], 'USD')} ({beside_words(r['beside_basis'])})"
        return {
            "company": entity_words(r["entity"]),
            "period": f"{r['period_start']}..{r['period_end']}",
            "printed_articles": printed_list(r["printed"]),
            "guidance_then": guidance_range(r["guidance_low_usd"], r["guidance_high_usd"], "USD"),
            "revisions": revisions_text(r["revisions"]),
            "actual": money(r["actual_usd"], "USD"),
            "basis": basis_text(r["basis"]) if r["basis"] != "mixed" else _("each company's basis, as above"),
            "beside": beside,
            "actual_minus_plan": money(r["diff_usd"], "USD"),
            "in_krw": money(r["diff_krw"], "KRW"),
            "in_pct": pct(r["diff_pct"], 1),
        }

    return _reading(frame, "company", row)


def plan_vs_actual_caption(rate: Any) -> str:
    """Above the plans against outcomes: the rate of its won figures."""
    return _("Won at %(rate)s") % {"rate": rate_text(rate)}


def cross_check_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The collector's DERIVED sums against the same sums computed here from their parts."""

    def row(r: dict[str, Any]) -> dict[str, str]:
        return {
            "derived_id": r["outcome_id"],
            "what": data_words(r["metric"], "outcomes", "metric"),
            "computed_here": money(r["computed"], r["unit"]),
            "collector": money(r["collector"], r["unit"]),
            "difference": money(r["difference"], r["unit"]),
            "collector_note": data_words(r["collector_note"], "outcomes", "line_item_or_basis"),
        }

    return _reading(frame, "derived_id", row)


def growth_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Each company's spending against the year before, on one line item for both years."""

    def row(r: dict[str, Any]) -> dict[str, str]:
        return {
            "company": entity_words(r["entity"]),
            "basis_both_years": basis_text(r["basis"]) if r["basis"] != "mixed" else "",
            "year_before": money(r["earlier_usd"], "USD"),
            "year_of_plan": money(r["later_usd"], "USD"),
            "change": money(r["change_usd"], "USD"),
            "growth": pct(r["growth_pct"], 1),
            "rows": f"{r['earlier_ids']} → {r['later_ids']}".strip(" →"),
        }

    return _reading(frame, "company", row)


def bat_years_view(frame: pd.DataFrame, currency: str) -> pd.DataFrame:
    """H1 2024 against the twelve-month figures that exist; a missing figure says so."""
    missing = _("not in these sources")

    def period(text: str | None) -> str:
        return data_words(text, "outcomes", "period_as_stated")

    def row(r: dict[str, Any]) -> dict[str, str]:
        if r["annualized_short_of_year_pct"] is not None:
            against = pct(r["annualized_short_of_year_pct"], 1)
        else:
            against = _("not the same period") if r["year_cny"] is not None else missing
        half = data_words(r["half_period"], "reference", "period_as_stated")
        return {
            "company": entity_words(r["entity"]),
            "first_half": f"{money(r['half_cny'], currency, exact=True)} ({half})",
            "twelve_months": missing
            if r["year_cny"] is None
            else f"{money(r['year_cny'], currency, exact=True)} ({period(r['year_period'])})",
            "year_over_half": "" if r["year_over_half"] is None else value(r["year_over_half"], "times"),
            "half_annualized": money(r["half_annualized_cny"], currency),
            "annualized_vs_year": against,
        }

    return _reading(frame, "company", row)


def budget_caption(budgets: pd.DataFrame) -> str:
    """Above Korea's budgets: the four's actual spending in won, at the rate of the run."""
    return _("the four's actual spending: %(krw)s at %(rate)s") % {
        "krw": money(budgets.attrs["actual_krw"], "KRW"),
        "rate": rate_text(budgets.attrs["rate"]),
    }


def budget_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Korea's budgets, with the four's actual spending as a share of each full budget."""

    def row(r: dict[str, Any]) -> dict[str, str]:
        budget = money(r["budget_krw"], "KRW", exact=True)
        return {
            "source": source_words(r["source"]),
            "period": data_words(r["period"], "outcomes", "period_as_stated")
            if str(r["source"]).startswith("outcome ")
            else data_words(r["period"], "reference", "period_as_stated"),
            "given": "" if r["stated_on"] is None else r["stated_on"].isoformat(),
            "budget": budget + (" " + _("(a supplementary step)") if r["step"] else ""),
            "actual_share": "" if r["actual_share_pct"] is None else pct(r["actual_share_pct"], 1, signed=False),
        }

    return _reading(frame, "source", row)


def source_words(source: str) -> str:
    """'reference kr-budget-2024' / 'printed br-kr-budget-2024-krw' / 'outcome ...': the row a figure comes
    from, its kind in words (the id stays)."""
    kind, _space, key = str(source).partition(" ")
    word = {"reference": N_("reference"), "printed": N_("printed"), "outcome": N_("outcome")}.get(kind)
    return f"{_(word)} {key}" if word and key else str(source)


def aged_view(frame: pd.DataFrame) -> pd.DataFrame:
    """How each claim aged, beside its as-published verdict (the two never mixed: two columns)."""

    def row(r: dict[str, Any]) -> dict[str, str]:
        return {
            "claim_id": r["claim_id"],
            "article_id": r["article_id"],
            "quote": r["quote"],
            "printed": printed_text(r),
            "as_published": messages().verdict(r["as_published"]),
            "aged": outcome_label(r),
            "later_figure": value(r["later"], r["unit"]),
            "confidence": confidence_words(r["confidence"]),
        }

    return _reading(frame, "claim_id", row)


def not_found_view(frame: pd.DataFrame) -> pd.DataFrame:
    """What the collector looked for and did not find (outcomes.meta.yaml, `not_found`)."""

    def row(r: dict[str, Any]) -> dict[str, str]:
        return {
            "entity": entity_words(r["entity"]),
            "what": data_words(r["what"], "outcomes.meta", "not_found"),
            "period": data_words(r["period"], "outcomes.meta", "not_found"),
        }

    return _reading(frame, "entity", row)


def traps_text(traps: str) -> str:
    """The traps found while collecting (outcomes.meta.yaml), in the current language (in English as the
    file words them, line breaks and all)."""
    joined = " ".join(traps.split())
    translated = data_words(joined, "outcomes.meta", "traps")
    return traps if translated == joined else translated
