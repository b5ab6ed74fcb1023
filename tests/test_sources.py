"""The repository stands alone: what the tables were transcribed from is archived in data/sources/, checked
by sha256, and no file of the project points outside the project folder."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from capexlib.core.ledger import DataError, load_ledger
from capexlib.core.paths import DEFAULT_DATA_DIR, PROJECT_ROOT

SOURCES = DEFAULT_DATA_DIR / "sources"
META = yaml.safe_load((SOURCES / "sources.meta.yaml").read_text(encoding="utf-8"))

# Folders that are made, not written: the venv, run outputs, caches (and `.git`, a file in a git worktree).
MADE = {".git", ".venv", "reports", "build", ".mypy_cache", ".ruff_cache", ".hypothesis", "__pycache__", ".ipynb_checkpoints"}
BINARY = {".png", ".ttf", ".otf", ".zip", ".pyc", ".woff", ".woff2", ".mo"}
# Paths of a build machine, and the folder the articles were first delivered in beside the project. Spelled in
# two pieces so that this file does not match itself.
PIECES = (("../", "shared"), ("/wo", "rk/"), ("/ho", "me/"), ("/Us", "ers/"), ("/ro", "ot/"))
OUTSIDE = re.compile("|".join(re.escape(a + b) for a, b in PIECES))


def project_files() -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(PROJECT_ROOT):
        dirs[:] = sorted(d for d in dirs if d not in MADE and not d.endswith(".egg-info"))
        found += [Path(folder, f) for f in sorted(files) if Path(f).suffix not in BINARY and f not in MADE]
    return found


def test_every_archived_file_is_listed_with_its_sha256_and_nothing_else_is_there():
    listed = {f["name"]: f["sha256"] for f in META["files"]}
    present = {p.name for p in SOURCES.iterdir()} - {"sources.meta.yaml"}
    assert present == set(listed)
    for name, digest in listed.items():
        assert hashlib.sha256((SOURCES / name).read_bytes()).hexdigest() == digest, name


def test_each_article_names_its_archived_copy_and_its_sha256():
    with (DEFAULT_DATA_DIR / "articles.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    listed = {f["name"]: f["sha256"] for f in META["files"]}
    assert [(r["article_id"], r["source_file"]) for r in rows] == [
        ("mt", "mt.txt"),
        ("ja", "ja.txt"),
        ("br", "br.txt"),
        ("cb", "cb.txt"),
        ("dd", "dd.txt"),
    ]
    assert all(listed[r["source_file"]] == r["sha256"] for r in rows)


def test_the_archived_articles_hold_the_figures_the_ledger_quotes():
    assert "3200억달러(약 463조원)" in (SOURCES / "mt.txt").read_text(encoding="utf-8")
    assert "지난해 대한민국 정부 예산 655조 6,000억 원의 약 71%" in (SOURCES / "br.txt").read_text(encoding="utf-8")
    assert "500억위안(약 9조4200억원) 이상" in (SOURCES / "cb.txt").read_text(encoding="utf-8")


def test_the_archived_lists_are_the_ones_the_tables_were_copied_from():
    with (SOURCES / "reference_facts.csv").open(encoding="utf-8") as f:
        reference = {r["id"]: r for r in csv.DictReader(f)}
    ledger = load_ledger()
    assert set(reference) == set(ledger.reference.index)
    assert reference["kr-budget-2024"]["value"] == "656600000000000"


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def test_an_edited_archived_copy_is_refused_at_load(data):
    with (data / "sources" / "br.txt").open("a", encoding="utf-8") as f:
        f.write("\n")
    with pytest.raises(DataError, match=r"articles.csv, line 4 \(article_id 'br'\), column 'sha256': sources/br.txt has sha256 "):
        load_ledger(data)


def test_a_missing_archived_copy_is_refused_at_load(data):
    (data / "sources" / "dd.txt").unlink()
    with pytest.raises(DataError, match=r"sources/dd.txt: archived article missing"):
        load_ledger(data)


def test_an_archived_copy_outside_the_sources_folder_is_refused(data):
    text = (data / "articles.csv").read_text(encoding="utf-8")
    (data / "articles.csv").write_text(text.replace(",cb.txt,", ",../claims.csv,"), encoding="utf-8")
    with pytest.raises(DataError, match=r"line 5 \(article_id 'cb'\), column 'source_file': '../claims.csv' is not a file name"):
        load_ledger(data)


def test_a_quote_not_in_its_article_is_refused_at_load(data):
    text = (data / "claims.csv").read_text(encoding="utf-8")
    # One character off: 3200억달러 for 3200억 달러 in the JoongAng quote.
    (data / "claims.csv").write_text(text.replace("3200억 달러(약 466조 원)", "3200억달러(약 466조 원)", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"claims.csv, line \d+ \(claim_id 'ja-us4-2025-\w+'\), column 'quote': not verbatim"):
        load_ledger(data)


def test_no_file_of_the_project_points_outside_it():
    root = str(PROJECT_ROOT)
    offenders = []
    for path in project_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line) or root in line:
                offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()[:120]}")
    assert not offenders, "\n".join(offenders)


def test_the_outside_path_check_sees_what_it_looks_for():
    assert OUTSIDE.search("read " + "../" + "shared/seeds/000.txt")
    assert OUTSIDE.search("/" + "work/main/data")
    assert not OUTSIDE.search("data/sources/mt.txt and /usr/bin/chromium")
    checked = {str(p.relative_to(PROJECT_ROOT)) for p in project_files()}
    assert {"README.md", "data/reference.csv", "data/sources/mt.txt", "notebooks/02_change_2024_2025.ipynb"} <= checked
    assert not {p for p in checked if p.startswith((".venv/", "reports/", ".git/")) or p == ".git"}


# --- Primary sources ---------------------------------------------------------------------------------

PRIMARY_HOSTS = ("sec.gov", "arxiv.org", "github.com", "huggingface.co", "korea.kr", "lsvp.com")


@pytest.mark.parametrize("table", ["reference", "outcomes"])
def test_every_row_says_whether_its_source_is_primary_and_a_primary_one_is_cited_in_full(table):
    ledger = load_ledger()
    for key, row in ledger.records(table).items():
        assert row["source_kind"] in ("primary", "secondary"), key
        assert row["source_url"].startswith("https://") or row["source_url"].startswith("http://"), key
        if row["source_kind"] == "primary":
            assert row["source_publisher"] and row["source_document"] and row["source_quote"], key
            assert any(host in row["source_url"] for host in PRIMARY_HOSTS), key
        else:
            assert row["source_publisher"] and not row["source_document"], key


def test_the_primary_sources_found_state_the_figures():
    ledger = load_ledger()
    ref, out = ledger.records("reference"), ledger.records("outcomes")
    assert [k for k, r in ref.items() if r["source_kind"] == "primary"].__len__() == 19
    assert [k for k, r in out.items() if r["source_kind"] == "primary"].__len__() == 4
    # The ministry's own table: 2024 main budget 656.6조, the 2025 proposal 677.4조 and the budget passed 673.3조.
    assert ref["kr-budget-2024"]["value"] == 656_600_000_000_000 and "656.6" in ref["kr-budget-2024"]["source_quote"]
    assert (
        out["kr-budget-2025-passed"]["value"] == 673_300_000_000_000
        and "673.3조원" in out["kr-budget-2025-passed"]["source_quote"]
    )
    # Alphabet's 8-K exhibits: $85B in July 2025, $91-93B in October 2025.
    assert (
        out["googl-capex-guidance-2025-jul"]["value"] == 85_000_000_000
        and "$85 billion" in out["googl-capex-guidance-2025-jul"]["source_quote"]
    )
    oct = out["googl-capex-guidance-2025-oct"]
    assert (oct["value"], oct["value_high"]) == (91_000_000_000, 93_000_000_000) and "$91 billion to $93 billion" in oct[
        "source_quote"
    ]
    # Amazon's 8-K supplement: net purchases of property and equipment, 2024, $77,658 million.
    assert ref["amzn-capex-2024-net"]["value"] == 77_658_000_000 and "$77,658" in ref["amzn-capex-2024-net"]["source_quote"]


def test_a_reader_can_reach_each_article_or_is_told_why_not():
    """Four of the five articles were found online, their text matched to the archived copy; 조선비즈's was not,
    and the row says so. The address reaches the articles page, the claim cards and ClaimReview's appearance."""
    from capexlib.report import exports
    from capexlib.topics.scorecard import scorecard

    ledger = load_ledger()
    articles = ledger.records("articles")
    assert {a: bool(r["url"]) for a, r in articles.items()} == {"mt": True, "ja": True, "br": True, "cb": False, "dd": True}
    assert articles["dd"]["url"] == "https://www1.ddaily.co.kr/page/view/2025013115362120757"
    assert articles["cb"]["url_note"].startswith("not found")
    assert all(r["url_note"] for r in articles.values())
    from capexlib.core.checks import evaluate_checks
    from capexlib.run.params import RunParams

    params = RunParams.from_values()
    card = scorecard(ledger, evaluate_checks(ledger, params.fx(), params.tolerance, params.values))
    reviews = exports.claim_reviews(ledger, card)
    appearance = {r["itemReviewed"]["appearance"].get("url") for r in reviews}
    assert appearance == {articles[a]["url"] for a in ("mt", "ja", "br", "dd")} | {None}
