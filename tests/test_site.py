"""The reader's site, built from the committed (executed) notebooks without starting a kernel: the finding
first, claim cards made from the data (never read back from a page), sources one click away, how we rate,
the articles, the scenario banner and its compare page, Korean, downloads, fonts. The real run and a real
browser are in tests/test_series.py and tests/browser/."""

import csv
import html
import json
import re
import shutil

import pandas as pd
import pytest

from capexlib.core.checks import FAILS, REASON_KINDS, UNCHECKABLE, VERDICTS, rule_text
from capexlib.core.paths import NOTEBOOKS_DIR, PROJECT_ROOT, list_notebooks
from capexlib.report import fonts, i18n, site
from capexlib.report.options import SiteOptions
from capexlib.report.styles import VERDICT_CLASS
from capexlib.run import notebook_params, outputs, series
from capexlib.run.params import DEFAULTS

HOSTILE = "<script>alert(1)</script>"
NOTEBOOKS = list_notebooks()
FIXED = "fx_source-fixed_krw_per_usd-1380"
REPORT = PROJECT_ROOT / "capexlib" / "report"


def _rendered(tmp_path_factory, lang):
    folder = tmp_path_factory.mktemp(f"rendered-{lang}")
    for nb in NOTEBOOKS:
        shutil.copy(nb, folder / nb.name)
        site.render_notebook(nb, folder / f"{nb.stem}.html", lang)
    return folder


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The committed notebooks and their pages as the run's workers leave them (before the site is built)."""
    return _rendered(tmp_path_factory, "en")


@pytest.fixture(scope="module")
def rendered_ko(tmp_path_factory):
    """The same, rendered for the Korean edition (each notebook's prose from the catalogue)."""
    return _rendered(tmp_path_factory, "ko")


@pytest.fixture(scope="module")
def default_out():
    return outputs.compute(DEFAULTS)


def _build(rendered, tmp_path_factory, given, options, out=None):
    folder = tmp_path_factory.mktemp("site")
    shutil.copytree(rendered, folder, dirs_exist_ok=True)
    resolved = notebook_params.resolve(given, NOTEBOOKS)
    out = out if not given else None
    if out is not None:
        outputs.write_run_outputs(out, folder)
    name = series.scenario_folder_name(resolved)
    series.finish_site(folder, resolved, NOTEBOOKS_DIR.parent / "data", name, options, out)
    return folder


def _inputs(out, **changes):
    resolved = notebook_params.resolve({}, NOTEBOOKS)
    fields = {
        "scenario": "default",
        "values": resolved.values,
        "defaults": resolved.defaults,
        "given": {},
        "meanings": {},
        "ledger": out.ledger,
        "verdicts": out.verdicts,
        "headline": out.headline,
        "hindsight": out.hindsight,
        **changes,
    }
    return site.SiteInputs(**fields)


@pytest.fixture(scope="module")
def built(rendered, tmp_path_factory, default_out):
    return _build(rendered, tmp_path_factory, {}, SiteOptions(), default_out)


@pytest.fixture(scope="module")
def fixed(rendered, tmp_path_factory):
    return _build(rendered, tmp_path_factory, {"krw_per_usd": "1380"}, SiteOptions(site_url="https://example.org/capex"))


@pytest.fixture(scope="module")
def korean(rendered_ko, tmp_path_factory, default_out):
    return _build(rendered_ko, tmp_path_factory, {}, SiteOptions(lang="ko", languages=("en", "ko")), default_out)


def _read(folder, name):
    return (folder / name).read_text(encoding="utf-8")


def _card(folder):
    return pd.read_csv(folder / "scorecard.csv", dtype=str, keep_default_na=False)


def _primary(folder):
    card = _card(folder)
    return card[card["role"] == "primary"]


def _ids(page):
    return [html.unescape(i) for i in re.findall(r'\sid="([^"]+)"', page)]


def _cards(page):
    """{claim id: the card's HTML}."""
    return {
        m.group(1): m.group(0)
        for m in re.finditer(r'<article class="card [^"]*" id="claim-([^"]+)".*?</article>', page, re.DOTALL)
    }


def _section(page, start, end):
    """From `start` to the first `end` after it."""
    first = page.find(start)
    return page[first : page.find(end, first) if end else None]


# --------------------------------------------------------------------------------------------
# index.html: the finding first
# --------------------------------------------------------------------------------------------


def test_index_sections_come_in_reading_order(built):
    index = _read(built, "index.html")
    marks = ['class="finding"', 'class="counts"', 'id="flagged"', '<section id="headline"', '<section id="hindsight"',
             '<section id="notebooks"', '<section id="downloads"', '<section id="parameters"']  # fmt: skip
    order = [index.find(m) for m in marks]
    assert -1 not in order and order == sorted(order), order


def test_one_sentence_states_the_finding(built, korean):
    finding = re.search(r'<p class="finding">(.*?)</p>', _read(built, "index.html")).group(1)
    assert re.sub(r"<[^>]+>", "", finding) == (
        "75 of the 86 figures the articles printed hold up against the sources; 3 do not hold "
        "(2 in 중앙일보 (팩플), 1 in 디지털데일리) and 8 cannot be checked from these sources."
    )
    korean_finding = re.search(r'<p class="finding">(.*?)</p>', _read(korean, "index.html")).group(1)
    assert "86개" in korean_finding and "75개" in korean_finding and "중앙일보 (팩플) 2개" in korean_finding


def test_the_index_shows_a_card_for_every_claim_that_does_not_hold_or_cannot_be_checked(built):
    index = _read(built, "index.html")
    cards = _cards(_section(index, '<section id="findings"', '<section id="headline"'))
    primary = _primary(built)
    flagged = primary[primary["verdict"].isin([FAILS, UNCHECKABLE])]
    assert len(flagged) == 11 and set(cards) == set(flagged["claim_id"])  # 3 do not hold, 8 cannot be checked
    for r in flagged.to_dict("records"):
        card = cards[r["claim_id"]]
        assert html.escape(r["quote"], quote=False) in html.unescape(re.sub(r"</?span[^>]*>", "", card)).replace(
            r["quote"], html.escape(r["quote"], quote=False)
        )
        assert r["outlet"] in card and f'datetime="{r["published"]}"' in card
        badge = VERDICT_CLASS[r["verdict"]]
        assert f'<a class="badge {badge}" href="method.html#verdicts" title="How we rate">{r["verdict"]}</a>' in card
        assert f'href="claims.html#claim-{r["claim_id"]}"' in card  # the permanent address


def test_verdict_counts_are_shown_once(built):
    index = _read(built, "index.html")
    assert index.count('<ul class="counts"') == 1
    assert "claims judged:" not in index  # the headline table leaves out the verdict-count figures
    counts = dict(re.findall(r'<li><a class="badge [^"]+"[^>]*>([^<]+)</a> (\d+)</li>', index))
    assert counts == {
        "holds": "66",
        "holds approximately": "9",
        "does not hold": "3",
        "cannot be checked from these sources": "8",
    }


def test_the_filter_is_plain_html_hidden_until_the_script_runs(built):
    index = _read(built, "index.html")
    form = re.search(r'<form class="capex-filter" hidden[^>]*>(.*?)</form>', index, re.DOTALL)
    assert form, "the filter form is hidden without a script, so a page without scripts shows every card"
    options = dict(re.findall(r'<option value="([^"]*)">([^<]*)</option>', form.group(1)))
    assert options["ja"] == "중앙일보 (팩플)" and options["v-fails"] == "does not hold" and options["cloud"] == "cloud growth"
    assert "<script>" in index and "http" not in index[index.rfind("<script>") :]  # inline, loads nothing
    cards = re.findall(
        r'<article class="card [^"]*" id="claim-[^"]+" data-outlet="(\w+)" data-verdict="(v-\w+)" data-topic="(\w+)"', index
    )
    assert len(cards) == 11


def test_headline_figures_are_written_for_reading(built):
    index = _read(built, "index.html")
    assert '<span class="amount">약 463조 1000억 원</span> · ₩463.1T' in index
    assert '<span class="amount">3200억 달러</span> · $320.0B' in index


def test_downloads_include_each_charts_data(built):
    index = _read(built, "index.html")
    section = index[index.find('<section id="downloads"') :]
    links = re.findall(r'<a href="([^"]+)" download>', section)
    assert {"headline.csv", "scorecard.csv", "claimreview.jsonld"} <= set(links)
    charts = [name for name in links if ".chart-" in name]
    assert len(charts) == 9  # one per chart: 00, 01, 02, 03, 04, the two in 05 and the two in 06
    for name in links:
        assert (built / name).is_file(), name
    plans = list(csv.DictReader((built / "01_totals_2025.chart-1.csv").open(encoding="utf-8")))
    assert {r["entity"]: r["high_usd"] for r in plans}["Amazon"] == "100000000000"


def test_the_index_shows_how_the_plans_aged_in_one_compact_table(built):
    index = _read(built, "index.html")
    section = _section(index, '<section id="hindsight"', '<section id="notebooks"')
    assert "How the printed plans aged" in section and "06_hindsight.html" in section
    assert section.count("<tr>") == 1 + 31  # the header and one row per printed plan or figure, not a card each
    assert "머니투데이" in section and "3200억달러" in section
    assert re.search(
        r'<a class="outcome o-above" href="method.html#hindsight">spent more than planned</a> <span class="num">\+19\.9%</span>',
        section,
    )
    assert "badge" not in section and "v-fails" not in section  # never a verdict's badge or colour
    assert re.search(r'href="06_hindsight.html#cell-id=cell-\d+"', section)


def test_no_hindsight_section_without_hindsight_checks(rendered, tmp_path_factory, default_out):
    folder = tmp_path_factory.mktemp("no-hindsight")
    shutil.copytree(rendered, folder, dirs_exist_ok=True)
    site.build(folder, _inputs(default_out, hindsight=None))
    assert 'id="hindsight"' not in _read(folder, "index.html")


# --------------------------------------------------------------------------------------------
# Claim cards: every claim at claims.html#claim-<id>, with its sources
# --------------------------------------------------------------------------------------------


def test_every_claim_has_one_card_and_claimreview_points_at_it(built):
    reviews = json.loads(_read(built, "claimreview.jsonld"))
    primary = _primary(built).set_index("check_id")
    claims = _read(built, "claims.html")
    cards = _cards(claims)
    assert len(reviews) == len(primary) == len(cards) == 86
    for review in reviews:
        claim = primary.loc[review["identifier"], "claim_id"]
        assert review["url"] == f"claims.html#claim-{claim}"
        assert _ids(claims).count(f"claim-{claim}") == 1, review["url"]


def test_claimreview_urls_resolve_against_the_site_url(fixed):
    reviews = json.loads(_read(fixed, "claimreview.jsonld"))
    assert {r["url"].rsplit("#", 1)[0] for r in reviews} == {"https://example.org/capex/claims.html"}
    claims = _read(fixed, "claims.html")
    assert 'data-copy="https://example.org/capex/claims.html#claim-mt-us4-2025-usd"' in claims  # the copy-link copies it


def test_every_card_lists_its_sources_or_says_why_there_are_none(built, default_out):
    cards = _cards(_read(built, "claims.html"))
    ledger = default_out.ledger
    refs, outs = ledger.records("reference"), ledger.records("outcomes")
    for r in default_out.verdicts[default_out.verdicts["role"] == "primary"].to_dict("records"):
        card = cards[r["claim_id"]]
        used = r["sources"].split()
        for row_id in used:
            row = refs.get(row_id) or outs[row_id]
            assert f'href="{html.escape(row["source_url"])}" rel="noopener"' in card, (r["check_id"], row_id)
            assert f'href="sources.html#{"ref" if row_id in refs else "out"}-{row_id}"' in card
            assert ("primary source" if row["source_kind"] == "primary" else "secondary source") in card
        if not used:
            assert any(
                words in card
                for words in ("ECB euro reference rates", "No outside source: the check is the article’s own arithmetic",
                              "No source: nothing in the reference data gives")
            ), r["check_id"]  # fmt: skip


def test_a_card_names_each_document_its_check_uses(built):
    card = _cards(_read(built, "claims.html"))["ja-us4-2024-usd"]  # 2300억 달러: the four companies' 2024 on one basis
    for publisher in ("stock-analysis-on.net", "techgolly.com", "menafn.com"):
        assert f'rel="noopener" translate="no">{publisher}</a>' in card
    assert card.count('<a class="more" href="sources.html#ref-') == 4  # one row per company
    ecb = _cards(_read(built, "claims.html"))["mt-us4-2025-krw"]
    assert 'ECB euro reference rates</a>: <span class="rate">1447.09 KRW per USD (ECB, 2025-02-07)</span>' in ecb


def test_a_card_links_to_its_check_in_its_notebook(built):
    cards = _cards(_read(built, "claims.html"))
    link = re.search(r'<a href="([0-9]{2}_[^"#]+\.html)#(cell-id=cell-\d+)">The check in ([^<]+)</a>', cards["mt-us4-2025-usd"])
    assert link and link.group(1) == "01_totals_2025.html"  # the topic's page, not the scorecard
    assert link.group(2) in _ids(_read(built, link.group(1)))
    only_05 = re.search(r'<a href="([^"#]+)#', cards["cb-openai-valuation-usd"].split("The check in")[0][-200:])
    assert "05_scorecard.html#cell-id=" in cards["cb-openai-valuation-usd"] and only_05


def test_the_claims_page_groups_cards_by_article_and_marks_inferred_dates(built):
    claims = _read(built, "claims.html")
    sections = re.findall(r'<section class="card-group" id="claims-(\w+)"', claims)
    assert sections == ["mt", "ja", "br", "cb", "dd"]
    mt = _section(claims, 'id="claims-mt"', 'id="claims-ja"')
    assert "no headline in the archived copy" in mt and "date inferred" in mt


# --------------------------------------------------------------------------------------------
# Sources, articles, how we rate
# --------------------------------------------------------------------------------------------


def test_the_sources_page_lists_every_source_with_the_checks_that_use_it(built, default_out):
    page = _read(built, "sources.html")
    ids = set(_ids(page))
    ledger = default_out.ledger
    assert {f"ref-{i}" for i in ledger.records("reference")} <= ids
    assert {f"out-{i}" for i in ledger.records("outcomes")} <= ids
    row = page[page.find('id="ref-amzn-capex-2025-guide"') :]
    row = row[: row.find("</div>")]
    assert "Used by " in row and 'href="claims.html#claim-mt-amzn-2025-usd"' in row
    assert "19 figures from primary sources" not in page  # counts come as '61 figures (19 from primary sources)'
    assert "61 figures (19 from primary sources)" in page and "59 figures (4 from primary sources)" in page


def test_the_articles_page_names_each_article_and_never_invents_a_headline(built):
    page = _read(built, "articles.html")
    assert re.findall(r'<section class="article" id="article-(\w+)"', page) == ["mt", "ja", "br", "cb", "dd"]
    mt = _section(page, 'id="article-mt"', 'id="article-ja"')
    assert "None in the archived copy: the article is named here by its outlet and date, 머니투데이, 2025-02-07." in mt
    assert "date inferred" in mt
    cb = _section(page, 'id="article-cb"', 'id="article-dd"')
    assert "date inferred" not in cb and "AI 주도권 경쟁은 현재 진행형?" in cb


def test_how_we_rate_states_the_rule_with_this_runs_thresholds(built, rendered, tmp_path_factory):
    page = _read(built, "method.html")
    assert rule_text(1.0, 5.0) in html.unescape(page)
    for kind in REASON_KINDS:
        assert f'id="reason-{kind}"' in page, kind
    examples = re.findall(r'For example: <a href="claims.html#claim-([^"]+)"', page)
    assert len(examples) >= 8 and set(examples) <= set(_cards(_read(built, "claims.html")))
    for words in ("like-for-like basis", "each company&#39;s own fiscal year", "spent more than planned", "never a verdict",
                  "confirmed", "secondary", "unconfirmed", "No correction has been made so far", "2026-12-05",
                  "ratingValue 3", "ratingValue 1", "no ratingValue"):  # fmt: skip
        assert words in page, words
    tolerant = _build(rendered, tmp_path_factory, {"tolerance_pct": "3"}, SiteOptions())
    assert "within 3% (a bound" in _read(tolerant, "method.html")
    assert rule_text(1.0, 3.0) in html.unescape(_read(tolerant, "method.html"))


def test_corrections_are_listed_on_how_we_rate(rendered, tmp_path_factory, default_out):
    folder = tmp_path_factory.mktemp("corrections")
    shutil.copytree(rendered, folder, dirs_exist_ok=True)
    ledger = default_out.ledger
    row = {
        "correction_id": "c1",
        "corrected_on": "2026-12-06",
        "check_id": "ja-us4-change",
        "what_changed": HOSTILE,
        "reason": "a reader",
    }
    corrected = type(ledger)(
        **{**{f: getattr(ledger, f) for f in ledger.__dataclass_fields__}, "corrections": pd.DataFrame([row])}
    )
    site.build(folder, _inputs(default_out, ledger=corrected))
    page = _read(folder, "method.html")
    assert 'id="correction-c1"' in page and "&lt;script&gt;" in page and HOSTILE not in page


def test_every_page_links_to_how_we_rate(built):
    for page in sorted(built.glob("*.html")):
        assert 'href="method.html"' in _read(built, page.name), page.name


# --------------------------------------------------------------------------------------------
# Notebook pages
# --------------------------------------------------------------------------------------------


def test_each_page_starts_with_a_box_of_its_own_verdicts(built, default_out):
    page = _read(built, "02_change_2024_2025.html")
    box = page[page.find('<aside class="capex-box"') : page.find("</aside>")]
    v = default_out.verdicts
    expected = v[(v["role"] == "primary") & v["topic"].isin(["change", "quarterly", "cloud"])]
    assert f"Verdicts on this page: {len(expected)} claims" in box and len(expected) == 13
    for verdict in VERDICTS:
        n = int((expected["verdict"] == verdict).sum())
        if n:
            assert re.search(rf'<li><a class="badge {VERDICT_CLASS[verdict]}"[^>]*>{verdict}</a> {n}</li>', box)
    assert '<a href="claims.html#claim-ja-googl-cloud-growth">' in box  # the claims that do not hold link to their cards
    assert page.find('<aside class="capex-box"') < page.find('<main id="content">')


def test_verdict_cells_are_styled_by_verdict(built):
    page = _read(built, "02_change_2024_2025.html")
    row = re.search(r"<tr><th[^>]*>ja-us4-change</th>(.*?)</tr>", page, re.DOTALL)
    assert row and re.search(r'<td class="verdict v-fails"[^>]*>does not hold</td>', row.group(1))
    assert page.count('class="verdict v-holds"') >= 8


def test_pages_link_to_the_index_and_their_neighbours(built):
    names = [p.name for p in sorted(built.glob("[0-9][0-9]_*.html"))]
    for i, name in enumerate(names):
        page = _read(built, name)
        assert page.count('<a class="home" href="index.html">') == 2  # header and footer
        if i > 0:
            assert f'rel="prev" href="{names[i - 1]}"' in page
        if i + 1 < len(names):
            assert f'rel="next" href="{names[i + 1]}"' in page
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
        assert re.search(r"<title>[^<]* · default</title>", page) and '<html lang="en">' in page
        assert "<!--capex:" not in page  # every place filled


def test_urls_are_links_and_amounts_stay_whole(built):
    page = _read(built, "04_deepseek_costs.html")
    assert '<a href="https://arxiv.org/abs/2412.19437" rel="noopener">https://arxiv.org/abs/2412.19437</a>' in page
    assert '<span class="amount">557만 6000 달러</span>' in page
    assert not re.search(r'<a href="[^"]*<', page)


def test_every_chart_names_its_sources_and_links_to_its_data(built):
    for page in sorted(built.glob("[0-9][0-9]_*.html")):
        text = _read(built, page.name)
        notes = re.findall(r'<figcaption class="capex-chart-note">(.*?)</figcaption>', text, re.DOTALL)
        assert len(notes) == text.count('<figure class="capex-chart">'), page.name
        for k, note in enumerate(notes, start=1):
            assert note.startswith(("Source:", "Sources:")), (page.name, note[:80])
            assert f'<a class="data" href="{page.stem}.chart-{k}.csv" download>' in note
            for href in re.findall(r'href="(sources|articles)\.html#([^"]+)"', note):
                assert href[1] in _ids(_read(built, f"{href[0]}.html")), (page.name, href)
    bat = _read(built, "03_bat_comparison.html")
    assert 'href="sources.html#ref-bat-capex-2024h1"' in bat or "news.az" in bat


def test_charts_of_panels_are_laid_out_to_wrap(built):
    for name, count in (("03_bat_comparison.html", 2), ("04_deepseek_costs.html", 2), ("06_hindsight.html", 4)):
        panels = re.search(r'<div class="capex-panels columns-2">(.*?)</div>', _read(built, name), re.DOTALL)
        assert panels and panels.group(1).count("<img ") == count, name


def test_developer_material_stays_off_reader_pages(built):
    page = _read(built, "05_scorecard.html")
    assert "ClaimReview objects" not in page and "&quot;@context&quot;" not in page and "capex normalize" not in page
    assert "ld+json" not in "".join(_read(built, p.name) for p in built.glob("*.html"))
    assert "ClaimReview objects" in json.dumps(json.loads((built / "05_scorecard.ipynb").read_text()))  # still in the notebook


# --------------------------------------------------------------------------------------------
# A scenario that is not the default
# --------------------------------------------------------------------------------------------


def test_every_page_of_a_fixed_rate_run_says_which_scenario_it_is(fixed):
    for page in sorted(fixed.glob("*.html")):
        if page.name == "compare.html":
            continue
        text = _read(fixed, page.name)
        assert re.search(rf"Scenario: {FIXED}[^<]* \(not the default\)", text), page.name
        assert "<code>krw_per_usd</code> = <code>1380</code> (default <code>0</code>)" in text, page.name
        assert re.search(rf"<title>[^<]* · {FIXED}[^<]*</title>", text), page.name
        assert '<a class="compare" href="compare.html">' in text, page.name


def test_the_banner_explains_which_verdicts_the_rate_changed_and_why(fixed):
    index = _read(fixed, "index.html")
    assert "13 claims have a different verdict than under the default parameters." in index
    assert (
        "13 conversions are tested at a fixed 1380 KRW per USD instead of the ECB rate of each article's date. "
        "The articles converted at the rate of their day, so these verdicts change only because the test rate is not "
        "the rate of the day: that is not an error in the articles."
    ) in html.unescape(index)
    table = index[index.find('<h3 id="changed">') :]
    assert len(re.findall(r'<tr><td[^>]*><a href="claims.html#claim-', table)) == 13
    assert "the test&#39;s exchange rate, not an error in the article" in table
    page = _read(fixed, "00_sources_and_rates.html")
    assert page.count("<li><a href=") >= 1 and '<a href="index.html#changed">' in page


def test_the_compare_page_is_titled_in_words_and_shows_only_what_changed(fixed):
    page = _read(fixed, "compare.html")
    title = re.search(r"<h1>(.*?)</h1>", page).group(1)
    assert title == (
        "fixed rates: 1380 KRW per USD (other pairs: ECB on the article date), against ECB reference rates on each "
        "article&#39;s publication date (the default)"
    )
    moved = _section(page, '<section id="headline">', "<details>")
    assert "KRW" in moved and "Baidu" not in moved  # BAT's yuan figure does not move with the won rate
    assert "Baidu" in page[page.find("<details>") :]
    verdicts = _section(page, '<section id="verdicts">', "</section>")
    assert len(re.findall(r'<tr><td[^>]*><a href="claims.html#claim-', verdicts)) == 13
    counted = re.search(r"<tr><td[^>]*>claims judged: holds</td>(.*?)</tr>", moved, re.DOTALL)
    assert counted and "%" not in counted.group(1) and re.search(r'<td class="num"[^>]*>-\d+</td>', counted.group(1))


def test_the_default_run_has_no_banner_and_no_compare_page(built):
    assert all('class="capex-banner"' not in _read(built, p.name) for p in built.glob("*.html"))
    assert not (built / "compare.html").exists()


# --------------------------------------------------------------------------------------------
# Korean
# --------------------------------------------------------------------------------------------


def test_the_korean_site_speaks_korean(korean):
    index = _read(korean, "index.html")
    assert '<html lang="ko">' in index
    for words in ("주요 수치", "노트북", "내려받기", "매개변수", "사실 아님 (2)", "판정 기준"):
        assert words in index, words
    assert re.search(r'<a class="badge v-fails"[^>]*>사실 아님</a>', index)
    assert re.search(r'<a class="badge v-unchecked"[^>]*>이 자료로는 확인 불가</a>', index)
    page = _read(korean, "02_change_2024_2025.html")
    assert '<html lang="ko"' in page and "이 페이지의 판정: 주장 13개" in page
    for name in ("claims.html", "sources.html", "articles.html", "method.html"):
        assert '<html lang="ko">' in _read(korean, name), name
    reviews = json.loads(_read(korean, "claimreview.jsonld"))
    assert {r["reviewRating"]["alternateName"] for r in reviews} == {"사실", "대체로 사실", "사실 아님", "이 자료로는 확인 불가"}
    assert set(_card(korean)["verdict"]) <= set(VERDICTS)  # scorecard.csv keeps the contract's labels


def test_the_korean_edition_reads_its_prose_rule_and_data_in_korean(korean, built):
    page = _read(korean, "02_change_2024_2025.html")
    assert "<title>02 · 2024년 대 2025년 · default</title>" in page and "<h1" in page and "## " not in page
    assert '<a class="lang-switch" href="../02_change_2024_2025.html" hreflang="en" lang="en">English</a>' in page
    assert 'class="lang-switch"' not in _read(built, "02_change_2024_2025.html")  # built alone: no other edition
    method = _read(korean, "method.html")
    assert "차이(%) = (보도 수치 - 계산값) / 계산값 x 100." in method and "Percent off" not in method
    assert "같은 조건" in method or "회계연도" in method  # the bases, from the data catalogue
    sources = _read(korean, "sources.html")
    assert 'translate="no"' in sources  # a document's title and a source's own words stay as published
    claims = _read(korean, "claims.html")
    assert "브런치 (블로그)" in claims and "brunch (blog)" not in claims
    assert '<a class="lang-switch" href="../claims.html" hreflang="en" lang="en">English</a>' in claims


def test_the_rule_and_the_meanings_the_site_translates_are_the_codes_own_words():
    """The method page's rule and reason meanings are marked for the catalogue word for word as the code
    states them, so the English page quotes the code (the parameters' meanings are marked in run.params)."""
    from capexlib.core.checks import REASON_MEANINGS
    from capexlib.report import method_page

    english = i18n.Messages("en")
    for holds, tolerance in ((1, 5), (0.5, 3), ("2.25", 10.0)):
        assert method_page.rule(english, holds, tolerance) == rule_text(holds, tolerance)
    assert method_page.REASON_MEANING_WORDS == REASON_MEANINGS


def test_a_wide_tables_cells_are_labelled_with_their_columns_for_a_phone():
    from capexlib.report.typography import label_columns

    frame = pd.DataFrame({"figure": ["a"], "printed": ['<b>"x"</b>'], "verdict": ["holds"]}).rename_axis("check")
    labelled = label_columns(frame.to_html())
    assert labelled.startswith('<table data-stack=""')
    assert '<th data-label="check">0</th>' in labelled and '<td data-label="verdict">holds</td>' in labelled
    assert label_columns(frame[["figure"]].to_html()) == frame[["figure"]].to_html()  # two columns fit a phone
    assert label_columns("<p>no table</p>") == "<p>no table</p>"


def test_reason_kinds_show_in_the_readers_language(rendered, tmp_path_factory, default_out):
    out = outputs.compute(DEFAULTS)
    folder = tmp_path_factory.mktemp("reasons")
    shutil.copytree(rendered, folder, dirs_exist_ok=True)
    for lang, group, kind in (("en", "Misattributed (1)", "misattributed"), ("ko", "잘못된 귀속 (1)", "잘못된 귀속")):
        site.build(folder, _inputs(out, options=SiteOptions(lang=lang)))
        index = _read(folder, "index.html")
        assert group in index and re.search(rf'<a class="kind" href="method.html#reason-misattributed"[^>]*>{kind}</a>', index), (
            lang
        )
        shutil.copytree(rendered, folder, dirs_exist_ok=True)


def test_every_page_escapes_every_value(rendered, tmp_path_factory, default_out):
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copytree(rendered, folder, dirs_exist_ok=True)
    headline = pd.DataFrame([{"id": "h", "label": HOSTILE, "value": "1", "unit": "<b>KRW</b>"}])
    verdicts = default_out.verdicts.copy()
    verdicts.loc[verdicts.index[0], "quote"] = HOSTILE
    verdicts.loc[verdicts.index[0], "note"] = HOSTILE
    values = {**DEFAULTS, "label": HOSTILE}
    inputs = _inputs(default_out, scenario=HOSTILE, values=values, defaults={**DEFAULTS, "label": "x"}, given={"label": HOSTILE},
                     verdicts=verdicts, baseline_verdicts=default_out.verdicts, baseline_headline=default_out.headline,
                     headline=headline)  # fmt: skip
    site.build(folder, inputs)
    for page in folder.glob("*.html"):
        text = _read(folder, page.name)
        assert HOSTILE not in text and "<b>KRW" not in text, page.name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in _read(folder, "index.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in _read(folder, "claims.html")


# --------------------------------------------------------------------------------------------
# The site reads data, never its own pages
# --------------------------------------------------------------------------------------------

# What reading a page back for its structure looks like: an HTML parser, or a pattern over tables, rows,
# cells, ids or titles. The report layer treats HTML only where a notebook's output is rendered: the
# sanitizer (nh3 and its allowlist) and the type pass over the sanitized output (links, whole amounts).
PARSING = re.compile(
    r"BeautifulSoup|html\.parser|HTMLParser|lxml|html5lib|re\.(?:compile|search|findall|finditer|match|fullmatch|split|sub)\(.*<"
)
RENDER_TIME = {"sanitize.py", "typography.py"}


def test_the_report_layer_parses_no_html_of_its_own():
    offenders = []
    for path in sorted(REPORT.rglob("*.py")):
        if path.name in RENDER_TIME:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PARSING.search(line):
                offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
    assert not (REPORT / "pages.py").exists()  # the scraping (verdict_rows, mark_verdict_tables) is gone


def test_notebooks_record_the_claims_they_show_in_their_output_metadata():
    nb = json.loads((NOTEBOOKS_DIR / "02_change_2024_2025.ipynb").read_text(encoding="utf-8"))
    recorded = [
        o["metadata"]["capexlib/verdicts"]
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if "capexlib/verdicts" in o.get("metadata", {})
    ]
    assert recorded and "ja-us4-change" in recorded[0]["checks"]
    assert recorded[0]["claims"][recorded[0]["checks"].index("ja-us4-change")] == "ja-us4-change-usd"


# --------------------------------------------------------------------------------------------
# Fonts, options, the catalogue
# --------------------------------------------------------------------------------------------


def test_the_embedded_face_comes_first_with_a_range_from_the_subset(built):
    page = _read(built, "00_sources_and_rates.html")
    face = re.search(r'@font-face \{ font-family: "capex-hangul"; src: url\(data:font/ttf;base64,[^)]+\) format\("truetype"\); '
                     r"unicode-range: ([^;]+);", page)  # fmt: skip
    assert face
    ranges = face.group(1)
    assert "U+4E2D" in ranges and "U+7F8E" in ranges  # 中 and 美 of the 중앙일보 headline
    assert re.search(r"U\+AC[0-9A-F]{2}", ranges) and "U+41" not in ranges.split(", ")
    assert 'body { font-family: "capex-hangul", system-ui' in page
    assert fonts.unicode_range({"가", "각", "간", "中"}) == "U+4E2D, U+AC00-AC01, U+AC04"
    assert all(face.group(0) in _read(built, p.name) for p in built.glob("*.html"))  # one subset for every page


def test_site_options_change_the_runs_key_but_never_name_the_scenario():
    """The editions built and the site's address change how the pages are rendered: the run's key, never the
    folder (a run that differs only in them renders the pages again in the same folder)."""
    resolved = notebook_params.resolve({}, NOTEBOOKS)
    assert series.scenario_folder_name(resolved) == "default"
    data = NOTEBOOKS_DIR.parent / "data"
    keys = {series.run_cache_key(NOTEBOOKS, resolved, data, (lang,)) for lang in i18n.LANGUAGES}
    keys.add(series.run_cache_key(NOTEBOOKS, resolved, data, i18n.LANGUAGES))
    keys.add(series.run_cache_key(NOTEBOOKS, resolved, data, i18n.LANGUAGES, "https://example.org/"))
    assert len(keys) == len(i18n.LANGUAGES) + 2
    with pytest.raises(i18n.LanguageError, match="--lang"):
        SiteOptions(lang="fr")
    with pytest.raises(i18n.LanguageError, match="--site-url"):
        SiteOptions(site_url="javascript:alert(1)")


def test_verdict_reason_and_topic_words_cover_the_data(default_out):
    assert set(i18n.VERDICT_WORDS) == set(VERDICTS)
    assert set(i18n.REASON_WORDS) == set(REASON_KINDS)
    assert set(default_out.verdicts["topic"]) <= set(i18n.TOPIC_WORDS)


def test_every_message_is_translated_into_korean():
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg
    from babel.messages.pofile import read_po

    with (i18n.LOCALE_DIR / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    extracted = {
        m[2] if isinstance(m[2], str) else m[2][0]
        for m in extract_from_dir(str(PROJECT_ROOT), method_map, options_map, keywords=keywords)
    }
    with (i18n.LOCALE_DIR / "ko" / "LC_MESSAGES" / "capex.po").open("rb") as f:
        catalog = read_po(f)
    translated = {}
    for m in catalog:
        if m.id:
            key = m.id if isinstance(m.id, str) else m.id[0]
            translated[key] = m.string if isinstance(m.string, str) else m.string[0]
    assert extracted - set(translated) == set(), "run `make messages` and translate the new messages"
    assert set(translated) - extracted == set(), "messages no longer used: run `make messages`"
    for msgid, text in translated.items():
        assert text, f"untranslated: {msgid!r}"
        assert sorted(re.findall(r"%\(\w+\)[sd]", msgid)) == sorted(re.findall(r"%\(\w+\)[sd]", text)), msgid


def test_a_check_with_a_tolerance_of_its_own_says_so_on_its_card(built, korean):
    """mt's '10분의 1 수준' is read loosely (checks.csv gives that check 15%): its card says +10.62% holds
    approximately within 15%, its own tolerance, where the method page's 5% would not; a card of a check held
    to the run's thresholds says nothing of the kind."""
    cards = _cards(_read(built, "claims.html"))
    loose = html.unescape(cards["mt-dsv3-vs-llama3"])
    assert "+10.62% off it" in loose and "within 15%, a tolerance of its own" in loose
    assert "a tolerance of its own" not in html.unescape(cards["ja-us4-change-usd"])
    assert "자체 허용 오차인 15% 이내" in html.unescape(_cards(_read(korean, "claims.html"))["mt-dsv3-vs-llama3"])


def test_a_row_without_a_quote_is_never_shown_as_one(built):
    """The outcomes the collector derived (a sum of rows) or took from a note say 'n/a (...)' in source_quote:
    sources.html says there is no quote instead of printing “n/a (derived sum)” as if a source said it."""
    page = html.unescape(_read(built, "sources.html"))
    assert "“n/a" not in page
    assert page.count("No quote: the figure is derived from other rows") == 4
