"""What the exports say: a misattribution is a finding (scorecard.csv, ClaimReview, README), percent off only
where a number is compared, and every scorecard.csv column described."""

from __future__ import annotations

import csv
import io
import json

import pytest

from capexlib.core.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from capexlib.report import exports
from capexlib.run import outputs
from capexlib.topics.scorecard import scorecard


@pytest.fixture(scope="module")
def out():
    return outputs.compute({})


@pytest.fixture(scope="module")
def rows(out):
    text = exports.scorecard_csv(scorecard(out.ledger, out.verdicts))
    return {r["check_id"]: r for r in csv.DictReader(io.StringIO(text))}


def test_the_misattribution_is_a_finding_everywhere(out, rows):
    assert rows["dd-r1-cost"]["verdict"] == "does not hold" and rows["dd-r1-cost"]["reason_kind"] == "misattributed"
    review = next(
        r for r in exports.claim_reviews(out.ledger, scorecard(out.ledger, out.verdicts)) if r["identifier"] == "dd-r1-cost"
    )
    assert review["reviewRating"]["alternateName"] == "does not hold" and review["reviewRating"]["ratingValue"] == 1
    assert review["reviewRating"]["ratingExplanation"].startswith("Misattributed: ")
    findings = outputs.findings(out)
    does_not_hold = findings.split("**Does not hold**")[1].split("**Cannot be checked")[0]
    assert "`dd-r1-cost` (dd)" in does_not_hold and "Misattributed: " in does_not_hold


def test_percent_off_only_where_a_number_is_compared(rows):
    assert rows["cb-bat-2024h1-fx"]["percent_off"] == "0.06"
    assert rows["cb-bat-growth"]["percent_off"] == "" and rows["cb-bat-growth"]["bound_met"] == "yes"  # 2배 이상
    assert rows["ja-googl-cloud"]["percent_off"] == "" and rows["ja-googl-cloud"]["reason_kind"] == "garbled"
    assert rows["dd-r1-vs-gpt4-bound"]["percent_off"] == "" and rows["dd-r1-vs-gpt4-bound"]["computed_is"] == "upper_bound"
    assert rows["ja-us4-guidance-low"]["bound_met"] == "no"


def test_every_scorecard_column_is_described_in_the_readme(rows):
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    header = next(iter(rows.values())).keys()
    assert list(header) == list(exports.SCORECARD_COLUMNS)
    for column in header:
        assert f"| `{column}` |" in readme, column
    assert "Percent off = (printed - computed) / computed x 100" in readme
    assert "(printed - computed) / computed x 100" in exports.SCORECARD_COLUMNS["percent_off"]


def test_the_committed_scorecard_has_the_reason_kind_column():
    committed = (NOTEBOOKS_DIR / "scorecard.csv").read_text(encoding="utf-8")
    assert "reason_kind" in committed.splitlines()[0].split(",")
    claimreview = json.loads((NOTEBOOKS_DIR / "claimreview.jsonld").read_text(encoding="utf-8"))
    assert any(r["identifier"] == "dd-r1-cost" and r["reviewRating"]["alternateName"] == "does not hold" for r in claimreview)
