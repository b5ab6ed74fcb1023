"""Benchmark: `capex run` against running the notebooks by hand, a floor, and a cached rerun.

Run: python benchmarks/bench_run.py [--repeat 3] [--jobs N]

Each measurement is a fresh process, timed wall-clock with time.perf_counter, repeated N times
(median reported):

  (a) fresh   `capex run` into a new temporary reports folder (cache cold): execute, normalize,
              render HTML, headline figures, index;
  (b) by hand the same notebooks one after another: `papermill in out` then
              `jupyter nbconvert --to html out`, each a subprocess;
  (c) floor   as many trivial notebooks that only run the notebooks' own import statements, executed
              with papermill with the same parallelism: the cost of starting kernels and importing
              the stack, below which no runner can go;
  (d) cached  `capex run` again with nothing changed (cache hit);
  (e) plain   the same notebooks with papermill only, same parallelism, nothing rendered or written:
              fresh/plain is the runner's own overhead, plain/floor the notebooks' own work.

Goals: fresh/by-hand <= 0.4 and fresh/floor <= 1.25. Nothing here asserts on timing.
If the project has no notebooks yet, small stand-in notebooks are used (and the output says so).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere, without installing

import nbformat

from capexlib.run import notebook_params

BIN = Path(sys.executable).parent
ENV = {**os.environ, "CI": "1"}  # no progress lines from capex run

FLOOR_SCRIPT = textwrap.dedent("""
    import sys
    from concurrent.futures import ThreadPoolExecutor
    import papermill as pm
    jobs, cwd, paths = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    def one(path):
        pm.execute_notebook(path, None, kernel_name="python3", cwd=cwd, progress_bar=False)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, paths))
""")


def _notebook(path: Path, cells: list[str], params: str | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}")]
    if params is not None:
        cell = nbformat.v4.new_code_cell(params)
        cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def stand_in_notebooks(folder: Path, count: int = 4) -> list[Path]:
    """Small notebooks shaped like the project's: parameters, load the ledger, a table and a chart."""
    folder.mkdir(parents=True, exist_ok=True)
    body = [
        "import pandas as pd\nimport matplotlib.pyplot as plt\n"
        "from capexlib.core.ledger import load_ledger\nledger = load_ledger()",
        "ledger.claims[['claim_id', 'entity', 'amount', 'currency']].head(20)",
        "fig, ax = plt.subplots()\nax.plot(range(10), [i * i for i in range(10)])\nplt.show()",
    ]
    return [_notebook(folder / f"{i:02d}_stand_in.ipynb", body, 'fx_source = "ecb"\ntolerance_pct = 5.0') for i in range(count)]


def notebook_imports(notebooks: list[Path]) -> str:
    """The import statements the project's notebooks run (their union), so the floor loads the same libraries."""
    import ast

    found = {"import pandas", "import matplotlib.pyplot"}
    for path in notebooks:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            try:
                tree = ast.parse("".join(cell["source"]))
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    found.add(ast.unparse(node))
    return "\n".join(sorted(found))


def floor_notebooks(folder: Path, count: int, imports: str = "import pandas, matplotlib.pyplot, capexlib") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [_notebook(folder / f"{i:02d}_floor.ipynb", [imports]) for i in range(count)]


def _timed(cmd: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return seconds


def capex_run(reports: Path, notebooks_dir: Path | None, jobs: int) -> float:
    cmd = [sys.executable, "-m", "capexlib.cli", "run", "--reports", str(reports), "--jobs", str(jobs)]
    if notebooks_dir is not None:
        cmd += ["--notebooks", str(notebooks_dir)]
    return _timed(cmd)


def by_hand(notebooks: list[Path], work: Path) -> float:
    total = 0.0
    for nb in notebooks:
        out = work / nb.name
        total += _timed([str(BIN / "papermill"), "--no-progress-bar", str(nb), str(out), "--cwd", str(ROOT)])
        total += _timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(out)])
    return total


def floor(notebooks: list[Path], jobs: int) -> float:
    return _timed([sys.executable, "-c", FLOOR_SCRIPT, str(jobs), str(ROOT), *map(str, notebooks)])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="capex-bench-") as tmp_name:
        tmp = Path(tmp_name)
        notebooks = notebook_params.list_notebooks()
        notebooks_dir = None
        if notebooks:
            print(f"notebooks: the project's {len(notebooks)} ({', '.join(nb.name for nb in notebooks)})")
        else:
            notebooks_dir = tmp / "stand_in"
            notebooks = stand_in_notebooks(notebooks_dir)
            print(f"notebooks: the project has none yet; using {len(notebooks)} stand-in notebooks")
        floors = floor_notebooks(tmp / "floor", len(notebooks), notebook_imports(notebooks))
        print(f"jobs: {args.jobs} (CPUs: {os.cpu_count()}), repeat: {args.repeat}, median reported\n")

        results: dict[str, list[float]] = {"fresh": [], "by_hand": [], "floor": [], "cached": [], "plain": []}
        for i in range(args.repeat):
            reports = tmp / f"reports-{i}"
            results["fresh"].append(capex_run(reports, notebooks_dir, args.jobs))
            results["cached"].append(capex_run(reports, notebooks_dir, args.jobs))
            hand_dir = tmp / f"by-hand-{i}"
            hand_dir.mkdir()
            results["by_hand"].append(by_hand(notebooks, hand_dir))
            results["floor"].append(floor(floors, args.jobs))
            results["plain"].append(floor(notebooks, args.jobs))
            print(f"  round {i + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in results.items()), flush=True)

    med = {k: statistics.median(v) for k, v in results.items()}
    print()
    print(f"(a) fresh capex run          {med['fresh']:7.2f} s")
    print(f"(b) by hand, one at a time   {med['by_hand']:7.2f} s")
    print(f"(c) floor (trivial, same -j) {med['floor']:7.2f} s")
    print(f"(d) unchanged rerun (cached) {med['cached']:7.2f} s")
    print(f"(e) notebooks only (plain)   {med['plain']:7.2f} s")
    print()
    print(f"fresh / by hand = {med['fresh'] / med['by_hand']:.2f}   (goal <= 0.40)")
    print(f"fresh / floor   = {med['fresh'] / med['floor']:.2f}   (goal <= 1.25)")
    print(f"fresh / plain   = {med['fresh'] / med['plain']:.2f}   (the runner's overhead over executing alone)")


if __name__ == "__main__":
    main()
