"""One like-for-like definition everywhere: the basis of data/capex_bases.csv with basis_role like_for_like."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from capexlib.core.checks import parsed_operands
from capexlib.core.fx import FxScenario
from capexlib.core.ledger import load_ledger
from capexlib.core.paths import DEFAULT_DATA_DIR
from capexlib.run import outputs
from capexlib.topics import bat, deepseek, totals

OWN_YEAR_2024 = Decimal("230464000000")  # Amazon 82.999 + Microsoft FY2024 55.7 + Alphabet 52.535 + Meta 39.23 ($B)
CALENDAR_2024 = Decimal("250364000000")  # Microsoft's Jan-Dec 2024 quarters instead: 75.6
CASH_2024 = Decimal("219244000000")  # Microsoft FY2024 cash additions instead: 44.48


@pytest.fixture(scope="module")
def ledger():
    return load_ledger()


@pytest.fixture(scope="module")
def headline():
    frame = outputs.compute({}).headline
    return {r["id"]: r for r in frame.to_dict("records")}


def test_the_like_for_like_basis_is_each_companys_own_year(ledger):
    fair = totals.like_for_like_basis(ledger)
    assert fair.basis_id == "own_year" and fair.overlap == ""
    assert totals.four_total(totals.change_by_company(ledger, fair.basis_id)).actual_2024_usd == OWN_YEAR_2024


def test_the_headline_change_is_like_for_like(headline):
    assert headline["us4_2024_usd"]["value"] == str(OWN_YEAR_2024)
    assert headline["us4_change_usd"]["value"] == "89536000000"  # 320 - 230.464 ($B)
    assert "like for like" in headline["us4_change_usd"]["label"]
    # The calendar basis is the alternative, with the months it counts twice named.
    assert headline["us4_2024_calendar_usd"]["value"] == str(CALENDAR_2024)
    assert "counted twice" in headline["us4_change_calendar_usd"]["label"]
    # The cash-basis 2024 total sits beside the lease-inclusive one.
    assert headline["us4_2024_own_year_cash_usd"]["value"] == str(CASH_2024)


def test_the_primary_check_of_the_printed_2024_total_uses_the_like_for_like_basis(ledger):
    fair = totals.like_for_like_basis(ledger)
    checks = ledger.checks
    primary = checks[(checks["claim_id"] == "ja-us4-2024-usd") & (checks["role"] == "primary")].iloc[0]
    assert [t.text for t in parsed_operands(primary).tokens] == [f"basis:{fair.basis_id}.actual"]
    alternatives = checks[(checks["claim_id"] == "ja-us4-2024-usd") & (checks["role"] == "alternative")]
    named = {t.key.partition(".")[0] for _, c in alternatives.iterrows() for t in parsed_operands(c).tokens}
    assert named == {b.basis_id for b in totals.alternative_bases(ledger)}


def test_bat_and_deepseek_compare_with_the_like_for_like_total(ledger):
    comparands = bat.us_comparands(ledger)
    assert comparands[0]["usd"] == OWN_YEAR_2024 and comparands[0]["basis"].like_for_like
    assert deepseek.scale(ledger).attrs["us4_2024_actual_usd"] == OWN_YEAR_2024
    like = bat.like_for_like(bat.period_alignment(ledger, FxScenario(), bat.ANNUALIZATION_FACTORS, alternatives=True))
    assert list(like["us_usd"]) == [OWN_YEAR_2024]


@pytest.mark.parametrize(
    "roles", [("alternative", "alternative", "alternative"), ("like_for_like", "like_for_like", "alternative")]
)
def test_exactly_one_basis_is_like_for_like(tmp_path, roles):
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    path = data / "capex_bases.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    order = {"own_year": 0, "calendar": 1, "own_year_cash": 2}
    fixed = [lines[0]]
    for line in lines[1:]:
        basis, label_and_rest = line.split(",", 1)
        role = roles[order[basis]]
        fixed.append(f"{basis},{label_and_rest.replace('like_for_like', role).replace('alternative', role)}")
    path.write_text("\n".join(fixed) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"capex_bases.csv: expected exactly one basis with basis_role like_for_like"):
        totals.like_for_like_basis(load_ledger(data))
