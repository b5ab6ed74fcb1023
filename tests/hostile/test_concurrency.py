"""Class 1, while a run is in progress: an input edited during a run never yields a folder of two versions.

A notebook reads an input, then waits until the test has edited it, then reads it again. The run pinned the
input's hash when it started, so the second read either finds the same bytes (the edit was undone: the
folder is built from one version) or fails the run (the folder is not replaced, nothing is cached); the next
run builds from the new version. After every step, whatever folder is served shows one version throughout:
the notebook's own reads and the library's outputs beside it (scorecard.csv) agree.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from capexlib.core import fx
from capexlib.run import series
from capexlib.run.errors import RunError

from .conftest import data_copy, edit, fingerprint, notebook

pytestmark = pytest.mark.slow

OLD, NEW = "머니투데이", "머니투데이 (edited)"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ecb"


def _reader(folder: Path, reached: Path, go: Path, read: str) -> Path:
    """A notebook that reads (`read`, an expression), signals, waits for the test, and reads again."""
    cell = (
        "import os, time\n"
        "from capexlib.core import fx\n"
        "from capexlib.core.ledger import load_ledger\n"
        f"first = {read}\n"
        f"open({str(reached)!r}, 'w').close()\n"
        "deadline = time.monotonic() + 60\n"
        f"while not os.path.exists({str(go)!r}) and time.monotonic() < deadline:\n"
        "    time.sleep(0.02)\n"
        f"second = {read}\n"
        "print(first, second, sep=' | ')"
    )
    return notebook(folder, cells=(cell,))


def _run_with_edit(kwargs: dict, reached: Path, go: Path, during) -> BaseException | Path:
    """Run the series in a thread; when the notebook has read once, call `during()`, then let it go on."""
    reached.unlink(missing_ok=True)
    go.unlink(missing_ok=True)
    result: list[BaseException | Path] = []

    def target() -> None:
        try:
            result.append(series.run_series(**kwargs))
        except BaseException as e:  # handed to the test
            result.append(e)

    thread = threading.Thread(target=target)
    thread.start()
    deadline = time.monotonic() + 120
    while not reached.exists() and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert reached.exists(), result
    during()
    go.touch()
    thread.join(180)
    return result[0]


def _printed(folder: Path) -> str:
    cells = json.loads((folder / "01_label.ipynb").read_text(encoding="utf-8"))["cells"]
    return "".join(cells[-1]["outputs"][0]["text"]).strip()  # after the parameters cell and the injected one


@pytest.fixture
def setting(tmp_path):
    notebooks, reports, data = tmp_path / "nbs", tmp_path / "reports", data_copy(tmp_path)
    reached, go = tmp_path / "reached", tmp_path / "go"
    _reader(notebooks, reached, go, "load_ledger(data_dir or None).articles.loc['mt', 'outlet']")
    kwargs = dict(given={"data_dir": str(data)}, out_root=reports, notebooks_dir=notebooks, jobs=1, progress=False)
    return kwargs, data, reached, go


def test_a_data_table_edited_during_a_run_fails_it_and_the_next_run_builds_the_new_version(setting):  # issue
    kwargs, data, reached, go = setting
    go.touch()
    folder = series.run_series(**kwargs)  # a first, undisturbed run: the folder a failed run must leave as it is
    assert _printed(folder) == f"{OLD} | {OLD}"
    before = fingerprint(folder.parent)

    outcome = _run_with_edit({**kwargs, "force": True}, reached, go, lambda: edit(data / "articles.csv", OLD, NEW))
    assert isinstance(outcome, RunError), outcome
    assert "articles.csv: changed while the run was in progress" in str(outcome)
    assert fingerprint(folder.parent) == before  # not replaced, no temp folder left, nothing cached

    again = series.run_series(**kwargs)  # the key now covers the new bytes: a fresh build, one version throughout
    assert again == folder and _printed(folder) == f"{NEW} | {NEW}"
    assert NEW in (folder / "scorecard.csv").read_text(encoding="utf-8")


def test_an_edit_undone_before_the_next_read_gives_one_version(setting):
    kwargs, data, reached, go = setting
    original = (data / "articles.csv").read_bytes()

    def edit_and_undo() -> None:
        edit(data / "articles.csv", OLD, NEW)
        time.sleep(0.05)
        (data / "articles.csv").write_bytes(original)

    folder = _run_with_edit(kwargs, reached, go, edit_and_undo)
    assert isinstance(folder, Path), folder
    assert _printed(folder) == f"{OLD} | {OLD}" and NEW not in (folder / "scorecard.csv").read_text(encoding="utf-8")
    assert series.run_series(**kwargs) == folder  # served from the cache: the same bytes it was built from


def test_an_ecb_file_rewritten_during_a_run_fails_it(tmp_path):  # issue
    notebooks, reports = tmp_path / "nbs", tmp_path / "reports"
    reached, go = tmp_path / "reached", tmp_path / "go"
    ecb = tmp_path / "eurofxref-hist.csv"
    ecb.write_bytes(FIXTURES.joinpath("synthetic_recent.csv").read_bytes())
    _reader(notebooks, reached, go, "fx.load_ecb_file(ecb_file).values('KRW')[1][-1]")
    kwargs = dict(
        given={"ecb_file": str(ecb), "fx_date": "2026-11-04"}, out_root=reports, notebooks_dir=notebooks, jobs=1, progress=False
    )
    outcome = _run_with_edit(kwargs, reached, go, lambda: edit(ecb, "1512.34", "1600.00"))
    assert isinstance(outcome, RunError), outcome
    assert "eurofxref-hist.csv: changed while the run was in progress" in str(outcome)
    assert not reports.exists() or [p.name for p in reports.iterdir()] == []

    folder = series.run_series(**kwargs)
    assert _printed(folder) == "1600.00 | 1600.00"
    assert "1428.57 KRW per USD" in (folder / "headline.csv").read_text(encoding="utf-8")  # 1600 / 1.12, as the notebook read
    assert fx.load_ecb_file(ecb).values("KRW")[1][-1] == "1600.00"
