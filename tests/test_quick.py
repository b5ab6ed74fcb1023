"""An unchanged `capex run` is answered by capexlib.run.quick from the record the full run left, with the
standard library alone; anything that could change the output sends it back to the full run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from capexlib import cli
from capexlib.core.paths import DEFAULT_DATA_DIR, PROJECT_ROOT
from capexlib.run import record, scenario


def _notebook(folder: Path, name: str = "01_label.ipynb") -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('label = "x"\ntolerance_pct = 5.0\ndata_dir = ""', metadata={"tags": ["parameters"]})
    nb.cells = [nbformat.v4.new_markdown_cell("# Label"), params, nbformat.v4.new_code_cell("print(label)")]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One full run with a scenario file and a copy of the data, its record, and the request."""
    root = tmp_path_factory.mktemp("quick")
    notebooks, data, reports = root / "nbs", root / "data", root / "reports"
    _notebook(notebooks)
    shutil.copytree(DEFAULT_DATA_DIR, data)
    scenario_file = root / "scenario.yaml"
    scenario_file.write_text("label: from the file\n", encoding="utf-8")
    argv = [
        "run",
        "--reports",
        str(reports),
        "--notebooks",
        str(notebooks),
        "-f",
        str(scenario_file),
        "-p",
        "data_dir",
        str(data),
    ]
    assert cli.main(argv) == 0
    return argv, root


def test_the_same_request_is_answered_from_its_record(served):
    argv, root = served
    records = list((root / "reports" / record.RECORDS).glob("*.json"))
    assert len(records) == 1
    printed = record.answer(argv[1:])
    assert printed is not None and Path(printed).parent == root / "reports"
    assert scenario.scenario_folders(root / "reports") == [Path(printed).name]  # the record folder is no scenario


def test_the_answer_imports_nothing_heavy(served):
    """In a process of its own: the cached answer prints the folder with pandas, nbformat and IPython never imported."""
    argv, _ = served
    code = (
        "import sys\nfrom capexlib.run import quick\ncode = quick.main(sys.argv[1:])\n"
        "heavy = sorted(m for m in ('pandas', 'numpy', 'nbformat', 'IPython', 'capexlib.cli') if m in sys.modules)\n"
        "print(heavy, code)"
    )
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=os.getcwd(), timeout=60)
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stderr
    assert lines == [record.answer(argv[1:]), "[] 0"]  # printed the folder, imported nothing heavy


@pytest.mark.parametrize("change", ["data file", "scenario file", "notebook", "notebook added", "page damaged"])
def test_anything_that_could_change_the_output_is_a_miss(served, change):
    """Each change is a miss; undone, the request is answered again (so the change, nothing else, made it miss)."""
    argv, root = served
    assert record.answer(argv[1:]) is not None
    touched = {
        "data file": root / "data" / "articles.csv",
        "scenario file": root / "scenario.yaml",
        "notebook": root / "nbs" / "01_label.ipynb",
        "notebook added": root / "nbs" / "02_more.ipynb",
        "page damaged": next((root / "reports").glob("*/01_label.html")),
    }[change]
    before = touched.read_bytes() if touched.exists() else None
    try:
        if change == "notebook added":
            _notebook(root / "nbs", touched.name)
        else:
            touched.write_bytes(before.replace(b"label", b"labels", 1) if change != "data file" else before + b"\n")
        assert record.answer(argv[1:]) is None
    finally:
        if before is None:
            touched.unlink()
        else:
            touched.write_bytes(before)
    assert record.answer(argv[1:]) is not None


def test_another_working_folder_or_data_environment_is_another_request(served):
    argv, _ = served
    assert record.request_key(argv) != record.request_key(argv, cwd="/elsewhere")
    assert record.request_key(argv) != record.request_key(argv, environ={"CAPEX_DATA_DIR": "/other"})


def test_forced_and_listing_runs_are_never_answered_from_a_record(served):
    argv, root = served
    assert record.answer([*argv[1:], "--force"]) is None
    assert record.answer([*argv[1:], "--fo"]) is None  # argparse's abbreviation: no record has this request
    assert record.answer([*argv[1:], "--list-params"]) is None
    records = root / "reports" / record.RECORDS
    shutil.rmtree(records)
    assert cli.main([*argv, "--forc"]) == 0
    # a forced run records what it served for the same request without --force
    assert [p.name for p in records.glob("*.json")] == [f"{record.request_key(argv)}.json"]
    assert record.answer(argv[1:]) is not None
    assert record.without_force(["run", "--force", "-p", "label", "--f"]) == ["run", "-p", "label", "--f"]


def test_a_damaged_record_is_a_plain_miss(tmp_path):
    reports = tmp_path / "reports"
    (reports / record.RECORDS).mkdir(parents=True)
    fake = ["run", "--reports", str(reports)]
    (reports / record.RECORDS / f"{record.request_key(fake)}.json").write_text("{not json", encoding="utf-8")
    assert record.answer(fake[1:]) is None


def test_the_console_script_is_the_quick_entry_point():
    import tomllib

    scripts = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"capex": "capexlib.run.quick:main"}
