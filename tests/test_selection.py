"""Rows are chosen by the data's declared columns (reference.csv `kind`, checks.csv operands), never by the
words of a free-text column: rewording a metric changes no table, and the kind alone moves a row."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from capexlib.core.fx import FxScenario
from capexlib.core.ledger import DataError, Ledger, load_ledger
from capexlib.core.paths import DEFAULT_DATA_DIR
from capexlib.topics import deepseek, totals

LEDGER = load_ledger()
RATE = FxScenario("fixed", fixed={("USD", "KRW"): 1380}).rate_for("USD", "KRW", None)


def _edit_reference(folder: Path, edit: dict[str, dict[str, str]]) -> None:
    """Rewrite cells of data/reference.csv in a copy: {ref_id: {column: new text}}."""
    path = folder / "reference.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        row.update(edit.get(row["ref_id"], {}))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


# Every metric the topics used to search for words in, reworded so that no searched word is left.
REWORDED = {
    "dsv3-gpuh-total": {"metric": "GPU-hours, all stages together"},
    "dsv3-gpuh-pretrain": {"metric": "GPU-hours, first stage [total of nothing]"},
    "dsv3-cost-total": {"metric": "rental-equivalent price of the final run"},
    "dsv3-rental-price": {"metric": "price per hour"},
    "amzn-capex-2025-guide": {"metric": "capital expenditure outlook"},
    "msft-capex-fy2025-guide": {"metric": "capital expenditure for the year"},
    "meta-capex-2025-guide-low": {"metric": "capital expenditure (lower figure)"},
    "kr-budget-2024": {"metric": "central government total expenditure as passed"},
    "semianalysis-deepseek-capex": {"confidence": "confirmed (secondary)", "line_item_or_basis": "SemiAnalysis, 31 Jan 2025"},
}


def _tables(ledger: Ledger) -> dict[str, pd.DataFrame]:
    stages, total_row = deepseek.stage_rows(ledger)
    return {
        "guidance": totals.guidance(ledger, RATE)[["entity", "low_usd", "high_usd", "ref_ids"]],
        "budget": totals.budget_share(ledger, Decimal(466) * 10**12),
        "stages": pd.DataFrame({"ref_id": [r["ref_id"] for r in stages] + [total_row["ref_id"]]}),
        "price_and_cost": pd.DataFrame(
            {"ref_id": [row(ledger)["ref_id"] for row in (deepseek.report_price, deepseek.report_cost)]}
        ),
        "scale": deepseek.scale(ledger)[["ref_id", "kind", "usd"]],
    }


def test_the_tables_pick_the_rows_of_their_kind():
    tables = _tables(LEDGER)
    guidance = tables["guidance"].set_index("entity")
    assert list(guidance.index) == ["Amazon", "Microsoft", "Alphabet", "Meta"]
    assert guidance.loc["Meta", "ref_ids"] == "meta-capex-2025-guide-low meta-capex-2025-guide-high"
    assert (guidance.loc["Meta", "low_usd"], guidance.loc["Meta", "high_usd"]) == (Decimal(60 * 10**9), Decimal(65 * 10**9))
    assert list(tables["budget"]["source"]) == ["reference kr-budget-2024", "printed br-kr-budget-2024-krw"]
    assert list(tables["budget"]["budget_krw"]) == [Decimal("656600000000000"), Decimal("655600000000000")]
    assert list(tables["stages"]["ref_id"]) == ["dsv3-gpuh-pretrain", "dsv3-gpuh-context", "dsv3-gpuh-post", "dsv3-gpuh-total"]
    assert list(tables["price_and_cost"]["ref_id"]) == ["dsv3-rental-price", "dsv3-cost-total"]
    assert dict(zip(tables["scale"]["ref_id"], tables["scale"]["kind"], strict=True)) == {
        "dsv3-cost-total": "company report",
        "semianalysis-deepseek-capex": "analyst estimate",
    }


def test_rewording_a_metric_changes_no_table(data):
    _edit_reference(data, REWORDED)
    reworded = _tables(load_ledger(data))
    for name, table in _tables(LEDGER).items():
        pd.testing.assert_frame_equal(reworded[name].reset_index(drop=True), table.reset_index(drop=True), obj=name)


def test_the_kind_alone_moves_a_row(data):
    # Meta's low end declared an actual: it leaves the guidance, whose low end for Meta becomes its high end.
    _edit_reference(data, {"meta-capex-2025-guide-low": {"kind": "actual"}, "dsv3-gpuh-post": {"kind": "actual"}})
    ledger = load_ledger(data)
    meta = totals.guidance(ledger, RATE).set_index("entity").loc["Meta"]
    assert (meta["low_usd"], meta["ref_ids"]) == (Decimal(65 * 10**9), "meta-capex-2025-guide-high")
    stages, _ = deepseek.stage_rows(ledger)
    assert [r["ref_id"] for r in stages] == ["dsv3-gpuh-pretrain", "dsv3-gpuh-context"]


def test_a_second_total_row_is_refused_not_guessed(data):
    _edit_reference(data, {"dsv3-gpuh-post": {"kind": "total"}})
    with pytest.raises(ValueError, match="expected one total GPU-hours row for DeepSeek-V3, found 2"):
        deepseek.stage_rows(load_ledger(data))


def test_a_kind_outside_the_declared_ones_is_refused_at_load(data):
    _edit_reference(data, {"kr-budget-2024": {"kind": "guess"}})
    with pytest.raises(DataError, match=r"reference.csv, line \d+ \(ref_id 'kr-budget-2024'\), column 'kind'"):
        load_ledger(data)
