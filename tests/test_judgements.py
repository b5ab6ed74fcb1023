"""Judgements that never contradict themselves: every verdict but "holds" says why, a reason never says
rounding explains a gap it does not explain, no percent where the comparison is not like for like, a printed
figure is shown as printed, and hindsight has words of its own, never a verdict's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capexlib.core import checks
from capexlib.core.checks import APPROX, FAILS, HOLDS, UNCHECKABLE, evaluate_checks, evaluate_hindsight, judge, rule_reason
from capexlib.core.ledger import load_ledger
from capexlib.core.numbers import round_significant, rounding_explains, significant_digits
from capexlib.report import i18n, present
from capexlib.run.params import RunParams
from capexlib.topics.rows import without_nan

PARAMS = RunParams.from_values()


@pytest.fixture(scope="module")
def ledger():
    return load_ledger()


@pytest.fixture(scope="module")
def verdicts(ledger):
    return evaluate_checks(ledger, PARAMS.fx(), PARAMS.tolerance, PARAMS.values)


@pytest.fixture(scope="module")
def aged(ledger):
    return evaluate_hindsight(ledger, PARAMS.fx(), PARAMS.tolerance, PARAMS.values)


def rows(frame):
    return [without_nan(r) for r in frame.to_dict("records")]


# --- The as-published verdicts, every row -----------------------------------------------------------


def test_every_verdict_but_holds_carries_a_reason_kind(verdicts):
    for r in rows(verdicts):
        assert r["verdict"] == HOLDS or r["reason_kind"] in checks.REASON_KINDS, r["check_id"]


def test_no_reason_contradicts_its_verdict(verdicts):
    for r in rows(verdicts):
        kind, verdict, where = r["reason_kind"], r["verdict"], r["check_id"]
        if kind == "rounding":
            assert verdict in (APPROX, FAILS), where
            assert rounding_explains(r["stated"], r["computed"]), where
        if kind in ("overstated", "understated"):
            assert verdict in (APPROX, FAILS), where
            above = r["stated"] > r["computed"] if r["bound_met"] is None else r["qualifier"] == "at_least"
            assert above == (kind == "overstated"), where
            if r["deviation_pct"] is not None and r["qualifier"] is None and r["stated_high"] is None:
                assert not rounding_explains(r["stated"], r["computed"]), f"{where}: rounding explains it"
        if kind in checks.FORCED_FAILS:
            assert verdict == FAILS, where
        if kind in ("no_source", "only_a_bound"):
            assert verdict == UNCHECKABLE, where
        if verdict == HOLDS:
            assert kind not in checks.RULE_REASON_KINDS, where


def test_the_reason_text_never_says_rounding_explains_what_it_does_not(verdicts):
    for r in rows(verdicts):
        text = present.why(r)
        if "which explains the gap" in text:
            assert r["reason_kind"] == "rounding", r["check_id"]
        if r["reason_kind"] in ("overstated", "understated") and r["deviation_pct"] is not None:
            assert "its rounding does not explain the gap" in text, r["check_id"]


def test_no_percent_where_the_comparison_is_not_like_for_like(verdicts):
    for r in rows(verdicts):
        shown = present.verdict_table(verdicts.loc[[r["check_id"]]]).iloc[0]
        not_like = r["reason_kind"] in checks.NO_PERCENT or r["computed_is"] != "value" or r["bound_met"] is not None
        if not_like:
            assert r["deviation_pct"] is None, r["check_id"]
            assert "%" not in shown[present.PERCENT_OFF].replace("% short", ""), r["check_id"]


def test_printed_figures_are_always_shown_as_printed(verdicts, ledger):
    for r in rows(verdicts):
        claim = ledger.claim(r["claim_id"])
        shown = present.printed_text(r)
        if r["printed_as"] is not None:
            assert r["printed_as"] in claim["quote"] and shown.startswith(r["printed_as"]), r["check_id"]


# --- Named judgements: the label, reason kind and percent off of the claims that test the rule -------

CHANGED = [
    # check, verdict, reason kind, percent off (or None)
    ("ja-us4-change", FAILS, "overstated", "11.11"),  # 약 1000억 against 900억: 900억 to one digit is 900억
    ("ja-us4-change-ref", FAILS, "overstated", "11.69"),
    ("mt-dsv3-vs-llama31-all", FAILS, "overstated", "40.96"),  # 1/14 to one digit is 0.07, not 0.1
    ("mt-dsv3-vs-llama31-405b", APPROX, "overstated", "10.62"),
    ("cb-mistral-seed-fx", APPROX, "understated", "-3.56"),
    ("ja-us4-2024-cash", APPROX, "overstated", "4.91"),
    ("ja-us4-2024-cy", FAILS, "understated", "-8.13"),
    ("mt-dsv3-cost-hardware", FAILS, "different_measure", None),
    ("dd-r1-cost-hardware", FAILS, "different_measure", None),
    ("br-kr-budget", HOLDS, "misprint", "-0.15"),  # 655.6조 for 656.6조; the 71% still holds
    ("br-share-budget", HOLDS, "", "-0.11"),  # 466조 / 655조 6000억 = 71.08%
    ("cb-openai-loss-fx", APPROX, "rounding", "4.54"),  # 7조 is 6조 7000억 to one digit
    ("dd-azure-expected-2025q1", UNCHECKABLE, "no_source", None),
]


@pytest.mark.parametrize("check_id, verdict, kind, percent_off", CHANGED)
def test_each_named_judgement_has_its_label_reason_and_percent_off(verdicts, check_id, verdict, kind, percent_off):
    r = verdicts.loc[check_id]
    assert (r["verdict"], r["reason_kind"]) == (verdict, kind)
    assert (None if r["deviation_pct"] is None else f"{round(r['deviation_pct'], 2):f}") == percent_off


def test_a_training_run_against_a_hardware_budget_shows_the_multiple(verdicts):
    r = verdicts.loc["mt-dsv3-cost-hardware"].to_dict()
    table = present.verdict_table(verdicts.loc[["mt-dsv3-cost-hardware"]]).iloc[0]
    assert table[present.PERCENT_OFF] == "not comparable (computed 약 290배 (×290) the printed)"
    assert "약 290배 (×290)" in present.why(r) and "%" not in present.why(r)


def test_the_subtitle_is_shown_as_printed(verdicts):
    r = verdicts.loc["br-subtitle-amzn-fx"].to_dict()
    assert present.printed_text(r) == "145.6조 원"


# --- The rule, as a property --------------------------------------------------------------------------

printed_figures = st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(min_value=1, max_value=99999),
    st.integers(min_value=-3, max_value=12),
)
ratios = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("2"), places=4)


@given(printed_figures, ratios)
def test_the_rule_says_rounding_only_when_the_significant_digits_explain_it(printed, ratio):
    computed = printed * ratio
    judgement = judge(printed, computed, None, Decimal(5), Decimal(1))
    if judgement.verdict == HOLDS:
        return
    rounds = rounding_explains(printed, computed)
    kind = rule_reason(judgement, printed, computed, None, rounds)
    assert (kind == "rounding") == (round_significant(computed, significant_digits(printed)) == printed)
    if kind != "rounding":
        assert kind == ("overstated" if printed > computed else "understated")


def test_significant_digits_are_the_printed_figures_own():
    assert significant_digits(Decimal("100000000000")) == 1 and round_significant(Decimal("90000000000"), 1) == Decimal(
        "90000000000"
    )
    assert round_significant(Decimal(1) / Decimal(14), 1) == Decimal("0.07")
    assert not rounding_explains(Decimal("100000000000"), Decimal("90000000000"))  # 900억 is not 약 1000억
    assert rounding_explains(Decimal("230000000000"), Decimal("230464000000"))  # 2305억 is 2300억 to two digits


# --- Hindsight: words of its own --------------------------------------------------------------------


def test_no_hindsight_label_is_a_verdict_word(aged):
    verdict_words = set(checks.VERDICTS) | {w.lower() for w in checks.VERDICTS}
    assert not set(checks.OUTCOMES) & verdict_words
    assert set(aged["outcome"]) <= set(checks.OUTCOMES)
    assert all(v is None for v in aged["verdict"])
    assert not set(i18n.OUTCOME_WORDS.values()) & set(i18n.VERDICT_WORDS.values())


def test_every_hindsight_row_with_a_later_figure_carries_its_confidence(aged):
    for r in rows(aged):
        if r["computed"] is not None:
            assert r["confidence"] in checks.CONFIDENCE_LEVELS, r["check_id"]
    assert aged.loc["h-mt-us4-2025-calendar", "confidence"] == "unconfirmed"  # one Microsoft quarter


def test_a_bound_in_hindsight_gets_no_percent(aged):
    r = aged.loc["h-dd-r1-vs-gpt4-bound"]
    assert (r["outcome"], r["change_pct"]) == ("later figure lower", None)
    assert "%" not in present.outcome_label(r.to_dict())


def test_a_maximum_that_was_passed_was_exceeded(aged):
    r = aged.loc["h-ja-meta-2025"].to_dict()
    assert r["outcome"] == "spent more than the stated maximum"
    assert present.outcome_label(r) == "spent more than the stated maximum (+11.1%)"


def test_one_comparison_one_percentage_for_amazon(aged, ledger):
    from capexlib.topics import hindsight, totals

    rate = totals.total_rate(ledger, PARAMS.fx())
    plans = hindsight.plan_vs_actual(ledger, aged, rate).set_index("entity")
    # The plan table and the hindsight row measure the same thing the same way: +31.8% of the plan.
    assert round(plans.loc["Amazon", "diff_pct"], 2) == round(aged.loc["h-mt-amzn-2025", "change_pct"], 2) == Decimal("31.82")
