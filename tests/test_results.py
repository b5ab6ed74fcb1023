"""The typed rows the checks engine hands on (capexlib.core.results) and the reason a verdict carries
(capexlib.core.verdicts.decide): a check gives a CheckResult, a hindsight check an OutcomeResult, and the
frame the notebooks read holds exactly their values, in the columns scorecard.csv has always had."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capexlib.core import results
from capexlib.core.aging import NO_OUTCOME, SPENT_MORE
from capexlib.core.checks import CheckEvaluator
from capexlib.core.fx import FxScenario
from capexlib.core.ledger import load_ledger
from capexlib.core.verdicts import (
    APPROX,
    DATA_REASON_KINDS,
    FAILS,
    FORCED_FAILS,
    HOLDS,
    NO_PERCENT,
    RULE_REASON_KINDS,
    UNCHECKABLE,
    Judgement,
    decide,
    judge,
)

LEDGER = load_ledger()
PARAMS = {"h800_usd_per_gpu_hour": 2.0}


@pytest.fixture(scope="module")
def published():
    return CheckEvaluator(LEDGER, FxScenario(), 5, PARAMS).results()


@pytest.fixture(scope="module")
def later():
    return CheckEvaluator(LEDGER, FxScenario(), 5, PARAMS, "hindsight_checks").results()


def test_a_check_gives_a_verdict_and_a_hindsight_check_an_outcome(published, later):
    assert {type(r) for r in published} == {results.CheckResult}
    assert {type(r) for r in later} == {results.OutcomeResult}
    by_id = {r.check_id: r for r in published}
    # "약 463조원" for 3200억달러 at the ECB cross rate of 7 Feb 2025 (EUR->KRW over EUR->USD): 463.07조, holds.
    total = by_id["mt-us4-2025-fx"]
    assert isinstance(total, results.CheckResult)
    assert (total.verdict, total.reason_kind, total.judged_against) == (HOLDS, "", "knowledge at publication")
    assert total.computed == Decimal("463070251517779.7051170858630")
    assert total.deviation_pct == Decimal("-0.01517081210668264908600540137")
    assert total.rate is not None and total.rate.rate == Decimal("1447.094535993061578490893322")
    # The four spent 3836억 3400만 달러 on the articles' basis: 19.9% more than the printed 3200억.
    aged = {r.check_id: r for r in later}["h-mt-us4-2025"]
    assert isinstance(aged, results.OutcomeResult)
    assert (aged.outcome, aged.computed, aged.change_pct) == (SPENT_MORE, Decimal("383634000000"), Decimal("19.885625"))
    assert (aged.confidence, aged.judged_against) == ("secondary", "later outcomes")


def test_the_frame_holds_the_results_values_in_the_published_columns(published, later):
    for found in (published, later):
        table = results.frame(found)
        assert tuple(table.columns) == results.COLUMNS
        assert list(table.index) == [r.check_id for r in found]
        for r in found[:10]:
            for name, value in vars(r).items():
                assert table.loc[r.check_id, name] is value or table.loc[r.check_id, name] == value, (r.check_id, name)


def test_a_row_of_one_kind_leaves_the_other_kinds_columns_empty(published, later):
    verdict_row = results.row(published[0])
    assert (verdict_row["outcome"], verdict_row["change_pct"], verdict_row["confidence"]) == (None, None, None)
    outcome_row = results.row(later[0])
    assert (outcome_row["verdict"], outcome_row["deviation_pct"], outcome_row["bound_met"], outcome_row["rounds"]) == (
        None,
        None,
        None,
        False,
    )


def test_an_unverifiable_hindsight_check_cannot_be_checked_and_says_why(later):
    unverifiable = [r for r in later if r.relation == "unverifiable"]
    assert unverifiable and all(r.outcome == NO_OUTCOME and r.computed is None for r in unverifiable)
    assert all(r.reason_kind for r in unverifiable)


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e15"), places=2)
qualifiers = st.sampled_from([None, "approx", "at_least", "at_most"])
reasons = st.sampled_from(("", *DATA_REASON_KINDS))
tolerances = st.decimals(min_value=0, max_value=50, places=1)


@given(amounts, amounts, qualifiers, reasons, tolerances, st.booleans(), st.booleans())
def test_every_label_but_holds_carries_a_reason_and_a_forced_kind_never_holds(
    stated, computed, qualifier, reason, tolerance, rounds, is_date
):
    judgement = judge(stated, computed, qualifier, tolerance)
    decision = decide(judgement, reason, stated, computed, qualifier, rounds, is_date)
    if decision.verdict != HOLDS:
        assert decision.reason_kind in (*DATA_REASON_KINDS, *RULE_REASON_KINDS)
    if reason in FORCED_FAILS:
        assert decision.verdict == FAILS
    elif reason:
        assert decision.verdict == judgement.verdict and decision.reason_kind == reason
    if reason in NO_PERCENT:
        assert decision.deviation_pct is None and decision.miss_pct is None
    else:
        assert (decision.deviation_pct, decision.miss_pct) == (judgement.deviation_pct, judgement.miss_pct)


def test_the_rule_names_the_reason_when_the_data_names_none():
    stated, computed = Decimal(105), Decimal(100)
    assert decide(judge(stated, computed, None, Decimal(5)), "", stated, computed, None, False).reason_kind == "overstated"
    assert decide(judge(computed, stated, None, Decimal(5)), "", computed, stated, None, False).reason_kind == "understated"
    assert decide(judge(stated, computed, None, Decimal(5)), "", stated, computed, None, True).reason_kind == "rounding"
    assert decide(Judgement(FAILS, None), "", stated, computed, None, False, is_date=True).reason_kind == "wrong_period"
    assert decide(Judgement(UNCHECKABLE, None), "", stated, computed, None, False).reason_kind == "only_a_bound"
    assert decide(Judgement(APPROX, Decimal(5)), "misprint", stated, computed, None, False).verdict == APPROX
