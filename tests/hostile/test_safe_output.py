"""Class 4: what reaches HTML and CSV is safe.

Links are http(s) addresses checked where they enter (a url field at load, --site-url before anything runs,
a ClaimReview url when `compare` reads a scenario back); every CSV the tool writes goes through one writer
with the formula guard; text holding a NUL, a control or a bidirectional-override character is refused in
every input file and text parameter.
"""

from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from capexlib import cli
from capexlib.core.paths import PACKAGE_DIR
from capexlib.report import charts, csvsafe
from capexlib.report.options import SiteOptions

from .conftest import edit, one_line
from .conftest import refused as _refused

SOURCE = "https://arxiv.org/abs/2412.19437"  # the first source_url of reference.csv


# --- The cases ----------------------------------------------------------------------------


def test_a_javascript_source_url_is_refused_when_the_data_loads(data):  # issue
    edit(data / "reference.csv", SOURCE, "javascript:alert(document.domain)//")
    text = _refused(data, "column 'source_url': 'javascript:alert(document.domain)//' is not an http(s) address")
    assert "reference.csv, line 2" in text


def _scenarios(reports: Path, url: str) -> None:
    card = "check_id,claim_id,role,verdict,quote,outlet,why\nc1,x1,primary,{v},q,o,w\n"
    for name, verdict in (("a", "holds"), ("b", "does not hold")):
        (reports / name).mkdir(parents=True)
        (reports / name / "headline.csv").write_text("id,label,value,unit\nx,y,1,USD\n", encoding="utf-8")
        (reports / name / "scorecard.csv").write_text(card.format(v=verdict), encoding="utf-8")
        reviews = [{"@type": "ClaimReview", "identifier": "c1", "url": url}]
        (reports / name / "claimreview.jsonld").write_text(json.dumps(reviews), encoding="utf-8")


def test_javascript_urls_in_a_scenarios_claimreview_never_become_links(tmp_path, capsys):  # issue
    reports = tmp_path / "reports"
    _scenarios(reports, "javascript:alert(1)")
    code = cli.main(["compare", "a", "b", "--reports", str(reports)])
    one_line(code, 1, "claimreview.jsonld, item 1: url 'javascript:alert(1)' is neither a page of the scenario", capsys)
    assert not list(reports.glob("compare-*.html"))


def test_formula_text_in_an_outlet_name_reaches_no_chart_csv_unguarded():  # issue
    table = pd.DataFrame({"outlet": ['=HYPERLINK("http://x")', "@SUM(1)", "머니투데이"], "value": [-8.13, 1, 2]})
    rows = list(csv.reader(io.StringIO(charts.data_csv(table))))
    assert rows[1][0] == '\'=HYPERLINK("http://x")' and rows[2][0] == "'@SUM(1)" and rows[3][0] == "머니투데이"
    assert rows[1][1] == "-8.13"  # a number stays a number


def test_a_right_to_left_override_in_a_data_file_is_refused(data):  # issue
    edit(data / "articles.csv", "머니투데이", "머니\u202e투데이")
    _refused(data, "holds U+202E (RIGHT-TO-LEFT OVERRIDE)")


def test_a_nul_byte_in_a_data_file_is_refused(data):  # issue
    edit(data / "articles.csv", "머니투데이", "머니\x00투데이")
    text = _refused(data, "holds U+0000 (NUL)")
    assert "articles.csv, line 2, column" in text


@pytest.mark.parametrize(
    "url, problem",
    [
        ('https://example.org/"onmouseover="x', "holds '\"'"),  # issue: quotes
        ("https://example.org/<script>", "holds '<'"),  # issue: angle brackets
        ("https://example.org/my site/", "holds ' '"),  # issue: spaces
        ("https://example.org:99999/", "its port is not a number from 1 to 65535"),  # issue
        ("https://user:secret@example.org/", "user name or password"),  # issue
        ("https://example.org/capex/?ref=x", "a query (?...) or fragment"),  # issue: dropped silently before
        ("https://example.org/capex/#top", "a query (?...) or fragment"),
        ("https://example.org\\@evil.org/", "holds '\\\\'"),
        ("https:///capex/", "is not a host name"),
        ("ftp://example.org/", "only http and https"),
        ("//example.org/capex/", "only http and https"),
        ("https://exa_mple.org/", "is not a host name"),
    ],
)
def test_a_site_url_is_validated_as_an_address(url, problem, tmp_path, capsys):
    code = cli.main(["run", "--site-url", url, "--reports", str(tmp_path / "r")])
    one_line(code, 2, "--site-url must be an http(s) address", capsys)
    with pytest.raises(Exception, match="must be an http") as caught:
        SiteOptions(site_url=url)
    assert problem in str(caught.value)
    assert not (tmp_path / "r").exists()


# --- Our own cases --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, problem",
    [
        ("data:text/html;base64;PHNjcmlwdD4=", "only http and https addresses are allowed, not data:"),
        ("vbscript:msgbox(1)", "only http and https addresses are allowed, not vbscript:"),
        ("//evil.example/", "not a relative one"),
        ("https:evil.example", "is not a host name"),
        ("mailto:a@b.org", "only http and https"),
        ("https://evil.example/\u202etxt.exe", "holds"),
        ("JaVaScRiPt:alert(1)", "not javascript:"),
    ],
)
def test_a_source_url_that_is_no_web_address_is_refused(data, url, problem):
    edit(data / "reference.csv", SOURCE, url)
    _refused(data, problem)


def test_an_outcome_source_url_is_checked_too(data):
    text = (data / "outcomes.csv").read_text(encoding="utf-8")
    first = next(row["source_url"] for row in csv.DictReader(io.StringIO(text)))
    edit(data / "outcomes.csv", first, "javascript:void(0)")
    _refused(data, "outcomes.csv, line 2")


@pytest.mark.parametrize(
    "char, name",
    [
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\u200f", "RIGHT-TO-LEFT MARK"),
        ("\x1b", "U+001B"),
        ("\x85", "U+0085"),
        ("\ufeff", "BYTE ORDER MARK inside the text"),
    ],
)
def test_other_hidden_characters_in_a_quote_are_refused(data, char, name):
    edit(data / "claims.csv", "3200억", f"3200{char}억")
    _refused(data, name)


def test_an_override_written_as_a_yaml_escape_is_refused(data):
    meta = data / "claims.meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("title: ", 'title: "a\\u202eb"\nx: ', 1), encoding="utf-8")
    _refused(data, "holds U+202E (RIGHT-TO-LEFT OVERRIDE)")


def test_an_override_in_a_scenario_file_value_is_refused(tmp_path, capsys):
    scenario = tmp_path / "s.yaml"
    scenario.write_text('fx_source: "ecb\\u202e"\n', encoding="utf-8")
    code = cli.main(["run", "-f", str(scenario), "--reports", str(tmp_path / "r")])
    one_line(code, 2, "holds U+202E (RIGHT-TO-LEFT OVERRIDE)", capsys)


def test_an_override_in_a_text_parameter_is_refused(tmp_path, capsys):
    code = cli.main(["run", "--data-dir", "data\u202e", "--reports", str(tmp_path / "r")])
    one_line(code, 2, "U+202E (RIGHT-TO-LEFT OVERRIDE)", capsys)


@pytest.mark.parametrize(
    "url",
    ["../../etc/passwd.html", "01_x.html#claim-<script>", '01_x.html"onclick="x', "/abs/01_x.html", "01_x.html?x=1"],
)
def test_a_claimreview_url_that_is_no_page_of_the_scenario_is_refused(tmp_path, capsys, url):
    reports = tmp_path / "reports"
    _scenarios(reports, url)
    code = cli.main(["compare", "a", "b", "--reports", str(reports)])
    one_line(code, 1, "is neither a page of the scenario nor an address", capsys)


def test_a_page_address_and_an_http_address_are_linked(tmp_path, capsys):
    reports = tmp_path / "reports"
    _scenarios(reports, "01_totals_2025.html#claim-mt-us4-2025-usd")
    assert cli.main(["compare", "a", "b", "--reports", str(reports)]) == 0
    page = next(reports.glob("compare-*.html")).read_text(encoding="utf-8")
    assert 'href="b/01_totals_2025.html#claim-mt-us4-2025-usd"' in page


def test_every_csv_the_library_writes_goes_through_the_one_writer():
    """No `to_csv` outside capexlib.report.csvsafe: a new writer cannot forget the guard."""
    found = []
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "to_csv":
                found.append(path.relative_to(PACKAGE_DIR).as_posix())
    assert found == ["report/csvsafe.py"]


def test_a_formula_in_a_column_name_is_guarded_too():
    text = csvsafe.csv_text(pd.DataFrame({"=cmd|' /C calc'!A0": [1]}))
    assert text.splitlines()[0] == "'=cmd|' /C calc'!A0"
