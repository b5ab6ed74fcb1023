"""The notebooks' tables and captions: one named view per cell, so a cell reads as what it shows.

A topic computes a frame of exact values (`capexlib.topics`); a view here turns it into the table a reader
sees, with every figure written by `capexlib.report.present` (the one place rounding happens) and the
columns in reading order. A caption (`..._caption`, `..._text`) is the text printed above or below a table.
Views compute nothing new: what they show is in the frame they are given.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from ..core.fx import Rate
from .present import (
    QUALIFIER_LABELS,
    gpu_hours_text,
    money,
    number,
    pct,
    price_text,
    printed_money,
    printed_text,
    rate_number,
    rate_text,
    usd_text,
    value,
)

# --- Notebook 02: 2024 against 2025 ----------------------------------------------------------------


def printed_2024_view(printed: pd.DataFrame) -> pd.DataFrame:
    """What the articles print for 2024 (`totals.printed_2024`), exactly as printed."""
    return printed.assign(printed=[money(v, "USD", exact=True) for v in printed["amount_usd"]])[
        ["article_id", "claim_id", "entity", "period", "printed"]
    ].set_index("claim_id")


def change_caption(rate: Rate, basis_label: str) -> str:
    """Above the company-by-company change: the rate of its won figures and the basis it is on."""
    return f"Won figures at {rate_text(rate)}\nLike-for-like basis: {basis_label}"


def alternative_caption(label: str, overlap: str) -> str:
    """Above the change on an alternative basis: the basis and what it counts twice or leaves out."""
    return f"Alternative basis: {label}. {overlap}".strip()


def change_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Company by company on one basis (`totals.change_by_company` with a rate): 2024, the 2025 plan, the
    change in USD and KRW, the growth, the line item and what the basis counts twice or leaves out."""
    return frame.assign(
        actual_2024=[money(v, "USD") for v in frame["actual_2024_usd"]],
        plan_2025=[money(v, "USD") for v in frame["plan_2025_usd"]],
        change=[money(v, "USD") for v in frame["change_usd"]],
        change_krw=[money(v, "KRW") for v in frame["change_krw"]],
        growth=[pct(v, 1) for v in frame["growth_pct"]],
    )[["entity", "actual_2024", "plan_2025", "change", "change_krw", "growth", "line_item", "overlap"]].set_index("entity")


def basis_totals_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The four's totals on each basis (`totals.basis_totals` with a rate), the like-for-like one first."""
    return frame.assign(
        actual_2024=[money(v, "USD") for v in frame["actual_2024_usd"]],
        plan_2025=[money(v, "USD") for v in frame["plan_2025_usd"]],
        change=[money(v, "USD") for v in frame["change_usd"]],
        change_krw=[money(v, "KRW") for v in frame["change_krw"]],
        growth=[pct(v, 1) for v in frame["growth_pct"]],
    )[["basis", "role", "actual_2024", "plan_2025", "change", "change_krw", "growth", "overlap"]].set_index("basis")


# --- Notebook 03: Baidu, Alibaba and Tencent ---------------------------------------------------------


def bat_claims_view(printed: pd.DataFrame) -> pd.DataFrame:
    """Every yuan figure the articles print on BAT (`bat.article_claims`), with the won figure printed beside
    it and the period as stated and as normalized."""
    return printed.assign(
        printed_cny=[printed_money(v, "CNY", q) for q, v in zip(printed["qualifier"], printed["amount_cny"], strict=True)],
        printed_krw=[
            printed_money(v, "KRW", q) for q, v in zip(printed["printed_krw_qualifier"], printed["printed_krw"], strict=True)
        ],
        period=[
            f"{p} → {a}..{b}"
            for p, a, b in zip(printed["period_as_stated"], printed["period_start"], printed["period_end"], strict=True)
        ],
    )[["claim_id", "entity", "quote", "printed_cny", "printed_krw", "period"]].set_index("claim_id")


def bat_parts_view(parts: pd.DataFrame) -> pd.DataFrame:
    """Each article's printed total against the sum of the company figures it prints (`bat.parts_table`)."""
    return parts.assign(
        printed_total=[printed_money(v, "CNY", q) for v, q in zip(parts["stated_cny"], parts["qualifier"], strict=True)],
        parts=[" + ".join(f"{e} {money(v, 'CNY', exact=True)}" for e, v in p) or "(none printed)" for p in parts["parts"]],
        parts_sum=[money(v, "CNY", exact=True) if v is not None else "" for v in parts["parts_sum_cny"]],
        parts_minus_total=[
            f"{money(d, 'CNY', exact=True)} ({pct(p)})" if d is not None else ""
            for d, p in zip(parts["difference_cny"], parts["difference_pct"], strict=True)
        ],
    )[["claim_id", "article_id", "printed_total", "parts", "parts_sum", "parts_minus_total", "verdict"]].set_index("claim_id")


def bat_growth_caption(growth: Any) -> str:
    """The reference's two half years and their ratio (a `bat.Growth`)."""
    halves = [f"{half.period}: {money(half.cny, 'CNY', exact=True)} ({half.ref})" for half in (growth.current, growth.previous)]
    return "\n".join([*halves, f"ratio {value(growth.ratio, 'times')}, growth {pct(growth.growth_pct, 1)}"])


def bat_growth_view(grown: pd.DataFrame) -> pd.DataFrame:
    """Every printed growth multiple against the reference's ratio (`bat.printed_growth`)."""
    return grown.assign(
        printed=[
            printed_text({"stated": v, "unit": "times", "qualifier": q})
            for v, q in zip(grown["stated"], grown["qualifier"], strict=True)
        ],
        reference_ratio=[value(r, "times") for r in grown["ratio"]],
    )[["claim_id", "article_id", "quote", "printed", "reference_ratio", "verdict"]].set_index("claim_id")


def bat_reference_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The reference's BAT rows (`bat.reference_rows`), each figure exactly as the source gives it."""
    return frame.assign(value=[money(v, "CNY", exact=True) for v in frame["value_cny"]])[
        ["ref_id", "entity", "period", "value", "basis", "confidence"]
    ].set_index("ref_id")


def bat_currencies_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Each BAT figure in yuan, dollars and won at the run's rates (`bat.in_currencies`), the rate beside each
    amount and the article's own won figure against the computed one."""
    return frame.assign(
        cny=[money(v, "CNY", exact=True) for v in frame["amount_cny"]],
        usd=[money(v, "USD") for v in frame["usd"]],
        usd_rate=[rate_text(r) for r in frame["usd_rate"]],
        krw=[money(v, "KRW") for v in frame["krw"]],
        krw_rate=[rate_text(r) for r in frame["krw_rate"]],
        printed_krw=[money(v, "KRW", exact=True) if v is not None else "" for v in frame["printed_krw"]],
        printed_vs_computed=[pct(v) for v in frame["printed_vs_computed_krw_pct"]],
    )[["claim_id", "entity", "cny", "usd", "usd_rate", "krw", "krw_rate", "printed_krw", "printed_vs_computed"]].set_index(
        "claim_id"
    )


def alignment_caption(alignment: pd.DataFrame, period: str, full_year_factor: Decimal) -> str:
    """Above the period alignment: the rate BAT is converted at, and the factor that makes its period a year."""
    return (
        f"BAT in USD at {rate_text(alignment.iloc[0]['usd_rate'])}; the factor that turns {period} "
        f"into a year is {full_year_factor.normalize():f} (from the period's months)"
    )


def alignment_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Every US:BAT pairing (`bat.period_alignment`): the factor, the months it covers, both sides, the ratio
    and why the pairing is or is not like for like."""
    return frame.assign(
        factor=[f"x {f.normalize():f}" for f in frame["factor"]],
        bat_months=[f"{m.normalize():f}" for m in frame["bat_months"]],
        bat=[money(v, "USD") for v in frame["bat_usd"]],
        us=[money(v, "USD", exact=True) for v in frame["us_usd"]],
        us_to_bat=[value(r, "times") for r in frame["ratio_us_to_bat"]],
        like_for_like=["yes" if x else "no" for x in frame["like_for_like"]],
    )[["factor", "bat_label", "bat_months", "bat", "comparand", "us", "us_to_bat", "like_for_like", "why"]]


def like_for_like_text(fair: pd.DataFrame) -> str:
    """The like-for-like pairings (`bat.like_for_like`) in words, or why this run has none."""
    if fair.empty:
        return (
            "This run's factor does not annualize BAT's half year, so none of its pairings is like for like; "
            "see the fixed table above."
        )
    return "\n".join(
        f"Like for like: the US four spent {value(row['ratio_us_to_bat'], 'times')} what BAT spent in 2024 "
        f"({row['comparand']}: {money(row['us_usd'], 'USD', exact=True)}, against {money(row['bat_usd'], 'USD')} "
        "for BAT annualized)."
        for row in fair.to_dict("records")
    )


# --- Notebook 04: DeepSeek's training cost ------------------------------------------------------------


def cost_claims_view(cost: pd.DataFrame) -> pd.DataFrame:
    """The cost figure as each article prints it (`deepseek.cost_claims`): the model it names, whom it credits,
    the won figure it prints and the won value at the run's rate."""
    return cost.assign(
        usd=[money(v, "USD", exact=True) + f" ({usd_text(v)})" for v in cost["usd"]],
        printed_krw=[printed_money(v, "KRW", q) for q, v in zip(cost["printed_krw_qualifier"], cost["printed_krw"], strict=True)],
        krw_at_run_rate=[money(v, "KRW") for v in cost["krw_at_run_rate"]],
        rate=[rate_text(r) for r in cost["rate"]],
    )[
        ["claim_id", "article_id", "published", "model", "attribution", "usd", "printed_krw", "krw_at_run_rate", "rate", "note"]
    ].set_index("claim_id")


def krw_comparison_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Each printed won figure of the cost against the lowest (`deepseek.krw_comparison`): the gap, split into
    the part the rate explains and the part the dollar figure explains."""
    return frame.assign(
        usd=[usd_text(v) for v in frame["usd"]],
        implied_rate=[rate_number(v) + " KRW per USD" for v in frame["implied_rate"]],
        printed_krw=[money(v, "KRW", exact=True) for v in frame["printed_krw"]],
        gap=[money(v, "KRW", exact=True) for v in frame["gap_krw"]],
        from_the_rate=[money(v, "KRW") for v in frame["from_rate_krw"]],
        from_the_dollar_figure=[money(v, "KRW") for v in frame["from_usd_krw"]],
    )[
        [
            "claim_id",
            "article_id",
            "usd",
            "implied_rate",
            "printed_krw",
            "against",
            "gap",
            "from_the_rate",
            "from_the_dollar_figure",
        ]
    ].set_index("claim_id")


def stage_view(stages: pd.DataFrame) -> pd.DataFrame:
    """The report's cost table rebuilt (`deepseek.stage_table`): GPU-hours, price and cost per stage."""
    return stages.assign(
        gpu_hours=[gpu_hours_text(v) for v in stages["gpu_hours"]],
        usd_per_gpu_hour=[price_text(v) for v in stages["usd_per_gpu_hour"]],
        cost=[usd_text(v) for v in stages["cost_usd"]],
    )[["stage", "ref_id", "gpu_hours", "usd_per_gpu_hour", "cost", "source_quote"]].set_index("stage")


def reconciliation_text(rec: Any) -> str:
    """Whether the stages add up and total x price gives the report's cost (a `deepseek.Reconciliation`)."""
    lines = [
        f"stages sum to {gpu_hours_text(rec.stage_sum_gpu_hours)} GPU-hours; the report's total is "
        f"{gpu_hours_text(rec.total_gpu_hours)}: {'equal' if rec.stages_sum_to_total else 'NOT equal'}",
        f"{gpu_hours_text(rec.total_gpu_hours)} x the report's price of {price_text(rec.report_price)} per GPU-hour = "
        f"{usd_text(rec.rebuilt_at_report_price_usd)}; the report states {usd_text(rec.report_cost_usd)}: "
        f"{'reproduced exactly' if rec.report_reproduced else 'NOT reproduced'}",
        f"at this run's price ({price_text(rec.price)} per GPU-hour): {usd_text(rec.rebuilt_cost_usd)}",
        f"the price is {rec.report_price_basis}",
    ]
    return "\n".join(lines)


def _comparison(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        numerator_gpu_hours=[gpu_hours_text(v) for v in frame["numerator_gpu_hours"]],
        denominator_gpu_hours=[gpu_hours_text(v) for v in frame["denominator_gpu_hours"]],
        numerator_cost=[usd_text(v) for v in frame["numerator_usd"]],
        denominator_cost=[usd_text(v) for v in frame["denominator_usd"]],
        gpu_hour_ratio=[value(v, "ratio") for v in frame["gpu_hour_ratio"]],
        cost_ratio=[value(v, "ratio") for v in frame["cost_ratio"]],
        printed=[value(v, "ratio") for v in frame["printed"]],
        tolerance=[pct(v, 0, False) if v is not None else "run default" for v in frame["tolerance_pct"]],
    )


def llama_comparison_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The "a tenth of Llama" readings (`deepseek.comparisons` with GPU-hours on both sides): GPU-hours and
    cost on each side, both ratios, the printed ratio and the check's tolerance."""
    return _comparison(frame)[
        [
            "check_id",
            "role",
            "numerator",
            "numerator_gpu_hours",
            "numerator_cost",
            "denominator",
            "denominator_gpu_hours",
            "denominator_cost",
            "gpu_hour_ratio",
            "cost_ratio",
            "printed",
            "tolerance",
        ]
    ].set_index("check_id")


def bound_comparison_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The comparisons against a cost known only as a bound (`deepseek.comparisons` without GPU-hours): the
    upper bound on the ratio a ratio check gives, and the reason of the rest."""
    return (
        _comparison(frame)
        .assign(
            upper_bound_on_ratio=lambda f: f["cost_ratio"].where(f["relation"] == "ratio", ""),
        )[
            [
                "check_id",
                "role",
                "relation",
                "numerator",
                "numerator_cost",
                "denominator",
                "denominator_cost",
                "denominator_basis",
                "upper_bound_on_ratio",
                "printed",
                "note",
            ]
        ]
        .set_index("check_id")
    )


def break_even_view(even: pd.DataFrame) -> pd.DataFrame:
    """The H800 price at which each Llama reading's ratio would be the printed one (`deepseek.break_even_prices`)."""
    return even.assign(
        printed=[value(v, "ratio") for v in even["printed"]],
        h800_price_for_printed_ratio=[price_text(v) + " per GPU-hour" for v in even["h800_price_for_printed_ratio"]],
    )[["check_id", "role", "against", "printed", "h800_price_for_printed_ratio"]].set_index("check_id")


def caveats_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The report's own words on its price assumption and what its cost leaves out (`deepseek.caveats`)."""
    return frame.assign(
        value=[
            usd_text(v) if u == "USD" else f"{price_text(v)} {u.replace('USD ', '')}"
            for v, u in zip(frame["value"], frame["unit"], strict=True)
        ],
    )[["ref_id", "what", "value", "basis", "source_quote", "source_url"]].set_index("ref_id")


def scale_caption(scale: pd.DataFrame) -> str:
    """Above the scale table: the US four's totals it is set against (`deepseek.scale`'s attrs)."""
    return (
        f"US four: 2025 plans {money(scale.attrs['us4_2025_plans_usd'], 'USD', exact=True)}, "
        f"2024 actual {money(scale.attrs['us4_2024_actual_usd'], 'USD', exact=True)} "
        f"({scale.attrs['us4_2024_basis']}, the like-for-like basis of notebook 02)"
    )


def scale_view(scale: pd.DataFrame) -> pd.DataFrame:
    """Each DeepSeek dollar figure as a multiple of the training run and a share of the US four's capex."""
    return scale.assign(
        usd=[usd_text(v) for v in scale["usd"]],
        times_the_training_run=[value(v, "times") for v in scale["training_run_times"]],
        share_of_us4_2025_plans=[pct(v, 4, False) for v in scale["share_of_us4_2025_plans_pct"]],
        share_of_us4_2024_actual=[pct(v, 4, False) for v in scale["share_of_us4_2024_actual_pct"]],
        us4_2025_plans_are=[value(v, "times") for v in scale["us4_2025_plans_times"]],
    )[
        [
            "ref_id",
            "entity",
            "what",
            "kind",
            "usd",
            "times_the_training_run",
            "share_of_us4_2025_plans",
            "share_of_us4_2024_actual",
            "us4_2025_plans_are",
            "basis",
        ]
    ].set_index("ref_id")


# --- Notebook 00: sources and exchange rates ------------------------------------------------------------


def audit_caption(audit: pd.DataFrame, window_days: object) -> str:
    """Below the implied-rate audit (`rates.implied_rate_audit`): how many printed conversions no ECB rate
    within the window explains, and the title of the table of each article's own rates."""
    unexplained = int((~audit["explained"].astype(bool)).sum())
    return (
        f"{len(audit)} printed conversions; {unexplained} not explained by any ECB rate within {window_days} days.\n"
        "Median implied rate per article and pair:"
    )


def same_amount_view(same: pd.DataFrame) -> pd.DataFrame:
    """One amount converted differently by different articles (`rates.same_amount_conversions`)."""
    return same.assign(
        amount=[money(a, c, exact=True) for a, c in zip(same["source_amount"], same["source_currency"], strict=True)],
        printed_krw=[money(a, c, exact=True) for a, c in zip(same["printed"], same["printed_currency"], strict=True)],
        implied_rate=[rate_number(r) for r in same["implied_rate"]],
    )[["amount", "article_id", "published", "claim_id", "printed_krw", "implied_rate"]]


# --- Notebook 01: the 2025 totals ----------------------------------------------------------------------


def plans_view(plans: pd.DataFrame) -> pd.DataFrame:
    """Each article's printed 2025 plan per company (`totals.plans_with_krw`): as printed, its period as stated
    and as normalized, and its won value at the run's rate; by company, then article."""
    return (
        plans.assign(
            printed=[printed_money(v, "USD", q) for q, v in zip(plans["qualifier"], plans["amount_usd"], strict=True)],
            period=[
                f"{p or '(none printed)'} → {a}..{b} ({k})"
                for p, a, b, k in zip(
                    plans["period_as_stated"], plans["period_start"], plans["period_end"], plans["period_basis"], strict=True
                )
            ],
            krw=[money(v, "KRW") for v in plans["krw"]],
            rate=[rate_text(r) for r in plans["rate"]],
        )[["article_id", "entity", "claim_id", "printed", "period", "krw", "rate"]]
        .sort_values(["entity", "article_id"])
        .set_index(["entity", "article_id"])
    )


def rate_caption(rate: Rate) -> str:
    return f"Rate used: {rate_text(rate)}"


def guidance_view(guide: pd.DataFrame) -> pd.DataFrame:
    """Each company's own guidance (`totals.guidance`): low and high, in USD and KRW, and its reference rows."""
    return guide.assign(
        low=[money(v, "USD") for v in guide["low_usd"]],
        high=[money(v, "USD") for v in guide["high_usd"]],
        low_krw=[money(v, "KRW") for v in guide["low_krw"]],
        high_krw=[money(v, "KRW") for v in guide["high_krw"]],
    )[["entity", "period", "low", "high", "low_krw", "high_krw", "ref_ids"]].set_index("entity")


def guidance_total_view(total: pd.DataFrame) -> pd.DataFrame:
    """The guidance added up, low and high end (`totals.guidance_total`)."""
    return total.assign(
        usd=[money(v, "USD") for v in total["usd"]],
        krw=[money(v, "KRW") for v in total["krw"]],
        rate=[rate_text(r) for r in total["rate"]],
    ).set_index("bound")


def krw_gap_text(gap: Any) -> str:
    """Why the two printed won totals differ (a `totals.KrwGap`): the same dollars times two rates."""
    return (
        f"{gap.high_claim} minus {gap.low_claim}: {money(gap.gap_krw, 'KRW', exact=True)}\n"
        f"= {money(gap.usd, 'USD', exact=True)} x a rate {number(gap.rate_gap, 3)} KRW per USD higher "
        f"= {money(gap.gap_from_rates_krw, 'KRW')}: the whole gap is the rate."
    )


def range_text(total: pd.DataFrame, positions: pd.DataFrame) -> str:
    """The guidance range and where each article's printed total sits in it (`totals.printed_against_range`)."""
    span = total.set_index("bound")["usd"]
    lines = [f"Low total: {money(span['low'], 'USD')}; high total: {money(span['high'], 'USD')}."]
    lines += [
        f"{p['article_id']} prints {printed_money(p['amount'], 'USD', p['qualifier'])}: {p['position']}."
        for p in positions.to_dict("records")
    ]
    return "\n".join(lines)


def budget_share_view(share: pd.DataFrame) -> pd.DataFrame:
    """The high total in won as a share of each Korean budget figure (`totals.budget_share`)."""
    return share.assign(
        budget=[money(v, "KRW", exact=True) for v in share["budget_krw"]],
        share=[pct(v, 1, signed=False) for v in share["share_pct"]],
    )[["source", "period", "budget", "share"]].set_index("source")


# --- Notebook 06: hindsight ----------------------------------------------------------------------------------


def alibaba_plan_text(plan: Any) -> str:
    """Alibaba's three-year plan and the pace it spent at (a `hindsight.AlibabaPlan`)."""
    lines = [
        f"Alibaba's plan ({plan.plan_id}): {QUALIFIER_LABELS[plan.qualifier]} {money(plan.plan_cny, 'CNY', exact=True)} "
        f"over {plan.months} months, {money(plan.per_year_cny, 'CNY')} a year"
    ]
    if plan.twelve_months_cny is not None:
        lines.append(
            f"spent on AI and cloud infrastructure in {plan.twelve_months_period}: {money(plan.twelve_months_cny, 'CNY')} "
            f"({value(plan.pace_ratio, 'times')} the plan's yearly pace; the source says 'about')"
        )
    return "\n".join(lines)


def r1_cost_text(ds: Any) -> str:
    """DeepSeek-R1's own cost, rebuilt from the paper's figures (a `hindsight.DeepSeekAged`)."""
    return "\n".join(
        [
            f"V3's final training run: {usd_text(ds.v3_usd)}; R1's own training: {usd_text(ds.r1_usd)}; "
            f"R1's whole pipeline: {usd_text(ds.pipeline_usd)} (Nature puts the base at about "
            f"{usd_text(ds.base_as_nature_puts_it_usd)})",
            f"{number(ds.gpus)} GPUs x ({number(ds.r1_zero_hours)} + {number(ds.r1_hours)} hours) "
            f"+ {gpu_hours_text(ds.sft_gpu_hours)} GPU-hours of SFT data = {gpu_hours_text(ds.rebuilt_gpu_hours)} GPU-hours; "
            f"the paper's table: {gpu_hours_text(ds.table_gpu_hours)} (an unconfirmed copy)",
            f"{gpu_hours_text(ds.table_gpu_hours)} x {price_text(ds.table_price)} = {usd_text(ds.table_cost_usd)}; "
            f"at this run's {price_text(ds.run_price)} per GPU-hour: {usd_text(ds.r1_at_run_price_usd)}",
        ]
    )


def r1_printed_view(printed: pd.DataFrame) -> pd.DataFrame:
    """Each printed cost against V3's run, R1's own training and R1's whole pipeline (`DeepSeekAged.printed`)."""
    return printed.assign(
        printed=[usd_text(v) for v in printed["printed_usd"]],
        against_cost=[usd_text(v) for v in printed["against_usd"]],
        printed_vs=[pct(v) for v in printed["printed_vs_pct"]],
    )[["claim_id", "model_printed", "printed", "against", "against_cost", "printed_vs"]].set_index(["claim_id", "against"])


def pipeline_view(frame: pd.DataFrame) -> pd.DataFrame:
    """R1's whole pipeline against each Llama reading (`hindsight.pipeline_share_of_llama`)."""
    return frame.assign(
        llama_gpu_hours=[gpu_hours_text(v) for v in frame["llama_gpu_hours"]],
        pipeline_gpu_hours=[gpu_hours_text(v) for v in frame["pipeline_gpu_hours"]],
        v3_ratio=[value(v, "ratio") for v in frame["v3_ratio"]],
        pipeline_ratio=[value(v, "ratio") for v in frame["pipeline_ratio"]],
        printed=[value(v, "ratio") for v in frame["printed"]],
    )[
        ["check_id", "role", "against", "llama_gpu_hours", "v3_ratio", "pipeline_gpu_hours", "pipeline_ratio", "printed"]
    ].set_index("check_id")
