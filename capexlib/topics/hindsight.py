"""Hindsight: how the printed plans aged, from what happened after the articles (data/outcomes.csv).

The articles (September 2024, February 2025) printed plans; the companies then spent, revised their
guidance and reported. This module sets each printed figure against what followed, as data (frames and
dataclasses; `capexlib.report` draws and writes them):

- `plan_vs_actual`: company by company, on the basis of each plan (the figure the hindsight checks
  judge the plan against), with the other basis beside it, the guidance at publication, each dated
  revision in the sources, and the difference in USD, KRW (the run's rate) and percent; then the total;
- `total_aged`: the printed "3200억 달러" (and "이상") against the four's spending; `next_year_guidance`:
  the following year's guidance for scale; `cross_checks`: the collector's DERIVED sums against ours,
  computed from their parts; `growth`: each company's spending over the year before, on one basis;
- `bat_aged`, `deepseek_aged`, `budget_aged`: Baidu, Alibaba and Tencent (missing facts stay None,
  never zero); DeepSeek-R1's own cost; Korea's budget as passed.

Which outcome judges which claim is data (data/hindsight_checks.csv, evaluated by capexlib.core.checks,
passed in here as `hindsight`); this module reads the evaluated rows and the tables, never decides a verdict.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ..core import operands
from ..core.confidence import confidence_level
from ..core.fx import FxScenario, Rate
from ..core.ledger import Ledger
from ..core.numbers import CTX, ONE, Number, percent, percent_off, ratio, to_decimal, total
from ..core.resolve import resolve
from . import bat, deepseek, totals
from .rows import Source, pick, same
from .scorecard import scorecard

US4 = totals.US4
PLANS, TOTALS, CHANGE = "plans", "totals", "change"  # topics of data/hindsight_checks.csv
PRIMARY, ALTERNATIVE = "primary", "alternative"
TOTAL_ROW = totals.TOTAL_ROW
MISSING = None  # a fact the sources do not give: shown as missing, never as zero

# The capex line items in words (the keys are capexlib.core.units.CAPEX_BASES).
BASIS_WORDS = {
    "gross_purchases_ppe": "purchases of property and equipment, gross",
    "ppe_proceeds_incentives": "proceeds from property and equipment sales and incentives",
    "net_purchases_ppe": "purchases of property and equipment net of proceeds and incentives ('cash capex')",
    "incl_finance_leases": "capital expenditure including finance leases",
    "cash_additions_ppe": "additions to property and equipment (cash, without finance leases)",
    "purchases_ppe": "purchases of property and equipment",
    "incl_finance_lease_principal": "capital expenditure including principal payments on finance leases",
    "reported_capex": "capital expenditure as the company states it",
    "ai_cloud_capex": "capital expenditure on AI and cloud infrastructure",
    "mixed": "each company on its own line item",
}

# The outcome rows the BAT, DeepSeek and budget tables read (the companies' plans are read through the
# hindsight checks instead). Each is a row of data/outcomes.csv; tests/test_hindsight.py keeps them there.
R1_COST = "deepseek-r1-training-cost"
R1_BASE_AS_NATURE_PUTS_IT = "deepseek-r1-base-model-cost"
R1_GPUS = "deepseek-r1-gpu-count"
R1_ZERO_HOURS = "deepseek-r1zero-hours"
R1_HOURS = "deepseek-r1-hours"
R1_SFT_GPU_HOURS = "deepseek-r1-sft-data-gpu-hours"
R1_TABLE_GPU_HOURS = "deepseek-r1-total-gpu-hours"
R1_PRICE = "deepseek-r1-gpu-hour-price"
KR_BUDGET_PASSED = "kr-budget-2025-passed"
KR_BUDGETS = ("kr-budget-2025-proposal", "kr-budget-2025-passed", "kr-budget-2025-after-supps", "kr-budget-2026-passed")
KR_SUPPLEMENTARY = ("kr-supp-budget-2025-1st", "kr-supp-budget-2025-2nd")
ALIBABA_PLAN = "alibaba-ai-cloud-plan-3y"
MONTHS_PER_YEAR = 12


class BasisError(ValueError):
    """Two figures of one company on different line items were about to be compared."""


# --- Reading the tables ---------------------------------------------------------------------------


def _outcomes(ledger: Ledger) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = ledger.records("outcomes")
    return found


def _tokens(text: str | None) -> tuple[operands.Token, ...]:
    return operands.parse(text, "sum").tokens


def operand_sum(ledger: Ledger, text: str) -> Decimal:
    """The sum of operands written in the operand language (out:/ref:, '-' subtracts), e.g. a row's parts."""
    return total(resolve(ledger, token, {}, "hindsight").value for token in _tokens(text))


def basis_of(ledger: Ledger, text: str) -> str | None:
    """The basis of the figure `text` adds up: an outcome's own basis, or that of the DERIVED row with
    exactly these parts (gross less proceeds is Amazon's net), else None."""
    tokens = _tokens(text)
    if len(tokens) == 1 and tokens[0].kind == "out" and not tokens[0].negate:
        basis: str | None = _outcomes(ledger)[tokens[0].key]["basis"]
        return basis
    if len(tokens) == 1 and tokens[0].kind == "ref":
        return ledger.reference_basis(tokens[0].key)
    wanted = sorted(t.text for t in tokens)
    for row in _outcomes(ledger).values():
        if row["parts"] and sorted(t.text for t in _tokens(row["parts"])) == wanted:
            derived: str | None = row["basis"]
            return derived
    return None


def outcome_table(ledger: Ledger, topic: str | None = None) -> pd.DataFrame:
    """The outcomes as rows (one topic, or all), in file order."""
    rows = [r for r in _outcomes(ledger).values() if topic is None or r["topic"] == topic]
    return pd.DataFrame(rows, dtype=object)


def not_found(ledger: Ledger) -> pd.DataFrame:
    """What the collector looked for and did not find (outcomes.meta.yaml, `not_found`)."""
    return pd.DataFrame(ledger.provenance["outcomes"].get("not_found") or [], dtype=object)


def traps(ledger: Ledger) -> str:
    """The traps found while collecting, as outcomes.meta.yaml words them."""
    return str(ledger.provenance["outcomes"].get("traps") or "")


def _claims_rows(hindsight: pd.DataFrame, **where: Any) -> pd.DataFrame:
    rows = hindsight
    for column, wanted in where.items():
        rows = rows[rows[column].isin(wanted if isinstance(wanted, (list, tuple, set)) else [wanted])]
    return rows


def _written(ledger: Ledger, rows: pd.DataFrame, what: str) -> str:
    """The operands of these checks as data/hindsight_checks.csv writes them (group separators included;
    the evaluated frame lists the tokens only): one text for all of them."""
    checks = ledger.records("hindsight_checks")
    texts = {checks[c]["operands"] for c in rows["check_id"]}
    if len(texts) != 1:
        raise ValueError(f"expected one set of operands for {what}, found {len(texts)}")
    text: str = texts.pop()
    return text


def _one_value(rows: pd.DataFrame, column: str, what: str) -> Any:
    values = {v for v in rows[column] if v is not None}
    if len(values) != 1:
        raise ValueError(f"expected one {what}, found {sorted(map(str, values)) or 'none'}")
    return values.pop()


def _entity_rows(ledger: Ledger, hindsight: pd.DataFrame, entity: str, topic: str, role: str) -> pd.DataFrame:
    claims = ledger.records("claims")
    rows = _claims_rows(hindsight, topic=topic, role=role, unit="USD")
    return rows[[claims[c]["entity"] == entity for c in rows["claim_id"]]]


# --- Company by company ----------------------------------------------------------------------------


def guidance_revisions(ledger: Ledger, entity: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Each dated guidance row of the outcomes for `entity` and exactly this period, oldest first."""
    rows = [
        r
        for r in _outcomes(ledger).values()
        if r["kind"] == "guidance" and r["entity"] == entity and r["period_start"] == start and r["period_end"] == end
    ]
    rows.sort(key=lambda r: (r["stated_on"] or dt.date.max, r["outcome_id"]))
    return pd.DataFrame(rows, dtype=object, columns=list(ledger.outcomes.columns))


def plan_vs_actual(ledger: Ledger, hindsight: pd.DataFrame, rate: Rate) -> pd.DataFrame:
    """One row per company and a total: plan (the company's guidance at publication, high end, which is
    what the articles printed), each dated revision, the actual on the plan's basis, the other basis beside
    it, and the difference in USD, in KRW at `rate`, and in percent of the plan."""
    guidance = totals.guidance(ledger, rate).set_index("entity")
    rows = []
    for entity in US4:
        primary = _entity_rows(ledger, hindsight, entity, PLANS, PRIMARY)
        if primary.empty:
            continue
        alternative = _entity_rows(ledger, hindsight, entity, PLANS, ALTERNATIVE)
        alternative = alternative[alternative["claim_id"].isin(primary["claim_id"])]
        actual_ops = _written(ledger, primary, f"the actual for {entity}")
        claim = ledger.claim(primary.iloc[0]["claim_id"])
        plan = guidance.loc[entity]
        beside_ops = _written(ledger, alternative, f"the second basis for {entity}") if len(alternative) else None
        rows.append(
            {
                "entity": entity,
                "period_start": claim["period_start"],
                "period_end": claim["period_end"],
                "printed": _printed(ledger, primary),
                "plan_usd": plan["high_usd"],
                "guidance_low_usd": plan["low_usd"],
                "guidance_high_usd": plan["high_usd"],
                "guidance_refs": plan["ref_ids"],
                "revisions": guidance_revisions(ledger, entity, claim["period_start"], claim["period_end"]),
                "actual_usd": _one_value(primary, "computed", f"actual for {entity}"),
                "actual_operands": actual_ops,
                "basis": basis_of(ledger, actual_ops),
                "beside_usd": None if beside_ops is None else _one_value(alternative, "computed", f"second basis for {entity}"),
                "beside_operands": beside_ops,
                "beside_basis": None if beside_ops is None else basis_of(ledger, beside_ops),
                "unconfirmed_input": bool(primary["unconfirmed_input"].any()),
            }
        )
    if not rows:
        raise ValueError("no primary hindsight check on a company's plan")
    company_total = total(r["actual_usd"] for r in rows)
    aged = total_aged(ledger, hindsight, rate)
    if company_total != aged.actual_usd:
        raise ValueError(f"the companies' actuals add up to {company_total}, the total's check to {aged.actual_usd}")
    rows.append(
        {
            "entity": TOTAL_ROW,
            "period_start": min(r["period_start"] for r in rows),
            "period_end": max(r["period_end"] for r in rows),
            "printed": aged.printed,
            "plan_usd": total(r["plan_usd"] for r in rows),
            "guidance_low_usd": total(r["guidance_low_usd"] for r in rows),
            "guidance_high_usd": total(r["guidance_high_usd"] for r in rows),
            "guidance_refs": "",
            "revisions": None,
            "actual_usd": aged.actual_usd,
            "actual_operands": aged.actual_operands,
            "basis": "mixed",
            "beside_usd": aged.calendar_usd,
            "beside_operands": aged.calendar_operands,
            "beside_basis": "calendar",
            "unconfirmed_input": any(r["unconfirmed_input"] for r in rows),
        }
    )
    frame = pd.DataFrame(rows, dtype=object)
    frame["diff_usd"] = [CTX.subtract(a, p) for a, p in zip(frame["actual_usd"], frame["plan_usd"], strict=True)]
    frame["diff_krw"] = [CTX.multiply(d, rate.rate) for d in frame["diff_usd"]]
    frame["diff_pct"] = [percent(d, p) for d, p in zip(frame["diff_usd"], frame["plan_usd"], strict=True)]
    frame["rate"] = [rate] * len(frame)
    return frame


def _printed(ledger: Ledger, checks: pd.DataFrame) -> pd.DataFrame:
    """The figures the articles printed for the claims these checks judge, with how each aged."""
    columns: dict[str, Source] = {
        **same("article_id", "claim_id"),
        "published": lambda r: ledger.article_date(r["article_id"]),
        "amount": "stated",
        **same("qualifier", "printed_as", "outcome", "change_pct", "check_id"),
    }
    return pick(checks.to_dict("records"), columns).sort_values(["published", "article_id"]).reset_index(drop=True)


# --- The total ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TotalAged:
    """The printed combined plan against what the four spent."""

    printed: pd.DataFrame  # each article's USD total: amount, qualifier, how it aged (outcome, change_pct)
    plan_usd: Decimal  # the four's guidance at publication, high end (the printed 3200억 달러)
    actual_usd: Decimal  # the four's 2025 spending on the articles' basis
    actual_operands: str
    calendar_usd: Decimal  # the same in calendar 2025 (Microsoft by quarters)
    calendar_operands: str
    calendar_unconfirmed: bool
    at_least: pd.DataFrame  # the "이상" claims: printed, and whether the spending reached it
    diff_usd: Decimal
    diff_krw: Decimal
    diff_pct: Decimal
    actual_krw: Decimal
    rate: Rate
    reported: pd.DataFrame  # the press's own combined figures (outcomes), e.g. "over $400 billion"


def _us4_combined(entity: str) -> bool:
    return {part.strip() for part in entity.replace("+", ",").split(",")} == set(US4)


def total_aged(ledger: Ledger, hindsight: pd.DataFrame, rate: Rate) -> TotalAged:
    primary = _claims_rows(hindsight, topic=TOTALS, role=PRIMARY, unit="USD")
    calendar = _claims_rows(hindsight, topic=TOTALS, role=ALTERNATIVE, unit="USD")
    actual = _one_value(primary, "computed", "actual total")
    calendar_usd = _one_value(calendar, "computed", "calendar total")
    plan = totals.guidance_total(ledger, rate).set_index("bound").loc["high", "usd"]
    at_least = primary[primary["qualifier"] == "at_least"]
    diff = CTX.subtract(actual, plan)
    reported = [
        r
        for r in _outcomes(ledger).values()
        if _us4_combined(r["entity"]) and r["kind"] == "actual" and r["period_end"] is not None
    ]
    return TotalAged(
        printed=_printed(ledger, primary),
        plan_usd=plan,
        actual_usd=actual,
        actual_operands=_written(ledger, primary, "the actual total"),
        calendar_usd=calendar_usd,
        calendar_operands=_written(ledger, calendar, "the calendar total"),
        calendar_unconfirmed=bool(calendar["unconfirmed_input"].any()),
        at_least=pd.DataFrame(
            [
                {"article_id": r["article_id"], "printed": r["stated"], "reached": r["computed"] >= r["stated"]}
                for r in at_least.to_dict("records")
            ],
            dtype=object,
        ),
        diff_usd=diff,
        diff_krw=CTX.multiply(diff, rate.rate),
        diff_pct=percent(diff, plan),
        actual_krw=CTX.multiply(actual, rate.rate),
        rate=rate,
        reported=pd.DataFrame(reported, dtype=object),
    )


def actual_total(ledger: Ledger) -> Decimal:
    """The four's actual spending on the articles' basis, from the operands of the primary total check
    (for headline figures: no verdict needed)."""
    return _total_from_checks(ledger, PRIMARY)


def calendar_total(ledger: Ledger) -> Decimal:
    return _total_from_checks(ledger, ALTERNATIVE)


def _total_from_checks(ledger: Ledger, role: str) -> Decimal:
    claims = ledger.records("claims")
    texts = {
        c["operands"]
        for c in ledger.records("hindsight_checks").values()
        if c["topic"] == TOTALS and c["role"] == role and claims[c["claim_id"]]["currency"] == "USD"
    }
    if len(texts) != 1:
        raise ValueError(f"expected one set of operands for the {role} total, found {len(texts)}")
    return operand_sum(ledger, texts.pop())


def next_year_guidance(ledger: Ledger, year: int) -> pd.DataFrame:
    """Each company's guidance for `year` in the outcomes, oldest first per company (the last is the latest)."""
    rows = [
        r
        for r in _outcomes(ledger).values()
        if r["kind"] == "guidance" and r["entity"] in US4 and r["period_end"] is not None and r["period_end"].year == year
    ]
    rows.sort(key=lambda r: (US4.index(r["entity"]), r["stated_on"] or dt.date.max))
    frame = pd.DataFrame(rows, dtype=object, columns=list(ledger.outcomes.columns))
    frame["latest"] = [i == len(frame) - 1 or frame.iloc[i + 1]["entity"] != e for i, e in enumerate(frame["entity"])]
    return frame


@dataclass(frozen=True)
class GuidanceSum:
    year: int
    low_usd: Decimal
    high_usd: Decimal
    companies: tuple[str, ...]
    latest: pd.DataFrame
    tallies: pd.DataFrame  # the press's combined figure for the year (outcomes), as a cross-check
    unconfirmed: tuple[str, ...] = ()  # the latest guidance rows that are unconfirmed (flagged wherever shown)
    confirmed_low_usd: Decimal | None = None  # the same sum from each company's latest confirmed guidance
    confirmed_high_usd: Decimal | None = None


def _range_sum(rows: pd.DataFrame) -> tuple[Decimal, Decimal]:
    low = total(rows["value"])
    high = total(h if h is not None else v for v, h in zip(rows["value"], rows["value_high"], strict=True))
    return low, high


def next_year_total(ledger: Ledger, year: int) -> GuidanceSum:
    """The latest guidance of each company for `year`, added up (a range where a company gave one). When a
    latest figure is unconfirmed, the sum is flagged and the same sum from each company's latest confirmed
    guidance stands beside it."""
    frame = next_year_guidance(ledger, year)
    frame = frame[frame["value"].notna()]
    latest = frame[frame["latest"]]
    low, high = _range_sum(latest)
    levels = [
        confidence_level(c, k) for c, k in zip(frame["confidence"], frame.get("source_kind", [None] * len(frame)), strict=True)
    ]
    sure = frame[[level != "unconfirmed" for level in levels]]
    unconfirmed = tuple(
        i
        for i, level in zip(frame["outcome_id"], levels, strict=True)
        if level == "unconfirmed" and i in set(latest["outcome_id"])
    )
    confirmed = sure.groupby("entity", sort=False).tail(1)  # each company's latest confirmed row (oldest first)
    confirmed_low, confirmed_high = _range_sum(confirmed) if unconfirmed else (None, None)
    tallies = [
        r
        for r in _outcomes(ledger).values()
        if _us4_combined(r["entity"]) and r["kind"] == "guidance" and r["period_end"] is not None and r["period_end"].year == year
    ]
    return GuidanceSum(
        year,
        low,
        high,
        tuple(latest["entity"]),
        latest.reset_index(drop=True),
        pd.DataFrame(tallies, dtype=object),
        unconfirmed,
        confirmed_low,
        confirmed_high,
    )


def plan_year(ledger: Ledger) -> int:
    """The year of the printed plans: where the printed combined totals' periods end (the articles' '올해')."""
    years = {ledger.claim(claim_id)["period_end"].year for claim_id in totals.printed_totals(ledger)["claim_id"]}
    if len(years) != 1:
        raise ValueError(f"the printed totals end in several years: {sorted(years)}")
    return years.pop()


def cross_checks(ledger: Ledger) -> pd.DataFrame:
    """Each DERIVED row of the outcomes against the same sum computed here from its parts."""
    rows = []
    for r in _outcomes(ledger).values():
        if r["kind"] != "derived":
            continue
        ours = operand_sum(ledger, r["parts"])
        rows.append(
            {
                "outcome_id": r["outcome_id"],
                "entity": r["entity"],
                "metric": r["metric"],
                "parts": r["parts"],
                "computed": ours,
                "collector": r["value"],
                "difference": CTX.subtract(r["value"], ours),
                "difference_pct": percent_off(r["value"], ours),
                "collector_note": r["line_item_or_basis"],
                "unit": r["unit"],
            }
        )
    return pd.DataFrame(rows, dtype=object)


# --- 2025 over 2024, on one basis per company --------------------------------------------------------


def _check_same_basis(entity: str, earlier: set[str | None], later: set[str | None]) -> str:
    if earlier != later or len(later) != 1 or None in later:
        raise BasisError(f"{entity}: {sorted(map(str, later))} against {sorted(map(str, earlier))}: compare one line item")
    (basis,) = later
    assert basis is not None
    return basis


def growth(ledger: Ledger, hindsight: pd.DataFrame, role: str = PRIMARY) -> pd.DataFrame:
    """Each company's spending over the year before, from the change check's two groups of operands,
    company by company; BasisError if a company's two years are not on one line item."""
    check = _claims_rows(hindsight, topic=CHANGE, role=role, unit="USD")
    text = _written(ledger, check, f"the {role} change check")
    parsed = operands.parse(text, "difference")
    assert parsed.right is not None
    sides: list[dict[str, dict[str, Any]]] = []
    for group in (parsed.left, parsed.right):
        by_entity: dict[str, dict[str, Any]] = {}
        for token in group:
            op = resolve(ledger, token, {}, "growth")
            basis = _outcomes(ledger)[token.key]["basis"] if token.kind == "out" else ledger.reference_basis(token.key)
            entry = by_entity.setdefault(op.entity, {"usd": Decimal(0), "bases": set(), "ids": []})
            entry["usd"] = CTX.add(entry["usd"], op.value)
            entry["bases"].add(basis)
            entry["ids"].append(token.key)
        sides.append(by_entity)
    later, earlier = sides
    rows = []
    for entity in later:
        basis = _check_same_basis(entity, earlier[entity]["bases"], later[entity]["bases"])
        rows.append(
            {
                "entity": entity,
                "basis": basis,
                "earlier_usd": earlier[entity]["usd"],
                "later_usd": later[entity]["usd"],
                "earlier_ids": " ".join(earlier[entity]["ids"]),
                "later_ids": " ".join(later[entity]["ids"]),
            }
        )
    rows.append(
        {
            "entity": TOTAL_ROW,
            "basis": "mixed",
            "earlier_usd": total(r["earlier_usd"] for r in rows),
            "later_usd": total(r["later_usd"] for r in rows),
            "earlier_ids": "",
            "later_ids": "",
        }
    )
    frame = pd.DataFrame(rows, dtype=object)
    frame["change_usd"] = [CTX.subtract(b, a) for a, b in zip(frame["earlier_usd"], frame["later_usd"], strict=True)]
    frame["growth_pct"] = [percent(c, a) for c, a in zip(frame["change_usd"], frame["earlier_usd"], strict=True)]
    return frame


# --- Baidu, Alibaba, Tencent ---------------------------------------------------------------------


def _months(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` inclusive: a half year 6, a fiscal year 12, 2025-02-24 to 2028-02-23 36."""
    after = end + dt.timedelta(days=1)
    return (after.year - start.year) * MONTHS_PER_YEAR + after.month - start.month - (1 if after.day < start.day else 0)


def bat_full_years(ledger: Ledger, factor: Number) -> pd.DataFrame:
    """Each company's H1 2024 figure (reference) against the twelve-month figures the outcomes give for
    a period overlapping 2024; a company with none (Baidu) keeps None. Where the twelve months are the
    calendar year of the half, the half x `factor` (the run's annualization) is set against it."""
    multiplier = to_decimal(factor, "bat_annualization_factor")
    halves: dict[str, Any] = {}
    for _, r in bat.reference_rows(ledger).sort_values("period_start").iterrows():
        halves[r["entity"]] = r  # the latest half year of each
    rows = []
    for entity in (*bat.COMPANIES, bat.COMBINED):
        half = halves.get(entity)
        years = [
            r
            for r in _outcomes(ledger).values()
            if r["entity"] == entity
            and r["kind"] == "actual"
            and r["unit"] == bat.CURRENCY
            and r["period_start"] is not None
            and half is not None
            and _months(r["period_start"], r["period_end"]) == MONTHS_PER_YEAR
            and r["period_start"] <= half["period_end"]
            and r["period_end"] >= half["period_start"]
        ]
        year = years[0] if len(years) == 1 else None
        same_year = year is not None and year["period_basis"] == "calendar_year"
        annualized = None if half is None else CTX.multiply(half["value_cny"], multiplier)
        rows.append(
            {
                "entity": entity,
                "half_ref": None if half is None else half["ref_id"],
                "half_period": None if half is None else half["period"],
                "half_cny": None if half is None else half["value_cny"],
                "year_id": None if year is None else year["outcome_id"],
                "year_period": None if year is None else year["period_as_stated"],
                "year_cny": MISSING if year is None else year["value"],
                "same_calendar_year": same_year,
                "year_over_half": ratio(year["value"], half["value_cny"])
                if same_year and year is not None and half is not None
                else None,
                "half_annualized_cny": annualized,
                "annualized_short_of_year_pct": (
                    percent_off(annualized, year["value"]) if same_year and year is not None and annualized is not None else None
                ),
            }
        )
    return pd.DataFrame(rows, dtype=object)


def bat_later(ledger: Ledger) -> pd.DataFrame:
    """Tencent's and Alibaba's later capex in the outcomes (quarters, twelve months, guidance), oldest first."""
    rows = [r for r in _outcomes(ledger).values() if r["topic"] == "bat" and r["kind"] in ("actual", "guidance")]
    rows.sort(key=lambda r: (r["entity"], r["period_end"] or dt.date.max, r["outcome_id"]))
    return pd.DataFrame(rows, dtype=object)


@dataclass(frozen=True)
class AlibabaPlan:
    plan_id: str
    plan_cny: Decimal
    qualifier: str | None
    months: int
    per_year_cny: Decimal
    twelve_months_id: str | None  # the outcomes' latest twelve months on the plan's basis
    twelve_months_cny: Decimal | None
    twelve_months_period: str | None
    pace_ratio: Decimal | None  # twelve months spent / the plan's yearly pace


def alibaba_plan(ledger: Ledger) -> AlibabaPlan:
    plan = _outcomes(ledger)[ALIBABA_PLAN]
    months = _months(plan["period_start"], plan["period_end"])
    per_year = CTX.divide(CTX.multiply(plan["value"], MONTHS_PER_YEAR), months)
    spans = [
        r
        for r in _outcomes(ledger).values()
        if r["entity"] == plan["entity"]
        and r["kind"] == "actual"
        and r["basis"] == plan["basis"]
        and r["period_start"] is not None
        and _months(r["period_start"], r["period_end"]) == MONTHS_PER_YEAR
    ]
    span = max(spans, key=lambda r: r["period_end"]) if spans else None
    return AlibabaPlan(
        ALIBABA_PLAN,
        plan["value"],
        plan["qualifier"],
        months,
        per_year,
        None if span is None else span["outcome_id"],
        None if span is None else span["value"],
        None if span is None else span["period_as_stated"],
        None if span is None else ratio(span["value"], per_year),
    )


# --- DeepSeek ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeepSeekAged:
    v3_usd: Decimal  # V3's final training run (the technical report, reference)
    r1_usd: Decimal  # R1's own training on top of V3 (Nature, Sep 2025)
    pipeline_usd: Decimal  # the two together
    base_as_nature_puts_it_usd: Decimal  # "the $6 million or so" (approximate)
    gpus: Decimal
    r1_zero_hours: Decimal
    r1_hours: Decimal
    sft_gpu_hours: Decimal
    rebuilt_gpu_hours: Decimal  # GPUs x wall-clock hours of the two RL runs + the SFT data's GPU-hours
    table_gpu_hours: Decimal  # the paper's Table 7 total (unconfirmed copy)
    table_price: Decimal  # its price per GPU-hour (unconfirmed copy)
    table_cost_usd: Decimal  # Table 7 GPU-hours x its price
    r1_at_run_price_usd: Decimal  # Table 7 GPU-hours x the run's H800 price
    run_price: Decimal
    printed: pd.DataFrame  # each printed cost against V3, R1 alone and the pipeline


def deepseek_aged(ledger: Ledger, fx: FxScenario, h800_usd_per_gpu_hour: Number) -> DeepSeekAged:
    out = _outcomes(ledger)

    def value(key: str) -> Decimal:
        found: Decimal = out[key]["value"]
        return found

    price = to_decimal(h800_usd_per_gpu_hour, "h800_usd_per_gpu_hour")
    v3 = deepseek.report_cost(ledger)["value"]
    r1 = value(R1_COST)
    pipeline = CTX.add(v3, r1)
    gpus = value(R1_GPUS)
    rebuilt = total([CTX.multiply(gpus, value(R1_ZERO_HOURS)), CTX.multiply(gpus, value(R1_HOURS)), value(R1_SFT_GPU_HOURS)])
    table = value(R1_TABLE_GPU_HOURS)
    rows = []
    for c in deepseek.cost_claims(ledger, fx).to_dict("records"):
        for against, amount in (("DeepSeek-V3's final run", v3), ("R1's own training", r1), ("R1's whole pipeline", pipeline)):
            rows.append(
                {
                    "claim_id": c["claim_id"],
                    "article_id": c["article_id"],
                    "model_printed": c["model"],
                    "printed_usd": c["usd"],
                    "against": against,
                    "against_usd": amount,
                    "printed_vs_pct": percent_off(c["usd"], amount),
                }
            )
    return DeepSeekAged(
        v3_usd=v3,
        r1_usd=r1,
        pipeline_usd=pipeline,
        base_as_nature_puts_it_usd=value(R1_BASE_AS_NATURE_PUTS_IT),
        gpus=gpus,
        r1_zero_hours=value(R1_ZERO_HOURS),
        r1_hours=value(R1_HOURS),
        sft_gpu_hours=value(R1_SFT_GPU_HOURS),
        rebuilt_gpu_hours=rebuilt,
        table_gpu_hours=table,
        table_price=value(R1_PRICE),
        table_cost_usd=CTX.multiply(table, value(R1_PRICE)),
        r1_at_run_price_usd=CTX.multiply(table, price),
        run_price=price,
        printed=pd.DataFrame(rows, dtype=object),
    )


def pipeline_share_of_llama(ledger: Ledger) -> pd.DataFrame:
    """R1's whole pipeline in H800 GPU-hours (V3's run + R1's Table 7) against each Llama reading of the
    '10분의 1' checks: at equal prices per GPU-hour the cost ratio is the GPU-hour ratio."""
    _, v3_total = deepseek.stage_rows(ledger)
    pipeline = CTX.add(v3_total["value"], _outcomes(ledger)[R1_TABLE_GPU_HOURS]["value"])
    rows = []
    for r in deepseek.gpu_hour_comparisons(ledger, ONE, ONE).to_dict("records"):
        llama = r["denominator_gpu_hours"]
        rows.append(
            {
                "check_id": r["check_id"],
                "role": r["role"],
                "against": r["denominator"],
                "llama_gpu_hours": llama,
                "v3_ratio": r["gpu_hour_ratio"],
                "pipeline_gpu_hours": pipeline,
                "pipeline_ratio": ratio(pipeline, llama),
                "printed": r["printed"],
            }
        )
    return pd.DataFrame(rows, dtype=object)


# --- Korea's budget ---------------------------------------------------------------------------------


def budget_aged(ledger: Ledger, rate: Rate) -> pd.DataFrame:
    """Korea's budgets: the 2024 budget the post used (as passed, and as the post printed it) and the 2025
    and 2026 budgets of the outcomes, with the four's actual 2025 spending in won at `rate` as a share of
    each full budget (the supplementary budgets are steps between two totals: listed without a share)."""
    actual_krw = CTX.multiply(actual_total(ledger), rate.rate)
    rows: list[dict[str, Any]] = []
    for _, r in totals.budget_share(ledger, ONE).iterrows():  # 2024: the reference's figure and the post's
        rows.append(
            {"source": r["source"], "period": r["period"], "budget_krw": r["budget_krw"], "stated_on": None, "step": False}
        )
    out = _outcomes(ledger)
    for key in (*KR_BUDGETS[:2], *KR_SUPPLEMENTARY, *KR_BUDGETS[2:]):
        row = out[key]
        rows.append(
            {
                "source": f"outcome {key}",
                "period": row["period_as_stated"],
                "budget_krw": row["value"],
                "stated_on": row["stated_on"],
                "step": key in KR_SUPPLEMENTARY,
            }
        )
    frame = pd.DataFrame(rows, dtype=object)
    frame["actual_share_pct"] = [
        None if s else percent(actual_krw, b) for s, b in zip(frame["step"], frame["budget_krw"], strict=True)
    ]
    frame.attrs.update(actual_krw=actual_krw, rate=rate)
    return frame


def budget_share_of_actual(ledger: Ledger, rate: Rate) -> Decimal:
    """The four's actual 2025 spending (articles' basis) in won at `rate`, in percent of the 2025 budget as passed."""
    return percent(CTX.multiply(actual_total(ledger), rate.rate), _outcomes(ledger)[KR_BUDGET_PASSED]["value"])


# --- The "how it aged" table ------------------------------------------------------------------------


def card(ledger: Ledger, hindsight: pd.DataFrame) -> pd.DataFrame:
    """The evaluated hindsight checks beside their article (outlet, date), like the scorecard, with what
    they were judged against and the reason kind."""
    frame = scorecard(ledger, hindsight)
    frame["judged_against"] = list(hindsight["judged_against"])
    frame["reason_kind"] = list(hindsight["reason_kind"])
    return frame


def aged(ledger: Ledger, published: pd.DataFrame, hindsight: pd.DataFrame) -> pd.DataFrame:
    """For every claim with a primary hindsight check: its as-published verdict and how it aged (an outcome
    label, never a verdict), side by side."""
    before = published[published["role"] == PRIMARY].set_index("claim_id")
    rows = []
    for r in hindsight[hindsight["role"] == PRIMARY].to_dict("records"):
        then = before.loc[r["claim_id"]]
        rows.append(
            {
                "claim_id": r["claim_id"],
                "article_id": r["article_id"],
                "quote": r["quote"],
                "stated": r["stated"],
                "stated_high": r["stated_high"],
                "printed_as": r["printed_as"],
                "unit": r["unit"],
                "qualifier": r["qualifier"],
                "as_published_check": then["check_id"],
                "as_published": then["verdict"],
                "hindsight_check": r["check_id"],
                "later": r["computed"],
                "change_pct": r["change_pct"],
                "rate": r["rate"],
                "outcome": r["outcome"],
                "confidence": r["confidence"],
                "reason_kind": r["reason_kind"],
                "note": r["note"],
                "computed": r["computed"],
                "unconfirmed_input": r["unconfirmed_input"],
            }
        )
    return pd.DataFrame(rows, dtype=object)
