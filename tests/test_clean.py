"""`make clean` removes what capex made under reports/ and nothing a reader put there; `make` alone helps."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from capexlib.core.paths import PROJECT_ROOT
from capexlib.run import clean
from capexlib.run.cache import write_manifest


@pytest.fixture
def reports(tmp_path):
    root = tmp_path / "reports"
    scenario = root / "default"
    scenario.mkdir(parents=True)
    (scenario / "index.html").write_text("<html></html>")
    (scenario / "01_totals_2025.ipynb").write_text("{}")
    write_manifest(scenario, "k" * 64)
    # After the run: a reader's note and a notebook saved from JupyterLab with its checkpoint.
    (scenario / "my-notes.txt").write_text("mine")
    (scenario / ".ipynb_checkpoints").mkdir()
    (scenario / ".ipynb_checkpoints" / "01_totals_2025-checkpoint.ipynb").write_text("{}")
    (root / ".requests").mkdir()
    (root / ".requests" / ("a" * 64 + ".json")).write_text("{}")
    (root / "compare-default-vs-other.html").write_text("<html></html>")
    (root / "sweeps").mkdir()
    (root / "sweeps" / "sweep_krw_per_usd.csv").write_text("x\n")
    (root / "sweeps" / "budget.xlsx").write_text("mine")
    (root / ".default.tmp-0123abcd").mkdir()  # what a killed run left
    (root / "notes.md").write_text("mine")
    (root / "old-scenario").mkdir()  # a folder without a manifest: not provably capex's
    (root / "old-scenario" / "index.html").write_text("<html></html>")
    return root


def test_clean_removes_only_what_capex_made_and_lists_both(reports):
    lines = clean.clean(reports)
    left = sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*") if p.is_file())
    assert left == [
        "default/.ipynb_checkpoints/01_totals_2025-checkpoint.ipynb",
        "default/my-notes.txt",
        "notes.md",
        "old-scenario/index.html",
        "sweeps/budget.xlsx",
    ]
    assert not (reports / ".default.tmp-0123abcd").exists() and not (reports / ".requests").exists()
    assert lines[0] == f"removing what capex made in {reports}:"
    assert f"  {reports / 'default'} (3 files)" in lines
    assert "keeping what capex did not make (yours):" in lines
    assert f"  {reports / 'notes.md'}" in lines


def test_a_dry_run_removes_nothing(reports):
    before = sorted(reports.rglob("*"))
    lines = clean.clean(reports, dry_run=True)
    assert sorted(reports.rglob("*")) == before
    assert lines[0].startswith("would remove")


def test_clean_of_a_folder_capex_alone_wrote_leaves_nothing(tmp_path):
    root = tmp_path / "reports"
    (root / "default").mkdir(parents=True)
    (root / "default" / "index.html").write_text("x")
    write_manifest(root / "default", "k" * 64)
    clean.clean(root)
    assert not root.exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_alone_prints_the_targets():
    done = subprocess.run(["make", "-s"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    for target in ("make run", "make test", "make lab", "make clean", "make bench"):
        assert target in done.stdout
