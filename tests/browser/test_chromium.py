"""Every page of the default run, a fixed-rate run and the Korean site, in a real Chromium at 1280 and 390 px
wide: no horizontal page overflow (wide tables scroll in their own container), every in-page and cross-page
link resolves, no console errors, nothing fetched from the network, Hangul drawn with the embedded face (the
check that would have caught the empty boxes), every chart image whole inside its container; every claim's
permanent address lands on a visible card whose verdict and sources are on screen; the index's first screen
on a phone holds the finding and the counts; printed on A4, no table is cut."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from capexlib.core.paths import NOTEBOOKS_DIR, REPORTS_DIR
from capexlib.report import fonts as fonts_module

pytestmark = pytest.mark.slow

SCREENSHOTS = REPORTS_DIR / "browser"  # the last run's screenshots, for a person to look at (tests/browser/conftest.py)
SITE_PAGES = ["index.html", "claims.html", "sources.html", "articles.html", "method.html"]
PAGES = [*SITE_PAGES, *(f"{p.stem}.html" for p in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")))]
WIDTHS = {1280: 800, 390: 844}  # viewport width: height (a laptop, a phone)
A4_WIDTH = 703  # CSS px inside A4's 210 mm less the print margins (2 x 12 mm), at 96 px per inch
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e\u4e00-\u9fff]")

# In the page: the links, the tables that spill out of the viewport without a scrolling container, the
# resources loaded, a probe on the first element whose own text holds Hangul, the chart images.
PAGE_FACTS = """
const facts = {links: [], spilling: [], resources: [], probe: null};
for (const a of document.querySelectorAll('a[href]')) {
  facts.links.push({href: a.getAttribute('href'), rel: a.getAttribute('rel') || ''});
}
const width = document.documentElement.clientWidth;
for (const table of document.querySelectorAll('table')) {
  const right = table.getBoundingClientRect().right;
  let scrolls = false;
  for (let el = table.parentElement; el && el !== document.body; el = el.parentElement) {
    const overflow = getComputedStyle(el).overflowX;
    if (overflow === 'auto' || overflow === 'scroll') { scrolls = true; break; }
    if ((overflow === 'hidden' || overflow === 'clip') && right > el.getBoundingClientRect().right + 1) break;
  }
  if (!scrolls && right > width + 1) facts.spilling.push(table.outerHTML.slice(0, 120));
}
facts.resources = performance.getEntriesByType('resource').map(e => e.name);
const hangul = /[\\uac00-\\ud7a3]/;
// The first table cell with Hangul (where the empty boxes showed), else the first element with Hangul text.
let probe = Array.from(document.querySelectorAll('td, th')).find(el => hangul.test(el.textContent));
if (!probe) probe = Array.from(document.body.querySelectorAll('*')).find(
  el => Array.from(el.childNodes).some(n => n.nodeType === 3 && hangul.test(n.textContent)));
if (probe) {
  probe.setAttribute('data-capex-probe', '');
  // A stacked table's cell draws its column's name before its text (::before): those glyphs are the node's too.
  let label = getComputedStyle(probe, '::before').content;
  if (label.startsWith('attr(')) label = probe.getAttribute(label.slice(5, -1)) || '';
  else label = label.startsWith('"') ? JSON.parse(label) : '';
  facts.probe = label + probe.textContent;
}
const corners = img => { const r = img.getBoundingClientRect(); return [r.left, r.top, r.bottom]; };
facts.panels = Array.from(document.querySelectorAll('.capex-panels'))
  .map(box => Array.from(box.querySelectorAll('img')).map(corners));
facts.images = Array.from(document.querySelectorAll('figure.capex-chart img')).map(img => {
  const r = img.getBoundingClientRect(), box = img.closest('figure').getBoundingClientRect();
  let clipped = false;
  for (let el = img.parentElement; el && el !== document.body; el = el.parentElement) {
    const s = getComputedStyle(el), b = el.getBoundingClientRect();
    const hides = s.overflowX !== 'visible' || s.overflowY !== 'visible';
    if (hides && (r.right > b.right + 1 || r.bottom > b.bottom + 1)) clipped = true;
  }
  return {natural: [img.naturalWidth, img.naturalHeight], shown: [r.width, r.height], right: r.right,
          figureRight: box.right, clipped: clipped, complete: img.complete};
});
facts.sticking = [];  // what reaches past the right edge outside a scrolling container (for the message)
for (const el of document.body.querySelectorAll('*')) {
  if (el.getBoundingClientRect().right <= width + 1) continue;
  let inside = false;
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowX;
    if (overflow !== 'visible') { inside = true; break; }
  }
  if (!inside && facts.sticking.length < 5) facts.sticking.push(el.outerHTML.slice(0, 160));
}
facts.scrollWidth = document.documentElement.scrollWidth;
facts.clientWidth = width;
facts.ids = Array.from(document.querySelectorAll('[id]')).map(e => e.id);
return facts;
"""

# After navigating to #claim-<id>: where the targeted card, its verdict and its sources are on screen.
TARGET_FACTS = """
const card = document.getElementById(arguments[0]);
if (!card) return null;
const rect = el => { const r = el.getBoundingClientRect(); return [r.top, r.bottom]; };
return {card: rect(card), verdict: rect(card.querySelector('.badge')), sources: rect(card.querySelector('.card-sources')),
        marked: getComputedStyle(card).outlineStyle !== 'none' && card.matches(':target'),
        label: getComputedStyle(card.querySelector('.card-linked')).display !== 'none',
        links: card.querySelectorAll('.card-sources a[href]').length,
        none: card.querySelector('.card-sources .label').textContent, height: window.innerHeight};
"""

PRINT_FACTS = """
const width = document.documentElement.clientWidth;
const cut = [];
for (const table of document.querySelectorAll('table')) {
  const r = table.getBoundingClientRect();
  if (r.width === 0) continue;
  const container = table.parentElement.getBoundingClientRect();
  const wider = r.right > width + 1 || r.right > container.right + 1 || table.scrollWidth > table.clientWidth + 1;
  if (wider) cut.push(table.outerHTML.slice(0, 100));
}
const shown = sel => Array.from(document.querySelectorAll(sel)).filter(e => getComputedStyle(e).display !== 'none').length;
const outside = Array.from(document.querySelectorAll('main a[href^="http"]')).slice(0, 1);
return {cut: cut, nav: shown('.capex-nav'), filter: shown('.capex-filter'), scrollWidth: document.documentElement.scrollWidth,
        width: width, after: outside.map(a => getComputedStyle(a, '::after').content)};
"""


def _editions(run: Path) -> set[Path]:
    """The folders a page of `run` may link to: its own and the other edition's (English at the scenario
    folder's root, Korean in ko/)."""
    run = run.resolve()
    return {run, run.parent} if run.name == "ko" else {run, run / "ko"}


def _ids_in(path: Path, cache: dict[Path, set[str]] = {}) -> set[str]:  # noqa: B006 - a cache on purpose
    if path not in cache:
        cache[path] = {m for m in re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8"))}
    return cache[path]


@pytest.fixture(scope="module", params=["default", "fixed", "korean"])
def run(request, browser):
    """The run's folder (the browser fixture comes first: without a browser nothing is run)."""
    return request.getfixturevalue(f"{request.param}_run").folder


def _load(browser, run: Path, name: str, width: int, height: int | None = None) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height or WIDTHS[width], "deviceScaleFactor": 1, "mobile": width < 600},
    )
    browser.get_log("browser")  # clear what earlier pages logged
    browser.get((run / name).as_uri())
    browser.execute_async_script("const done = arguments[0]; document.fonts.ready.then(() => done());")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", [*PAGES, "compare.html"])
def test_page_in_chromium(browser, run, name, width):
    if not (run / name).is_file():
        assert name == "compare.html" and run.name in ("default", "ko")  # only a scenario that is not the default has one
        pytest.skip("the default run has nothing to compare")
    _load(browser, run, name, width)
    facts = browser.execute_script(PAGE_FACTS)
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    shot = SCREENSHOTS / f"{run.name}-{Path(name).stem}-{width}.png"
    shot.write_bytes(browser.get_screenshot_as_png())

    assert not errors, errors
    sideways = f"the page scrolls sideways ({facts['scrollWidth']} px): {facts['sticking']}"
    assert facts["scrollWidth"] <= facts["clientWidth"], sideways
    assert not facts["spilling"], f"tables wider than the page outside a scrolling container: {facts['spilling'][:2]}"
    assert all(r.startswith(("file:", "data:")) for r in facts["resources"]), facts["resources"]

    for left, right in (panels[:2] for panels in facts["panels"]):
        if width < 600:  # a phone: the second panel sits under the first
            assert right[1] >= left[2] - 1, facts["panels"]
        else:  # side by side
            assert abs(right[1] - left[1]) < 2 and right[0] > left[0], facts["panels"]
    for image in facts["images"]:
        (nw, nh), (w, h) = image["natural"], image["shown"]
        assert image["complete"] and nw and nh, image
        assert w <= nw + 0.5, f"a chart drawn larger than its pixels (blown up): {image}"
        assert abs(w / h - nw / nh) < 0.02, f"a chart's shape changed (cropped or stretched): {image}"
        assert image["right"] <= image["figureRight"] + 1 and image["right"] <= facts["clientWidth"] + 1, image
        assert not image["clipped"], f"a chart cut by its container: {image}"

    ids = set(facts["ids"])
    for link in facts["links"]:
        href = link["href"]
        parts = urlsplit(href)
        if parts.scheme in ("http", "https"):
            assert "noopener" in link["rel"].split(), href
            continue
        if parts.scheme == "mailto":
            continue
        assert not parts.scheme and not parts.netloc, f"unexpected link {href!r}"
        if not parts.path:  # a browser tries the fragment as written, then percent-decoded
            assert {parts.fragment, unquote(parts.fragment)} & ids, f"in-page link {href!r} has no target"
            continue
        target = (run / unquote(parts.path)).resolve()
        assert target.parent in _editions(run) and target.is_file(), f"link {href!r} points at no file"
        if parts.fragment:
            found = {parts.fragment, unquote(parts.fragment)} & _ids_in(target)
            assert found, f"link {href!r}: no such anchor in {target.name}"

    assert facts["probe"], "no Hangul text on the page"
    fonts = probe_fonts(browser)
    assert hangul_drawn_by_embedded_face(facts["probe"], fonts), f"{facts['probe']!r} drawn with {fonts} (empty boxes)"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_claims_address_lands_on_its_card(browser, run, width):
    """ClaimReview's url of each claim (claims.html#claim-<id>): the card is on screen, marked as the one
    followed, with its verdict and its sources (or why there are none) in view."""
    reviews = json.loads((run / "claimreview.jsonld").read_text(encoding="utf-8"))
    anchors = [r["url"].split("#")[1] for r in reviews]
    assert {r["url"].rsplit("/", 1)[-1].split("#")[0] for r in reviews} == {"claims.html"}
    _load(browser, run, "claims.html", width)
    for anchor in anchors:
        browser.execute_script("window.location.hash = arguments[0];", anchor)
        facts = browser.execute_script(TARGET_FACTS, anchor)
        assert facts, f"no card {anchor}"
        height = facts["height"]
        top, bottom = facts["card"]
        assert -1 <= top < height and bottom > 0, (anchor, facts)
        assert facts["verdict"][0] >= 0 and facts["verdict"][1] <= height, f"{anchor}: its verdict is off screen"
        assert 0 <= facts["sources"][0] < height - 20, f"{anchor}: its sources start off screen ({facts['sources']}, {height})"
        assert facts["marked"] and facts["label"], f"{anchor}: the card followed is not marked"
        assert facts["links"] or facts["none"], anchor
    if width < 600:
        shot = SCREENSHOTS / f"{run.name}-claim-card-{width}.png"
        browser.execute_script("window.location.hash = arguments[0];", "claim-ja-us4-change-usd")
        shot.write_bytes(browser.get_screenshot_as_png())


def test_the_index_first_screen_on_a_phone_holds_the_finding_and_the_counts(browser, run):
    _load(browser, run, "index.html", 390)
    bottom = browser.execute_script(
        "return [document.querySelector('.finding'), document.querySelector('ul.counts')]"
        ".map(el => el.getBoundingClientRect().bottom);"
    )
    assert max(bottom) <= WIDTHS[390], f"the finding and the counts end at {bottom} px, below the first screen"


@pytest.mark.parametrize("name", PAGES)
def test_printed_on_a4_no_table_is_cut(browser, run, name):
    _load(browser, run, name, A4_WIDTH, 1123)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        facts = browser.execute_script(PRINT_FACTS)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not facts["cut"], f"{name}: tables wider than an A4 page: {facts['cut'][:2]}"
    assert facts["scrollWidth"] <= facts["width"] + 1, name
    assert facts["nav"] == 0 and facts["filter"] == 0, f"{name}: navigation or controls printed"
    if facts["after"]:
        assert "http" in facts["after"][0], f"{name}: an outside link prints without its address"


def test_the_filter_narrows_the_cards_and_every_card_shows_without_scripts(browser, default_run):
    run = default_run.folder
    _load(browser, run, "claims.html", 1280)
    total = browser.execute_script("return document.querySelectorAll('article.card').length;")
    browser.execute_script(
        "const s = document.querySelector('select[data-filter=outlet]'); s.value = 'dd'; s.dispatchEvent(new Event('change'));"
    )
    shown = browser.execute_script("return document.querySelectorAll('article.card:not([hidden])').length;")
    outlets = browser.execute_script(
        "return Array.from(document.querySelectorAll('article.card:not([hidden])')).map(c => c.dataset.outlet);"
    )
    assert 0 < shown < total and set(outlets) == {"dd"}
    assert f"Showing {shown} of {total} claims" in browser.execute_script(
        "return document.querySelector('.filter-count').textContent;"
    )
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get((run / "claims.html").as_uri())
        document = browser.execute_cdp_cmd("DOM.getDocument", {"depth": -1})
        cards = browser.execute_cdp_cmd(
            "DOM.querySelectorAll", {"nodeId": document["root"]["nodeId"], "selector": "article.card"}
        )
        hidden_cards = browser.execute_cdp_cmd(
            "DOM.querySelectorAll",
            {"nodeId": document["root"]["nodeId"], "selector": "article.card[hidden], form.capex-filter:not([hidden])"},
        )
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    assert len(cards["nodeIds"]) == total and not hidden_cards["nodeIds"]  # every card shown, no dead control


def probe_fonts(browser) -> list[dict]:
    """The fonts Chromium drew the probed element's text with (DevTools: CSS.getPlatformFontsForNode)."""
    document = browser.execute_cdp_cmd("DOM.getDocument", {"depth": 0})
    node = browser.execute_cdp_cmd("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "[data-capex-probe]"})
    return browser.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]


def hangul_drawn_by_embedded_face(text: str, fonts: list[dict]) -> bool:
    """Every Hangul (and Han) character of `text` drawn with the embedded NanumGothic: a system font without
    Hangul draws it as an empty box."""
    hangul = len(HANGUL.findall(text))
    embedded = sum(f["glyphCount"] for f in fonts if f["isCustomFont"] and f["familyName"] == "NanumGothic")
    others = sum(f["glyphCount"] for f in fonts if not f["isCustomFont"])
    return embedded >= hangul and others <= len(text) - hangul


def test_the_font_check_catches_empty_boxes(browser, tmp_path):
    """The check above on a page built the old way (the embedded face last in the stack, no unicode-range):
    Chromium drew its first Hangul cell with a system font, as empty boxes. Built the current way, it passes."""
    body = (
        '<h1>04 · DeepSeek</h1><p>머니투데이 (7 February 2025) prints "557만6000달러(약 81억원)".</p>'
        "<table><thead><tr><th>usd</th></tr></thead><tbody><tr><td>557만 6000 달러 · $5.6M</td></tr></tbody></table>"
    )
    chars = {c for c in body if ord(c) > 127}
    data = base64.b64encode(fonts_module.subset(chars)).decode("ascii")
    old = (
        f'<style>@font-face {{ font-family: "capex-hangul"; src: url(data:font/ttf;base64,{data}) format("truetype");'
        ' font-display: block; } body { font-family: system-ui, sans-serif, "capex-hangul"; }</style>'
    )
    verdicts = {}
    for name, style in (("old", old), ("current", fonts_module.font_style(chars))):
        page = tmp_path / f"{name}.html"
        page.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8">{style}<style>td {{ font-size: 12px; }}</style></head>'
                        f"<body>{body}</body></html>", encoding="utf-8")  # fmt: skip
        browser.get(page.as_uri())
        browser.execute_async_script("const done = arguments[0]; document.fonts.ready.then(() => done());")
        facts = browser.execute_script(PAGE_FACTS)
        assert facts["probe"] == "557만 6000 달러 · $5.6M"
        verdicts[name] = hangul_drawn_by_embedded_face(facts["probe"], probe_fonts(browser))
    assert verdicts == {"old": False, "current": True}


@pytest.fixture(scope="module", autouse=True)
def _dom_and_css(browser):
    """The DevTools domains the font query needs, enabled once."""
    browser.execute_cdp_cmd("DOM.enable", {})
    browser.execute_cdp_cmd("CSS.enable", {})
