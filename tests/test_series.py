"""The whole series: deterministic, reproducing the committed notebooks, offline, and a rerun with rates."""

import json
import shutil
import subprocess
import sys

import pytest

from capexlib.run import series
from capexlib.core.paths import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _outputs(path):
    """Each non-injected code cell's outputs, in order (a scenario run adds an injected-parameters cell)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [c["outputs"] for c in cells
            if c["cell_type"] == "code" and "injected-parameters" not in c["metadata"].get("tags", [])]


@pytest.fixture(scope="module")
def two_default_runs(tmp_path_factory):
    first = series.run_series({}, out_root=tmp_path_factory.mktemp("first"), force=True, progress=False)
    second = series.run_series({}, out_root=tmp_path_factory.mktemp("second"), force=True, progress=False)
    return first, second


def test_the_default_series_is_byte_identical_twice(two_default_runs):
    first, second = two_default_runs
    names = sorted(p.name for p in first.iterdir() if p.suffix in (".ipynb", ".html", ".csv", ".jsonld"))
    assert len([n for n in names if n.endswith(".ipynb")]) == len(NOTEBOOKS)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_default_run_reproduces_the_committed_outputs(two_default_runs):
    first, _ = two_default_runs
    for committed in NOTEBOOKS:
        assert _outputs(first / committed.name) == _outputs(committed), committed.name


def test_the_default_run_exports_match_the_committed_ones(two_default_runs):
    first, _ = two_default_runs
    for name in ("scorecard.csv", "claimreview.jsonld"):
        assert (first / name).read_bytes() == (PROJECT_ROOT / "notebooks" / name).read_bytes(), name


def _unshare_works() -> bool:
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="needs a network namespace (unshare -n, as root)")
def test_the_series_runs_with_no_network(tmp_path):
    """In a fresh network namespace only loopback exists (kernels talk over it); nothing else is reachable."""
    capex = [sys.executable, "-m", "capexlib.cli", "run", "--reports", str(tmp_path), "--krw-per-usd", "1380"]
    script = "ip link set lo up && exec " + " ".join(f"'{a}'" for a in capex)
    done = subprocess.run(["unshare", "-n", "sh", "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    out = tmp_path / "fx_source-fixed_krw_per_usd-1380"
    headline = (out / "headline.csv").read_text(encoding="utf-8")
    assert "us4_2025_plan_krw" in headline and "441600000000000" in headline  # $320B x 1380
    assert "1380.00 KRW per USD (fixed)" in (out / "01_totals_2025.html").read_text(encoding="utf-8")


def test_a_notebook_reruns_with_the_articles_own_rates(tmp_path):
    """papermill with another rate source: 01 converts with each article's implied rate."""
    import papermill as pm

    out = tmp_path / "01.ipynb"
    pm.execute_notebook(PROJECT_ROOT / "notebooks" / "01_totals_2025.ipynb", out, cwd=PROJECT_ROOT, kernel_name="python3",
                        progress_bar=False, parameters={"fx_source": "article"})
    text = out.read_text(encoding="utf-8")
    assert "KRW per USD (article" in text and "(ECB, 2025-02-07)" not in text
