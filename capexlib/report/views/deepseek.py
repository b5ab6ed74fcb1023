"""Notebook 04's views: DeepSeek's cost as printed, the report's table rebuilt, the comparisons and the scale."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...topics.deepseek import stage_name
from ..language import N_, _, data_words, words
from ..present import (
    entity_words,
    gpu_hours_text,
    money,
    ordered,
    pct,
    per,
    per_gpu_hour,
    price_text,
    printed_money,
    rate_number,
    rate_text,
    usd_text,
    value,
)

ROLE_WORDS = {"primary": N_("primary"), "alternative": N_("alternative")}
RELATION_WORDS = {"ratio": N_("ratio"), "unverifiable": N_("no source to check it"), "reference": N_("reference")}

# --- Notebook 04: DeepSeek's training cost ------------------------------------------------------------


def role_words(role: str) -> str:
    """A check's role: the claim's primary reading or an alternative one."""
    return _(ROLE_WORDS[role]) if role in ROLE_WORDS else role


def cost_claims_view(cost: pd.DataFrame) -> pd.DataFrame:
    """The cost figure as each article prints it (`deepseek.cost_claims`): the model it names, whom it credits,
    the won figure it prints and the won value at the run's rate."""
    shown = cost.assign(
        model=[entity_words(m) for m in cost["model"]],
        attribution=[data_words(a, "claims", "attribution") for a in cost["attribution"]],
        usd=[money(v, "USD", exact=True) + f" ({usd_text(v)})" for v in cost["usd"]],
        printed_krw=[printed_money(v, "KRW", q) for q, v in zip(cost["printed_krw_qualifier"], cost["printed_krw"], strict=True)],
        krw_at_run_rate=[money(v, "KRW") for v in cost["krw_at_run_rate"]],
        rate=[rate_text(r) for r in cost["rate"]],
        note=[data_words(n, "claims", "note") for n in cost["note"]],
    )
    columns = [
        "claim_id",
        "article_id",
        "published",
        "model",
        "attribution",
        "usd",
        "printed_krw",
        "krw_at_run_rate",
        "rate",
        "note",
    ]
    return ordered(shown, columns, "claim_id")


def krw_comparison_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Each printed won figure of the cost against the lowest (`deepseek.krw_comparison`): the gap, split into
    the part the rate explains and the part the dollar figure explains."""
    shown = frame.assign(
        usd=[usd_text(v) for v in frame["usd"]],
        implied_rate=[per(rate_number(v), "KRW", "USD") for v in frame["implied_rate"]],
        printed_krw=[money(v, "KRW", exact=True) for v in frame["printed_krw"]],
        gap=[money(v, "KRW", exact=True) for v in frame["gap_krw"]],
        from_the_rate=[money(v, "KRW") for v in frame["from_rate_krw"]],
        from_the_dollar_figure=[money(v, "KRW") for v in frame["from_usd_krw"]],
    )
    columns = [
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
    return ordered(shown, columns, "claim_id")


def stage_view(stages: pd.DataFrame) -> pd.DataFrame:
    """The report's cost table rebuilt (`deepseek.stage_table`): GPU-hours, price and cost per stage."""
    shown = stages.assign(
        stage=[words(s) if m is None else stage_name(words(m)) for s, m in zip(stages["stage"], stages["metric"], strict=True)],
        gpu_hours=[gpu_hours_text(v) for v in stages["gpu_hours"]],
        usd_per_gpu_hour=[price_text(v) for v in stages["usd_per_gpu_hour"]],
        cost=[usd_text(v) for v in stages["cost_usd"]],
    )
    return ordered(shown, ["stage", "ref_id", "gpu_hours", "usd_per_gpu_hour", "cost", "source_quote"], "stage")


def reconciliation_text(rec: Any) -> str:
    """Whether the stages add up and total x price gives the report's cost (a `deepseek.Reconciliation`)."""
    sums = N_("stages sum to %(sum)s GPU-hours; the report's total is %(total)s: equal")
    if not rec.stages_sum_to_total:
        sums = N_("stages sum to %(sum)s GPU-hours; the report's total is %(total)s: NOT equal")
    rebuilt = N_(
        "%(total)s x the report's price of %(price)s per GPU-hour = %(rebuilt)s; the report states %(stated)s: reproduced exactly"
    )
    if not rec.report_reproduced:
        rebuilt = N_(
            "%(total)s x the report's price of %(price)s per GPU-hour = %(rebuilt)s; the report states %(stated)s: NOT reproduced"
        )
    lines = [
        _(sums) % {"sum": gpu_hours_text(rec.stage_sum_gpu_hours), "total": gpu_hours_text(rec.total_gpu_hours)},
        _(rebuilt)
        % {
            "total": gpu_hours_text(rec.total_gpu_hours),
            "price": price_text(rec.report_price),
            "rebuilt": usd_text(rec.rebuilt_at_report_price_usd),
            "stated": usd_text(rec.report_cost_usd),
        },
        _("at this run's price (%(price)s per GPU-hour): %(cost)s")
        % {"price": price_text(rec.price), "cost": usd_text(rec.rebuilt_cost_usd)},
        _("the price is %(basis)s") % {"basis": words(rec.report_price_basis)},
    ]
    return "\n".join(lines)


def _comparison(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        role=[role_words(r) for r in frame["role"]],
        numerator=[words(n) for n in frame["numerator"]],
        denominator=[words(d) for d in frame["denominator"]],
        numerator_gpu_hours=[gpu_hours_text(v) for v in frame["numerator_gpu_hours"]],
        denominator_gpu_hours=[gpu_hours_text(v) for v in frame["denominator_gpu_hours"]],
        numerator_cost=[usd_text(v) for v in frame["numerator_usd"]],
        denominator_cost=[usd_text(v) for v in frame["denominator_usd"]],
        gpu_hour_ratio=[value(v, "ratio") for v in frame["gpu_hour_ratio"]],
        cost_ratio=[value(v, "ratio") for v in frame["cost_ratio"]],
        printed=[value(v, "ratio") for v in frame["printed"]],
        tolerance=[pct(v, 0, False) if v is not None else _("run default") for v in frame["tolerance_pct"]],
    )


def llama_comparison_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The "a tenth of Llama" readings (`deepseek.comparisons` with GPU-hours on both sides): GPU-hours and
    cost on each side, both ratios, the printed ratio and the check's tolerance."""
    columns = [
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
    return ordered(_comparison(frame), columns, "check_id")


def bound_comparison_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The comparisons against a cost known only as a bound (`deepseek.comparisons` without GPU-hours): the
    upper bound on the ratio a ratio check gives, and the reason of the rest."""
    shown = _comparison(frame).assign(
        upper_bound_on_ratio=lambda f: f["cost_ratio"].where(frame["relation"] == "ratio", ""),
        relation=[_(RELATION_WORDS[r]) if r in RELATION_WORDS else r for r in frame["relation"]],
        denominator_basis=[words(b) for b in frame["denominator_basis"]],
        note=[data_words(n, "checks", "note") for n in frame["note"]],
    )
    columns = [
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
    return ordered(shown, columns, "check_id")


def break_even_view(even: pd.DataFrame) -> pd.DataFrame:
    """The H800 price at which each Llama reading's ratio would be the printed one (`deepseek.break_even_prices`)."""
    shown = even.assign(
        role=[role_words(r) for r in even["role"]],
        against=[words(a) for a in even["against"]],
        printed=[value(v, "ratio") for v in even["printed"]],
        h800_price_for_printed_ratio=[per_gpu_hour(price_text(v)) for v in even["h800_price_for_printed_ratio"]],
    )
    return ordered(shown, ["check_id", "role", "against", "printed", "h800_price_for_printed_ratio"], "check_id")


def caveats_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The report's own words on its price assumption and what its cost leaves out (`deepseek.caveats`)."""
    shown = frame.assign(
        what=[words(w) for w in frame["what"]],
        value=[
            usd_text(v) if u == "USD" else price_per(price_text(v), u) for v, u in zip(frame["value"], frame["unit"], strict=True)
        ],
        basis=[words(b) for b in frame["basis"]],
    )
    return ordered(shown, ["ref_id", "what", "value", "basis", "source_quote", "source_url"], "ref_id")


def price_per(price: str, unit: str) -> str:
    """'$2.00 per H800 GPU-hour' for a price in the data's unit 'USD per H800 GPU-hour'."""
    gpu, found, _end = unit.removeprefix("USD per ").partition(" GPU-hour")
    if found and unit.startswith("USD per "):
        return _("%(price)s per %(gpu)s GPU-hour") % {"price": price, "gpu": gpu}
    return f"{price} {unit.replace('USD ', '')}"


def scale_caption(scale: pd.DataFrame) -> str:
    """Above the scale table: the US four's totals it is set against (`deepseek.scale`'s attrs)."""
    return _("US four: 2025 plans %(plans)s, 2024 actual %(actual)s (%(basis)s, the like-for-like basis of notebook 02)") % {
        "plans": money(scale.attrs["us4_2025_plans_usd"], "USD", exact=True),
        "actual": money(scale.attrs["us4_2024_actual_usd"], "USD", exact=True),
        "basis": words(scale.attrs["us4_2024_basis"]),
    }


def scale_view(scale: pd.DataFrame) -> pd.DataFrame:
    """Each DeepSeek dollar figure as a multiple of the training run and a share of the US four's capex."""
    shown = scale.assign(
        entity=[entity_words(e) for e in scale["entity"]],
        what=[data_words(w, "reference", "metric") for w in scale["what"]],
        kind=[words(k) for k in scale["kind"]],
        usd=[usd_text(v) for v in scale["usd"]],
        times_the_training_run=[value(v, "times") for v in scale["training_run_times"]],
        share_of_us4_2025_plans=[pct(v, 4, False) for v in scale["share_of_us4_2025_plans_pct"]],
        share_of_us4_2024_actual=[pct(v, 4, False) for v in scale["share_of_us4_2024_actual_pct"]],
        us4_2025_plans_are=[value(v, "times") for v in scale["us4_2025_plans_times"]],
        basis=[data_words(b, "reference", "line_item_or_basis") for b in scale["basis"]],
    )
    columns = [
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
    return ordered(shown, columns, "ref_id")
