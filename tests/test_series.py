"""The whole series, executed once (tests/conftest.py): offline, reproducing the committed notebooks and
exports, with pages that render the same bytes again; and a papermill rerun with the articles' rates."""

import base64
import csv
import json
import shutil

import pytest

from capexlib.core.paths import PROJECT_ROOT
from capexlib.report import fonts, site
from capexlib.report.i18n import LANGUAGES
from capexlib.report.options import SiteOptions
from capexlib.run import build, editions, notebook_params, series

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


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
    for name in ("scorecard.csv", "claimreview.jsonld", "hindsight.csv", "hindsight.jsonld"):
        assert (default_run.folder / name).read_bytes() == (PROJECT_ROOT / "notebooks" / name).read_bytes(), name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_site_builds_to_the_same_bytes_again(default_run, tmp_path, lang):
    """Each page is its notebook rendered and finished from the run's data, plus the embedded font: built
    again from the executed notebooks alone, every page, the index and the exports come out the same, in
    each edition (the Korean one in ko/)."""
    folder = editions.folder_of(default_run.folder, lang)
    pages = sorted(folder.glob("[0-9][0-9]_*.html"))
    assert len(pages) == len(NOTEBOOKS)
    for nb in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        shutil.copy(nb, tmp_path / nb.name)
        site.render_notebook(nb, tmp_path / f"{nb.stem}.html", lang)
    for name in ("headline.csv", "verdicts.csv", "params.json"):  # written by the run before the site
        shutil.copy(folder / name, tmp_path / name)
    resolved = build.edition(notebook_params.resolve({}, NOTEBOOKS), lang)
    series.finish_site(tmp_path, resolved, PROJECT_ROOT / "data", "default", SiteOptions(lang=lang, languages=LANGUAGES))
    for page in [*pages, folder / "index.html", folder / "claimreview.jsonld"]:
        assert (tmp_path / page.name).read_bytes() == page.read_bytes(), page.name
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.html"))]
    chars = {c for c in fonts.covered({c for text in texts for c in text}) if fonts.korean_script(c)}
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
