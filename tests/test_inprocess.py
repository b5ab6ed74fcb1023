"""`capex run` executes notebooks in its own worker processes (IPython in-process), not in Jupyter kernels.
What it writes must be what papermill and a kernel write, byte for byte once normalized: nbval runs the
committed notebooks in a real kernel and compares, and readers rerun them with papermill by hand."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from capexlib.run import workers
from capexlib.run.errors import RunError
from capexlib.run.inprocess import Executor, inject
from capexlib.run.normalize import normalize_notebook, notebook_bytes

CELLS = [
    # pandas picks its defaults (max_columns 20, not a terminal's 0) from the shell when first imported
    "import pandas as pd\npd.set_option('display.width', 120)\n"
    "wide = pd.DataFrame({f'column_{i}': [i * 1.5, -i] for i in range(30)})\nwide",
    "import sys\nprint('a', end='')\nprint('b')\nprint('to stderr', file=sys.stderr)\nprint('c')",
    "from IPython.display import HTML, Markdown, display\ndisplay(Markdown('**bold** 한글'))\nHTML('<b>x</b>')",
    "label, rate, ok, count",
    "x = 1  # no output",
    "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
    "ax.plot([1, 2], [3, 4])\nplt.close(fig)\nfig",
]


def _notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('label = "plain"\nrate = 1.0\nok = True\ncount = 1', metadata={"tags": ["parameters"]})
    nb.cells = [nbformat.v4.new_markdown_cell("# t"), params, *(nbformat.v4.new_code_cell(c) for c in CELLS)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "t.ipynb"
    nbformat.write(nb, path)
    return path


PARAMETERS = {"label": 'a "quoted" 한글 \\ label', "rate": 1450.75, "ok": False, "count": 3}


@pytest.mark.slow
def test_workers_write_what_papermill_and_a_kernel_write(tmp_path):
    import papermill as pm

    path = _notebook(tmp_path)
    by_papermill = tmp_path / "pm.ipynb"
    pm.execute_notebook(path, by_papermill, parameters=PARAMETERS, cwd=tmp_path, kernel_name="python3", progress_bar=False)
    expected = notebook_bytes(normalize_notebook(nbformat.read(str(by_papermill), as_version=4)))

    got: dict[Path, bytes] = {}
    with workers.Pool(1) as pool:
        pool.run([(path, PARAMETERS)], tmp_path, lambda p, nb: got.setdefault(p, notebook_bytes(normalize_notebook(nb))))
    assert got[path] == expected
    wide = json.loads(expected)["cells"][3]["outputs"][0]["data"]["text/plain"]
    assert "column_29" in "".join(wide) and "..." in "".join(wide)  # 20 columns shown, as in a kernel
    cells = json.loads(expected)["cells"]
    assert cells[2]["id"] == "injected-parameters" and "1450.75" in "".join(cells[2]["source"])


def test_the_injected_cell_is_papermills():
    """The source papermill's Python translator writes, for each kind of value."""
    nb = {"cells": [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": "x = 0", "outputs": []}]}
    inject(nb, {"s": 'say "hi" \\ 한', "f": 1450.75, "i": 3, "b": True, "inf": float("-inf")})
    injected = nb["cells"][1]
    assert injected["metadata"] == {"tags": ["injected-parameters"]}
    assert (
        injected["source"]
        == '# Parameters\ns = "say \\"hi\\" \\\\ \\ud55c"\nf = 1450.75\ni = 3\nb = True\ninf = float(\'-inf\')\n'
    )


def _saved(path, *cells):
    """A notebook of `cells` (code, or nbformat cells as they are) written to `path`."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [c if isinstance(c, dict) else nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, path)
    return path


def test_a_failing_cell_is_named_with_its_error(tmp_path):
    path = _saved(tmp_path / "f.ipynb", nbformat.v4.new_markdown_cell("# f"), "x = 1", "# divide\n1 / 0")
    with workers.Pool(1) as pool, pytest.raises(RunError) as caught:
        pool.run([(path, {})], tmp_path, lambda p, nb: None)
    assert str(caught.value) == "f.ipynb: cell 2 ('# divide') failed: ZeroDivisionError: division by zero"


def test_each_notebook_starts_with_an_empty_namespace():
    """A worker reuses one shell: what one notebook defined is gone for the next, and counts restart at 1."""
    executor = Executor()
    first = {"cells": [{"cell_type": "code", "metadata": {}, "source": "leftover = 1", "outputs": []}], "metadata": {}}
    second = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": "'leftover' in globals()", "outputs": []}],
        "metadata": {},
    }
    executor.run(first)
    done = executor.run(second)
    cell = done["cells"][0]
    assert cell["execution_count"] == 1
    assert cell["outputs"][0]["data"]["text/plain"] == "False"


def test_workers_import_what_the_notebooks_import(tmp_path):
    """Top-level imports of code cells, from-imports with their names; magics and nested imports left out."""
    path = _saved(
        tmp_path / "i.ipynb",
        "import json\nfrom capexlib.report import charts, present",
        "%matplotlib inline\nimport numpy",
        "def later():\n    import decimal",
        nbformat.v4.new_markdown_cell("import nothing"),
    )
    assert workers.notebook_imports([path, tmp_path / "missing.ipynb"]) == ("json", "capexlib.report:charts,present")


def test_a_module_that_cannot_be_imported_fails_in_its_cell_not_in_the_worker(tmp_path):
    path = _saved(tmp_path / "m.ipynb", "x = 1", "import no_such_module_here")
    with workers.Pool(1, workers.notebook_imports([path])) as pool, pytest.raises(RunError) as caught:
        pool.run([(path, {})], tmp_path, lambda p, nb: None)
    assert str(caught.value) == (
        "m.ipynb: cell 1 ('import no_such_module_here') failed: ModuleNotFoundError: No module named 'no_such_module_here'"
    )
