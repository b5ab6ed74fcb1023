"""Hindsight (capexlib.topics.hindsight, notebook 06): plans against outcomes on each plan's basis, the
total against the printed figure, BAT with its missing facts, DeepSeek-R1's own cost, Korea's budget, the
headline figures and the hindsight exports. Values are the sources' (data/outcomes.csv)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from capexlib.cli import sweep_table
from capexlib.core.checks import evaluate_checks, evaluate_hindsight
from capexlib.core.fx import FxScenario
from capexlib.core.ledger import load_ledger
from capexlib.core.paths import PROJECT_ROOT
from capexlib.report import charts, exports, hindsight_exports
from capexlib.run import outputs
from capexlib.topics import hindsight, totals
from capexlib.topics.scorecard import scorecard

B = Decimal(10) ** 9
PARAMS = {"h800_usd_per_gpu_hour": 2.0, "h100_usd_per_gpu_hour": 2.0}


@pytest.fixture(scope="module")
def ledger():
    return load_ledger()


@pytest.fixture(scope="module")
def fx():
    return FxScenario()


@pytest.fixture(scope="module")
def aged_checks(ledger, fx):
    return evaluate_hindsight(ledger, fx, 5, PARAMS)


@pytest.fixture(scope="module")
def rate(ledger, fx):
    return totals.total_rate(ledger, fx)


@pytest.fixture(scope="module")
def plans(ledger, aged_checks, rate):
    return hindsight.plan_vs_actual(ledger, aged_checks, rate).set_index("entity")


# --- Company by company --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "plan", "actual", "basis", "beside", "beside_basis", "pct"),
    [
        ("Amazon", "100", "131.819", "gross_purchases_ppe", "128.320", "net_purchases_ppe", "31.819"),
        ("Microsoft", "80", "88.2", "incl_finance_leases", "64.551", "cash_additions_ppe", "10.25"),
        ("Alphabet", "75", "91.4", "purchases_ppe", None, None, "21.86666666666666666666666667"),
        ("Meta", "65", "72.215", "incl_finance_lease_principal", None, None, "11.1"),
        ("Total (four)", "320", "383.634", "mixed", "413.434", "calendar", "19.885625"),
    ],
)
def test_plans_against_outcomes_on_each_plans_basis(plans, entity, plan, actual, basis, beside, beside_basis, pct):
    row = plans.loc[entity]
    assert row["plan_usd"] == Decimal(plan) * B and row["actual_usd"] == Decimal(actual) * B
    assert row["basis"] == basis
    assert row["beside_usd"] == (None if beside is None else Decimal(beside) * B) and row["beside_basis"] == beside_basis
    assert row["diff_usd"] == (Decimal(actual) - Decimal(plan)) * B
    assert row["diff_pct"] == Decimal(pct)


def test_differences_in_won_use_the_runs_rate(plans, rate):
    assert rate.as_of.isoformat() == "2025-02-07" and rate.quote == "KRW"
    for _, row in plans.iterrows():
        assert row["diff_krw"] == row["diff_usd"] * rate.rate
    fixed = FxScenario("fixed", fixed={("USD", "KRW"): 1400})
    ledger = load_ledger()
    again = hindsight.plan_vs_actual(ledger, evaluate_hindsight(ledger, fixed, 5, PARAMS), totals.total_rate(ledger, fixed))
    assert again.set_index("entity").loc["Total (four)", "diff_krw"] == Decimal("63.634") * B * 1400


def test_each_dated_revision_is_listed_oldest_first(plans):
    amazon = plans.loc["Amazon", "revisions"]
    assert list(amazon["outcome_id"]) == ["amzn-capex-guidance-2025-oct2025"]  # $125B: guidance, not the actual
    alphabet = plans.loc["Alphabet", "revisions"]
    assert [(str(r["value"]), str(r["value_high"])) for r in alphabet.to_dict("records")] == [
        ("85000000000", "None"),
        ("91000000000", "93000000000"),
    ]
    meta = plans.loc["Meta", "revisions"]
    assert list(meta["stated_on"].map(str)) == ["2025-04-01", "2025-10-01"]
    assert plans.loc["Microsoft", "revisions"].empty  # no dollar revision of fiscal 2025 in the sources
    assert (plans.loc["Meta", "guidance_low_usd"], plans.loc["Meta", "guidance_high_usd"]) == (60 * B, 65 * B)


def test_the_printed_figures_are_the_articles(plans):
    printed = plans.loc["Meta", "printed"]
    assert list(printed["article_id"]) == ["dd", "br", "ja", "mt"]
    assert set(printed["amount"]) == {65 * B}
    assert list(printed["qualifier"]) == [None, "at_most", "at_most", None]
    # "최대" (at most) 650억 was exceeded; a plain 650억 was spent more than planned: outcomes, not verdicts
    assert list(printed["outcome"]) == [
        "spent more than planned",
        "spent more than the stated maximum",
        "spent more than the stated maximum",
        "spent more than planned",
    ]
    assert list(printed["printed_as"]) == ["650억 달러", "최대 650억 달러", "최대 650억 달러", "650억달러"]


# --- The total -----------------------------------------------------------------------------------


def test_the_total_against_the_printed_figure(ledger, aged_checks, rate):
    aged = hindsight.total_aged(ledger, aged_checks, rate)
    assert (aged.plan_usd, aged.actual_usd, aged.calendar_usd) == (320 * B, Decimal("383.634") * B, Decimal("413.434") * B)
    assert aged.calendar_unconfirmed  # Microsoft's Jul-Sep 2025 quarter is from an unconfirmed source
    assert aged.at_least.to_dict("records") == [{"article_id": "ja", "printed": 320 * B, "reached": True}]  # 이상: true
    assert list(aged.reported["value"]) == [400 * B] and aged.calendar_usd >= 400 * B  # "over $400 billion": consistent
    assert aged.actual_krw == aged.actual_usd * rate.rate


def test_derived_sums_are_recomputed_from_their_parts(ledger):
    checks = hindsight.cross_checks(ledger).set_index("outcome_id")
    assert (
        checks.loc["amzn-capex-net-2025", "computed"] == Decimal("128.320") * B == checks.loc["amzn-capex-net-2025", "collector"]
    )
    assert checks.loc["msft-capex-incl-fl-cy2025", "computed"] == 118 * B
    # the collector took Alphabet's year from its quarters (91.45); the annual row says 91.4
    assert checks.loc["big4-capex-2025-derived-article-basis", "computed"] == Decimal("383.634") * B
    assert checks.loc["big4-capex-2025-derived-article-basis", "difference"] == Decimal("0.05") * B
    assert "91.45" in checks.loc["big4-capex-2025-derived-article-basis", "collector_note"]


def test_the_next_years_guidance_for_scale(ledger):
    assert hindsight.plan_year(ledger) == 2025
    guided = hindsight.next_year_total(ledger, 2026)
    assert guided.companies == ("Amazon", "Microsoft", "Alphabet", "Meta")
    assert list(guided.latest["outcome_id"]) == [
        "amzn-capex-guidance-2026",
        "msft-capex-guidance-cy2026",  # calendar 2026: the only Microsoft figure for that year
        "googl-capex-guidance-2026-apr",
        "meta-capex-guidance-2026-apr",
    ]
    assert (guided.low_usd, guided.high_usd) == (695 * B, 725 * B)  # 200 + 190 + 180..190 + 125..145
    assert list(guided.tallies["value"]) == [650 * B]  # Bloomberg, February 2026, before the April raises


# --- One basis per company -------------------------------------------------------------------------


def test_growth_pairs_each_company_on_one_basis(ledger, aged_checks):
    growth = hindsight.growth(ledger, aged_checks).set_index("entity")
    meta = growth.loc["Meta"]
    assert meta["basis"] == "incl_finance_lease_principal"
    assert (meta["earlier_usd"], meta["later_usd"]) == (Decimal("39.23") * B, Decimal("72.215") * B)
    assert round(meta["growth_pct"], 1) == Decimal("84.1")  # the source's "surging 84%", on one basis
    assert growth.loc["Total (four)", "earlier_usd"] == Decimal("230.464") * B  # the article's "2300억 달러"
    assert growth.loc["Total (four)", "change_usd"] == Decimal("153.17") * B


def test_growth_refuses_meta_with_leases_against_2024_without(ledger, aged_checks, monkeypatch):
    """If Meta's 2024 figure were on another basis (as in the source that compares 2025 including leases
    with 2024 excluding them), the comparison fails instead of printing a growth rate."""
    real = ledger.reference_basis
    monkeypatch.setattr(
        ledger, "reference_basis", lambda ref_id: "purchases_ppe" if ref_id == "meta-capex-2024" else real(ref_id)
    )
    with pytest.raises(hindsight.BasisError, match=r"Meta: \['incl_finance_lease_principal'\] against \['purchases_ppe'\]"):
        hindsight.growth(ledger, aged_checks)


# --- BAT, DeepSeek, Korea -------------------------------------------------------------------------


def test_bat_full_years_and_the_missing_ones(ledger):
    years = hindsight.bat_full_years(ledger, 2.0).set_index("entity")
    assert years.loc["Baidu", "year_cny"] is None  # not in the sources: missing, not zero
    assert years.loc["Baidu, Alibaba, Tencent", "year_cny"] is None
    tencent = years.loc["Tencent"]
    assert (tencent["half_cny"], tencent["year_cny"]) == (Decimal("23.1") * B, Decimal("76.76") * B)
    assert tencent["same_calendar_year"] and round(tencent["year_over_half"], 2) == Decimal("3.32")
    assert round(tencent["annualized_short_of_year_pct"], 1) == Decimal("-39.8")  # doubling H1 fell 40% short
    alibaba = years.loc["Alibaba"]
    assert alibaba["year_id"] == "alibaba-capex-fy2025" and not alibaba["same_calendar_year"]
    assert alibaba["year_over_half"] is None  # April 2024 to March 2025 is not the half's year
    assert set(hindsight.not_found(ledger)["entity"]) == {"Baidu", "Tencent", "Alibaba", "Microsoft"}


def test_alibabas_three_year_plan(ledger):
    plan = hindsight.alibaba_plan(ledger)
    assert (plan.plan_cny, plan.qualifier, plan.months) == (380 * B, "at_least", 36)
    assert plan.twelve_months_id == "alibaba-capex-ttm-sep2025" and plan.twelve_months_cny == 120 * B


def test_deepseek_r1s_own_cost(ledger, fx):
    ds = hindsight.deepseek_aged(ledger, fx, 2.0)
    assert (ds.v3_usd, ds.r1_usd, ds.pipeline_usd) == (Decimal(5_576_000), Decimal(294_000), Decimal(5_870_000))
    assert ds.gpus == 512  # "64*8", not 648
    assert ds.rebuilt_gpu_hours == 512 * 198 + 512 * 80 + 5000 == 147_336
    assert ds.table_cost_usd == ds.r1_usd  # Table 7's 147K GPU-hours at $2 give the reported $294K
    printed = ds.printed.set_index(["claim_id", "against"])
    assert round(printed.loc[("dd-r1-cost-usd", "R1's whole pipeline"), "printed_vs_pct"], 2) == Decimal("-4.94")
    assert hindsight.deepseek_aged(ledger, fx, 3.0).r1_at_run_price_usd == 147_000 * 3


def test_r1s_pipeline_against_llama(ledger):
    rows = hindsight.pipeline_share_of_llama(ledger).set_index("check_id")
    assert rows.loc["mt-dsv3-vs-llama31-405b", "pipeline_gpu_hours"] == 2_788_000 + 147_000
    assert round(rows.loc["mt-dsv3-vs-llama31-405b", "pipeline_ratio"], 4) == Decimal("0.0952")


def test_koreas_budget_as_passed(ledger, rate):
    budgets = hindsight.budget_aged(ledger, rate).set_index("source")
    assert budgets.loc["outcome kr-budget-2025-passed", "budget_krw"] == Decimal("673.3") * 10**12
    assert budgets.loc["reference kr-budget-2024", "budget_krw"] == Decimal("656.6") * 10**12
    assert budgets.loc["outcome kr-supp-budget-2025-1st", "actual_share_pct"] is None  # a step, not a budget
    share = hindsight.budget_share_of_actual(ledger, rate)
    assert share == Decimal("383.634") * B * rate.rate / (Decimal("673.3") * 10**12) * 100
    assert round(share, 1) == Decimal("82.5")


# --- Headline figures, exports, charts -----------------------------------------------------------


@pytest.fixture(scope="module")
def default_outputs():
    return outputs.compute({})


def test_headline_figures_for_the_outcomes(default_outputs):
    values = dict(zip(default_outputs.headline["id"], default_outputs.headline["value"], strict=True))
    assert values["us4_2025_actual_usd"] == "383634000000"
    assert values["us4_2025_actual_vs_plan_pct"] == "19.885625"
    assert values["us4_2025_actual_calendar_usd"] == "413434000000"
    assert (values["us4_2026_guidance_low_usd"], values["us4_2026_guidance_high_usd"]) == ("695000000000", "725000000000")
    assert values["deepseek_r1_rl_cost_usd"] == "294000" and values["deepseek_r1_pipeline_usd"] == "5870000"
    assert round(Decimal(values["kr_budget_2025_share_pct"]), 1) == Decimal("82.5")
    ids = list(default_outputs.headline["id"])
    assert ids.index("us4_2025_actual_usd") > ids.index("verdicts_cannot_be_checked_from_these_sources")  # appended


def test_capex_sweep_sees_the_outcome_figures():
    table, units = sweep_table("krw_per_usd", "1400", "1500", "100")
    assert units["us4_2025_actual_krw"] == "KRW"
    assert list(table["us4_2025_actual_krw"]) == ["537087600000000", "575451000000000"]


def test_the_hindsight_export_has_the_contract_columns(default_outputs):
    card = hindsight.card(default_outputs.ledger, default_outputs.hindsight)
    text = hindsight_exports.hindsight_csv(card)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(hindsight_exports.HINDSIGHT_COLUMNS)
    assert "verdict" not in rows[0]  # how a plan aged is not a verdict on the article
    r1 = next(r for r in rows if r["check_id"] == "h-dd-r1-cost")
    assert (r1["role"], r1["printed"], r1["printed_as"], r1["later"], r1["change_pct"], r1["outcome"], r1["confidence"]) == (
        "primary",
        "5580000",
        "558만달러",
        "5870000",
        "5.20",
        "later figure higher",
        "secondary",
    )
    assert r1["sources"] == "dsv3-cost-total deepseek-r1-training-cost"
    bound = next(r for r in rows if r["check_id"] == "h-dd-r1-vs-gpt4-bound")
    assert (bound["later_is"], bound["change_pct"], bound["outcome"]) == ("upper_bound", "", "later figure lower")


def test_the_as_published_exports_stay_as_published(default_outputs):
    """scorecard.csv and claimreview.jsonld hold only the as-published checks; hindsight is data about
    outcomes, described by a schema.org Dataset, never a ClaimReview."""
    ledger = default_outputs.ledger
    texts = exports.exports(ledger, scorecard(ledger, default_outputs.verdicts))
    ids = {r["check_id"] for r in csv.DictReader(io.StringIO(texts["scorecard.csv"]))}
    assert ids == set(ledger.checks.index) and not ids & set(ledger.hindsight_checks.index)
    reviews = json.loads(texts["claimreview.jsonld"])
    assert not any(r["identifier"].startswith("h-") for r in reviews)
    dataset = json.loads(
        hindsight_exports.hindsight_exports(ledger, hindsight.card(ledger, default_outputs.hindsight))[
            hindsight_exports.HINDSIGHT_JSONLD
        ]
    )
    assert dataset["@type"] == "Dataset" and "ClaimReview" not in json.dumps(dataset)
    assert dataset["distribution"]["contentUrl"] == "hindsight.csv"
    assert [v["name"] for v in dataset["variableMeasured"]] == list(hindsight_exports.HINDSIGHT_COLUMNS)
    assert all(url.startswith("https://") for url in dataset["isBasedOn"])


def test_the_committed_hindsight_exports_are_current(default_outputs):
    ledger = default_outputs.ledger
    texts = hindsight_exports.hindsight_exports(ledger, hindsight.card(ledger, default_outputs.hindsight))
    for name, text in texts.items():
        assert (PROJECT_ROOT / "notebooks" / name).read_text(encoding="utf-8") == text, f"{name}: run `make normalize`"


def test_how_it_aged_sits_beside_the_as_published_verdict(ledger, fx, aged_checks):
    published = evaluate_checks(ledger, fx, 5, PARAMS)
    table = hindsight.aged(ledger, published, aged_checks).set_index("claim_id")
    # dd's "R1 개발 비용 558만 달러" was V3's figure when published; R1's whole pipeline later came out 5.2% higher.
    assert (table.loc["dd-r1-cost-usd", "as_published"], table.loc["dd-r1-cost-usd", "outcome"]) == (
        "does not hold",
        "later figure higher",
    )
    # Amazon's plan was reported right, then exceeded: a verdict and an outcome, never the same words.
    assert (table.loc["mt-amzn-2025-usd", "as_published"], table.loc["mt-amzn-2025-usd", "outcome"]) == (
        "holds",
        "spent more than planned",
    )


def test_chart_alt_texts_come_from_the_data(plans, ledger, aged_checks, rate):
    frame = plans.reset_index()
    alt = charts.aged.guidance_paths_alt(frame)
    assert "Amazon: printed plan $100.0B on 2025-02-07, then guidance $125.0B in Oct 2025, then actual $131.8B" in alt
    assert "Meta: printed plan $65.0B on 2025-02-01 (guidance $60.0B to $65.0B)" in alt
    aged = hindsight.total_aged(ledger, aged_checks, rate)
    guided = hindsight.next_year_total(ledger, 2026)
    total_alt = charts.aged.total_against_printed_alt(aged, guided)
    assert "the printed plan $320.0B; the four's actual spending on the articles' basis $383.6B (+19.9%)" in total_alt
    assert "$695.0B to $725.0B" in total_alt
