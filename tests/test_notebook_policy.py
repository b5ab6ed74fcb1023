"""The committed notebooks follow the house rules: no typed figures, the same shape, outputs stored."""

import json
import re

import pytest

from capexlib import find_amounts
from capexlib.core.ledger import load_ledger
from capexlib.core.paths import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LITERAL = re.compile(r"(?<![\w.])(\d{3,}(?:[\d_,]*\d)?(?:\.\d+)?|\d+\.\d+)(?![\w.])")
# Digits with a unit, as a figure is written in prose: '3200억', '60 to 65 billion', 'about 1%', '$2', '18 months'.
_UNIT_WORDS = r"%|퍼센트|조|억|만|천|달러|원|위안|유로|배|개월|(?i:billion|million|trillion|bn|mn|months?|years?|days?|times)\b"
DIGITS_WITH_UNITS = re.compile(rf"(?<![\w.])\d[\d,.]*\s*(?:{_UNIT_WORDS}|[BMKT]\b|x\b)|[$€¥₩]\s?\d")
# In Markdown, 'Llama 3.1 405B' names a model: only currency signs and Korean and English unit words count.
PROSE_FIGURE = re.compile(rf"(?<![\w.])\d[\d,.]*\s*(?:{_UNIT_WORDS})|[$€¥₩]\s?\d")
# Hindsight (06) judges nothing: its fourth section holds outcomes, in the same place as the others' verdicts.
SHAPE = ("## Load", "## Compute", ("## Verdicts", "## Outcomes"), "## Charts")
MAX_IGNORED_OUTPUTS = 3


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _code_without_strings_and_comments(source: str) -> str:
    source = re.sub(r"#.*", "", source)
    return re.sub(r"(['\"]).*?\1", "", source)


def _code_without_comments(source: str) -> str:
    return re.sub(r"#.*", "", source)


def _code_cells(path):
    for cell in _load(path)["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "code" and "parameters" not in tags and "injected-parameters" not in tags:
            yield "".join(cell["source"])


def test_the_seven_notebooks_are_there_in_reading_order():
    assert [p.stem for p in NOTEBOOKS] == [
        "00_sources_and_rates",
        "01_totals_2025",
        "02_change_2024_2025",
        "03_bat_comparison",
        "04_deepseek_costs",
        "05_scorecard",
        "06_hindsight",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_figure_is_typed_into_a_code_cell(path):
    for source in _code_cells(path):
        found = LITERAL.findall(_code_without_strings_and_comments(source))
        assert not found, f"{path.name}: numeric literals {found} in a code cell; figures belong in data/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_figure_is_typed_into_a_string(path):
    """Strings too: 'the printed 3200억 달러 is the high end' or an alt text's '60 to 65 billion' is a typed
    figure. Both the project's own parser (find_amounts) and digits-with-units look inside the strings."""
    for source in _code_cells(path):
        code = _code_without_comments(source)
        found = [a.text for a in find_amounts(code)] + DIGITS_WITH_UNITS.findall(code)
        assert not found, f"{path.name}: figures {found} typed into a code cell (a string included); generate them from data/"


def test_the_string_checks_catch_what_they_must():
    for typed in (
        'print("the printed 3200억 달러 is the high end")',
        'alt="Meta\'s 60 to 65 billion range"',
        'alt="within about 1%"',
    ):
        code = _code_without_comments(typed)
        assert find_amounts(code) or DIGITS_WITH_UNITS.findall(code), typed
    assert not DIGITS_WITH_UNITS.findall('present.pct(v, 4, False); json.dumps(r, indent=1); f"x {f:f}"')


@pytest.fixture(scope="module")
def printed_figures():
    """Every (amount, unit) the articles print: a Markdown cell may quote those, and only those."""
    claims = load_ledger().records("claims").values()
    return {(c["amount"], c["currency"]) for c in claims} | {(c["amount_high"], c["currency"]) for c in claims}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_markdown_quotes_only_printed_figures(path, printed_figures):
    """Prose may quote what an article printed ("3200억 달러", "약 463조 원"); any other figure in it would be
    typed, not computed (a rounding band such as '462.5조' included)."""
    for cell in _load(path)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        quoted = [a for a in find_amounts(text) if (a.amount, a.currency) in printed_figures]
        others = [a.text for a in find_amounts(text) if (a.amount, a.currency) not in printed_figures]
        assert not others, f"{path.name}: figures {others} in Markdown are not figures an article printed"
        for m in PROSE_FIGURE.finditer(text):
            assert any(a.start <= m.start() and m.end() <= a.end for a in quoted), (
                f"{path.name}: {m.group(0)!r} in Markdown is not part of a printed figure"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_the_same_shape(path):
    cells = _load(path)["cells"]
    assert "parameters" in cells[1].get("metadata", {}).get("tags", []), "the second cell is the parameters cell"
    headings = [
        line
        for c in cells
        if c["cell_type"] == "markdown"
        for line in "".join(c["source"]).splitlines()
        if line.startswith("## ")
    ]
    positions = [next((i for i, h in enumerate(headings) if h.startswith(s)), None) for s in SHAPE]
    assert None not in positions and positions == sorted(positions), f"{path.name}: headings {headings}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_stored_and_numbered(path):
    code = [c for c in _load(path)["cells"] if c["cell_type"] == "code"]
    assert any(c["outputs"] for c in code), "no stored outputs: nbval would check nothing"
    for c in code:
        assert c["outputs"] == [] or c["execution_count"] is not None
        assert not any(o["output_type"] == "error" for o in c["outputs"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_image_has_alt_text(path):
    for c in _load(path)["cells"]:
        for o in c.get("outputs", []):
            if "image/png" in o.get("data", {}):
                assert o["metadata"]["image/png"]["alt"], f"{path.name}: an image without alt text"
                assert "".join(o["data"]["text/plain"]).startswith("[chart] ")


def test_few_outputs_are_ignored_by_nbval():
    ignored = sum("NBVAL_IGNORE_OUTPUT" in "".join(c["source"]) for p in NOTEBOOKS for c in _load(p)["cells"])
    assert ignored <= MAX_IGNORED_OUTPUTS


def test_notebook_04_says_where_its_figures_come_from():
    """Its 2024 total is notebook 02's like-for-like one, and Llama 3.1 405B was Meta's largest model, not its
    latest (Llama 3.3 70B came out on 6 December 2024)."""
    path = PROJECT_ROOT / "notebooks" / "04_deepseek_costs.ipynb"
    text = "".join(line for cell in _load(path)["cells"] for line in cell["source"])
    outputs = json.dumps([cell.get("outputs", []) for cell in _load(path)["cells"]], ensure_ascii=False)
    assert "(notebook 01)" not in text and "the like-for-like basis of notebook 02" in outputs
    assert "largest and latest" not in text and "Meta's largest model" in text
