"""Sentences of the notebooks' prose that state a direction, a size or a count are checked against the data
they describe: rewording one fails here until its entry is checked again, and a data change that makes one
false fails here too. (Sentences a notebook prints are built from the data itself; the direction word of
one of them is checked at the end.)"""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal

import pytest

from capexlib.core.checks import evaluate_checks
from capexlib.core.fx import FxScenario
from capexlib.core.ledger import load_ledger
from capexlib.core.numbers import significant_digits
from capexlib.core.paths import NOTEBOOKS_DIR
from capexlib.report import present
from capexlib.topics import deepseek, hindsight, totals

LEDGER = load_ledger()
VERDICTS = evaluate_checks(LEDGER, FxScenario(), 5, {"h800_usd_per_gpu_hour": 2.0})


def prose(notebook: str, cell_id: str) -> str:
    """A Markdown cell's text with its line breaks as spaces (the prose wraps anywhere)."""
    nb = json.loads((NOTEBOOKS_DIR / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    (cell,) = [c for c in nb["cells"] if c["id"] == cell_id]
    assert cell["cell_type"] == "markdown"
    return re.sub(r"\s+", " ", "".join(cell["source"]))


# (notebook, cell, the words, the check they describe, the side of the computed value the printed figure is on)
SIDE_SENTENCES = [
    ("02_change_2024_2025", "cell-10", "is just below the like-for-like, lease-inclusive total", "ja-us4-2024-own-year", "below"),
    ("02_change_2024_2025", "cell-10", "above the cash one", "ja-us4-2024-cash", "above"),
    ("02_change_2024_2025", "cell-10", "further below calendar 2024", "ja-us4-2024-cy", "below"),
]


@pytest.mark.parametrize("notebook, cell_id, words, check_id, side", SIDE_SENTENCES, ids=[s[2] for s in SIDE_SENTENCES])
def test_a_side_the_prose_states_is_the_sign_of_the_percent_off(notebook, cell_id, words, check_id, side):
    assert words in prose(notebook, cell_id)
    off = VERDICTS.loc[check_id, "deviation_pct"]
    assert side == ("above" if off > 0 else "below"), (check_id, off)


def test_the_2300_sentence_matches_the_table_and_verdicts_it_sits_above():
    """02's table shows the cash basis holding approximately: the prose no longer says "matches only the
    like-for-like one". "Just below" is the smallest miss and "further below" the largest; at the default
    thresholds the three bases get the three labels the sentence names, in its order."""
    text = prose("02_change_2024_2025", "cell-10")
    assert "matches only" not in text
    assert (
        "at the default thresholds it holds on the first, holds approximately on the second and does not hold on the third"
        in text
    )
    checks = ["ja-us4-2024-own-year", "ja-us4-2024-cash", "ja-us4-2024-cy"]
    misses = [abs(VERDICTS.loc[c, "deviation_pct"]) for c in checks]
    assert misses == sorted(misses)
    assert VERDICTS.loc[checks, "verdict"].tolist() == ["holds", "holds approximately", "does not hold"]


def test_one_article_rounds_the_cost_to_three_significant_digits():
    text = prose("04_deepseek_costs", "cell-06")
    assert "one article rounds it to three significant digits" in text
    report = deepseek.report_cost(LEDGER)["value"]
    printed = deepseek.cost_claims(LEDGER, FxScenario())
    rounded = [usd for usd in printed["usd"] if usd != report]
    assert rounded == [Decimal(5580000)] and significant_digits(rounded[0]) == 3
    assert significant_digits(report) == 4  # the other prints the report's 557만6000 in full


def test_the_counts_the_notebooks_open_with():
    # 01: "Three articles print a combined 2025 figure ... with two different won figures for it"
    assert "Three articles print a combined 2025 figure" in prose("01_totals_2025", "cell-00")
    assert "two different won figures" in prose("01_totals_2025", "cell-00")
    assert totals.printed_totals(LEDGER)["article_id"].nunique() == 3
    assert totals.printed_totals(LEDGER, "KRW")["amount"].nunique() == 2
    # 04: "Two of the articles print DeepSeek's famous cost figure."
    assert "Two of the articles print DeepSeek's famous cost figure" in prose("04_deepseek_costs", "cell-00")
    assert deepseek.cost_claims(LEDGER, FxScenario())["article_id"].nunique() == 2
    # 00: "Publication dates are printed on two pages; for the other three they are inferred"
    assert "printed on two pages; for the other three they are inferred" in prose("00_sources_and_rates", "cell-04")
    assert LEDGER.articles["date_basis"].value_counts().to_dict() == {"inferred": 3, "printed": 2}
    # 05: "Each claim has one primary verdict"
    assert "Each claim has one primary verdict" in prose("05_scorecard", "cell-00")
    primaries = VERDICTS[VERDICTS["role"] == "primary"]["claim_id"]
    assert primaries.is_unique and set(primaries) == set(VERDICTS["claim_id"])


def test_the_counts_of_the_hindsight_notebook():
    # "Three articles print the four's combined plan; one says "이상" (at least)."
    text = prose("06_hindsight", "cell-13")
    assert 'Three articles print the four\'s combined plan; one says "이상"' in text
    printed = totals.printed_totals(LEDGER)
    assert len(printed) == 3 and list(printed["qualifier"]).count("at_least") == 1
    # "twelve-month figures for two of them ... Nothing for Baidu: missing, not zero."
    text = prose("06_hindsight", "cell-22")
    assert "twelve-month figures for two of them" in text and "Nothing for Baidu: missing, not zero" in text
    years = hindsight.bat_full_years(LEDGER, 2.0).set_index("entity")["year_cny"]
    assert [e for e in ("Baidu", "Alibaba", "Tencent") if years[e] is not None] == ["Alibaba", "Tencent"]
    # '"64*8" H800 GPUs (512; several reports misread it as 648)'
    assert '"64*8" H800 GPUs (512;' in prose("06_hindsight", "cell-27")
    assert LEDGER.records("outcomes")[hindsight.R1_GPUS]["value"] == 8 * 64


@pytest.mark.parametrize("direction, diff_usd", [("more", Decimal("63.634e9")), ("less", Decimal("-20e9"))])
def test_the_printed_total_sentence_says_more_or_less_by_the_sign(direction, diff_usd):
    """06 says the four spent "... more than the plan" from the data: a spending below the plan says less,
    with the amount unsigned (never "-$20.0B more")."""
    rate = totals.total_rate(LEDGER, FxScenario())
    hind = evaluate_checks(LEDGER, FxScenario(), 5, {"h800_usd_per_gpu_hour": 2.0}, "hindsight_checks")
    aged = hindsight.total_aged(LEDGER, hind, rate)
    moved = dataclasses.replace(aged, diff_usd=diff_usd, diff_krw=diff_usd * rate.rate, diff_pct=diff_usd / aged.plan_usd * 100)
    (line,) = [x for x in present.total_aged_lines(moved) if x.startswith("the four spent")]
    assert f" {direction} than the plan" in line
    assert "· -$" not in line and "-약" not in line
    if direction == "more":
        real = next(x for x in present.total_aged_lines(aged) if x.startswith("the four spent"))
        assert "약 636억 3000만 달러 · $63.6B (+19.9%) more than the plan" in real
