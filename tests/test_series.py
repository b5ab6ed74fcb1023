"""The whole series, executed once (tests/conftest.py): offline, reproducing the committed notebooks and
exports, with pages that render the same bytes again; and a papermill rerun with the articles' rates."""

import base64
import csv
import json
import re
import shutil

import nbformat
import pytest

from capexlib.core.paths import PROJECT_ROOT
from capexlib.report import fonts, site

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EMBEDDED_FONT = re.compile(r'<style>@font-face \{ font-family: "capex-hangul";.*?</style>', re.DOTALL)


def _outputs(path):
    """Each non-injected code cell's outputs, in order (a scenario run adds an injected-parameters cell)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        c["outputs"] for c in cells if c["cell_type"] == "code" and "injected-parameters" not in c["metadata"].get("tags", [])
    ]


def test_the_series_runs_with_no_network(default_run):
    if not default_run.offline:
        pytest.skip("no network namespace here (unshare -n needs root on Linux); the run had the network")
    assert (default_run.folder / "index.html").is_file()
    with (default_run.folder / "headline.csv").open(encoding="utf-8") as f:
        headline = {row["id"]: row for row in csv.DictReader(f)}
    assert headline["us4_2025_plan_krw"]["label"] == "US four: 2025 plans in KRW at 1447.09 KRW per USD (ECB, 2025-02-07)"
    assert headline["us4_2025_plan_usd"]["value"] == "320000000000"


def test_the_default_run_reproduces_the_committed_outputs(default_run):
    """The committed notebooks were executed by `capex normalize`, in other kernels at another time:
    equal outputs mean the series is deterministic."""
    ran = sorted(default_run.folder.glob("[0-9][0-9]_*.ipynb"))
    assert [p.name for p in ran] == [p.name for p in NOTEBOOKS]
    for committed in NOTEBOOKS:
        assert _outputs(default_run.folder / committed.name) == _outputs(committed), committed.name


def test_the_default_run_exports_match_the_committed_ones(default_run):
    for name in ("scorecard.csv", "claimreview.jsonld", "hindsight.csv", "hindsight_claimreview.jsonld"):
        assert (default_run.folder / name).read_bytes() == (PROJECT_ROOT / "notebooks" / name).read_bytes(), name


def test_the_pages_render_to_the_same_bytes_again(default_run, tmp_path):
    """Each page is its notebook rendered, plus the embedded font: both are deterministic."""
    pages = sorted(default_run.folder.glob("[0-9][0-9]_*.html"))
    assert len(pages) == len(NOTEBOOKS)
    for page in pages:
        again = site.notebook_html(nbformat.read(str(page.with_suffix(".ipynb")), as_version=4))
        assert EMBEDDED_FONT.sub("", page.read_text(encoding="utf-8")) == again, page.name
    texts = [p.read_text(encoding="utf-8") for p in sorted(default_run.folder.glob("*.html"))]
    chars = {c for text in texts for c in text if ord(c) > 127}
    font = base64.b64encode(fonts.subset(chars)).decode("ascii")
    assert all(f"base64,{font})" in text for text in texts)


def test_a_notebook_reruns_with_the_articles_own_rates(tmp_path):
    """papermill with another rate source: 01 converts with each article's implied rate."""
    import papermill as pm

    out = tmp_path / "01.ipynb"
    pm.execute_notebook(
        PROJECT_ROOT / "notebooks" / "01_totals_2025.ipynb",
        out,
        cwd=PROJECT_ROOT,
        kernel_name="python3",
        progress_bar=False,
        parameters={"fx_source": "article"},
    )
    text = out.read_text(encoding="utf-8")
    assert "KRW per USD (article" in text and "(ECB, 2025-02-07)" not in text
    shutil.rmtree(tmp_path, ignore_errors=True)
