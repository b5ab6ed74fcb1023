"""Every page of the default run and of a fixed-rate run, in a real Chromium at 1280 and 390 px wide: no
horizontal page overflow (wide tables scroll in their own container), every in-page and cross-page link
resolves, no console errors, nothing fetched from the network, the claim anchors exist, and Hangul is drawn
with the embedded face (the check that would have caught the empty boxes)."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from capexlib.core.paths import NOTEBOOKS_DIR, REPORTS_DIR
from capexlib.report import fonts as fonts_module
from capexlib.report import pages, site

pytestmark = pytest.mark.slow

SCREENSHOTS = REPORTS_DIR / "browser"  # the last run's screenshots, for a person to look at (tests/browser/conftest.py)
PAGES = ["index.html", *(f"{p.stem}.html" for p in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")))]
WIDTHS = {1280: 800, 390: 844}  # viewport width: height (a laptop, a phone)
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e\u4e00-\u9fff]")

# In the page: the links, the tables that spill out of the viewport without a scrolling container, the
# resources loaded, and a probe on the first element whose own text holds Hangul.
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
if (probe) { probe.setAttribute('data-capex-probe', ''); facts.probe = probe.textContent; }
const corners = img => { const r = img.getBoundingClientRect(); return [r.left, r.top, r.bottom]; };
facts.panels = Array.from(document.querySelectorAll('.capex-panels'))
  .map(box => Array.from(box.querySelectorAll('img')).map(corners));
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


def _ids_in(path: Path, cache: dict[Path, set[str]] = {}) -> set[str]:  # noqa: B006 - a cache on purpose
    if path not in cache:
        cache[path] = set(pages.iter_ids(path.read_text(encoding="utf-8")))
    return cache[path]


@pytest.fixture(scope="module", params=["default", "fixed"])
def run(request, browser):
    """The run's folder (the browser fixture comes first: without a browser nothing is run)."""
    return request.getfixturevalue(f"{request.param}_run").folder


@pytest.fixture(scope="module")
def claim_pages(run):
    """Claim anchor -> page, from the run's ClaimReview urls."""
    reviews = json.loads((run / "claimreview.jsonld").read_text(encoding="utf-8"))
    return {r["url"].split("#")[1]: r["url"].split("#")[0] for r in reviews}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_in_chromium(browser, run, claim_pages, name, width):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": WIDTHS[width], "deviceScaleFactor": 1, "mobile": width < 600},
    )
    browser.get_log("browser")  # clear what earlier pages logged
    browser.get((run / name).as_uri())
    browser.execute_async_script("const done = arguments[0]; document.fonts.ready.then(() => done());")
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
        assert target.parent == run.resolve() and target.is_file(), f"link {href!r} points at no file"
        if parts.fragment:
            found = {parts.fragment, unquote(parts.fragment)} & _ids_in(target)
            assert found, f"link {href!r}: no such anchor in {target.name}"

    expected = {anchor for anchor, page in claim_pages.items() if page == name}
    assert expected <= ids, f"claim anchors missing: {sorted(expected - ids)[:5]}"

    assert facts["probe"], "no Hangul text on the page"
    fonts = probe_fonts(browser)
    assert hangul_drawn_by_embedded_face(facts["probe"], fonts), f"{facts['probe']!r} drawn with {fonts} (empty boxes)"


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
    for name, style in (("old", old), ("current", site.font_style(chars))):
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
