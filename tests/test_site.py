"""The reader's site, built from the committed (executed) notebooks without starting a kernel: findings
first, a permalink per claim, the scenario banner, Korean, downloads, fonts. The real run and a real
browser are in tests/test_series.py and tests/browser/."""

import csv
import html
import json
import re
import shutil

import pandas as pd
import pytest

from capexlib.core.checks import FAILS, UNCHECKABLE, VERDICTS
from capexlib.core.paths import NOTEBOOKS_DIR, list_notebooks
from capexlib.report import hindsight_exports, i18n, pages, site
from capexlib.report.options import SiteOptions
from capexlib.run import notebook_params, outputs, series
from capexlib.run.params import DEFAULTS

HOSTILE = "<script>alert(1)</script>"
NOTEBOOKS = list_notebooks()
FIXED = "fx_source-fixed_krw_per_usd-1380"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The committed notebooks and their pages as the run's workers leave them (before the site is built)."""
    folder = tmp_path_factory.mktemp("rendered")
    for nb in NOTEBOOKS:
        shutil.copy(nb, folder / nb.name)
        site.render_notebook(nb, folder / f"{nb.stem}.html")
    return folder


@pytest.fixture(scope="module")
def default_out():
    return outputs.compute(DEFAULTS)


def _build(rendered, tmp_path_factory, given, options, out=None, extra=None):
    folder = tmp_path_factory.mktemp("site")
    shutil.copytree(rendered, folder, dirs_exist_ok=True)
    for name, text in (extra or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    resolved = notebook_params.resolve(given, NOTEBOOKS)
    out = out if not given else None
    if out is not None:
        outputs.write_run_outputs(out, folder)
    name = series.scenario_folder_name(resolved, options)
    series.finish_site(folder, resolved, NOTEBOOKS_DIR.parent / "data", name, options, out)
    return folder


@pytest.fixture(scope="module")
def built(rendered, tmp_path_factory, default_out):
    return _build(rendered, tmp_path_factory, {}, SiteOptions(), default_out)


@pytest.fixture(scope="module")
def fixed(rendered, tmp_path_factory):
    return _build(rendered, tmp_path_factory, {"krw_per_usd": "1380"}, SiteOptions(site_url="https://example.org/capex"))


@pytest.fixture(scope="module")
def korean(rendered, tmp_path_factory, default_out):
    return _build(rendered, tmp_path_factory, {}, SiteOptions(lang="ko"), default_out)


def _read(folder, name):
    return (folder / name).read_text(encoding="utf-8")


def _card(folder):
    return pd.read_csv(folder / "scorecard.csv", dtype=str, keep_default_na=False)


def _primary(folder):
    card = _card(folder)
    return card[card["role"] == "primary"]


def _ids(page):
    return list(pages.iter_ids(page))


# --------------------------------------------------------------------------------------------
# index.html: findings first
# --------------------------------------------------------------------------------------------


def test_index_sections_come_in_reading_order(built):
    index = _read(built, "index.html")
    order = [index.find(f'<section id="{s}"') for s in ("findings", "headline", "notebooks", "downloads", "parameters")]
    assert -1 not in order and order == sorted(order)


def test_the_index_lists_every_claim_that_does_not_hold_or_cannot_be_checked(built):
    index = _read(built, "index.html")
    findings = index[index.find('<section id="findings"') : index.find('<section id="headline"')]
    primary = _primary(built)
    flagged = primary[primary["verdict"].isin([FAILS, UNCHECKABLE])]
    assert len(flagged) == 11  # 3 that do not hold and 8 that cannot be checked, under the defaults
    for r in flagged.to_dict("records"):
        item = re.search(rf'<li class="claim [^"]*" id="finding-{re.escape(r["claim_id"])}">(.*?)</li>', findings, re.DOTALL)
        assert item, r["claim_id"]
        text = item.group(1)
        assert html.escape(r["quote"], quote=False) in html.unescape(re.sub(r"</?span[^>]*>", "", text)).replace(
            r["quote"], html.escape(r["quote"], quote=False)
        )
        assert r["outlet"] in text and f'datetime="{r["published"]}"' in text
        badge = pages.VERDICT_CLASS[r["verdict"]]
        assert f'<span class="badge {badge}">{r["verdict"]}</span>' in text  # colour and words
        link = re.search(r'href="([0-9]{2}_[^"#]+\.html)#(claim-[^"]+)"', text)
        assert link and link.group(2) == f"claim-{r['claim_id']}"
        assert link.group(2) in _ids(_read(built, link.group(1))), r["claim_id"]


def test_verdict_counts_are_shown_once(built):
    index = _read(built, "index.html")
    assert index.count('<ul class="counts">') == 1
    assert "claims judged:" not in index  # the headline table leaves out the verdict-count figures
    counts = dict(re.findall(r'<li><span class="badge [^"]+">([^<]+)</span> (\d+)</li>', index))
    assert counts == {
        "holds": "66",
        "holds approximately": "9",
        "does not hold": "3",
        "cannot be checked from these sources": "8",
    }


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


def test_the_index_shows_how_the_real_plans_aged(built):
    index = _read(built, "index.html")
    section = index[index.find('<section id="hindsight"') : index.find('<section id="headline"')]
    assert "How the printed plans aged" in section and "06_hindsight.html" in section
    assert "머니투데이" in section and "3200억달러" in section
    assert '<span class="outcome o-above">spent more than planned</span> <span class="num">+19.9%</span>' in section
    assert "badge" not in section and "v-fails" not in section  # never a verdict's badge or colour


def test_no_hindsight_section_without_hindsight_csv(rendered, tmp_path_factory, default_out, monkeypatch):
    monkeypatch.setattr(hindsight_exports, "hindsight_exports", lambda ledger, card: {})
    folder = _build(rendered, tmp_path_factory, {}, SiteOptions(), default_out)
    assert not (folder / "hindsight.csv").exists()
    assert 'id="hindsight"' not in _read(folder, "index.html")


HINDSIGHT = (
    "check_id,role,claim_id,article_id,outlet,published,quote,printed,printed_as,later,change_pct,outcome,confidence,why\n"
    "h-mt-us4-2025,primary,mt-us4-2025-usd,mt,머니투데이,2025-02-07,올해 3200억달러(약 463조원) 규모의 투자를 공언,320000000000,"
    f"{HOSTILE},400000000000,25.00,spent more than planned,secondary,The four spent more than planned.\n"
)


def test_the_index_shows_how_the_printed_plans_aged(rendered, tmp_path_factory, default_out, monkeypatch):
    monkeypatch.setattr(hindsight_exports, "hindsight_exports", lambda ledger, card: {"hindsight.csv": HINDSIGHT})
    folder = _build(rendered, tmp_path_factory, {}, SiteOptions(), default_out)
    index = _read(folder, "index.html")
    section = index[index.find('<section id="hindsight"') : index.find('<section id="headline"')]
    assert "How the printed plans aged" in section and "머니투데이" in section
    assert '<span class="outcome o-above">spent more than planned</span> <span class="num">+25.0%</span>' in section
    assert HOSTILE not in index and "&lt;script&gt;" in section
    assert '<a href="#hindsight">' in index and '<a href="hindsight.csv" download>' in index


# --------------------------------------------------------------------------------------------
# Notebook pages
# --------------------------------------------------------------------------------------------


def test_every_claim_has_one_anchor_on_its_page_and_claimreview_points_at_it(built):
    reviews = json.loads(_read(built, "claimreview.jsonld"))
    primary = _primary(built).set_index("check_id")
    assert len(reviews) == len(primary) == 86
    for review in reviews:
        claim = primary.loc[review["identifier"], "claim_id"]
        page, anchor = review["url"].split("#")
        assert anchor == f"claim-{claim}"
        assert _ids(_read(built, page)).count(anchor) == 1, review["url"]
    by_claim = {primary.loc[r["identifier"], "claim_id"]: r["url"] for r in reviews}
    assert by_claim["mt-us4-2025-usd"] == "01_totals_2025.html#claim-mt-us4-2025-usd"  # the topic's page, not 05
    assert by_claim["cb-openai-valuation-usd"] == "05_scorecard.html#claim-cb-openai-valuation-usd"  # only the scorecard shows it


def test_claimreview_urls_resolve_against_the_site_url(fixed):
    reviews = json.loads(_read(fixed, "claimreview.jsonld"))
    assert {r["url"].rsplit("/", 1)[0] for r in reviews} == {"https://example.org/capex"}
    assert any(r["url"] == "https://example.org/capex/01_totals_2025.html#claim-mt-us4-2025-usd" for r in reviews)


def test_each_page_starts_with_a_box_of_its_own_verdicts(built, default_out):
    page = _read(built, "02_change_2024_2025.html")
    box = page[page.find('<aside class="capex-box"') : page.find("</aside>")]
    v = default_out.verdicts
    expected = v[(v["role"] == "primary") & v["topic"].isin(["change", "quarterly", "cloud"])]
    assert f"Verdicts on this page: {len(expected)} claims" in box and len(expected) == 13
    for verdict in VERDICTS:
        n = int((expected["verdict"] == verdict).sum())
        if n:
            assert f'<li><span class="badge {pages.VERDICT_CLASS[verdict]}">{verdict}</span> {n}</li>' in box
    assert '<a href="#claim-ja-googl-cloud-growth">' in box  # the claims that do not hold link to their rows
    assert page.find('<aside class="capex-box"') < page.find("<main>")


def test_verdict_cells_are_styled_by_verdict(built):
    page = _read(built, "02_change_2024_2025.html")
    row = re.search(r'<tr id="claim-ja-us4-change-usd">(.*?)</tr>', page, re.DOTALL)
    assert row and '<td class="verdict v-fails">does not hold</td>' in row.group(1)
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
        assert '<meta content="width=device-width, initial-scale=1.0" name="viewport"/>' in page
        assert re.search(r"<title>[^<]* · default</title>", page)


def test_urls_are_links_and_amounts_stay_whole(built):
    page = _read(built, "04_deepseek_costs.html")
    assert '<a href="https://arxiv.org/abs/2412.19437" rel="noopener">https://arxiv.org/abs/2412.19437</a>' in page
    assert '<span class="amount">557만 6000 달러</span>' in page
    assert not re.search(r'<a href="[^"]*<', page)


def test_chart_data_links_point_at_their_files(built):
    page = _read(built, "05_scorecard.html")
    assert re.findall(r'<a href="(05_scorecard\.chart-\d\.csv)" download>', page) == [
        "05_scorecard.chart-1.csv",
        "05_scorecard.chart-2.csv",
    ]
    assert "data-capex-chart-csv" not in page


def test_two_panel_charts_are_laid_out_to_wrap(built):
    page = _read(built, "03_bat_comparison.html")
    panels = re.search(r'<div class="jp-RenderedImage[^"]*capex-panels"[^>]*>(.*?)</div>', page, re.DOTALL)
    assert panels and panels.group(1).count("<img ") == 2


# --------------------------------------------------------------------------------------------
# A scenario that is not the default
# --------------------------------------------------------------------------------------------


def test_every_page_of_a_fixed_rate_run_says_which_scenario_it_is(fixed):
    for page in sorted(fixed.glob("*.html")):
        text = _read(fixed, page.name)
        assert re.search(rf"Scenario: {FIXED}[^<]* \(not the default\)", text), page.name
        assert "<code>krw_per_usd</code> = 1380 (default 0)" in text, page.name
        assert re.search(rf"<title>[^<]* · {FIXED}[^<]*</title>", text), page.name


def test_the_banner_explains_which_verdicts_the_rate_changed_and_why(fixed):
    index = _read(fixed, "index.html")
    assert "13 claims have a different verdict than under the default parameters." in index
    assert (
        "13 conversions are tested at a fixed 1380 KRW per USD instead of the ECB rate of each article's date. "
        "The articles converted at the rate of their day, so these verdicts change only because the test rate is not "
        "the rate of the day: that is not an error in the articles."
    ) in html.unescape(index)
    table = index[index.find('<h3 id="changed">') :]
    assert table.count("<tr><td><a href=") == 13
    assert "the test&#39;s exchange rate, not an error in the article" in table
    page = _read(fixed, "00_sources_and_rates.html")
    assert page.count("<li><a href=") >= 1 and '<a href="index.html#changed">' in page


def test_the_default_run_has_no_banner(built):
    assert all('class="capex-banner"' not in _read(built, p.name) for p in built.glob("*.html"))


# --------------------------------------------------------------------------------------------
# Korean
# --------------------------------------------------------------------------------------------


def test_the_korean_site_speaks_korean(korean):
    index = _read(korean, "index.html")
    assert '<html lang="ko">' in index
    for words in ("검증 결과", "주요 수치", "노트북", "내려받기", "매개변수", "사실 아님 (2)", "수치 86개를 검증했습니다:"):
        assert words in index, words
    assert '<span class="badge v-fails">사실 아님</span>' in index
    assert '<span class="badge v-unchecked">이 자료로는 확인 불가</span>' in index
    page = _read(korean, "02_change_2024_2025.html")
    assert '<html lang="ko"' in page and "목차: 전체 검증 결과" in page and "이 페이지의 판정: 주장 13개" in page
    reviews = json.loads(_read(korean, "claimreview.jsonld"))
    assert {r["reviewRating"]["alternateName"] for r in reviews} == {"사실", "대체로 사실", "사실 아님", "이 자료로는 확인 불가"}
    assert set(_card(korean)["verdict"]) <= set(VERDICTS)  # scorecard.csv keeps the contract's labels


def test_reason_kinds_show_in_the_readers_language(rendered, tmp_path_factory):
    out = outputs.compute(DEFAULTS)
    out.verdicts["reason_kind"] = ["misattributed" if c == "dd-r1-cost" else "" for c in out.verdicts["check_id"]]
    out.verdicts.loc[out.verdicts["check_id"] == "dd-r1-cost", "verdict"] = FAILS
    card = outputs.card_table(out)
    card["reason_kind"] = list(out.verdicts["reason_kind"])  # the reason kind column of scorecard.csv
    folder = tmp_path_factory.mktemp("reasons")
    shutil.copytree(rendered, folder, dirs_exist_ok=True)
    resolved = notebook_params.resolve({}, NOTEBOOKS)
    for lang, group, kind in (("en", "Misattributed (1)", "misattributed"), ("ko", "잘못된 귀속 (1)", "잘못된 귀속")):
        inputs = site.SiteInputs(
            scenario="default", values=resolved.values, defaults=resolved.defaults, given={}, meanings={},
            card=card, verdicts=out.verdicts, options=SiteOptions(lang=lang),
        )  # fmt: skip
        site.build(folder, inputs, site.claim_pages(sorted(folder.glob("*.ipynb")), card))
        index = _read(folder, "index.html")
        assert group in index and f'<span class="kind">{kind}</span>' in index, lang
        shutil.copytree(rendered, folder, dirs_exist_ok=True)


def test_the_index_escapes_every_value(rendered, tmp_path_factory, default_out):
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copytree(rendered, folder, dirs_exist_ok=True)
    headline = pd.DataFrame([{"id": "h", "label": HOSTILE, "value": "1", "unit": "<b>KRW</b>"}])
    card = outputs.card_table(default_out)
    card.loc[card.index[0], "quote"] = HOSTILE
    values = {**DEFAULTS, "label": HOSTILE}
    inputs = site.SiteInputs(
        scenario=HOSTILE, values=values, defaults={**DEFAULTS, "label": "x"}, given={"label": HOSTILE}, meanings={},
        card=card, verdicts=default_out.verdicts, baseline=default_out.verdicts, headline=headline,
    )  # fmt: skip
    site.build(folder, inputs, {})
    for page in folder.glob("*.html"):
        text = _read(folder, page.name)
        assert HOSTILE not in text and "<b>KRW" not in text, page.name
        assert site.remote_references(text) == [], page.name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in _read(folder, "index.html")


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
    assert site.unicode_range({"가", "각", "간", "中"}) == "U+4E2D, U+AC00-AC01, U+AC04"


def test_site_options_name_the_scenario_and_change_the_cache_key():
    resolved = notebook_params.resolve({}, NOTEBOOKS)
    assert series.scenario_folder_name(resolved, SiteOptions()) == "default"
    assert series.scenario_folder_name(resolved, SiteOptions(lang="ko")) == "lang-ko"
    assert series.scenario_folder_name(resolved, SiteOptions(site_url="https://example.org/")).startswith("site_url-https")
    data = NOTEBOOKS_DIR.parent / "data"
    keys = {series.run_cache_key(NOTEBOOKS, resolved, data, SiteOptions(lang=lang)) for lang in i18n.LANGUAGES}
    assert len(keys) == len(i18n.LANGUAGES)
    with pytest.raises(i18n.LanguageError, match="--lang"):
        SiteOptions(lang="fr")
    with pytest.raises(i18n.LanguageError, match="--site-url"):
        SiteOptions(site_url="javascript:alert(1)")


def test_verdict_and_reason_words_cover_the_contract():
    assert set(i18n.VERDICT_WORDS) == set(VERDICTS)
    from capexlib.core import checks

    contract = ("misattributed", "wrong_period", "wrong_basis", "rounding", "garbled")
    assert set(i18n.REASON_WORDS) == set(getattr(checks, "REASON_KINDS", contract))


def test_every_message_is_translated_into_korean():
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg
    from babel.messages.pofile import read_po

    from capexlib.core.paths import PROJECT_ROOT

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
