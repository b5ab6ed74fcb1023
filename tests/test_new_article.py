"""A new article is data, not code: add its row, its claims and its checks, and it flows through."""

import csv
import json
import shutil

import nbformat
import papermill as pm
import pytest

from capexlib.core.checks import evaluate_checks
from capexlib.core.fx import FxScenario
from capexlib.core.ledger import load_ledger
from capexlib.core.paths import DEFAULT_DATA_DIR, PROJECT_ROOT
from capexlib.report import site
from capexlib.report.exports import claim_reviews
from capexlib.run import outputs
from capexlib.topics.scorecard import scorecard
from capexlib.topics.totals import krw_total_reconciliation, plan_claims

ARTICLE = {
    "article_id": "zz",
    "outlet": "Synthetic Daily",
    "kind": "news_article",
    "author": "Test Writer",
    "headline": "<script>alert('x')</script> 빅테크 3200억 달러",
    "headline_note": "",
    "published": "2025-02-10",
    "date_basis": "printed",
    "date_reason": "a test article",
    "language": "ko",
    "seed_file": "none.txt",
    "note": "",
}
QUOTE = "<script>alert('x')</script> <b onmouseover=\"x()\">올해</b> 3200억 달러(약 470조 원)를 투자한다"  # hostile on purpose
CLAIMS = [
    {
        "claim_id": "zz-us4-2025-usd",
        "amount": "320000000000",
        "currency": "USD",
        "qualifier": "",
        "converts_claim_id": "",
    },
    {
        "claim_id": "zz-us4-2025-krw",
        "amount": "470000000000000",
        "currency": "KRW",
        "qualifier": "approx",
        "converts_claim_id": "zz-us4-2025-usd",
    },
]
CHECKS = [
    {
        "check_id": "zz-us4-guidance",
        "claim_id": "zz-us4-2025-usd",
        "role": "primary",
        "topic": "totals",
        "relation": "reference",
        "operands": "ref:amzn-capex-2025-guide ref:msft-capex-fy2025-guide ref:googl-capex-2025-guide "
        "ref:meta-capex-2025-guide-high",
        "tolerance_pct": "",
        "note": "Against the companies' guidance.",
    },
    {
        "check_id": "zz-us4-2025-fx",
        "claim_id": "zz-us4-2025-krw",
        "role": "primary",
        "topic": "rates",
        "relation": "conversion",
        "operands": "claim:zz-us4-2025-usd",
        "tolerance_pct": "",
        "note": "The printed KRW figure at the run's rate.",
    },
]


def _append(path, rows):
    with path.open(encoding="utf-8") as f:
        fields = next(csv.reader(f))
    with path.open("a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in fields})


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    target = tmp_path_factory.mktemp("new-article") / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    _append(target / "articles.csv", [ARTICLE])
    common = {
        "article_id": "zz",
        "quote": QUOTE,
        "entity": "Amazon, Microsoft, Alphabet, Meta",
        "metric": "AI investment plan (combined)",
        "period_as_stated": "올해",
        "period_start": "2024-07-01",
        "period_end": "2025-12-31",
        "period_basis": "mixed",
    }
    _append(target / "claims.csv", [{**common, **c} for c in CLAIMS])
    _append(target / "checks.csv", CHECKS)
    return target


def test_it_reaches_the_verdicts_and_the_scorecard(data):
    ledger = load_ledger(data)
    verdicts = evaluate_checks(ledger, FxScenario(), 5, {"h800_usd_per_gpu_hour": 2.0})
    assert verdicts.loc["zz-us4-guidance", "verdict"] == "holds"
    # 470조 원 against $320B at the ECB rate of 10 Feb 2025: more than 1% off, within 5%.
    assert verdicts.loc["zz-us4-2025-fx", "verdict"] == "holds approximately"
    assert verdicts.loc["zz-us4-2025-fx", "rate"].as_of.isoformat() == "2025-02-10"
    card = scorecard(ledger, verdicts)
    assert set(card.loc[card["article_id"] == "zz", "check_id"]) == {"zz-us4-guidance", "zz-us4-2025-fx"}
    reviews = [r for r in claim_reviews(ledger, card) if r["identifier"].startswith("zz-")]
    assert reviews[0]["itemReviewed"]["appearance"]["publisher"]["name"] == "Synthetic Daily"


def test_it_reaches_the_totals(data):
    ledger = load_ledger(data)
    assert "zz" not in set(plan_claims(ledger)["article_id"])  # it prints no company figure
    assert "zz-us4-2025-krw" in krw_total_reconciliation(ledger).index


@pytest.mark.slow
def test_it_shows_in_the_scorecard_notebook(data, tmp_path):
    out = tmp_path / "05.ipynb"
    pm.execute_notebook(
        PROJECT_ROOT / "notebooks" / "05_scorecard.ipynb",
        out,
        cwd=PROJECT_ROOT,
        kernel_name="python3",
        progress_bar=False,
        parameters={"data_dir": str(data)},
    )
    text = out.read_text(encoding="utf-8")
    assert "zz-us4-2025-fx" in text and "Synthetic Daily" in text
    # The hostile quote reaches the reader's page as text, never as markup.
    page = site.notebook_html(nbformat.read(str(out), as_version=4))
    assert "<script>alert" not in page and "<b onmouseover" not in page
    assert "&lt;script&gt;alert" in page and "&lt;b onmouseover" in page
    paths = outputs.write_exports(outputs.compute({"data_dir": str(data)}), tmp_path / "export")
    exported = json.loads(paths[1].read_text(encoding="utf-8"))
    assert any(r["identifier"] == "zz-us4-2025-fx" for r in exported)
