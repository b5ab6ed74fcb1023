"""Benchmark: `capex run` against the honest floor, the tools a user would pick instead, and a cached rerun.

Run: python benchmarks/bench_run.py [--repeat 3] [--jobs N] [--baseline REV] [--jupyter-book VENV]

Every measurement is a fresh process tree timed wall-clock (time.perf_counter), repeated N times; the
median is reported, and every ratio below comes from this one run. Nothing here asserts on timing.

  fresh      `capex run --force` into a new reports folder: execute, normalize, render pages, outputs, for
             both editions (English and Korean, capexlib.run.editions);
  one edition  the same with `--lang en`: what the second edition costs is fresh minus this;
  render only  `capex run --site-url URL` on the cached folder: the pages of both editions rendered again from
             the executed notebooks there, no notebook executed (a new URL each round);
  floor      the notebooks' own code cells run in-process by IPython (no kernel, no HTML, nothing written),
             in as many processes as the run has workers, taking the notebooks from one queue in the run's
             order: what executing the notebooks costs when nothing else happens;
  cached     `capex run` again with nothing changed (a cache hit);
  python     `python -c pass`, the interpreter's own start-up, beside the cached rerun;
  by hand    papermill then `jupyter nbconvert --to html`, one notebook after another;
  xargs -P   the same two commands per notebook, run by `xargs -P <jobs>`;
  jupyter-book  `jupyter-book build` with execute_notebooks: force, when a venv holding jupyter-book is
             given (--jupyter-book VENV); reported, never required;
  baseline   with --baseline REV: `capex run --force` of that revision (a temporary git worktree), so the
             change against it is measured in the same run.

Peak memory: the largest sum of resident memory over the whole process tree of a fresh run (the CLI and
its workers), sampled every 20 ms from /proc.

Goals (issue 15): fresh/floor <= 1.2; fresh/baseline <= 0.6; cached <= 0.15 s or <= 3x python; peak < 600 MiB.
Goals now (issues 21, 22): fresh/floor <= 1.6, for both editions against their floor and for one edition
against its own; cached <= 3x python. Every notebook declares `lang`, so the Korean edition executes each
notebook again in Korean: the floor of both editions runs every notebook twice (the second time with
`lang = "ko"` injected after its parameters cell, as papermill injects it), in the same queue.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "CI": "1"}  # no progress lines from capex run
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

# The floor: `jobs` processes take the notebooks from one queue, in the order the run takes them
# (capexlib.run.workers.longest_first), and run their code cells in one in-process IPython each.
FLOOR = textwrap.dedent("""
    import json, multiprocessing, sys

    def work(queue):
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        while (item := queue.get()) is not None:
            path, _, lang = item.partition("|")  # 'path|ko': executed as the Korean edition executes it
            shell.reset(new_session=False)
            for cell in json.load(open(path, encoding="utf-8"))["cells"]:
                if cell["cell_type"] == "code":
                    source = "".join(cell["source"])
                    if lang and "parameters" in cell.get("metadata", {}).get("tags", []):
                        source += chr(10) + f"lang = {lang!r}"  # as papermill injects it after the parameters cell
                    result = shell.run_cell(source, silent=False, store_history=False)
                    if not result.success:
                        raise SystemExit(f"{path}: a cell failed: {result.error_in_exec or result.error_before_exec}")

    if __name__ == "__main__":
        jobs, paths = int(sys.argv[1]), sys.argv[2:]
        queue = multiprocessing.get_context("fork").Queue()
        for item in [*paths, *[None] * jobs]:
            queue.put(item)
        procs = [multiprocessing.get_context("fork").Process(target=work, args=(queue,)) for _ in range(jobs)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        sys.exit(max(p.exitcode for p in procs))
""")


def load() -> str:
    """The machine's load averages, to say how busy it was while the timings were taken ('?' where unknown)."""
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def notebooks_of(project: Path) -> list[Path]:
    return sorted((project / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _run(cmd: list[str] | str, cwd: Path, env: dict[str, str] | None = None, shell: bool = False) -> tuple[float, int]:
    """Wall seconds of one command, and the peak resident memory (bytes) of its process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, shell=shell
    )
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        shown = cmd if isinstance(cmd, str) else " ".join(cmd)
        raise SystemExit(f"failed ({proc.returncode}): {shown}\n{stderr[-2000:]}")
    return seconds, peak[0]


def tree_rss(pid: int) -> int:
    """Resident memory of `pid` and all its descendants, from /proc (0 where /proc is missing)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * PAGE
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def capex_run(
    project: Path,
    reports: Path,
    jobs: int,
    force: bool,
    env: dict[str, str] | None = None,
    entry: str = "capexlib",
    extra: tuple[str, ...] = (),
) -> tuple[float, int]:
    """`capex run` as the console script runs it (`python -m capexlib`; a baseline revision: its capexlib.cli)."""
    cmd = [sys.executable, "-m", entry, "run", "--reports", str(reports), "--jobs", str(jobs), *extra]
    return _run(cmd + (["--force"] if force else []), project, env)


def executions_per_notebook(reports: Path) -> int:
    """How many distinct executions the editions of the default scenario hold (its manifest's `exec` lines)."""
    lines = (reports / "default" / ".manifest").read_text(encoding="utf-8").splitlines()
    return max(1, len({line.split()[-1] for line in lines if line.startswith("exec ")}))


def floor(project: Path, jobs: int, languages: tuple[str, ...] = ("",)) -> float:
    """The notebooks' code cells in `jobs` in-process IPythons, taken from one queue in the run's order; each
    notebook once per language given ('' as committed, 'ko' with `lang = "ko"` injected, as the Korean edition
    runs it), which makes the floor of both editions."""
    from capexlib.run.workers import longest_first

    tasks: list[tuple[Path, Mapping[str, object]]] = [
        (p, {"lang": lang} if lang else {}) for lang in languages for p in notebooks_of(project)
    ]
    order = [f"{path}|{params.get('lang') or ''}" for path, params in longest_first(tasks)]
    return _run([sys.executable, "-c", FLOOR, str(jobs), *order], project)[0]


def by_hand_commands(project: Path, out: Path) -> list[str]:
    return [
        f"{BIN / 'papermill'} --no-progress-bar {nb} {out / nb.name} --cwd {project} && "
        f"{BIN / 'jupyter'} nbconvert --to html {out / nb.name}"
        for nb in notebooks_of(project)
    ]


def by_hand(project: Path, out: Path) -> float:
    return _run(" && ".join(by_hand_commands(project, out)), project, shell=True)[0]


def xargs_parallel(project: Path, out: Path, jobs: int) -> float:
    listing = out / "commands.txt"
    listing.write_text("\n".join(by_hand_commands(project, out)) + "\n")
    return _run(f"xargs -P {jobs} -I CMD sh -c CMD < {listing}", project, shell=True)[0]


def jupyter_book(project: Path, venv: Path, out: Path) -> float:
    book = out / "book"
    shutil.copytree(project / "notebooks", book, ignore=shutil.ignore_patterns("*.csv", "*.jsonld"))
    (book / "_config.yml").write_text("title: capex\nexecute:\n  execute_notebooks: force\n  timeout: 300\n")
    toc = ["format: jb-book", f"root: {notebooks_of(project)[0].stem}", "chapters:"]
    toc += [f"- file: {nb.stem}" for nb in notebooks_of(project)[1:]]
    (book / "_toc.yml").write_text("\n".join(toc) + "\n")
    env = {**ENV, "PYTHONPATH": str(project)}
    return _run([str(venv / "bin" / "jupyter-book"), "build", str(book)], project, env)[0]


def baseline_worktree(rev: str, where: Path) -> Path:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), rev],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return where


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--baseline", metavar="REV", help="also time `capex run` of this git revision")
    parser.add_argument("--jupyter-book", metavar="VENV", type=Path, help="a venv with jupyter-book installed")
    parser.add_argument("--skip-peers", action="store_true", help="leave out by hand and xargs -P (slow)")
    args = parser.parse_args(argv)

    results: dict[str, list[float]] = {
        k: []
        for k in (
            "fresh",
            "one_edition",
            "render_only",
            "floor",
            "floor_both",
            "cached",
            "python",
            "by_hand",
            "xargs",
            "jupyter_book",
            "baseline",
        )
    }
    executions = 1
    peaks: list[int] = []
    with tempfile.TemporaryDirectory(prefix="capex-bench-") as tmp_name:
        tmp = Path(tmp_name)
        base = None
        if args.baseline:
            base = baseline_worktree(args.baseline, tmp / "baseline")
        print(f"notebooks: {', '.join(nb.name for nb in notebooks_of(ROOT))}")
        print(f"jobs: {args.jobs} (CPUs: {os.cpu_count()}), repeat: {args.repeat}, median reported")
        print(f"load average (1, 5, 15 min) at the start: {load()}\n")
        try:
            for i in range(args.repeat):
                reports = tmp / f"reports-{i}"
                seconds, peak = capex_run(ROOT, reports, args.jobs, force=True)
                results["fresh"].append(seconds)
                peaks.append(peak)
                results["cached"].append(capex_run(ROOT, reports, args.jobs, force=False)[0])
                executions = executions_per_notebook(reports)
                url = ("--site-url", f"https://example.org/capex-{i}/")
                results["render_only"].append(capex_run(ROOT, reports, args.jobs, False, extra=url)[0])
                one = capex_run(ROOT, tmp / f"one-{i}", args.jobs, True, extra=("--lang", "en"))[0]
                results["one_edition"].append(one)
                results["python"].append(_run([sys.executable, "-c", "pass"], ROOT)[0])
                results["floor"].append(floor(ROOT, args.jobs))
                if executions > 1:  # the Korean edition executes the notebooks again, in Korean
                    results["floor_both"].append(floor(ROOT, args.jobs, ("", "ko")))
                if base is not None:
                    env = {**ENV, "PYTHONPATH": str(base)}
                    results["baseline"].append(capex_run(base, tmp / f"base-{i}", args.jobs, True, env, "capexlib.cli")[0])
                if not args.skip_peers:
                    (tmp / f"hand-{i}").mkdir()
                    results["by_hand"].append(by_hand(ROOT, tmp / f"hand-{i}"))
                    (tmp / f"xargs-{i}").mkdir()
                    results["xargs"].append(xargs_parallel(ROOT, tmp / f"xargs-{i}", args.jobs))
                if args.jupyter_book:
                    (tmp / f"jb-{i}").mkdir()
                    results["jupyter_book"].append(jupyter_book(ROOT, args.jupyter_book, tmp / f"jb-{i}"))
                done = {k: v[-1] for k, v in results.items() if v}
                print(f"  round {i + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in done.items()), flush=True)
        finally:
            if base is not None:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False)

    med = {k: statistics.median(v) for k, v in results.items() if v}
    print(f"load average (1, 5, 15 min) at the end: {load()}")
    print()
    labels = {
        "fresh": "fresh capex run (both editions)",
        "one_edition": "fresh capex run --lang en (one edition)",
        "render_only": "render only (--site-url, cached run)",
        "floor": "floor (in-process IPython, same -j)",
        "floor_both": "floor of both editions (each notebook twice)",
        "cached": "unchanged rerun (cached)",
        "python": "python -c pass",
        "by_hand": "by hand (papermill + nbconvert)",
        "xargs": f"xargs -P {args.jobs}",
        "jupyter_book": "jupyter-book (execute: force)",
        "baseline": f"capex run at {args.baseline}",
    }
    for key, label in labels.items():
        if key in med:
            print(f"{label:38s} {med[key]:7.2f} s")
    print(f"{'peak memory of a fresh run (tree)':38s} {statistics.median(peaks) / 2**20:7.0f} MiB   (goal < 600)")
    print()
    both_floor = med.get("floor_both", med["floor"])  # the editions share one execution where no notebook declares lang
    print(f"fresh / floor    = {med['fresh'] / both_floor:.2f}   (goal <= 1.6; both editions against their floor)")
    print(f"one edition / floor = {med['one_edition'] / med['floor']:.2f}   (goal <= 1.6)")
    second = med["fresh"] - med["one_edition"]
    print(f"second edition   = +{second:.2f} s, fresh both / one = {med['fresh'] / med['one_edition']:.2f}")
    if executions == 1:
        print("the editions share one execution (no notebook declares lang)")
    print(f"render only / fresh = {med['render_only'] / med['fresh']:.2f}   (no notebook executed)")
    if "baseline" in med:
        print(f"fresh / baseline = {med['fresh'] / med['baseline']:.2f}   (goal <= 0.6)")
    print(f"cached / python  = {med['cached'] / med['python']:.2f}   (goal: cached <= 0.15 s or <= 3x python)")
    for key in ("by_hand", "xargs", "jupyter_book"):
        if key in med:
            print(f"{labels[key]} / fresh = {med[key] / med['fresh']:.1f}x")
    print(json.dumps({k: round(v, 3) for k, v in med.items()}))


if __name__ == "__main__":
    main()
