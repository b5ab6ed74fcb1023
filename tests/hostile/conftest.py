"""Shared set-up of the hostile cases (issue 24): tiny notebooks, a copy of the data, one served run per
session, and the check that an error is one line naming what is wrong.

Each file holds one class of the issue: the cases the issue lists (marked `# issue:` in each file) and
our own cases of the same class. Runs execute tiny notebooks, so that the whole folder costs seconds.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from capexlib import cli
from capexlib.core.ledger import DataError, load_ledger
from capexlib.core.paths import DEFAULT_DATA_DIR

MAX_MESSAGE = 500  # characters of one error line


def notebook(folder: Path, name: str = "01_label.ipynb", params: str | None = None, cells: tuple[str, ...] = ()) -> Path:
    """A tiny notebook: its parameters cell, then `cells` (default: print the label)."""
    nb = nbformat.v4.new_notebook()
    source = params if params is not None else 'label = "x"\ntolerance_pct = 5.0\ndata_dir = ""\necb_file = ""\nfx_date = ""'
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Hostile"),
        nbformat.v4.new_code_cell(source, metadata={"tags": ["parameters"]}),
        *(nbformat.v4.new_code_cell(c) for c in (cells or ("print(label)",))),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


def data_copy(folder: Path) -> Path:
    target = folder / "data"
    if not target.exists():
        shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the project's data folder, for a test to break."""
    return data_copy(tmp_path)


def refused(data: Path, message: str) -> str:
    """Loading `data` fails with one line holding `message`; the line."""
    with pytest.raises(DataError) as caught:
        load_ledger(data)
    text = str(caught.value)
    assert message in text and "\n" not in text, text
    return text


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def fingerprint(root: Path) -> list[tuple[str, str]]:
    """Every file under `root` with its sha256 (symlinks as their target's name, never followed)."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            found.append((str(path.relative_to(root)), "-> " + os.readlink(path)))
        elif path.is_file():
            found.append((str(path.relative_to(root)), hashlib.sha256(path.read_bytes()).hexdigest()))
    return found


def one_line(code: int, expected_code: int, message: str, capsys: pytest.CaptureFixture[str]) -> str:
    """The run's stderr: one `capex: error:` line holding `message`, the exit code expected, no traceback."""
    err = capsys.readouterr().err
    assert code == expected_code, err[:2000]
    lines = [line for line in err.splitlines() if not line.startswith("capex: note:")]
    assert len(lines) == 1 and lines[0].startswith("capex: error: ") and message in lines[0], err[:2000]
    assert "Traceback" not in err and len(lines[0]) < MAX_MESSAGE, err[:2000]
    return lines[0]


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """One served run of a tiny notebook (with a scenario file and a data copy), and its record."""
    root = tmp_path_factory.mktemp("hostile-served")
    notebooks, reports = root / "nbs", root / "reports"
    notebook(notebooks)
    data = data_copy(root)
    scenario = root / "scenario.yaml"
    scenario.write_text("label: from the file\n", encoding="utf-8")
    argv = ["run", "--reports", str(reports), "--notebooks", str(notebooks), "-f", str(scenario), "--data-dir", str(data)]
    assert cli.main(argv) == 0
    other = ["run", "--reports", str(reports), "--notebooks", str(notebooks), "-p", "label", "other"]
    assert cli.main(other) == 0
    return SimpleNamespace(root=root, notebooks=notebooks, reports=reports, data=data, scenario=scenario, argv=argv, other=other)
