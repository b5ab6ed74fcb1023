"""A new article is data, not code: add its row, its claims and its checks, and it flows through."""

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from decimal import Decimal

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
from capexlib.topics import bat, deepseek
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
    "url": "https://example.org/zz?id=1&page=2",
    "url_note": "a test article's address (an & to escape in every page)",
    "source_file": "zz.txt",
    "note": "",
}
QUOTE = "<script>alert('x')</script> <b onmouseover=\"x()\">올해</b> 3200억 달러(약 470조 원)를 투자한다"  # hostile on purpose
US4 = {
    "entity": "Amazon, Microsoft, Alphabet, Meta",
    "metric": "AI investment plan (combined)",
    "period_as_stated": "올해",
    "period_start": "2024-07-01",
    "period_end": "2025-12-31",
    "period_basis": "mixed",
}
H1_2024 = {"period_as_stated": "상반기", "period_start": "2024-01-01", "period_end": "2024-06-30", "period_basis": "half_year"}
BAT_QUOTE = "바이두·알리바바·텐센트는 상반기 AI에 510억위안(약 9조6000억원)을 투자해 2배 넘게 늘렸고, 알리바바는 240억위안"
DS_QUOTE = "딥시크-V3 개발 비용은 560만달러(약 82억원)로 라마의 20분의 1"
# One figure in every topic of data/checks.csv: a second article printing the same kinds of figure as the
# seeds (a combined BAT figure, a DeepSeek cost, a 2024 total, ...) must flow through every notebook.
CLAIMS = [
    {**US4, "claim_id": "zz-us4-2025-usd", "quote": QUOTE, "amount": "320000000000", "currency": "USD"},
    {
        **US4,
        "claim_id": "zz-us4-2025-krw",
        "quote": QUOTE,
        "amount": "470000000000000",
        "currency": "KRW",
        "qualifier": "approx",
        "converts_claim_id": "zz-us4-2025-usd",
    },
    {
        "claim_id": "zz-msft-2025-usd",
        "quote": "MS는 올해 800억 달러",
        "entity": "Microsoft",
        "metric": "AI investment plan",
        "period_as_stated": "올해",
        "period_start": "2024-07-01",
        "period_end": "2025-06-30",
        "period_basis": "fiscal_year",
        "amount": "80000000000",
        "currency": "USD",
    },
    {
        "claim_id": "zz-us4-2024-usd",
        "quote": "지난해 2400억 달러",
        "entity": "Amazon, Microsoft, Alphabet, Meta",
        "metric": "spending (combined)",
        "period_as_stated": "지난해",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "period_basis": "calendar_year",
        "amount": "240000000000",
        "currency": "USD",
    },
    {
        "claim_id": "zz-kr-budget",
        "quote": "정부 예산 656조 6,000억 원",
        "entity": "Republic of Korea",
        "metric": "government budget",
        "period_as_stated": "지난해",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "period_basis": "fiscal_year",
        "amount": "656600000000000",
        "currency": "KRW",
    },
    {
        "claim_id": "zz-amzn-2024q4-usd",
        "quote": "4분기에 263억 달러",
        "entity": "Amazon",
        "metric": "capital expenditure",
        "period_as_stated": "4분기",
        "period_start": "2024-10-01",
        "period_end": "2024-12-31",
        "period_basis": "quarter",
        "amount": "26300000000",
        "currency": "USD",
    },
    {
        "claim_id": "zz-azure-growth",
        "quote": "애저 성장률은 31%",
        "entity": "Microsoft (Azure)",
        "metric": "Azure revenue growth, year on year",
        "period_as_stated": "4분기",
        "period_start": "2024-10-01",
        "period_end": "2024-12-31",
        "period_basis": "quarter",
        "amount": "31",
        "currency": "percent",
    },
    {
        **H1_2024,
        "claim_id": "zz-bat-2024h1-cny",
        "quote": BAT_QUOTE,
        "entity": "Baidu, Alibaba, Tencent",
        "metric": "AI investment (combined)",
        "amount": "51000000000",
        "currency": "CNY",
        "attribution": "Financial Times",
    },
    {
        **H1_2024,
        "claim_id": "zz-bat-2024h1-krw",
        "quote": BAT_QUOTE,
        "entity": "Baidu, Alibaba, Tencent",
        "metric": "AI investment (combined)",
        "amount": "9600000000000",
        "currency": "KRW",
        "qualifier": "approx",
        "converts_claim_id": "zz-bat-2024h1-cny",
    },
    {
        **H1_2024,
        "claim_id": "zz-baba-2024h1-cny",
        "quote": BAT_QUOTE,
        "entity": "Alibaba",
        "metric": "AI investment (estimated)",
        "amount": "24000000000",
        "currency": "CNY",
    },
    {
        "claim_id": "zz-bat-growth",
        "quote": BAT_QUOTE,
        "entity": "Baidu, Alibaba, Tencent",
        "metric": "AI investment against a year earlier",
        "period_as_stated": "전년 대비",
        "period_start": "2023-01-01",
        "period_end": "2024-06-30",
        "period_basis": "change",
        "amount": "2",
        "currency": "times",
        "qualifier": "at_least",
    },
    {
        "claim_id": "zz-dsv3-cost-usd",
        "quote": DS_QUOTE,
        "entity": "DeepSeek-V3",
        "metric": "development cost",
        "period_basis": "unspecified",
        "amount": "5600000",
        "currency": "USD",
    },
    {
        "claim_id": "zz-dsv3-cost-krw",
        "quote": DS_QUOTE,
        "entity": "DeepSeek-V3",
        "metric": "development cost",
        "period_basis": "unspecified",
        "amount": "8200000000",
        "currency": "KRW",
        "qualifier": "approx",
        "converts_claim_id": "zz-dsv3-cost-usd",
    },
    {
        "claim_id": "zz-dsv3-vs-llama",
        "quote": DS_QUOTE,
        "entity": "DeepSeek-V3 vs Meta Llama",
        "metric": "training cost ratio",
        "period_basis": "unspecified",
        "amount": "0.05",
        "currency": "ratio",
    },
    {
        "claim_id": "zz-mistral-2024-06-eur",
        "quote": "미스트랄AI는 6억유로를 유치",
        "entity": "Mistral AI",
        "metric": "funding round",
        "period_as_stated": "6월",
        "period_start": "2024-06-01",
        "period_end": "2024-06-30",
        "period_basis": "month",
        "amount": "600000000",
        "currency": "EUR",
    },
    {
        "claim_id": "zz-stargate-usd",
        "quote": "스타게이트에 5000억달러",
        "entity": "Stargate (OpenAI, SoftBank, Oracle)",
        "metric": "planned investment",
        "period_basis": "unspecified",
        "amount": "500000000000",
        "currency": "USD",
    },
]


def _check(check_id, claim_id, topic, relation, operands, note="A synthetic check."):
    return {
        "check_id": check_id,
        "claim_id": claim_id,
        "role": "primary",
        "topic": topic,
        "relation": relation,
        "operands": operands,
        "note": note,
    }


GUIDANCE = "ref:amzn-capex-2025-guide ref:msft-capex-fy2025-guide ref:googl-capex-2025-guide ref:meta-capex-2025-guide-high"
CHECKS = [
    _check("zz-us4-guidance", "zz-us4-2025-usd", "totals", "reference", GUIDANCE, "Against the companies' guidance."),
    _check(
        "zz-us4-2025-fx",
        "zz-us4-2025-krw",
        "rates",
        "conversion",
        "claim:zz-us4-2025-usd",
        "The printed KRW figure at the run's rate.",
    ),
    _check("zz-msft-2025", "zz-msft-2025-usd", "totals", "reference", "ref:msft-capex-fy2025-guide"),
    _check("zz-us4-2024", "zz-us4-2024-usd", "change", "reference", "basis:own_year.actual"),
    _check("zz-kr-budget", "zz-kr-budget", "budget", "reference", "ref:kr-budget-2024"),
    _check("zz-amzn-2024q4", "zz-amzn-2024q4-usd", "quarterly", "reference", "ref:amzn-capex-2024q4"),
    _check("zz-azure", "zz-azure-growth", "cloud", "reference", "ref:msft-azure-growth-fy2025q2"),
    _check("zz-bat-2024h1", "zz-bat-2024h1-cny", "bat", "reference", "ref:bat-capex-2024h1"),
    _check("zz-bat-2024h1-fx", "zz-bat-2024h1-krw", "rates", "conversion", "claim:zz-bat-2024h1-cny"),
    _check("zz-baba-2024h1", "zz-baba-2024h1-cny", "bat", "reference", "ref:baba-capex-2024h1"),
    _check("zz-bat-growth", "zz-bat-growth", "bat", "ratio", "ref:bat-capex-2024h1 / ref:bat-capex-2023h1"),
    _check("zz-dsv3-cost", "zz-dsv3-cost-usd", "deepseek", "reference", "ref:dsv3-cost-total"),
    _check("zz-dsv3-cost-fx", "zz-dsv3-cost-krw", "rates", "conversion", "claim:zz-dsv3-cost-usd"),
    _check("zz-dsv3-vs-llama", "zz-dsv3-vs-llama", "deepseek", "ratio", "ref:dsv3-gpuh-total / ref:llama31-gpuh-total"),
    _check("zz-mistral", "zz-mistral-2024-06-eur", "funding", "reference", "ref:mistral-round-2024-06"),
    _check("zz-stargate", "zz-stargate-usd", "context", "reference", "ref:stargate-plan"),
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
    # Its archived copy: the text its quotes come from, recorded with its sha256 as for the real articles.
    text = "\n".join(dict.fromkeys(c["quote"] for c in CLAIMS)).encode("utf-8")
    (target / "sources" / ARTICLE["source_file"]).write_bytes(text)
    _append(target / "articles.csv", [{**ARTICLE, "sha256": hashlib.sha256(text).hexdigest()}])
    # An entity no table named before is listed first (data/entities.csv), as the README's steps say.
    _append(target / "entities.csv", [{"entity": "DeepSeek-V3 vs Meta Llama", "description": "a synthetic comparison"}])
    _append(target / "claims.csv", [{"article_id": "zz", **c} for c in CLAIMS])
    _append(target / "checks.csv", CHECKS)
    return target


def test_it_prints_a_figure_in_every_topic(data):
    topics = set(load_ledger(data).checks["topic"])
    assert {c["topic"] for c in CHECKS} == topics


def test_it_reaches_the_verdicts_and_the_scorecard(data):
    ledger = load_ledger(data)
    verdicts = evaluate_checks(ledger, FxScenario(), 5, {"h800_usd_per_gpu_hour": 2.0})
    assert verdicts.loc["zz-us4-guidance", "verdict"] == "holds"
    # 470조 원 against $320B at the ECB rate of 10 Feb 2025: more than 1% off, within 5%.
    assert verdicts.loc["zz-us4-2025-fx", "verdict"] == "holds approximately"
    assert verdicts.loc["zz-us4-2025-fx", "rate"].as_of.isoformat() == "2025-02-10"
    card = scorecard(ledger, verdicts)
    assert set(card.loc[card["article_id"] == "zz", "check_id"]) == {c["check_id"] for c in CHECKS}
    reviews = [r for r in claim_reviews(ledger, card) if r["identifier"].startswith("zz-")]
    assert reviews[0]["itemReviewed"]["appearance"]["publisher"]["name"] == "Synthetic Daily"


def test_it_reaches_the_totals(data):
    ledger = load_ledger(data)
    assert "zz" in set(plan_claims(ledger)["article_id"])  # its Microsoft plan
    assert "zz-us4-2025-krw" in krw_total_reconciliation(ledger).index


def test_every_article_printing_a_bat_figure_is_judged_one_row_each(data):
    ledger = load_ledger(data)
    parts = bat.parts_table(ledger).set_index("claim_id")
    assert list(parts.index) == ["cb-bat-2024h1-cny", "zz-bat-2024h1-cny"]
    # 510억위안 against its one printed part (Alibaba 240억위안): the parts do not reach it.
    assert parts.loc["zz-bat-2024h1-cny", "parts_sum_cny"] == Decimal("24000000000")
    assert parts.loc["zz-bat-2024h1-cny", "verdict"] == "does not hold"
    assert list(bat.printed_growth(ledger)["claim_id"]) == ["cb-bat-growth", "zz-bat-growth"]
    assert bat.reporting_article(ledger) == "cb"  # the first to report it: a later article does not move the rate
    view = bat.in_currencies(ledger, FxScenario()).set_index("claim_id")
    assert {"(sum of the parts, cb)", "(sum of the parts, zz)"} <= set(view.index)


def test_every_article_printing_a_deepseek_cost_is_shown_one_row_each(data):
    ledger = load_ledger(data)
    assert set(deepseek.cost_claims(ledger, FxScenario())["article_id"]) == {"mt", "dd", "zz"}
    assert list(deepseek.krw_comparison(ledger)["article_id"]) == ["dd", "mt", "zz"]  # 80억, 81억, 82억 won
    assert "zz-dsv3-vs-llama" in set(deepseek.comparisons(ledger, 2, 2)["check_id"])


@pytest.mark.slow
def test_capex_run_succeeds_with_it(data, tmp_path):
    """The whole series, every notebook, with the synthetic article in the data."""
    reports = tmp_path / "reports"
    done = subprocess.run(
        [sys.executable, "-m", "capexlib.cli", "run", "--reports", str(reports), "--data-dir", str(data), "--force"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (folder,) = [p for p in reports.iterdir() if p.is_dir() and not p.name.startswith(".")]  # not .requests
    bat_page = (folder / "03_bat_comparison.html").read_text(encoding="utf-8")
    assert "zz-bat-2024h1-cny" in bat_page and "cb-bat-2024h1-cny" in bat_page
    assert "zz-dsv3-cost-krw" in (folder / "04_deepseek_costs.html").read_text(encoding="utf-8")


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
