"""The Korean edition as a Korean reader meets it, in a real Chromium: every page's visible text is Korean but
for the words of tests/korean_allowlist.txt (names, units, codes), the data's ids and the sources' verbatim
words (tests/korean_words.py); at 390 px no table column is
narrower than four Hangul syllables (wide tables stack instead); each page's language switch lands on the
same page and the same anchor in the other edition; and both editions come from one run."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from korean_words import unexpected
from test_chromium import PAGES, SCREENSHOTS, _load

from capexlib.run import cache

pytestmark = pytest.mark.slow

# Never counted: code, scripts, and what a page marks translate="no" (a source's verbatim words, a document's
# title and locator as published).
EXEMPT = "code, kbd, samp, script, style, [translate='no']"
# Not words: addresses, hosts, paths and file names (data/checks.csv, claims.html#claim-x), identifiers.
URL = re.compile(r"https?://\S+|\S+/\S*|\b[\w-]+(?:\.[\w-]+)+(?:#\S*)?|\b\w+_\w+\b")

# The visible text of the page outside exempt elements.
VISIBLE_TEXT = """
const skip = arguments[0];
const texts = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const parent = node.parentElement;
  if (!parent || parent.closest(skip) || !parent.checkVisibility({visibilityProperty: true})) continue;
  texts.push(node.textContent);
}
return texts.join(' ');
"""

# Every cell with Hangul of every table laid out as a table: its content width against four syllables in its
# own font (or the cell's whole text unbroken, when that is shorter).
NARROW_COLUMNS = """
const hangul = /[\\uac00-\\ud7a3]/;
const probe = document.createElement('span');
probe.style.cssText = 'position:absolute; visibility:hidden; white-space:nowrap; left:0; top:0';
document.body.appendChild(probe);
const narrow = [];
let cells = 0;
for (const table of document.querySelectorAll('table')) {
  if (getComputedStyle(table).display !== 'table' || !table.checkVisibility()) continue;
  for (const cell of table.querySelectorAll('td, th')) {
    if (!hangul.test(cell.textContent)) continue;
    cells += 1;
    const style = getComputedStyle(cell);
    probe.style.font = style.font;
    probe.textContent = '가나다라';
    const four = probe.getBoundingClientRect().width;
    probe.textContent = cell.textContent.trim();
    const whole = probe.getBoundingClientRect().width;
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const text = cell.textContent.trim().slice(0, 40);
    if (inner + 1 < Math.min(four, whole)) narrow.push([Math.round(inner), Math.round(four), text]);
  }
}
probe.remove();
return {narrow: narrow, cells: cells};
"""


def _korean_pages(default_run, fixed_run) -> list[tuple[Path, str]]:
    pages = [(default_run.folder / "ko", name) for name in PAGES]
    return pages + [(fixed_run.folder / "ko", name) for name in ("index.html", "compare.html", "02_change_2024_2025.html")]


@pytest.fixture(scope="module")
def korean_pages(browser, default_run, fixed_run):
    return _korean_pages(default_run, fixed_run)


@pytest.mark.parametrize("index", range(len(PAGES) + 3))
def test_the_korean_site_reads_in_korean(browser, korean_pages, index):
    folder, name = korean_pages[index]
    _load(browser, folder, name, 1280)
    left = unexpected(browser.execute_script(VISIBLE_TEXT, EXEMPT), not_words=URL)
    assert not left, f"{folder.parent.name}/ko/{name}: English outside the allowlist: {left[:40]}"


@pytest.mark.parametrize("index", range(len(PAGES) + 3))
def test_no_korean_table_column_is_narrower_than_four_syllables_on_a_phone(browser, korean_pages, index):
    folder, name = korean_pages[index]
    _load(browser, folder, name, 390)
    found = browser.execute_script(NARROW_COLUMNS)
    shot = SCREENSHOTS / f"{folder.parent.name}-ko-{Path(name).stem}-390-tables.png"
    shot.write_bytes(browser.get_screenshot_as_png())
    assert not found["narrow"], f"{name}: columns narrower than four syllables (width, four, text): {found['narrow'][:5]}"


# The page, an anchor on it, and the other edition's name for it: claims by a claim's address, the others by
# an id both editions share (a source row, an article, a reason kind, a notebook cell).
ANCHORS = {
    "index.html": "headline",
    "claims.html": "claim-ja-us4-change-usd",
    "sources.html": "ref-meta-capex-2024",
    "articles.html": "article-br",
    "method.html": "reason-misattributed",
}


def _anchor(folder: Path, name: str) -> str:
    if name in ANCHORS:
        return ANCHORS[name]
    ids = re.findall(r'\sid="(cell-id=[^"]+)"', (folder / name).read_text(encoding="utf-8"))
    return ids[len(ids) // 2]


@pytest.mark.parametrize("name", PAGES)
def test_the_language_switch_lands_on_the_same_page_and_anchor(browser, default_run, name):
    english, korean = default_run.folder, default_run.folder / "ko"
    anchor = _anchor(english, name)
    assert f'id="{anchor}"' in (korean / name).read_text(encoding="utf-8"), f"{anchor} is not on ko/{name}"
    for here, there in ((english, korean), (korean, english)):
        _load(browser, here, name, 390)
        browser.execute_script("window.location.hash = arguments[0];", anchor)
        before = browser.current_url
        browser.execute_script("document.querySelector('a.lang-switch').click();")
        for _ in range(100):
            if browser.current_url != before and browser.execute_script("return document.readyState") == "complete":
                break
            time.sleep(0.05)
        landed = browser.current_url
        assert landed == (there / name).resolve().as_uri() + f"#{anchor}", (name, landed)
        lang = browser.execute_script("return document.documentElement.lang")
        assert lang == ("ko" if there == korean else "en")
        assert browser.execute_script("return document.getElementById(arguments[0]) !== null", anchor)


def test_both_editions_come_from_one_run(default_run, fixed_run):
    """One `capex run` wrote both editions into one scenario folder, proved by one manifest."""
    for run in (default_run, fixed_run):
        folder = run.folder
        _, runs, entries = cache.read_full_manifest(folder)
        assert set(runs) == {"en", "ko"}
        assert {"index.html", "ko/index.html", "claims.html", "ko/claims.html"} <= set(entries)
        assert not (folder / "ko" / cache.MANIFEST_FILE).exists()
        for name in PAGES:
            assert name in entries and f"ko/{name}" in entries, name
        assert cache.cache_status(folder, cache.read_manifest(folder)[0]).hit
