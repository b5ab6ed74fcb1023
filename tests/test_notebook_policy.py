"""The committed notebooks follow the house rules: no typed figures, the same shape, outputs stored."""

import json
import re

import pytest

from capexlib.core.paths import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LITERAL = re.compile(r"(?<![\w.])(\d{3,}(?:[\d_,]*\d)?(?:\.\d+)?|\d+\.\d+)(?![\w.])")
SHAPE = ("## Load", "## Compute", "## Verdicts", "## Charts")
MAX_IGNORED_OUTPUTS = 3


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _code_without_strings_and_comments(source: str) -> str:
    source = re.sub(r"#.*", "", source)
    return re.sub(r"(['\"]).*?\1", "", source)


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 4


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_figure_is_typed_into_a_code_cell(path):
    for cell in _load(path)["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] != "code" or "parameters" in tags or "injected-parameters" in tags:
            continue
        found = LITERAL.findall(_code_without_strings_and_comments("".join(cell["source"])))
        assert not found, f"{path.name}: numeric literals {found} in a code cell; figures belong in data/"


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
