"""The Korean edition as a Korean reader meets it, in a real Chromium: every page's visible text is Korean but
for the words of tests/browser/korean_allowlist.txt (names, units, codes); at 390 px no table column is
narrower than four Hangul syllables (wide tables stack instead); each page's language switch lands on the
same page and the same anchor in the other edition; and both editions come from one run."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from test_chromium import PAGES, SCREENSHOTS, _load

from capexlib.run import cache

pytestmark = pytest.mark.slow

ALLOWLIST = Path(__file__).with_name("korean_allowlist.txt")
# Never counted: code, scripts, and what a page marks translate="no" (a source's verbatim words, a document's
# title and locator as published).
EXEMPT = "code, kbd, samp, script, style, [translate='no']"
# Text the pages show that is written by the notebooks' outputs and the library's figures, which another
# change puts into Korean (everything the notebooks print, headline labels, the cards' arithmetic, chart
# titles). Each entry must still be needed: test_every_pending_entry_is_still_needed fails once an entry's
# elements hold no English word, so that it is removed here.
PENDING = {
    ".jp-OutputArea-output": "a notebook's outputs: tables and printed text (capexlib.report.present, views)",
    ".card .arithmetic": "a claim card's arithmetic (capexlib.report.present.arithmetic)",
    ".rate": "an exchange rate in words (capexlib.report.present.rate_text)",
    ".printed": "a printed figure with its qualifier's label (capexlib.report.present.printed_text)",
    ".source-row .num": "a source's figure with its unit (capexlib.report.present.value, outcome_value)",
    "#headline td:first-child": "the headline figures' labels (capexlib.topics.headline)",
    "td.why": "the compare page's reasons (scorecard.csv's why: capexlib.report.present.why)",
    ".chart-title": "a chart's title (capexlib.report.charts)",
    ".capex-chart-title": "a chart's title above its panels (capexlib.report.charts)",
}
# Not words: addresses, hosts, paths and file names (data/checks.csv, claims.html#claim-x), identifiers.
URL = re.compile(r"https?://\S+|\S+/\S*|\b[\w-]+(?:\.[\w-]+)+(?:#\S*)?|\b\w+_\w+\b")
WORD = re.compile(r"[A-Za-z]+")

# The visible text of the page outside exempt and pending elements, and each pending selector's own text.
VISIBLE_TEXT = """
const exempt = arguments[0], pending = arguments[1];
const skip = [exempt, ...pending].join(', ');
const texts = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const parent = node.parentElement;
  if (!parent || parent.closest(skip) || !parent.checkVisibility({visibilityProperty: true})) continue;
  texts.push(node.textContent);
}
const held = {};
for (const selector of pending) {
  held[selector] = Array.from(document.querySelectorAll(selector)).map(el => el.innerText || '').join('\\n');
}
return {text: texts.join(' '), pending: held};
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

_SEEN_PENDING: dict[str, set[str]] = {}


def allowed() -> set[str]:
    lines = ALLOWLIST.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def english_words(text: str, allow: set[str]) -> list[str]:
    """The words of `text` in Latin letters that are not allowed, in order, each once."""
    return list(dict.fromkeys(w for w in WORD.findall(URL.sub(" ", text)) if w not in allow))


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
    found = browser.execute_script(VISIBLE_TEXT, EXEMPT, list(PENDING))
    allow = allowed()
    left = english_words(found["text"], allow)
    for selector, text in found["pending"].items():
        if english_words(text, allow):
            _SEEN_PENDING.setdefault(selector, set()).add(name)
    assert not left, f"{folder.parent.name}/ko/{name}: English outside the allowlist: {left[:40]}"


def test_every_pending_entry_is_still_needed(browser, korean_pages):
    """An entry of PENDING whose elements hold no English word on any Korean page is done: remove it."""
    if not _SEEN_PENDING:
        pytest.skip("the pages were not read in this process")
    done = sorted(set(PENDING) - set(_SEEN_PENDING))
    assert not done, f"no English left under {done}: remove them from PENDING"


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
