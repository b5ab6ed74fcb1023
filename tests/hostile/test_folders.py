"""Class 2: two scenarios, two folders; no run deletes what it did not make.

Scenario names are injective (a plain slug that can be read back, or a marked hash); a reports folder may
not sit inside a scenario folder or overlap an input; what a reader left in a scenario folder is moved to
`reports/kept/` when the run rebuilds it, and the run says where.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexlib import cli
from capexlib.core.paths import DEFAULT_DATA_DIR, NOTEBOOKS_DIR, PACKAGE_DIR
from capexlib.run import series
from capexlib.run.scenario import HASH_MARK, KEPT, scenario_folders, scenario_name

from .conftest import fingerprint, notebook, one_line

# --- Injective names -------------------------------------------------------------------------------


def test_an_ecb_file_named_like_a_second_parameter_gets_its_own_folder():  # issue
    a = scenario_name({"ecb_file": "r", "fx_date": "2026-11-20"})
    b = scenario_name({"ecb_file": "r_fx_date-2026-11-20"})
    assert a != b
    assert a == "ecb_file-r_fx_date-2026-11-20"  # readable when it can be read back
    assert HASH_MARK in b  # a value holding the separator is hashed


@pytest.mark.parametrize(
    "first, second",
    [
        ({"label": "A"}, {"label": "a"}),  # one folder on a case-insensitive file system
        ({"label": "x~0123456789abcdef"}, {"label": "x"}),  # a value holding the hash mark
        ({"label": "a_label-b"}, {"label": "a", "label2": "b"}),
        ({"label": "1.0"}, {"label": "1"}),  # text, not numbers: two spellings, two values
        ({"label": "a/b"}, {"label": "a-b"}),
        ({"label": "a..b"}, {"label": "a-b"}),
        ({"label": "default"}, {}),
        ({"fx_date": "2026-11-20"}, {"fx_date": "2026_11_20"}),
    ],
)
def test_different_parameters_never_share_a_folder(first, second):
    names = {
        scenario_name(first, {"label": "", "label2": "", "tolerance_pct": 5.0}),
        scenario_name(second, {"label": "", "label2": "", "tolerance_pct": 5.0}),
    }
    assert len(names) == 2 and len({n.lower() for n in names}) == 2


# Each parameter has one declared type (the notebooks' parameters cells): text, a number or a whole number.
TYPED = {
    "label": st.text(max_size=12),
    "data_dir": st.text(alphabet="ab_-./~A", max_size=12),
    "fx_date": st.text(alphabet="0123456789-_", max_size=10),
    "krw_per_usd": st.floats(min_value=0.001, max_value=1e9),
    "audit_window_days": st.integers(min_value=0, max_value=366),
}
PARAMS = st.fixed_dictionaries({}, optional=TYPED)


@settings(max_examples=400, deadline=None)
@given(a=PARAMS, b=PARAMS)
def test_scenario_names_are_injective(a, b):
    """Two parameter sets with the same name (even ignoring case) are the same parameters."""
    if scenario_name(a, {}).lower() == scenario_name(b, {}).lower():
        assert a == b


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["label", "data_dir"]), st.text(max_size=40), min_size=1))
def test_a_name_is_always_a_safe_folder_name(values):
    name = scenario_name(values, {})
    assert name and "/" not in name and "\\" not in name and ".." not in name and not name.startswith(".")
    assert len(name) <= 80 + 17 and name != KEPT


# --- Where a reports folder may be -----------------------------------------------------------------


@pytest.fixture
def earlier(tmp_path):
    """A reports folder holding a finished scenario (a manifest and its files)."""
    notebooks, reports = tmp_path / "nbs", tmp_path / "reports"
    notebook(notebooks)
    assert cli.main(["run", "--reports", str(reports), "--notebooks", str(notebooks)]) == 0
    return reports, notebooks


def test_a_reports_folder_inside_a_scenario_folder_is_refused(earlier, capsys):  # issue
    reports, notebooks = earlier
    before = fingerprint(reports)
    capsys.readouterr()
    code = cli.main(["run", "--reports", str(reports / "default"), "--notebooks", str(notebooks), "-p", "label", "y"])
    one_line(code, 1, "is inside", capsys)
    assert fingerprint(reports) == before


@pytest.mark.parametrize(
    "inside, what",
    [
        (DEFAULT_DATA_DIR / "reports", "the data folder"),  # issue
        (PACKAGE_DIR / "reports", "the library"),  # issue
        (NOTEBOOKS_DIR / "reports", "the notebooks folder"),  # issue
        (DEFAULT_DATA_DIR, "the data folder"),
        (PACKAGE_DIR / "run", "the library"),
    ],
)
def test_a_reports_folder_inside_an_input_is_refused(inside, what, capsys):
    code = cli.main(["run", "--reports", str(inside)])
    one_line(
        code, 1, f"is {'the same as' if inside.name != 'reports' and inside == DEFAULT_DATA_DIR else 'inside'} {what}", capsys
    )
    assert not (DEFAULT_DATA_DIR / "reports").exists() and not (PACKAGE_DIR / "reports").exists()
    assert not (NOTEBOOKS_DIR / "reports").exists()


def test_an_input_inside_a_scenario_folder_is_refused(earlier, tmp_path, capsys):
    reports, notebooks = earlier
    data = reports / "default" / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    capsys.readouterr()
    code = cli.main(["run", "--reports", str(reports), "--notebooks", str(notebooks), "--data-dir", str(data)])
    one_line(code, 1, "which runs write and replace", capsys)


def test_notebooks_inside_the_kept_folder_are_refused(earlier, capsys):
    reports, notebooks = earlier
    moved = reports / KEPT / "nbs"
    shutil.copytree(notebooks, moved)
    code = cli.main(["run", "--reports", str(reports), "--notebooks", str(moved)])
    one_line(code, 1, "which runs write and replace", capsys)


# --- What a reader left is kept ------------------------------------------------------------------


def _rebuild(reports: Path, notebooks: Path, notes: list[str]) -> Path:
    return series.run_series({}, out_root=reports, notebooks_dir=notebooks, progress=False, force=True, on_note=notes.append)


def test_jupyterlab_checkpoints_are_kept_when_the_folder_is_rebuilt(earlier):  # issue
    reports, notebooks = earlier
    checkpoints = reports / "default" / ".ipynb_checkpoints"
    checkpoints.mkdir()
    (checkpoints / "01_label-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    notes: list[str] = []
    _rebuild(reports, notebooks, notes)
    kept = reports / KEPT / "default" / "1"
    assert (kept / ".ipynb_checkpoints" / "01_label-checkpoint.ipynb").read_text(encoding="utf-8") == "{}"
    assert any(f"moved to {kept}" in n and ".ipynb_checkpoints" in n for n in notes), notes
    assert not (reports / "default" / ".ipynb_checkpoints").exists()


def test_a_notebook_a_reader_edited_in_the_folder_is_kept(earlier):  # issue
    reports, notebooks = earlier
    page = reports / "default" / "01_label.ipynb"
    page.write_text(page.read_text(encoding="utf-8").replace("# Hostile", "# My notes"), encoding="utf-8")
    notes: list[str] = []
    _rebuild(reports, notebooks, notes)
    assert "# My notes" in (reports / KEPT / "default" / "1" / "01_label.ipynb").read_text(encoding="utf-8")
    assert "# My notes" not in page.read_text(encoding="utf-8")  # the run's own notebook is back
    assert any("01_label.ipynb" in n for n in notes)


def test_each_rebuild_keeps_into_a_new_folder(earlier):
    reports, notebooks = earlier
    for n in (1, 2):
        (reports / "default" / "mine.txt").write_text(f"note {n}", encoding="utf-8")
        _rebuild(reports, notebooks, [])
        assert (reports / KEPT / "default" / str(n) / "mine.txt").read_text(encoding="utf-8") == f"note {n}"


def test_a_folder_without_a_manifest_is_kept_whole(earlier):
    reports, notebooks = earlier
    (reports / "default" / ".manifest").unlink()
    before = {p.name for p in (reports / "default").iterdir()}
    notes: list[str] = []
    _rebuild(reports, notebooks, notes)
    assert {p.name for p in (reports / KEPT / "default" / "1").iterdir()} == before
    assert any("no manifest" in n for n in notes)


def test_a_symlink_and_a_fifo_in_a_folder_are_moved_not_followed(earlier, tmp_path):
    reports, notebooks = earlier
    target = tmp_path / "precious.txt"
    target.write_text("mine", encoding="utf-8")
    (reports / "default" / "link.txt").symlink_to(target)
    os.mkfifo(reports / "default" / "pipe")
    _rebuild(reports, notebooks, [])
    kept = reports / KEPT / "default" / "1"
    assert (kept / "link.txt").is_symlink() and (kept / "pipe").exists()
    assert target.read_text(encoding="utf-8") == "mine"


def test_a_nested_scenario_is_kept_when_its_parent_is_rebuilt(earlier):
    """A folder an older capex let `--reports reports/default` write is not deleted by the next plain run."""
    reports, notebooks = earlier
    nested = reports / "default" / "label-y"
    nested.mkdir()
    (nested / "headline.csv").write_text("id,label,value,unit\nx,y,1,USD\n", encoding="utf-8")
    _rebuild(reports, notebooks, [])
    assert (reports / KEPT / "default" / "1" / "label-y" / "headline.csv").is_file()


def test_the_kept_folder_is_never_listed_as_a_scenario(earlier):
    reports, notebooks = earlier
    (reports / "default" / "mine.txt").write_text("x", encoding="utf-8")
    _rebuild(reports, notebooks, [])
    (reports / KEPT / "headline.csv").write_text("id,label,value,unit\nx,y,1,USD\n", encoding="utf-8")
    assert scenario_folders(reports) == ["default"]
