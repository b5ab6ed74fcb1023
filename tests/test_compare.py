"""`capex compare A B`: the table on stdout and an HTML page beside the scenarios, titled with both in words,
with money written for reading, counts as counts, each scenario's own labels and the claims whose verdict
differs; one-line errors otherwise."""

import json
import re

import pytest

from capexlib import cli

HEAD = "id,label,value,unit\n"
CARD = "check_id,role,claim_id,quote,outlet,verdict,why\n"


def scenario(root, name, headline, card=None, params=None):
    folder = root / name
    folder.mkdir()
    (folder / "headline.csv").write_text(headline, encoding="utf-8")
    if card is not None:
        (folder / "scorecard.csv").write_text(card, encoding="utf-8")
    if params is not None:
        (folder / "params.json").write_text(json.dumps(params), encoding="utf-8")
    return folder


@pytest.fixture
def two(tmp_path):
    scenario(
        tmp_path,
        "default",
        HEAD
        + "us4_2025_plan_krw,US four: 2025 plans in KRW at 1447.09 KRW per USD (ECB),463068962717780.0,KRW\n"
        + "verdicts_holds,claims judged: holds,66,claims\n"
        + "bat_2024h1_cny,Baidu Alibaba and Tencent: H1 2024 capex,50000000000,CNY\n",
        CARD + "mt-krw,primary,mt-us4-2025-krw,올해 3200억달러(약 463조원),머니투데이,holds,Computed 약 463조 1000억 원.\n",
        {"fx_source": "ecb", "fx_date": ""},
    )
    scenario(
        tmp_path,
        "fx_source-fixed_krw_per_usd-1380",
        HEAD
        + "us4_2025_plan_krw,US four: 2025 plans in KRW at 1380.00 KRW per USD (fixed),441600000000000,KRW\n"
        + "verdicts_holds,claims judged: holds,63,claims\n"
        + "bat_2024h1_cny,Baidu Alibaba and Tencent: H1 2024 capex,50000000000,CNY\n",
        CARD
        + "mt-krw,primary,mt-us4-2025-krw,올해 3200억달러(약 463조원),머니투데이,holds approximately,Computed 441조 6000억 원.\n",
        {"fx_source": "fixed", "krw_per_usd": 1380.0},
    )
    return tmp_path


def test_compare_writes_a_page_with_both_labels_money_and_changed_verdicts(two, capsys):
    assert cli.main(["compare", "default", "fx_source-fixed_krw_per_usd-1380", "--reports", str(two)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    page = two / "compare-default-vs-fx_source-fixed_krw_per_usd-1380.html"
    assert out[-1] == str(page)
    text = page.read_text(encoding="utf-8")
    assert "US four: 2025 plans in KRW at 1447.09 KRW per USD (ECB)" in text
    assert "B: US four: 2025 plans in KRW at 1380.00 KRW per USD (fixed)" in text
    assert '<span class="amount">약 463조 1000억 원</span> · ₩463.1T' in text
    assert '<span class="amount">441조 6000억 원</span> · ₩441.6T' in text
    assert '<span class="amount">약 -21조 4700억 원</span> · <span class="amount">-₩21.5T</span>' in text and "-4.64%" in text
    assert re.search(
        r'<a class="badge v-holds" href="fx_source-fixed_krw_per_usd-1380/method.html#verdicts"[^>]*>holds</a>', text
    )
    assert re.search(r'<a class="badge v-approx"[^>]*>holds approximately</a>', text)
    title = (
        "fixed rates: 1380 KRW per USD (other pairs: ECB on the article date), "
        "against ECB reference rates on each article&#39;s publication date"
    )
    assert f"<title>{title}</title>" in text and f"<h1>{title}</h1>" in text  # both scenarios in words, not folder names
    assert "@font-face" in text  # Hangul without a Korean font on the reader's machine
    moved = text[text.find('<section id="headline">') : text.find("<details>")]
    assert "claims judged: holds" in moved and "Baidu" not in moved  # only what moved, until the reader asks for all
    count = re.search(r'<td class="num"[^>]*>66</td><td class="num"[^>]*>63</td><td class="num"[^>]*>([^<]*)</td>', text)
    assert count and count.group(1) == "-3"  # a count moves by a count, never by a percent
    assert "Baidu" in text[text.find("<details>") :]


def test_compare_in_korean(two):
    assert cli.main(["compare", "default", "fx_source-fixed_krw_per_usd-1380", "--reports", str(two), "--lang", "ko"]) == 0
    text = (two / "compare-default-vs-fx_source-fixed_krw_per_usd-1380.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in text and "달라진 판정" in text and re.search(r'<a class="badge v-holds"[^>]*>사실</a>', text)


def test_compare_links_to_the_edition_in_its_language_and_reads_a_korean_only_scenario(two):
    """A Korean compare page links to each scenario's Korean edition (ko/) where it was built; a scenario
    built with --lang ko alone (only ko/) is compared all the same."""
    import shutil

    korean = two / "fx_source-fixed_krw_per_usd-1380" / "ko"
    korean.mkdir()
    for name in ("headline.csv", "scorecard.csv", "params.json"):
        shutil.copy(korean.parent / name, korean / name)
        (korean.parent / name).unlink()  # only the Korean edition is left
    assert cli.main(["compare", "default", "fx_source-fixed_krw_per_usd-1380", "--reports", str(two), "--lang", "ko"]) == 0
    text = (two / "compare-default-vs-fx_source-fixed_krw_per_usd-1380.html").read_text(encoding="utf-8")
    assert 'href="fx_source-fixed_krw_per_usd-1380/ko/index.html"' in text and 'href="default/index.html"' in text


def test_compare_a_scenario_with_itself_is_refused(two, capsys):
    assert cli.main(["compare", "default", "default", "--reports", str(two)]) == 2
    err = capsys.readouterr().err
    assert err == "capex: error: compare needs two different scenarios, got 'default' twice\n"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "the file is empty"),
        (HEAD, "no headline figures under the header"),
        ("id,label\nx,1\n", "line 1: expected the columns id, label, value, unit"),
        (HEAD + "x,Total,12a,KRW\n", "line 2, column 'value': '12a' is not a number"),
        (HEAD + "x,Total,nan,KRW\n", "line 2, column 'value': 'nan' is not a finite number"),
        (HEAD + "x,Total,1,KRW,extra\n", "line 2: 5 fields, but the header has 4"),
        (HEAD + "x,Total,1,KRW\nx,Again,2,KRW\n", "line 3, column 'id': duplicate id 'x' (first on line 2)"),
        (b"\xff\xfe", "not valid UTF-8"),
    ],
)
def test_empty_or_damaged_headline_files_are_one_line_errors(two, capsys, text, message):
    path = two / "fx_source-fixed_krw_per_usd-1380" / "headline.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    assert cli.main(["compare", "default", "fx_source-fixed_krw_per_usd-1380", "--reports", str(two)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"capex: error: {path}") and message in err and err.count("\n") == 1, err
    assert not list(two.glob("compare-*.html"))
