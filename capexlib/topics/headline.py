"""The headline figures of a run: the few numbers a reader quotes, taken from the topic modules under the
run's parameters (no notebook needed, so `capex sweep` can recompute them across a range of rates).

Each figure is data: an id, a label, the exact value, its unit and the rate it was converted at.
`capexlib.report.present.headline_frame` writes the label's rate and the value for reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ..core.checks import VERDICTS, verdict_counts
from ..core.fx import FxScenario, Rate
from ..core.ledger import Ledger
from ..core.numbers import CTX, percent, to_decimal
from ..core.phrase import N_, Phrase, phrase, without_stop, word
from . import bat, deepseek, hindsight, totals

RATE_SLOT = "{rate}"  # where a label names the rate its value was converted at
PRICE_SLOT = "{price}"  # where a label names the price per GPU-hour its value was computed at


@dataclass(frozen=True)
class HeadlineFigure:
    id: str
    label: str  # a Phrase (English; capexlib.report.present.headline_label words it); may hold RATE_SLOT
    value: Decimal
    unit: str
    rate: Rate | None = None
    price: Decimal | None = None


def headline_figures(
    ledger: Ledger, fx: FxScenario, verdicts: pd.DataFrame, h800_usd_per_gpu_hour: object
) -> list[HeadlineFigure]:
    """The run's headline figures, in a fixed order."""
    price = to_decimal(h800_usd_per_gpu_hour, "h800_usd_per_gpu_hour")
    krw = totals.total_rate(ledger, fx)
    plans = totals.guidance_total(ledger, krw).set_index("bound")
    by_basis = totals.basis_totals(ledger).to_dict("records")
    fair, alternatives = by_basis[0], by_basis[1:]  # the like-for-like basis comes first
    half = bat.half_year_in_usd(ledger, fx)
    counts = verdict_counts(verdicts)["checks"]
    figures = [
        HeadlineFigure(
            "us4_2025_plan_usd", word(N_("US four: 2025 capex plans (guidance, high end)")), plans.loc["high", "usd"], "USD"
        ),
        HeadlineFigure(
            "us4_2025_plan_krw",
            phrase(N_("US four: 2025 plans in KRW at %(rate)s"), rate=RATE_SLOT),
            plans.loc["high", "krw"],
            "KRW",
            krw,
        ),
        HeadlineFigure(
            "us4_2025_plan_low_usd", word(N_("US four: 2025 capex plans (guidance, low end)")), plans.loc["low", "usd"], "USD"
        ),
        HeadlineFigure(
            "us4_2024_usd",
            phrase(N_("US four: 2024 capex, %(basis)s (like for like)"), basis=fair["basis"]),
            fair["actual_2024_usd"],
            "USD",
        ),
        HeadlineFigure(
            "us4_change_usd",
            phrase(N_("US four: 2025 plans minus 2024 capex, %(basis)s (like for like)"), basis=fair["basis"]),
            fair["change_usd"],
            "USD",
        ),
    ]
    for alt in alternatives:
        change = phrase(N_("US four: 2025 plans minus 2024 capex, %(basis)s (alternative)"), basis=alt["basis"])
        if alt["overlap"]:
            change = phrase(N_("%(label)s: %(overlap)s"), label=change, overlap=without_stop(alt["overlap"]))
        figures += [
            HeadlineFigure(
                f"us4_2024_{alt['basis_id']}_usd",
                phrase(N_("US four: 2024 capex, %(basis)s (alternative)"), basis=alt["basis"]),
                alt["actual_2024_usd"],
                "USD",
            ),
            HeadlineFigure(f"us4_change_{alt['basis_id']}_usd", change, alt["change_usd"], "USD"),
        ]
    figures += [
        HeadlineFigure("bat_2024h1_cny", word(N_("Baidu, Alibaba, Tencent: H1 2024 capex")), half.cny, bat.CURRENCY),
        HeadlineFigure(
            "bat_2024h1_usd",
            phrase(N_("Baidu, Alibaba, Tencent: H1 2024 capex in USD at %(rate)s"), rate=RATE_SLOT),
            half.usd,
            "USD",
            half.rate,
        ),
        HeadlineFigure(
            "deepseek_v3_cost_usd",
            phrase(N_("DeepSeek-V3 final training run at %(price)s per H800 GPU-hour"), price=PRICE_SLOT),
            deepseek.v3_cost(ledger, price),
            "USD",
            price=price,
        ),
    ]
    figures += [
        HeadlineFigure(
            f"verdicts_{v.replace(' ', '_')}",
            phrase(N_("claims judged: %(verdict)s"), verdict=word(v)),
            Decimal(int(counts[v])),
            "claims",
        )
        for v in VERDICTS
    ]
    figures += _outcome_figures(ledger, fx, krw, plans.loc["high", "usd"], price)
    return figures


def _outcome_figures(ledger: Ledger, fx: FxScenario, krw: Rate, plan_usd: Decimal, h800: Decimal) -> list[HeadlineFigure]:
    """What happened afterwards (data/outcomes.csv): the four's actual spending, the next year's guidance,
    DeepSeek-R1's own cost, and the share of Korea's budget."""
    year = hindsight.plan_year(ledger)
    actual = hindsight.actual_total(ledger)
    guided = hindsight.next_year_total(ledger, year + 1)
    ds = hindsight.deepseek_aged(ledger, fx, h800)
    # A sum that includes an unconfirmed input says so, with the sum of confirmed inputs only beside it.
    unconfirmed = ", ".join(guided.unconfirmed)

    def flagged(template: str) -> Phrase:
        """A label, with the unconfirmed inputs named when the sum includes one."""
        label = phrase(template, year=guided.year)
        return phrase(N_("%(label)s (includes unconfirmed: %(rows)s)"), label=label, rows=unconfirmed) if unconfirmed else label

    confirmed_only = []
    if guided.confirmed_low_usd is not None and guided.confirmed_high_usd is not None:
        confirmed_only = [
            HeadlineFigure(
                "us4_2026_guidance_confirmed_low_usd",
                phrase(N_("US four: %(year)s capex guidance, latest confirmed, low end"), year=guided.year),
                guided.confirmed_low_usd,
                "USD",
            ),
            HeadlineFigure(
                "us4_2026_guidance_confirmed_high_usd",
                phrase(N_("US four: %(year)s capex guidance, latest confirmed, high end"), year=guided.year),
                guided.confirmed_high_usd,
                "USD",
            ),
        ]
    return [
        HeadlineFigure(
            "us4_2025_actual_usd",
            phrase(
                N_("US four: %(year)s capex, actual, on the articles' basis (Microsoft's fiscal year to June %(year)s)"),
                year=year,
            ),
            actual,
            "USD",
        ),
        HeadlineFigure(
            "us4_2025_actual_krw",
            phrase(N_("US four: %(year)s capex, actual, in KRW at %(rate)s"), year=year, rate=RATE_SLOT),
            CTX.multiply(actual, krw.rate),
            "KRW",
            krw,
        ),
        HeadlineFigure(
            "us4_2025_actual_vs_plan_pct",
            phrase(N_("US four: %(year)s capex, actual, above (+) or below the printed plans (percent of the plans)"), year=year),
            percent(CTX.subtract(actual, plan_usd), plan_usd),
            "percent",
        ),
        HeadlineFigure(
            "us4_2025_actual_calendar_usd",
            phrase(N_("US four: calendar-%(year)s capex, actual (Microsoft by quarters; one quarter unconfirmed)"), year=year),
            hindsight.calendar_total(ledger),
            "USD",
        ),
        HeadlineFigure(
            "us4_2026_guidance_low_usd", flagged(N_("US four: %(year)s capex guidance, latest, low end")), guided.low_usd, "USD"
        ),
        HeadlineFigure(
            "us4_2026_guidance_high_usd",
            flagged(N_("US four: %(year)s capex guidance, latest, high end")),
            guided.high_usd,
            "USD",
        ),
        *confirmed_only,
        HeadlineFigure(
            "deepseek_r1_rl_cost_usd",
            word(N_("DeepSeek-R1's own training on top of V3: reinforcement learning and SFT data (Nature, September 2025)")),
            ds.r1_usd,
            "USD",
        ),
        HeadlineFigure(
            "deepseek_r1_pipeline_usd",
            word(N_("DeepSeek-R1 with its V3 base: V3's final run plus R1's own training")),
            ds.pipeline_usd,
            "USD",
        ),
        HeadlineFigure(
            "kr_budget_2025_share_pct",
            phrase(
                N_("US four's actual %(year)s capex in KRW at %(rate)s, in percent of Korea's %(year)s budget as passed"),
                year=year,
                rate=RATE_SLOT,
            ),
            hindsight.budget_share_of_actual(ledger, krw),
            "percent",
            krw,
        ),
    ]
