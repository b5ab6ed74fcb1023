"""Opened in JupyterLab, the committed notebooks look as they do on the site and stay unmodified: no dollar
amount typeset as maths, and kernelspec metadata equal to the installed kernel's (JupyterLab rewrites it
to its kernel's on opening, which would mark the notebook modified)."""

import json
import re

import pandas as pd
import pytest
from jupyter_client.kernelspec import KernelSpecManager

from capexlib.core.paths import PROJECT_ROOT
from capexlib.run import session
from capexlib.run.normalize import KERNEL_NAME, KERNELSPEC

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
DOLLAR_PAIR = re.compile(r"(?<!\\)\$[^$\n]*?(?<!\\)\$")


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_kernelspec_constant_is_the_installed_kernels():
    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    assert {"display_name": spec.display_name, "language": spec.language, "name": KERNEL_NAME} == KERNELSPEC


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_kernelspec_matches_the_installed_kernel(path):
    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
    assert meta == {"display_name": spec.display_name, "language": spec.language, "name": KERNEL_NAME}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_markdown_cell_holds_a_dollar_pair(path):
    for cell in _cells(path):
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            assert not DOLLAR_PAIR.search(text), f"{path.name}: {DOLLAR_PAIR.search(text).group(0)!r} would be typeset as maths"


def test_the_dollar_pair_check_can_fail():
    assert DOLLAR_PAIR.search("about $100B more than last year's $230B")
    assert not DOLLAR_PAIR.search("about USD 100B more than last year's USD 230B; one $ sign")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_tables_are_marked_for_mathjax_to_ignore(path):
    tables = [
        "".join(o["data"]["text/html"])
        for c in _cells(path)
        for o in c.get("outputs", [])
        if "<table" in "".join(o.get("data", {}).get("text/html", ""))
    ]
    assert tables, f"{path.name} shows no table"
    for table in tables:
        assert 'class="dataframe tex2jax_ignore mathjax_ignore"' in table


def test_the_session_turns_mathjax_off():
    with pd.option_context("display.html.use_mathjax", True):
        session.start({})
        assert pd.get_option("display.html.use_mathjax") is False
        html = pd.DataFrame({"a": ["$320B", "$250B"]})._repr_html_()
    assert "tex2jax_ignore" in html
