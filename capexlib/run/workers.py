"""Worker processes that execute notebooks with capexlib.run.inprocess, and the parent's side of them.

Each worker is `python -m capexlib.run.workers`: it reads tasks (one JSON line per notebook: path,
parameters, working folder) on stdin and answers on a pipe of its own (JSON lines: the cell it is about to
run, then the executed notebook or the failure), so nothing a notebook prints can garble the answers.
A worker imports the libraries the notebooks use as soon as it starts, while the parent validates the
run, and then runs its notebooks one after another with warm imports, like a reused kernel, but without a
kernel's start-up, sockets and namespace reset.

A worker that dies (a cell calls os._exit, the machine runs out of memory) is noticed when its answer
pipe closes: the failure names the notebook and the cell it was running, and that notebook is not run
again. A worker dies with the parent (Linux: PR_SET_PDEATHSIG), so a killed run leaves none behind.

What a worker's output depends on is pinned, not taken from whoever runs it:
- the interpreter starts isolated (`python -I`): no $PYTHONPATH, no user site-packages, and not the working
  folder first on sys.path (a `pandas.py` there is never imported);
- the environment is the parent's less what changes outputs: no $PYTHON*, $MPL*/$MATPLOTLIBRC, locale or
  $TZ variables (UTF-8 mode, UTC, matplotlib's Agg backend instead);
- matplotlib's settings are its own defaults before every notebook, whatever `matplotlibrc` it found in the
  working folder, $MPLCONFIGDIR or the home folder;
- each task carries the hashes of the run's inputs, and every file the notebook reads through the library
  is checked against them (capexlib.core.inputs).
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ..core import inputs
from ..core.readfile import MAX_NOTEBOOK_BYTES, read_regular_file
from .errors import RunError

Executed = dict[str, Any]  # a notebook as nbformat JSON, executed
Task = tuple[Path, Mapping[str, object]]  # a notebook and its parameters


def notebook_imports(notebooks: Iterable[Path]) -> tuple[str, ...]:
    """What the notebooks import at the top level of their code cells: `module`, or `module:name,...` for a
    from-import (a name may be a submodule). A worker imports these before its first notebook, so a real
    run's workers load pandas and matplotlib while the parent validates, and a tiny notebook's load nothing.
    A cell that IPython alone can parse (a magic) is skipped: it runs as usual."""
    found: dict[str, None] = {}
    for path in notebooks:
        cells = _cells(Path(path))
        for cell in cells if isinstance(cells, list) else []:
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            try:
                tree = ast.parse("".join(source) if isinstance(source, list) else str(source))
            except (SyntaxError, ValueError):
                continue
            for node in tree.body:
                if isinstance(node, ast.Import):
                    found.update(dict.fromkeys(alias.name for alias in node.names))
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found[f"{node.module}:{','.join(alias.name for alias in node.names)}"] = None
    return tuple(found)


def _cells(path: Path) -> list[Any]:
    """A notebook's cells, read with bounds; [] when it cannot be read (the run reports what is wrong with it)."""
    try:
        cells = json.loads(read_regular_file(path, RunError, "notebook", MAX_NOTEBOOK_BYTES)).get("cells", [])
    except (RunError, ValueError, AttributeError, RecursionError):
        return []
    return cells if isinstance(cells, list) else []


_DROPPED = ("PYTHON", "MPL", "MATPLOTLIB", "LC_", "LANG", "TZ", "IPYTHONDIR", "JUPYTER")


def environment() -> dict[str, str]:
    """The environment a worker runs in: the parent's, less what changes outputs, plus fixed settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED)}
    env.update({"TZ": "UTC", "MPLBACKEND": "agg"})
    return env


class Worker:
    """The parent's handle on one worker process."""

    def __init__(self, warm: Sequence[str] = ()) -> None:
        read_fd, write_fd = os.pipe()
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - the worker's own stderr, shown if it dies; closed in close()
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-X", "utf8", "-m", "capexlib.run.workers", str(write_fd), str(os.getpid()), *warm],
            env=environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            pass_fds=(write_fd,),
            text=True,
        )
        os.close(write_fd)
        self._answers: IO[str] = os.fdopen(read_fd, encoding="utf-8")

    def run(self, nb_path: Path, parameters: Mapping[str, object], cwd: Path, pins: Mapping[str, str] | None = None) -> Executed:
        """Execute one notebook in this worker; RunError names the notebook and the cell on failure. `pins`: the
        run's inputs ({real path: sha256}) every file the notebook reads is checked against."""
        assert self.process.stdin is not None
        task = {"notebook": str(nb_path), "parameters": dict(parameters), "cwd": str(cwd), "pins": pins}
        try:
            self.process.stdin.write(json.dumps(task, ensure_ascii=True) + "\n")
            self.process.stdin.flush()
        except OSError:
            raise RunError(f"{nb_path.name}: the process that runs notebooks had stopped{self._died()}") from None
        cell: str | None = None
        for line in self._answers:
            answer = json.loads(line)
            if answer["type"] == "cell":
                cell = answer["where"]
            elif answer["type"] == "done":
                executed: Executed = answer["notebook"]
                return executed
            else:
                raise RunError(f"{nb_path.name}: {answer['message']}")
        where = cell if cell is not None else "starting it"
        raise RunError(f"{nb_path.name}: {where} killed the process running it{self._died()}; the notebook was not run again")

    def _died(self) -> str:
        code = self.process.wait()
        self._log.seek(0)
        tail = self._log.read()[-400:].decode("utf-8", "replace").strip().splitlines()
        return f" (exit code {code}{': ' + tail[-1] if tail else ''})"

    def close(self, kill: bool = False) -> None:
        """End the worker: its stdin closes (it exits when it sees that); killed if it does not, or at once
        with `kill` (a worker that was never given a notebook)."""
        if kill and self.process.poll() is None:
            self.process.kill()
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._answers.close()
        self._log.close()


def pool_size(jobs: int | None, count: int) -> int:
    """Workers for `count` notebooks: `jobs`, else one per CPU, never more than there are notebooks."""
    return max(1, min(jobs or os.cpu_count() or 1, count))


class Pool:
    """`count` workers, started at once; `run` gives them notebooks in order, as they become free."""

    def __init__(self, count: int, warm: Sequence[str] = ()) -> None:
        self.warm = tuple(warm)
        self.workers = [Worker(self.warm) for _ in range(max(1, count))]

    @classmethod
    def take(cls, count: int, warm: Sequence[str] = ()) -> Pool:
        """The pool `prestart` started (with `count` workers, adding or ending some), else a new one.
        `warm`: what new workers import first (`notebook_imports`)."""
        global _prestarted
        pool, _prestarted = _prestarted, None
        if pool is None:
            return cls(count, warm)
        count = max(1, count)
        while len(pool.workers) > count:
            pool.workers.pop().close(kill=True)
        pool.workers += [Worker(warm) for _ in range(count - len(pool.workers))]
        return pool

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the workers. Between notebooks a worker holds nothing to save, so it is ended at once (its own
        exit, tearing down pandas and matplotlib, took ~0.5 s at the end of every run). Each is sent its kill
        before any is waited for, so that the system frees their memory at the same time (~15 ms each)."""
        _kill_all(self.workers)

    def run(
        self,
        tasks: list[Task],
        cwd: Path,
        on_done: Callable[[Path, Executed], None],
        pins: Mapping[str, str] | None = None,
    ) -> None:
        """Execute every notebook; `on_done` gets each executed notebook, in the thread of its worker.

        When a notebook fails, the ones already running finish and no new one starts; the failure of the
        first notebook (in name order) is raised, naming the others that failed.
        """
        queue = list(reversed(tasks))
        lock = threading.Lock()
        failures: list[tuple[Path, BaseException]] = []

        def drain(worker: Worker) -> None:
            while True:
                with lock:
                    if failures or not queue:
                        return
                    nb_path, parameters = queue.pop()
                try:
                    on_done(nb_path, worker.run(nb_path, parameters, cwd, pins))
                except BaseException as exc:  # reported below, in notebook order
                    with lock:
                        failures.append((nb_path, exc))
                    if worker.process.poll() is not None:
                        return  # this worker is gone; the others finish what they run

        used = self.workers[: max(1, min(len(self.workers), len(tasks)))]
        threads = [threading.Thread(target=drain, args=(w,), name=f"capex-worker-{i}") for i, w in enumerate(used)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if failures:
            failures.sort(key=lambda item: item[0].name)
            first = failures[0][1]
            if len(failures) > 1:
                others = ", ".join(p.name for p, _ in failures[1:])
                raise RunError(f"{first} (also failed: {others})") from None
            raise first


def longest_first(tasks: list[Task]) -> list[Task]:
    """The notebooks with the most code first (a stand-in for the longest to run), so that no worker starts
    a long notebook when the others are nearly done (the run and the benchmark's floor both take them in
    this order). Output does not depend on the order."""

    def code_size(task: Task) -> int:
        cells = _cells(task[0])
        return sum(len("".join(c.get("source", ""))) for c in cells if isinstance(c, dict) and c.get("cell_type") == "code")

    return sorted(tasks, key=lambda task: -code_size(task))


_prestarted: Pool | None = None


def prestart(count: int, warm: Sequence[str] = ()) -> None:
    """Start `count` workers now for the next `Pool.take`: `capex run` starts them before it imports pandas
    and validates the run, so the workers' imports (~1 s) overlap that. Ended at exit if never taken
    (a run that fails validation, or a cache hit)."""
    global _prestarted
    if _prestarted is None:
        _prestarted = Pool(count, warm)
        atexit.register(_end_prestarted)


def end_prestarted() -> None:
    """End the workers `prestart` started, if no pool took them (a run that executes nothing)."""
    _end_prestarted()


def _end_prestarted() -> None:
    global _prestarted
    pool, _prestarted = _prestarted, None
    if pool is not None:
        _kill_all(pool.workers)


def _kill_all(workers: Sequence[Worker]) -> None:
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.kill()
    for worker in workers:
        worker.close(kill=True)


# --------------------------------------------------------------------------------------------
# The worker's side
# --------------------------------------------------------------------------------------------


def _warm(imports: Sequence[str]) -> None:
    """Import what the notebooks will (`notebook_imports`). A module that fails to import is left to the cell
    that imports it, which reports the error with its own name."""
    import importlib  # noqa: PLC0415 - the worker's side only

    for entry in imports:
        module, _, names = entry.partition(":")
        try:
            loaded = importlib.import_module(module)
            for name in names.split(",") if names else []:
                if name != "*" and not hasattr(loaded, name):
                    importlib.import_module(f"{module}.{name}")
        except Exception:
            continue


def _reset_matplotlib() -> None:
    """matplotlib's own defaults (its bundled matplotlibrc), whatever rc file it read at import: the backend
    alone is kept (Agg, from the environment)."""
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        defaults = matplotlib.rcParamsDefault
        matplotlib.rcParams.update({k: v for k, v in defaults.items() if k != "backend"})


def _die_with_parent(parent: int) -> None:
    """Linux: be sent SIGKILL when the parent dies, so that a `capex run` killed with -9 leaves no worker
    running a long notebook on its own (an idle worker would exit anyway: its stdin closes)."""
    import ctypes  # noqa: PLC0415 - the worker's side only
    import signal  # noqa: PLC0415 - as above

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux: the stdin rule alone
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the request took effect


def serve(answer_fd: int, parent: int, imports: Sequence[str] = ()) -> None:
    """Answer tasks from stdin until it closes, after importing `imports`; `parent`: the parent's pid."""
    _die_with_parent(parent)
    import gc  # noqa: PLC0415 - the worker's side only

    from .inprocess import CellFailure, Executor, where  # noqa: PLC0415 - the worker's side only: IPython is not for the parent

    answers = os.fdopen(answer_fd, "w", encoding="utf-8")

    def send(message: dict[str, Any]) -> None:
        answers.write(json.dumps(message, ensure_ascii=True) + "\n")  # any text, even a lone surrogate, crosses
        answers.flush()

    executor = Executor()
    with executor.shell.builtin_trap:  # as in a cell: pandas reads get_ipython() when it is first imported
        _warm(imports)
    # What is loaded now lives as long as the worker: out of the collector's sight, so that the collections
    # while cells run and at each notebook's reset (IPython's gc.collect) scan only what notebooks create.
    gc.freeze()
    for line in sys.stdin:
        task = json.loads(line)
        path = Path(task["notebook"])
        pins = task.get("pins")
        try:
            os.chdir(task["cwd"])
            _reset_matplotlib()
            with inputs.pinned(pins) if pins is not None else contextlib.nullcontext():
                nb = json.loads(read_regular_file(path, RunError, "notebook", MAX_NOTEBOOK_BYTES, run_input=True))
                done = executor.run(nb, task["parameters"], progress=lambda cell: send({"type": "cell", "where": where(cell)}))
        except CellFailure as failure:
            send({"type": "error", "message": str(failure)})
            continue
        except RunError as exc:
            send({"type": "error", "message": str(exc)})
            continue
        except Exception as exc:  # any other failure is one line for the parent
            send({"type": "error", "message": f"{type(exc).__name__}: {exc}"})
            continue
        send({"type": "done", "notebook": done})


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:])
