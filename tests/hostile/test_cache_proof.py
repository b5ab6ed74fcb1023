"""Class 1: a cache answer must prove it was built from these exact inputs.

Every input is resolved by one rule and hashed by content when a run starts; what the run reads is checked
against those hashes (tests/hostile/test_concurrency.py edits inputs while a run is in progress); the
environment that changes outputs is pinned in the workers; a record is only a hint, checked against the
request and the files as they are now.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from capexlib import cli
from capexlib.core.paths import PROJECT_ROOT
from capexlib.run import record
from capexlib.run.scenario import scenario_name

from .conftest import data_copy, edit, notebook


def _record_path(argv: list[str], reports: Path) -> Path:
    return reports / record.RECORDS / f"{record.request_key(argv)}.json"


def _forged(served, change) -> None:
    """Rewrite the served request's record with `change(record)` applied; restored by the caller."""
    path = _record_path(served.argv, served.reports)
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def pristine(served):
    """The served request's record as written, restored after the test."""
    path = _record_path(served.argv, served.reports)
    before = path.read_bytes()
    assert record.answer(served.argv[1:]) is not None
    yield served
    path.write_bytes(before)
    assert record.answer(served.argv[1:]) is not None


# --- The cases -------------------------------------------------------------------------


@pytest.fixture
def linked(tmp_path):
    """A run whose scenario file and data folder are symlinks, and its request."""
    notebooks, reports = tmp_path / "nbs", tmp_path / "reports"
    notebook(notebooks)
    first, second = tmp_path / "one.yaml", tmp_path / "two.yaml"
    first.write_text("label: one\n", encoding="utf-8")
    second.write_text("label: two\n", encoding="utf-8")
    data_one = data_copy(tmp_path / "d1")
    data_two = data_copy(tmp_path / "d2")
    edit(data_two / "articles.csv", "머니투데이", "머니투데이 (edited)")
    scenario_link, data_link = tmp_path / "scenario.yaml", tmp_path / "data"
    scenario_link.symlink_to(first)
    data_link.symlink_to(data_one)
    argv = [
        "run",
        "--reports",
        str(reports),
        "--notebooks",
        str(notebooks),
        "-f",
        str(scenario_link),
        "--data-dir",
        str(data_link),
    ]
    assert cli.main(argv) == 0
    assert record.answer(argv[1:]) is not None
    return argv, scenario_link, second, data_link, data_two


def test_a_scenario_file_symlink_re_pointed_is_not_served_from_the_old_target(linked, capsys):  # issue
    argv, scenario_link, second, _, _ = linked
    scenario_link.unlink()
    scenario_link.symlink_to(second)
    assert record.answer(argv[1:]) is None
    capsys.readouterr()
    assert cli.main(argv) == 0
    folder = Path(capsys.readouterr().out.strip())
    assert "two" in (folder / "01_label.ipynb").read_text(encoding="utf-8")


def test_a_data_folder_symlink_re_pointed_is_not_served_from_the_old_target(linked, capsys):  # issue
    argv, _, _, data_link, data_two = linked
    data_link.unlink()
    data_link.symlink_to(data_two)
    assert record.answer(argv[1:]) is None
    capsys.readouterr()
    assert cli.main(argv) == 0
    folder = Path(capsys.readouterr().out.strip())
    assert "머니투데이 (edited)" in (folder / "scorecard.csv").read_text(encoding="utf-8")


def test_a_record_copied_from_another_scenario_does_not_serve_it(pristine):  # issue
    served = pristine
    source = _record_path(served.other, served.reports)
    target = _record_path(served.argv, served.reports)
    target.write_bytes(source.read_bytes())
    assert record.answer(served.argv[1:]) is None
    assert record.answer(served.other[1:]) is not None  # the original is untouched


def test_a_records_printed_field_is_never_printed(pristine):  # issue
    _forged(pristine, lambda r: r.update(printed="/etc/passwd"))
    printed = record.answer(pristine.argv[1:])
    assert printed is not None and printed != "/etc/passwd"
    assert Path(printed).parent == pristine.reports  # computed from the request and the parameters


MPL_PROBE = "import matplotlib\nprint(matplotlib.rcParams['figure.dpi'], matplotlib.rcParams['axes.facecolor'])"


@pytest.mark.slow
def test_a_matplotlibrc_in_the_environment_does_not_restyle_the_outputs(tmp_path):  # issue
    """A matplotlibrc through $MPLCONFIGDIR (and one in the working folder, and $MATPLOTLIBRC): the workers run
    with matplotlib's own defaults."""
    hostile = tmp_path / "mplconfig"
    hostile.mkdir()
    (hostile / "matplotlibrc").write_text("figure.dpi: 33\naxes.facecolor: red\n", encoding="utf-8")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / "matplotlibrc").write_text("figure.dpi: 44\n", encoding="utf-8")
    notebooks = tmp_path / "nbs"
    notebook(notebooks, cells=(MPL_PROBE,))
    env = {**os.environ, "MPLCONFIGDIR": str(hostile), "MATPLOTLIBRC": str(hostile / "matplotlibrc")}
    command = [sys.executable, "-m", "capexlib.cli", "run", "--reports", str(tmp_path / "r"), "--notebooks", str(notebooks)]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    executed = json.loads((Path(done.stdout.strip()) / "01_label.ipynb").read_text(encoding="utf-8"))
    printed = "".join(executed["cells"][2]["outputs"][0]["text"])
    assert printed == "100.0 white\n"  # matplotlib's own defaults


# --- Our own cases -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r.update(key="0" * 64),
        lambda r: r.update(folder="label-other"),  # another scenario's folder, which exists
        lambda r: r["values"].update(label="other"),  # parameters that do not match the folder's name
        lambda r: r["request"].update(argv=["run", "--reports", "/elsewhere"]),
        lambda r: r.update(reports="/tmp"),
        lambda r: r.update(notebooks_dir=str(PROJECT_ROOT / "notebooks")),
        lambda r: r["paths"].append([r["paths"][0][0], "/somewhere/else"]),
        lambda r: r["files"].update({next(iter(r["files"])): "0" * 64}),
        lambda r: r.update(given={"label": "other"}, folder=scenario_name({"label": "other"}, r["defaults"])),
    ],
    ids=["key", "folder", "values", "request", "reports", "notebooks", "paths", "scenario file hash", "given"],
)
def test_a_record_that_does_not_hold_is_a_plain_miss(pristine, change):
    _forged(pristine, change)
    assert record.answer(pristine.argv[1:]) is None


@pytest.mark.parametrize("text", ["[1, 2]", '"a string"', "{}", '{"request": null}', "[" * 5000 + "]" * 5000, "\x00"])
def test_a_record_that_is_no_record_is_a_plain_miss(pristine, text):
    _record_path(pristine.argv, pristine.reports).write_text(text, encoding="utf-8")
    assert record.answer(pristine.argv[1:]) is None


def test_a_record_symlinked_to_another_requests_record_is_a_plain_miss(pristine):
    target = _record_path(pristine.argv, pristine.reports)
    target.unlink()
    target.symlink_to(_record_path(pristine.other, pristine.reports))
    assert record.answer(pristine.argv[1:]) is None


@pytest.mark.slow
def test_the_workers_environment_is_pinned(tmp_path):
    """$TZ, the locale, $PYTHONPATH and a module in the working folder do not reach a notebook."""
    shadow = tmp_path / "cwd"
    shadow.mkdir()
    (shadow / "shadowmod.py").write_text("VALUE = 1\n", encoding="utf-8")
    probe = (
        "import importlib.util, os, sys\n"
        "print(os.environ.get('TZ'), os.environ.get('LANG'), os.environ.get('PYTHONPATH'), "
        "importlib.util.find_spec('shadowmod') is None, sys.flags.isolated)"
    )
    notebooks = tmp_path / "nbs"
    notebook(notebooks, cells=(probe,))
    env = {**os.environ, "TZ": "Asia/Seoul", "LANG": "ko_KR.UTF-8", "PYTHONPATH": str(shadow)}
    command = [sys.executable, "-m", "capexlib.cli", "run", "--reports", str(tmp_path / "r"), "--notebooks", str(notebooks)]
    done = subprocess.run(command, cwd=shadow, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    executed = json.loads((Path(done.stdout.strip()) / "01_label.ipynb").read_text(encoding="utf-8"))
    assert "".join(executed["cells"][2]["outputs"][0]["text"]) == "UTC None None True 1\n"


def test_a_path_parameter_is_its_resolved_path(tmp_path):
    """One spelling of a path: relative, `~`-prefixed or symlinked, the run injects and names the path it reads."""
    from capexlib.run import notebook_params

    nbs = [notebook(tmp_path / "nbs")]
    data = data_copy(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(data)
    spellings = [str(link), str(data), str(tmp_path / "." / "data"), str(tmp_path / "x" / ".." / "data")]
    resolved = {notebook_params.resolve({"data_dir": s}, nbs).given["data_dir"] for s in spellings}
    assert resolved == {str(data.resolve())}


@pytest.mark.slow
def test_a_jupyter_template_in_the_environment_does_not_restyle_the_pages(tmp_path):
    """nbconvert looks for its 'lab' template in $JUPYTER_PATH first: the pages come from the venv's own."""
    evil = tmp_path / "jupyter" / "nbconvert" / "templates" / "lab"
    evil.mkdir(parents=True)
    (evil / "index.html.j2").write_text("HIJACKED {{ resources }}", encoding="utf-8")
    (evil / "conf.json").write_text('{"base_template": "base", "mimetypes": {"text/html": true}}', encoding="utf-8")
    notebooks = tmp_path / "nbs"
    notebook(notebooks)
    env = {**os.environ, "JUPYTER_PATH": str(tmp_path / "jupyter"), "JUPYTER_PREFER_ENV_PATH": "0"}
    command = [sys.executable, "-m", "capexlib.cli", "run", "--reports", str(tmp_path / "r"), "--notebooks", str(notebooks)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = (Path(done.stdout.strip()) / "01_label.html").read_text(encoding="utf-8")
    assert "HIJACKED" not in page and "<!DOCTYPE html>" in page


def test_a_forged_manifest_naming_files_outside_its_folder_reads_none_of_them(pristine, tmp_path):
    from capexlib.run import cache

    folder = Path(record.answer(pristine.argv[1:]))
    manifest = folder / cache.MANIFEST_FILE
    before = manifest.read_text(encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("not the run's", encoding="utf-8")
    forged = [f"{'0' * 64}\t13\t{outside}", f"{'0' * 64}\t13\t../../{outside.name}"]
    try:
        manifest.write_text(before + "\n".join(forged) + "\n", encoding="utf-8")
        status = cache.cache_status(folder, cache.read_manifest(folder)[0])
        assert not status.hit and f"{outside} missing" in status.problem
    finally:
        manifest.write_text(before, encoding="utf-8")
