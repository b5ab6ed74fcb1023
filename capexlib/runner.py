"""Run the notebook series for one parameter scenario: `capex run` and `capex normalize`.

The flow of `run_series`:

1. read every notebook's `parameters` cell (with `ast`, never by executing it) and check the given
   parameters against those declarations and `capexlib.params` *before* anything runs;
2. hash every input (notebooks, parameters, data files, capexlib sources, requirements.lock); when
   the scenario folder already holds that key, return at once;
3. execute the notebooks in parallel with papermill into a temporary folder next to the final one,
   normalize each executed notebook (no timestamps, stable cell ids) and render it as HTML;
4. write headline.csv, verdicts.csv, params.json, index.html and the cache key, then swap the
   temporary folder into `reports/<scenario>/`. On any failure the previous folder is untouched.

Heavy imports (papermill, nbformat, nbconvert, pandas work) happen only when something must run:
a cache hit stays well under a second. nbformat alone costs ~1.5 s to import (jsonschema), which is
why notebooks are read here with the json module.
"""

from __future__ import annotations

import ast
import hashlib
import itertools
import json
import keyword
import math
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Callable, Iterable, Mapping

from .files import atomic_write
from .ledger import PROJECT_ROOT, resolve_data_dir
from .params import DEFAULTS, FIXED_PAIRS, ParamError, coerce, validate

NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
DEFAULT_NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DEFAULT_OUT_ROOT = PROJECT_ROOT / "reports"
PACKAGE_DIR = Path(__file__).resolve().parent
LOCK_FILE = PROJECT_ROOT / "requirements.lock"
KERNEL_NAME = "python3"
CACHE_KEY_FILE = ".cache-key"
INJECTED_TAG = "injected-parameters"
SCENARIO_MAX_LEN = 80
HEADLINE_COLUMNS = ("id", "label", "value", "unit")


def skip_unused_slow_imports() -> None:
    """Keep jsonschema from loading its optional 'iri' format checker in this process.

    nbformat imports jsonschema, which imports rfc3987_syntax when installed; that builds a parser
    grammar at import time (~1.4 s, before any kernel can start). The notebook schemas use no
    'format' keywords, so the checker is never needed. Call at process start (the CLI does).
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # None in sys.modules: `import` raises ImportError


class RunError(RuntimeError):
    """A notebook failed to execute; the message names the notebook, the cell and the error."""


# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------


def list_notebooks(notebooks_dir: str | os.PathLike | None = None) -> list[Path]:
    """The numbered notebooks of the series (`NN_name.ipynb`), in name order."""
    folder = Path(notebooks_dir) if notebooks_dir else DEFAULT_NOTEBOOKS_DIR
    return sorted(folder.glob(NOTEBOOK_GLOB))


def _read_json_notebook(nb_path: Path) -> dict:
    try:
        return json.loads(Path(nb_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise RunError(f"{nb_path}: cannot read the notebook: {e}") from None


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _literal(node: ast.expr, where: str) -> object:
    """The value of a plain literal (numbers, text, True/False/None, a negative number)."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        raise RunError(f"{where}: only `name = literal` assignments are allowed in the parameters cell") from None
    if not isinstance(value, (str, int, float, bool, type(None))):
        raise RunError(f"{where}: parameter values must be scalars (text, number, True/False), got {type(value).__name__}")
    return value


def read_parameters(nb_path: str | os.PathLike) -> dict[str, object]:
    """The names and defaults declared in the notebook's cell tagged `parameters` ({} without one).

    Parsed with `ast`: each statement must be `name = literal`; anything else is a RunError naming
    the notebook and line, because papermill would inject values next to code we cannot reason about.
    """
    nb_path = Path(nb_path)
    nb = _read_json_notebook(nb_path)
    cells = [c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        return {}
    if len(cells) > 1:
        raise RunError(f"{nb_path.name}: more than one cell is tagged 'parameters'")
    try:
        tree = ast.parse(_source(cells[0]), filename=nb_path.name)
    except SyntaxError as e:
        raise RunError(f"{nb_path.name}: parameters cell, line {e.lineno}: {e.msg}") from None
    declared: dict[str, object] = {}
    for stmt in tree.body:
        where = f"{nb_path.name}: parameters cell, line {stmt.lineno}"
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                declared[stmt.target.id] = _literal(stmt.value, where)
                continue
            raise RunError(f"{where}: only `name = literal` assignments are allowed in the parameters cell")
        declared[stmt.targets[0].id] = _literal(stmt.value, where)
    return declared


def declared_parameters(notebooks: Iterable[Path]) -> dict[str, dict[str, object]]:
    """{notebook path: {name: default}} for every notebook."""
    return {Path(nb): read_parameters(nb) for nb in notebooks}


def _union_defaults(declared: Mapping[Path, Mapping[str, object]]) -> dict[str, object]:
    """Every declared name with its default; two notebooks declaring one name with two types is an error."""
    union: dict[str, object] = {}
    first: dict[str, Path] = {}
    for nb, names in declared.items():
        for name, default in names.items():
            if name in union and type(union[name]) is not type(default):
                raise RunError(f"parameter {name!r} is declared as {type(union[name]).__name__} in "
                               f"{first[name].name} but as {type(default).__name__} in {nb.name}")
            union.setdefault(name, default)
            first.setdefault(name, nb)
    return union


def _check_name(name: object, known: Iterable[str]) -> str:
    # Names reach notebook code unescaped (papermill writes `name = value`): only identifiers that a
    # notebook declares may pass.
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise ParamError(f"invalid parameter name {name!r}")
    if name not in known:
        raise ParamError(f"unknown parameter {name!r}: no notebook declares it; known: {', '.join(sorted(known)) or '(none)'}")
    return name


class Resolved:
    """The outcome of `resolve_params`: the full validated set, what was given, and per-notebook values."""

    def __init__(self, values: dict, given: dict, per_notebook: dict[Path, dict], defaults: dict):
        self.values = values            # defaults (capexlib.params + notebooks) overridden by given
        self.given = given              # the coerced given values (after the fx_source convenience)
        self.per_notebook = per_notebook  # {notebook: the given names it declares}
        self.defaults = defaults

    def __repr__(self) -> str:
        return f"Resolved(given={self.given!r})"


def resolve(given: Mapping[str, object], notebooks: Iterable[Path]) -> Resolved:
    """Check names, coerce and validate `given` against the notebooks' parameters cells."""
    notebooks = [Path(nb) for nb in notebooks]
    declared = declared_parameters(notebooks)
    nb_defaults = _union_defaults(declared)
    coerced: dict[str, object] = {}
    for name, value in given.items():
        _check_name(name, nb_defaults)
        coerced[name] = coerce(name, value, nb_defaults[name])
    # Convenience: a fixed rate given without a source means "use fixed rates".
    if "fx_source" not in coerced and any(coerced.get(name) for name in FIXED_PAIRS):
        coerced["fx_source"] = "fixed"
    values = {**DEFAULTS, **nb_defaults, **coerced}
    validate(values)
    # Sorted, so that the injected cell does not depend on the order options were given in.
    per_notebook = {nb: {k: coerced[k] for k in sorted(coerced) if k in names} for nb, names in declared.items()}
    return Resolved(values, coerced, per_notebook, {**DEFAULTS, **nb_defaults})


def resolve_params(given: Mapping[str, object], notebooks: Iterable[Path]) -> dict:
    """The full validated parameter set (defaults + given) for a run of `notebooks`; see `resolve`."""
    return resolve(given, notebooks).values


# --------------------------------------------------------------------------------------------
# Scenario names
# --------------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")


def _format_value(value: object) -> str:
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))  # 1380.0 -> 1380
    return str(value)


def scenario_name(params_given: Mapping[str, object], defaults: Mapping[str, object] | None = None) -> str:
    """'default' when nothing differs from the defaults, else a slug like `fx_source-fixed_krw_per_usd-1380`.

    Deterministic (sorted names) and filesystem-safe. When characters had to be replaced or the slug
    is longer than 80 characters a short hash of the exact values is appended, so that two different
    scenarios never share a folder.
    """
    defaults = DEFAULTS if defaults is None else defaults
    changed = {k: v for k, v in params_given.items() if k not in defaults or defaults[k] != v or type(defaults[k]) is not type(v)}
    if not changed:
        return "default"
    pairs = [f"{name}-{_format_value(changed[name])}" for name in sorted(changed)]
    raw = "_".join(pairs)
    slug = _UNSAFE.sub("-", raw)
    slug = re.sub(r"\.{2,}", "-", slug)  # never '..' in a folder name
    if slug == raw and len(slug) <= SCENARIO_MAX_LEN:
        return slug
    digest = hashlib.sha256(json.dumps(sorted(changed.items()), default=str).encode()).hexdigest()[:8]
    return f"{slug[:SCENARIO_MAX_LEN].rstrip('-_.')}-{digest}"


# --------------------------------------------------------------------------------------------
# Cache key
# --------------------------------------------------------------------------------------------


def _files_under(folder: Path, pattern: str = "*") -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)


def cache_key(notebooks: Iterable[Path], values: Mapping[str, object], data_dir: Path,
              package_dir: Path = PACKAGE_DIR, lock_file: Path = LOCK_FILE) -> str:
    """sha256 over every input that can change a run's output."""
    h = hashlib.sha256()

    def add(label: str, payload: bytes) -> None:
        # Length-prefixed so that no two different input sets hash the same byte stream.
        h.update(f"{label}\0{len(payload)}\0".encode())
        h.update(payload)

    for nb in notebooks:
        add(f"notebook:{Path(nb).name}", Path(nb).read_bytes())
    add("params", json.dumps(values, sort_keys=True, default=str).encode())
    for path in _files_under(Path(data_dir)):
        add(f"data:{path.relative_to(data_dir).as_posix()}", path.read_bytes())
    for path in _files_under(Path(package_dir)):  # sources and any bundled files (fonts, templates)
        add(f"src:{path.relative_to(package_dir).as_posix()}", path.read_bytes())
    add("lock", Path(lock_file).read_bytes() if Path(lock_file).is_file() else b"")
    return h.hexdigest()


def _cached(final: Path, key: str) -> bool:
    try:
        return (final / CACHE_KEY_FILE).read_text(encoding="utf-8").strip() == key
    except OSError:
        return False


# --------------------------------------------------------------------------------------------
# Normalization
# --------------------------------------------------------------------------------------------

_VOLATILE_PAPERMILL = ("start_time", "end_time", "duration", "input_path", "output_path")


def normalize_notebook(nb):
    """Strip what changes from run to run (timestamps, durations, paths, random cell ids), in place.

    Cells get ids by position among the notebook's own cells (`cell-00`, `cell-01`, ...) so that ids
    match the committed notebook; a cell injected by papermill gets the id `injected-parameters`.
    """
    pm = nb.get("metadata", {}).get("papermill")
    if pm is not None:
        for key in _VOLATILE_PAPERMILL:
            pm.pop(key, None)
    position = 0
    for cell in nb.get("cells", []):
        meta = cell.setdefault("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
        if meta.get("tags") == []:
            del meta["tags"]  # papermill adds empty tag lists; the committed notebooks have none
        if INJECTED_TAG in meta.get("tags", []):
            cell["id"] = INJECTED_TAG
        else:
            cell["id"] = f"cell-{position:02d}"
            position += 1
        if "outputs" in cell:
            cell["outputs"] = _merge_streams(cell["outputs"])
    _renumber_executions(nb)
    return nb


def _renumber_executions(nb) -> None:
    """Execution counts 1, 2, ... in cell order, as a fresh kernel gives (a reused kernel runs on)."""
    count = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code" or cell.get("execution_count") is None:
            continue
        count += 1
        cell["execution_count"] = count
        for out in cell.get("outputs", []):
            if out.get("output_type") == "execute_result":
                out["execution_count"] = count


def _merge_streams(outputs: list) -> list:
    """Join consecutive stream outputs of the same stream. The kernel flushes stdout on a timer, so
    one print may arrive as one message or as two ('text' then '\\n') depending on timing."""
    merged: list = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (out.get("output_type") == "stream" and prev is not None and prev.get("output_type") == "stream"
                and prev.get("name") == out.get("name")):
            prev["text"] = _text(prev["text"]) + _text(out["text"])
        else:
            merged.append(out)
    return merged


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def notebook_bytes(nb) -> bytes:
    """The notebook as nbformat writes it (sorted keys, indent 1) with one trailing newline."""
    import nbformat

    text = nbformat.writes(nb, version=4)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# Execution
# --------------------------------------------------------------------------------------------


def _show_progress(progress: bool | None) -> bool:
    if progress is not None:
        return progress
    return sys.stderr.isatty() and not os.environ.get("CI")


def _is_kernel_start_failure(exc: BaseException) -> bool:
    """Errors that mean the kernel never came up (port races, slow starts), not a notebook error."""
    from papermill.exceptions import PapermillException

    if isinstance(exc, PapermillException):
        return False
    text = f"{type(exc).__name__}: {exc}".lower()
    return isinstance(exc, (RuntimeError, TimeoutError, OSError)) or "kernel" in text or "zmq" in text


def _cell_error(nb_path: Path, exc, injected_before: int) -> RunError:
    """RunError naming the notebook, the cell (index in the notebook as written, first line) and the error."""
    index = exc.cell_index - injected_before if exc.cell_index is not None else None
    first_line = next((line for line in (exc.source or "").splitlines() if line.strip()), "").strip()
    if len(first_line) > 80:
        first_line = first_line[:77] + "..."
    return RunError(f"{nb_path.name}: cell {index} ({first_line!r}) failed: {exc.ename}: {exc.evalue}")


def _kernel_manager_class(ipc_dir: Path | None):
    """A kernel manager whose kernels talk over unix sockets in `ipc_dir` (one folder per run).

    With TCP, kernels started in parallel pick free ports independently and can race for one port,
    and every kernel prints a "running over TCP without encryption" warning. Unix sockets avoid both.
    Without `ipc_dir` (and on Windows, which has no ipc transport) the stock TCP manager is used.
    """
    from jupyter_client.manager import AsyncKernelManager

    if ipc_dir is None or os.name == "nt":
        return AsyncKernelManager
    counter = itertools.count()

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = str(ipc_dir / f"k{next(counter)}")

        async def _async_interrupt_kernel(self) -> None:
            # jupyter_client interrupts before every shutdown; our kernels are idle by then, and the
            # interrupt only makes them print "KeyboardInterrupt caught in kernel" on the terminal.
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return IpcKernelManager


def execute_notebook(nb_path: Path, parameters: Mapping[str, object], cwd: Path, kernel_manager_class=None,
                     kernels: _KernelPool | None = None):
    """Execute one notebook with papermill and return the executed notebook node (nothing is written).

    With `kernels`, the worker thread's kernel is reused (its namespace reset first) instead of
    starting a new one. A kernel that fails to start is retried once with a new kernel.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    for attempt in (1, 2):
        reuse = {"km": kernels.get()} if kernels is not None else {}
        try:
            return pm.execute_notebook(
                str(nb_path), None, parameters=dict(parameters) or None, kernel_name=KERNEL_NAME,
                cwd=str(cwd), progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                kernel_manager_class=kernel_manager_class or _kernel_manager_class(None), **reuse,
            )
        except PapermillExecutionError as e:
            raise _cell_error(nb_path, e, injected_before=1 if parameters and _injects_before(nb_path, e.cell_index) else 0) from None
        except Exception as e:  # noqa: BLE001 - classified just below
            if kernels is not None:
                kernels.discard()
            if attempt == 2 or not _is_kernel_start_failure(e):
                raise RunError(f"{nb_path.name}: {type(e).__name__}: {e}") from None
    raise AssertionError("unreachable")


class _KernelPool:
    """One kernel per worker thread, reused for the notebooks that thread runs.

    Starting a kernel and importing the stack costs about as much as a notebook's own work, and on a
    two-core machine a run is bound by CPU: reusing a warm kernel saves both for all but the first
    notebook of each worker. Before each reuse the kernel's namespace is reset (`%reset -f`), so a
    notebook cannot see another's variables; imported modules stay loaded, which is the saving.
    Execution counts then run on across notebooks; normalize_notebook numbers them from 1 again.
    """

    def __init__(self, km_class) -> None:
        self._km_class = km_class
        self._local = threading.local()
        self._all: list = []
        self._lock = threading.Lock()

    def get(self):
        km = getattr(self._local, "km", None)
        if km is None:
            km = self._km_class(kernel_name=KERNEL_NAME)
            self._local.km = km
            with self._lock:
                self._all.append(km)
        elif km.has_kernel:
            _reset_namespace(km)
        return km

    def discard(self) -> None:
        km = getattr(self._local, "km", None)
        self._local.km = None
        if km is not None:
            _shutdown(km)

    def shutdown_all(self) -> None:
        with self._lock:
            kms, self._all = self._all, []
        for km in kms:
            _shutdown(km)


def _reset_namespace(km) -> None:
    from jupyter_core.utils import run_sync

    client = km.client()
    client.start_channels()
    try:
        run_sync(client.execute_interactive)("%reset -f", store_history=False, silent=True, timeout=60)
    finally:
        client.stop_channels()


def _shutdown(km) -> None:
    from jupyter_core.utils import run_sync

    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - a kernel that is already gone needs no shutdown
        pass


def _injects_before(nb_path: Path, cell_index: int | None) -> bool:
    """Whether papermill's injected cell sits before executed cell `cell_index` (it follows the parameters cell)."""
    nb = _read_json_notebook(nb_path)
    for i, cell in enumerate(nb.get("cells", [])):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return cell_index is not None and cell_index > i
    return True  # without a parameters cell papermill injects at the top


def _run_one(nb_path: Path, parameters: Mapping[str, object], cwd: Path, out_dir: Path,
             render: Callable[[object, Path], None] | None, km_class, kernels: _KernelPool | None = None) -> float:
    """Execute, normalize and write one notebook (and its HTML page); returns the seconds taken."""
    start = time.perf_counter()
    nb = normalize_notebook(execute_notebook(nb_path, parameters, cwd, km_class, kernels))
    (out_dir / nb_path.name).write_bytes(notebook_bytes(nb))
    if render is not None:
        render(nb, out_dir / f"{nb_path.stem}.html")
    return time.perf_counter() - start


def _run_all(tasks: list[tuple[Path, Mapping]], cwd: Path, out_dir: Path | None, jobs: int | None,
             progress: bool | None, render=None, on_done=None, extra: Callable[[], object] | None = None):
    """Run `tasks` in a thread pool; raise the first failure (in notebook order) once all have stopped.

    `extra` is one more job (the headline figures) run alongside the notebooks; its result is returned.
    """
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    show = _show_progress(progress)
    lock = threading.Lock()

    # Short path under the system temp dir: unix socket paths are limited to ~100 bytes.
    ipc_dir = Path(tempfile.mkdtemp(prefix="capex-kernels-"))
    km_class = _kernel_manager_class(ipc_dir)
    kernels = _KernelPool(km_class)

    def job(nb_path: Path, parameters: Mapping) -> None:
        if on_done is not None:
            seconds = on_done(nb_path, parameters, km_class)
        else:
            seconds = _run_one(nb_path, parameters, cwd, out_dir, render, km_class, kernels)
        if show:
            with lock:
                print(f"{nb_path.name}  {seconds:.1f} s", file=sys.stderr, flush=True)

    try:
        return _run_pool(tasks, jobs, job, extra)
    finally:
        kernels.shutdown_all()
        shutil.rmtree(ipc_dir, ignore_errors=True)


def _run_pool(tasks: list[tuple[Path, Mapping]], jobs: int, job: Callable, extra: Callable[[], object] | None):
    """`job` for every task, `jobs` at a time; the extra job gets its own thread so `jobs` kernels still run at once."""
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="capex-run") as pool, \
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="capex-lib") as side:
        extra_future = side.submit(extra) if extra is not None else None
        futures = {pool.submit(job, nb, params): nb for nb, params in tasks}
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        if any(f.exception() is not None for f in done):
            for f in pending:
                f.cancel()  # not started yet: skip; running kernels finish their notebook
        wait(futures)
        failures = [(futures[f], f.exception()) for f in futures if not f.cancelled() and f.exception() is not None]
        if failures:
            failures.sort(key=lambda item: item[0].name)
            exc = failures[0][1]
            if len(failures) > 1:
                others = ", ".join(nb.name for nb, _ in failures[1:])
                raise RunError(f"{exc} (also failed: {others})") from None
            raise exc
        return extra_future.result() if extra_future is not None else None


# --------------------------------------------------------------------------------------------
# Run outputs
# --------------------------------------------------------------------------------------------


def _run_params(values: Mapping[str, object], data_dir: Path | None):
    """capexlib.params.RunParams for the library computations (the data folder the run reads)."""
    from .params import PARAMETERS, RunParams

    known = {name: values[name] for name in PARAMETERS if name in values}
    if data_dir is not None and not known.get("data_dir"):
        known["data_dir"] = str(data_dir)
    return RunParams.from_values(**known)


def headline_table(values: Mapping[str, object], data_dir: Path | None = None, ledger=None, verdicts=None):
    """Headline figures from capexlib.headline (id, label, value, unit)."""
    from . import headline
    from .fx import FxError
    from .ledger import DataError
    from .money import AmountError

    try:
        frame = headline.headline_figures(_run_params(values, data_dir), ledger, verdicts)
    except (ParamError, DataError, FxError, AmountError):
        raise  # messages that already name the problem; the CLI prints them
    except Exception as e:  # noqa: BLE001 - any other failure must still be one line, not a traceback
        raise RunError(f"capexlib.headline.headline_figures failed: {type(e).__name__}: {e}") from e
    return frame[list(HEADLINE_COLUMNS)]


def verdicts_table(values: Mapping[str, object], data_dir: Path | None, ledger=None):
    """Every check evaluated under the run's parameters."""
    from decimal import Decimal

    from .checks import evaluate_checks
    from .ledger import load_ledger
    from .params import fx_scenario

    ledger = ledger or load_ledger(data_dir)
    return evaluate_checks(ledger, fx_scenario(values), Decimal(str(values["tolerance_pct"])), dict(values))


def _library_outputs(values: Mapping[str, object], data_dir: Path, out_dir: Path):
    """headline.csv, verdicts.csv and the scorecard exports (computed in capexlib, not by the notebooks).

    The ledger is loaded and the checks evaluated once, for all of them. Returns (headline, verdicts path).
    """
    from .ledger import load_ledger

    ledger = load_ledger(data_dir)
    verdicts = verdicts_table(values, data_dir, ledger)
    head = headline_table(values, data_dir, ledger, verdicts)
    head.to_csv(out_dir / "headline.csv", index=False, lineterminator="\n")
    verdicts_path = out_dir / "verdicts.csv"
    verdicts.to_csv(verdicts_path, index=False, lineterminator="\n")
    export_scorecard(verdicts, ledger, out_dir)
    return head, verdicts_path


def export_scorecard(verdicts, ledger, out_dir: Path) -> list[Path]:
    """scorecard.csv and claimreview.jsonld for a run (written by the library: notebooks write nothing)."""
    from .scorecard import export

    return export(ledger, verdicts, out_dir)


def _render_page(nb, out_path: Path) -> None:
    # Imported here, in a worker thread, so that nbconvert's import (~1 s) overlaps running kernels.
    from . import site

    site.render_notebook(nb, out_path)


def _swap_into_place(tmp: Path, final: Path) -> None:
    """Replace `final` by `tmp`; the previous folder is kept until the new one is in place."""
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
        os.replace(final, old / final.name)  # a rename: atomic on one file system
    try:
        os.replace(tmp, final)
    except BaseException:
        if old is not None:
            os.replace(old / final.name, final)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _data_dir_for(values: Mapping[str, object]) -> Path:
    """The data folder the notebooks will read; a data_dir parameter that is no folder is a ParamError."""
    from .ledger import DataError

    try:
        return resolve_data_dir(values.get("data_dir") or None)
    except DataError as e:
        if values.get("data_dir"):
            raise ParamError(f"parameter 'data_dir': {e}") from None
        raise


def run_series(given: Mapping[str, object], out_root: str | os.PathLike = DEFAULT_OUT_ROOT, jobs: int | None = None,
               progress: bool | None = None, *, notebooks_dir: str | os.PathLike | None = None,
               data_dir: str | os.PathLike | None = None, cwd: str | os.PathLike = PROJECT_ROOT,
               force: bool = False) -> Path:
    """Execute every notebook for the scenario `given`, and return `out_root/<scenario>`.

    `data_dir` is the folder hashed for the cache and read for headline figures and verdicts
    (default: the `data_dir` parameter, else $CAPEX_DATA_DIR, else data/); `force` ignores the cache.
    """
    notebooks = list_notebooks(notebooks_dir)
    if not notebooks:
        raise RunError(f"no notebooks matching {NOTEBOOK_GLOB} in {Path(notebooks_dir or DEFAULT_NOTEBOOKS_DIR)}")
    resolved = resolve(given, notebooks)  # raises ParamError before anything is created
    data = Path(data_dir) if data_dir is not None else _data_dir_for(resolved.values)
    from .ledger import load_ledger

    load_ledger(data)  # a bad data file fails here, with its file, line and column, before any kernel starts
    out_root = Path(out_root)
    final = out_root / scenario_name(resolved.given, resolved.defaults)
    key = cache_key(notebooks, resolved.values, data)
    if not force and _cached(final, key):
        return final

    out_root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-", dir=out_root))
    tmp.chmod(0o755)  # mkdtemp makes it private; the report folder is meant to be read
    try:
        tasks = [(nb, resolved.per_notebook[nb]) for nb in notebooks]
        head, verdicts_path = _run_all(
            tasks, Path(cwd), tmp, jobs, progress, render=_render_page,
            extra=lambda: _library_outputs(resolved.values, data, tmp),
        )
        from . import site

        (tmp / "params.json").write_text(json.dumps(resolved.values, indent=1, sort_keys=True, default=str) + "\n", encoding="utf-8")
        site.render_index(tmp, resolved.values, head, verdicts_path, given=resolved.given, scenario=final.name)
        site.embed_font(tmp)
        (tmp / CACHE_KEY_FILE).write_text(key + "\n", encoding="utf-8")
        _swap_into_place(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def normalize_committed(jobs: int | None = None, *, notebooks_dir: str | os.PathLike | None = None,
                        cwd: str | os.PathLike = PROJECT_ROOT, progress: bool | None = None) -> list[Path]:
    """Re-execute the committed notebooks in place with their defaults; returns the ones rewritten.

    No parameters are passed, so papermill injects no cell. A file is written (atomically) only when
    its normalized bytes differ, so an unchanged notebook keeps its mtime.
    """
    notebooks = list_notebooks(notebooks_dir)
    for nb in notebooks:
        read_parameters(nb)  # a malformed parameters cell fails before anything runs
    changed: list[Path] = []
    lock = threading.Lock()

    def one(nb_path: Path, _params, km_class) -> float:
        start = time.perf_counter()
        data = notebook_bytes(normalize_notebook(execute_notebook(nb_path, {}, Path(cwd), km_class)))
        if nb_path.read_bytes() != data:
            atomic_write(nb_path, data)
            with lock:
                changed.append(nb_path)
        return time.perf_counter() - start

    _run_all([(nb, {}) for nb in notebooks], Path(cwd), None, jobs, progress, on_done=one)
    return sorted(changed)
