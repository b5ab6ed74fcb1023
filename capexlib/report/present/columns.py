"""Column names a reader sees are words, never identifiers.

Frames are built with stable identifiers as column names (`claim_id`, `printed`): the CSV exports keep
them, and code selects by them. Where a reader sees a table, `headed` renames its columns and index names
to their words in the current language (`claim_id` -> "claim" / "주장"). COLUMN_WORDS is the one list: the
README's table of the exports' columns (identifier, English, Korean) is printed from it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..language import N_, _
from .verdicts import PERCENT_OFF

COLUMN_WORDS: dict[str, str] = {
    # ids and where a figure comes from
    "check_id": N_("check"),
    "claim_id": N_("claim"),
    "article_id": N_("article"),
    "ref_id": N_("reference row"),
    "ref_ids": N_("reference rows"),
    "refs": N_("reference rows"),
    "outcome_id": N_("outcome row"),
    "derived_id": N_("derived row"),
    "sources": N_("sources"),
    "source": N_("source"),
    "source_file": N_("archived copy"),
    "source_quote": N_("the source's words"),
    "source_url": N_("link"),
    "rows": N_("reference rows"),
    "id": N_("id"),
    # the articles
    "outlet": N_("outlet"),
    "author": N_("author"),
    "headline": N_("headline"),
    "published": N_("published"),
    "date_basis": N_("date given as"),
    "date_reason": N_("how the date is known"),
    "quote": N_("quote"),
    "attribution": N_("credited to"),
    "article_credits": N_("the article credits"),
    # what a figure is
    "entity": N_("subject"),
    "company": N_("company"),
    "model": N_("model"),
    "metric": N_("what"),
    "what": N_("what"),
    "kind": N_("kind"),
    "topic": N_("topic"),
    "topic_key": N_("topic (key)"),
    "period": N_("period"),
    "basis": N_("basis"),
    "line_item": N_("line item"),
    "overlap": N_("what the basis counts twice or leaves out"),
    "role": N_("reading"),
    "relation": N_("relation"),
    "unit": N_("unit"),
    "label": N_("figure"),
    "value": N_("value"),
    "qualifier": N_("qualifier"),
    "converts": N_("converts"),
    "stage": N_("stage"),
    "bound": N_("end of the range"),
    "position": N_("where it sits"),
    "conversion": N_("conversion"),
    "note": N_("note"),
    "confidence": N_("confidence"),
    "given": N_("given"),
    "currency": N_("currency or unit"),
    # a verdict
    "printed": N_("printed"),
    "stated": N_("printed value"),
    "stated_high": N_("printed value, upper end"),
    "deviation_pct": N_("percent off"),
    "miss_pct": N_("short of the bound (%)"),
    "rounds": N_("the printed rounding explains the gap"),
    "operands": N_("operands"),
    "unconfirmed_input": N_("an input is unconfirmed"),
    "judged_against": N_("judged against"),
    "printed_as": N_("as printed"),
    "printed_high": N_("printed, upper end"),
    "computed": N_("computed"),
    "computed_is": N_("computed is"),
    "percent_off": PERCENT_OFF,
    "bound_met": N_("bound satisfied"),
    "holds_pct": N_("holds within (%)"),
    "tolerance_pct": N_("holds approximately within (%)"),
    "verdict": N_("verdict"),
    "reason_kind": N_("reason"),
    "why": N_("why"),
    "claims": N_("claims"),
    "checks": N_("claims"),
    "meaning": N_("meaning"),
    "holds": N_("holds"),
    "holds_approximately": N_("holds approximately"),
    "does_not_hold": N_("does not hold"),
    "cannot_be_checked": N_("cannot be checked from these sources"),
    # hindsight
    "later": N_("later"),
    "later_is": N_("later is"),
    "later_figure": N_("later figure"),
    "change_pct": N_("change (%)"),
    "outcome": N_("how it aged"),
    "how_it_aged": N_("how it aged"),
    "as_published": N_("as published (knowledge then)"),
    "aged": N_("how it aged (later outcomes)"),
    "figure": N_("figure"),
    "printed_articles": N_("printed (articles)"),
    "guidance_then": N_("guidance then"),
    "revisions": N_("revised in the sources"),
    "actual": N_("actual"),
    "beside": N_("beside"),
    "actual_minus_plan": N_("actual - plan"),
    "in_krw": N_("in KRW"),
    "in_pct": N_("in %"),
    "computed_here": N_("computed here from its parts"),
    "collector": N_("the collector's figure"),
    "difference": N_("difference"),
    "collector_note": N_("the collector's note"),
    "basis_both_years": N_("basis (both years)"),
    "year_before": N_("year before"),
    "year_of_plan": N_("year of the plan"),
    "first_half": N_("first half"),
    "twelve_months": N_("twelve months"),
    "year_over_half": N_("year / half"),
    "half_annualized": N_("half annualized (run's factor)"),
    "annualized_vs_year": N_("annualized vs the year"),
    "budget": N_("budget"),
    "actual_share": N_("the four's actual spending, share"),
    # exchange rates
    "rate": N_("rate"),
    "pair": N_("currencies"),
    "implied_rate": N_("implied rate"),
    "rounding_band": N_("rates that round to the print"),
    "ecb_rate": N_("ECB on article date"),
    "implied_vs_ecb": N_("implied vs ECB"),
    "explaining_dates": N_("ECB days that explain it"),
    "amount": N_("amount"),
    "krw_per_usd": N_("KRW per USD"),
    "value_pct": N_("implied rate minus ECB rate (%)"),
    # totals
    "usd": N_("USD"),
    "krw": N_("KRW"),
    "cny": N_("CNY"),
    "low": N_("low"),
    "high": N_("high"),
    "low_usd": N_("low (USD)"),
    "high_usd": N_("high (USD)"),
    "low_krw": N_("low (KRW)"),
    "high_krw": N_("high (KRW)"),
    "printed_krw": N_("printed (KRW)"),
    "printed_cny": N_("printed (CNY)"),
    "printed_total": N_("printed total"),
    "parts": N_("parts"),
    "parts_sum": N_("sum of the parts"),
    "parts_minus_total": N_("parts minus total"),
    "reference_ratio": N_("the reference's ratio"),
    "reference_basis": N_("the reference's basis"),
    "reference_source": N_("the reference's source"),
    "budget_krw": N_("budget"),
    "share": N_("share"),
    "actual_2024": N_("2024 actual"),
    "actual_2024_usd": N_("2024 actual (USD)"),
    "plan_2025": N_("2025 plan"),
    "plan_2025_usd": N_("2025 plan (USD)"),
    "change": N_("change"),
    "change_usd": N_("change (USD)"),
    "change_krw": N_("change (KRW)"),
    "growth": N_("growth"),
    "growth_pct": N_("growth (%)"),
    # BAT
    "usd_rate": N_("USD rate"),
    "krw_rate": N_("KRW rate"),
    "printed_vs_computed": N_("printed vs computed"),
    "factor": N_("annualization factor"),
    "bat_label": N_("BAT figure"),
    "bat_months": N_("months of BAT spending"),
    "bat": N_("BAT (USD)"),
    "bat_cny": N_("BAT (CNY)"),
    "bat_usd": N_("BAT (USD)"),
    "comparand": N_("set against"),
    "us": N_("US four (USD)"),
    "us_usd": N_("US four (USD)"),
    "us_to_bat": N_("US four / BAT"),
    "ratio_us_to_bat": N_("US four / BAT"),
    "like_for_like": N_("like for like"),
    # DeepSeek
    "krw_at_run_rate": N_("KRW at the run's rate"),
    "against": N_("against"),
    "against_usd": N_("against (USD)"),
    "against_cost": N_("cost it is set against"),
    "gap": N_("gap"),
    "from_the_rate": N_("from the rate"),
    "from_the_dollar_figure": N_("from the dollar figure"),
    "gpu_hours": N_("GPU-hours"),
    "usd_per_gpu_hour": N_("USD per GPU-hour"),
    "cost": N_("cost"),
    "numerator": N_("numerator"),
    "numerator_gpu_hours": N_("numerator GPU-hours"),
    "numerator_cost": N_("numerator cost"),
    "denominator": N_("denominator"),
    "denominator_gpu_hours": N_("denominator GPU-hours"),
    "denominator_cost": N_("denominator cost"),
    "denominator_basis": N_("denominator basis"),
    "gpu_hour_ratio": N_("GPU-hour ratio"),
    "cost_ratio": N_("cost ratio"),
    "tolerance": N_("tolerance"),
    "upper_bound_on_ratio": N_("upper bound on the ratio"),
    "h800_price_for_printed_ratio": N_("H800 price for the printed ratio"),
    "h800_usd_per_gpu_hour": N_("H800 USD per GPU-hour"),
    "dsv3_cost_usd": N_("DeepSeek-V3 cost (USD)"),
    "times_the_training_run": N_("times the training run"),
    "share_of_us4_2025_plans": N_("share of the US four's 2025 plans"),
    "share_of_us4_2024_actual": N_("share of the US four's 2024 actual"),
    "us4_2025_plans_are": N_("the US four's 2025 plans are"),
    "model_printed": N_("model printed"),
    "printed_vs": N_("printed vs"),
    "llama_gpu_hours": N_("Llama GPU-hours"),
    "v3_ratio": N_("V3 ratio"),
    "pipeline_gpu_hours": N_("R1 pipeline GPU-hours"),
    "pipeline_ratio": N_("R1 pipeline ratio"),
    # charts
    "article": N_("article"),
    "bar": N_("bar"),
    "date": N_("date"),
    # run parameters
    "parameter": N_("parameter"),
}


def column_words(name: object) -> str:
    """A column's words in the current language (a name not in COLUMN_WORDS as it is)."""
    words = COLUMN_WORDS.get(str(name))
    return _(words) if words else str(name)


def headed(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its columns and index names in words (the same object type: a VerdictFrame stays one)."""
    shown = frame.rename(columns={c: column_words(c) for c in frame.columns})
    names: Iterable[object] = shown.index.names
    shown.index = shown.index.set_names([None if n is None else column_words(n) for n in names])
    return shown


def ordered(frame: pd.DataFrame, columns: list[str], index: str | list[str] | None = None) -> pd.DataFrame:
    """`columns` of `frame` in that order, indexed by `index`, with every name in words."""
    shown = frame[columns]
    if index is not None:
        shown = shown.set_index(index)
    return headed(shown)
