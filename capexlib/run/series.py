"""Run the notebook series for one parameter scenario: `capex run` and `capex normalize`.

The flow of `run_series`:

1. read every notebook's `parameters` cell (with `ast`, never by executing it) and check the given
   parameters against those declarations and `capexlib.run.params` *before* anything runs;
2. hash every input (notebooks, parameters, data files, capexlib sources, requirements.lock); when
   the scenario folder already holds that key, return at once;
3. execute the notebooks in parallel with papermill into a temporary folder next to the final one,
   normalize each executed notebook (no timestamps, stable cell ids) and render it as HTML;
4. write headline.csv, verdicts.csv, the exports, params.json, index.html and the cache key, then swap
   the temporary folder into `reports/<scenario>/`. On any failure the previous folder is untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..core.checks import CheckError
from ..core.fx import FxError
from ..core.ledger import DataError, load_ledger, resolve_data_dir
from ..core.money import AmountError
from ..core.paths import NOTEBOOKS_DIR, PROJECT_ROOT, README, REPORTS_DIR
from ..report.options import DEFAULTS as SITE_OPTION_DEFAULTS
from ..report.options import SiteOptions
from . import outputs
from .cache import CACHE_KEY_FILE, cache_key, is_cached
from .errors import RunError
from .files import atomic_write, swap_into_place
from .kernels import KernelPool, execute_notebook, kernel_manager_class
from .normalize import normalize_notebook, notebook_bytes
from .notebook_params import NOTEBOOK_GLOB, list_notebooks, read_parameters, resolve
from .params import DEFAULTS, PARAMETERS, ParamError
from .scenario import scenario_name

Task = tuple[Path, Mapping[str, object]]


def skip_unused_slow_imports() -> None:
    """Keep jsonschema from loading its optional 'iri' format checker in this process.

    nbformat imports jsonschema, which imports rfc3987_syntax when installed; that builds a parser
    grammar at import time (~1.4 s, before any kernel can start). The notebook schemas use no
    'format' keywords, so the checker is never needed. Call at process start (the CLI does).
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None: `import` raises ImportError


def _show_progress(progress: bool | None) -> bool:
    if progress is not None:
        return progress
    return sys.stderr.isatty() and not os.environ.get("CI")


def _render_page(nb: Any, out_path: Path) -> None:
    from ..report import site  # noqa: PLC0415 - in a worker thread, so nbconvert's import (~1 s) overlaps kernels

    site.render_notebook(nb, out_path)


def _run_one(
    nb_path: Path,
    parameters: Mapping[str, object],
    cwd: Path,
    out_dir: Path,
    render: Callable[[Any, Path], None] | None,
    km_class: Any,
    kernels: KernelPool | None = None,
) -> float:
    """Execute, normalize and write one notebook (and its HTML page); returns the seconds taken."""
    start = time.perf_counter()
    nb = normalize_notebook(execute_notebook(nb_path, parameters, cwd, km_class, kernels))
    (out_dir / nb_path.name).write_bytes(notebook_bytes(nb))
    if render is not None:
        render(nb, out_dir / f"{nb_path.stem}.html")
    return time.perf_counter() - start


def _run_all(
    tasks: list[Task],
    cwd: Path,
    out_dir: Path | None,
    jobs: int | None,
    progress: bool | None,
    render: Callable[[Any, Path], None] | None = None,
    on_done: Callable[..., float] | None = None,
    extra: Callable[[], Any] | None = None,
) -> Any:
    """Run `tasks` in a thread pool; raise the first failure (in notebook order) once all have stopped.

    `extra` is one more job (the library's outputs) run alongside the notebooks; its result is returned.
    """
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    show = _show_progress(progress)
    lock = threading.Lock()

    # Short path under the system temp dir: unix socket paths are limited to ~100 bytes.
    ipc_dir = Path(tempfile.mkdtemp(prefix="capex-kernels-"))
    km_class = kernel_manager_class(ipc_dir)
    kernels = KernelPool(km_class)

    def job(nb_path: Path, parameters: Mapping[str, object]) -> None:
        if on_done is not None:
            seconds = on_done(nb_path, parameters, km_class)
        else:
            assert out_dir is not None
            seconds = _run_one(nb_path, parameters, cwd, out_dir, render, km_class, kernels)
        if show:
            with lock:
                print(f"{nb_path.name}  {seconds:.1f} s", file=sys.stderr, flush=True)

    try:
        return _run_pool(tasks, jobs, job, extra)
    finally:
        kernels.shutdown_all()
        shutil.rmtree(ipc_dir, ignore_errors=True)


def _run_pool(
    tasks: list[Task], jobs: int, job: Callable[[Path, Mapping[str, object]], None], extra: Callable[[], Any] | None
) -> Any:
    """`job` for every task, `jobs` at a time; the extra job gets its own thread so `jobs` kernels still run at once."""
    with (
        ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="capex-run") as pool,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="capex-lib") as side,
    ):
        extra_future = side.submit(extra) if extra is not None else None
        futures: dict[Future[None], Path] = {pool.submit(job, nb, params): nb for nb, params in tasks}
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        if any(f.exception() is not None for f in done):
            for f in pending:
                f.cancel()  # not started yet: skip; running kernels finish their notebook
        wait(futures)
        failures = [(futures[f], f.exception()) for f in futures if not f.cancelled() and f.exception() is not None]
        if failures:
            failures.sort(key=lambda item: item[0].name)
            exc = failures[0][1]
            assert exc is not None
            if len(failures) > 1:
                others = ", ".join(nb.name for nb, _ in failures[1:])
                raise RunError(f"{exc} (also failed: {others})") from None
            raise exc
        return extra_future.result() if extra_future is not None else None


def _library_outputs(values: Mapping[str, object], data_dir: Path, out_dir: Path) -> outputs.Outputs:
    """The verdicts and headline figures of a run, with headline.csv and verdicts.csv written."""
    try:
        out = outputs.compute(values, data_dir)
    except (ParamError, DataError, FxError, AmountError, CheckError):
        raise  # messages that already name the problem; the CLI prints them
    except Exception as e:
        raise RunError(f"the library's outputs failed: {type(e).__name__}: {e}") from e
    outputs.write_run_outputs(out, out_dir)
    return out


def finish_site(
    folder: Path,
    resolved: Any,
    data: Path,
    scenario: str,
    options: SiteOptions,
    out: outputs.Outputs | None = None,
) -> None:
    """The exports (ClaimReview urls point at the rendered pages) and the finished site, in a folder that
    holds the executed notebooks and their rendered pages. `out`: the run's library outputs, if computed."""
    from ..report import site  # noqa: PLC0415 - already imported by the page renders, in the worker threads

    out = out or outputs.compute(resolved.values, data)
    card = outputs.card_table(out)
    homes = site.claim_pages(sorted(folder.glob(NOTEBOOK_GLOB)), card)
    outputs.write_exports(out, folder, urls=site.claim_urls(homes, options.site_url), lang=options.lang)
    changed = {name for name in PARAMETERS if resolved.values.get(name) != DEFAULTS[name] and name != "data_dir"}
    baseline = None
    if changed:  # the verdicts under the default parameters, to say which ones these parameters changed
        defaults = {**resolved.values, **{name: DEFAULTS[name] for name in changed}}
        baseline = outputs.compute(defaults, data, ledger=out.ledger).verdicts
    inputs = site.SiteInputs(
        scenario=scenario,
        values=resolved.values,
        defaults=resolved.defaults,
        given=resolved.given,
        meanings={name: meaning for name, (_, meaning) in PARAMETERS.items()},
        card=card,
        verdicts=out.verdicts,
        baseline=baseline,
        sources=site.reference_urls(out.ledger, out.verdicts),
        headline=out.headline,
        options=options,
    )
    site.build(folder, inputs, homes)


def _data_dir_for(values: Mapping[str, object]) -> Path:
    """The data folder the notebooks will read; a data_dir parameter that is no folder is a ParamError."""
    try:
        return resolve_data_dir(str(values.get("data_dir") or "") or None)
    except DataError as e:
        if values.get("data_dir"):
            raise ParamError(f"parameter 'data_dir': {e}") from None
        raise


def scenario_folder_name(resolved: Any, options: SiteOptions) -> str:
    """The scenario's folder: named from the parameters given and the site options that differ."""
    return scenario_name({**resolved.given, **options.given()}, {**resolved.defaults, **SITE_OPTION_DEFAULTS})


def run_cache_key(notebooks: list[Path], resolved: Any, data: Path, options: SiteOptions) -> str:
    """The cache key over every input, the site options included (a Korean site is another output)."""
    return cache_key(notebooks, {**resolved.values, **asdict(options)}, data)


def run_series(
    given: Mapping[str, object],
    out_root: str | os.PathLike[str] = REPORTS_DIR,
    jobs: int | None = None,
    progress: bool | None = None,
    *,
    notebooks_dir: str | os.PathLike[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    cwd: str | os.PathLike[str] = PROJECT_ROOT,
    force: bool = False,
    options: SiteOptions | None = None,
) -> Path:
    """Execute every notebook for the scenario `given`, and return `out_root/<scenario>`.

    `data_dir` is the folder hashed for the cache and read for headline figures and verdicts
    (default: the `data_dir` parameter, else $CAPEX_DATA_DIR, else data/); `force` ignores the cache.
    `options` (site language and URL) are part of the scenario's name and of the cache key.
    """
    options = options or SiteOptions()
    notebooks = list_notebooks(notebooks_dir)
    if not notebooks:
        raise RunError(f"no notebooks matching {NOTEBOOK_GLOB} in {Path(notebooks_dir or NOTEBOOKS_DIR)}")
    resolved = resolve(given, notebooks)  # raises ParamError before anything is created
    data = Path(data_dir) if data_dir is not None else _data_dir_for(resolved.values)
    load_ledger(data)  # a bad data file fails here, with its file, line and column, before any kernel starts
    root = Path(out_root)
    final = root / scenario_folder_name(resolved, options)
    key = run_cache_key(notebooks, resolved, data, options)
    if not force and is_cached(final, key):
        return final

    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-", dir=root))
    tmp.chmod(0o755)  # mkdtemp makes it private; the report folder is meant to be read
    try:
        tasks: list[Task] = [(nb, resolved.per_notebook[nb]) for nb in notebooks]
        out = _run_all(
            tasks,
            Path(cwd),
            tmp,
            jobs,
            progress,
            render=_render_page,
            extra=lambda: _library_outputs(resolved.values, data, tmp),
        )
        (tmp / "params.json").write_text(
            json.dumps(resolved.values, indent=1, sort_keys=True, default=str) + "\n", encoding="utf-8"
        )
        finish_site(tmp, resolved, data, final.name, options, out)
        (tmp / CACHE_KEY_FILE).write_text(key + "\n", encoding="utf-8")
        swap_into_place(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def normalize_committed(
    jobs: int | None = None,
    *,
    notebooks_dir: str | os.PathLike[str] | None = None,
    cwd: str | os.PathLike[str] = PROJECT_ROOT,
    progress: bool | None = None,
) -> list[Path]:
    """Re-execute the committed notebooks in place with their defaults; returns the ones rewritten.

    No parameters are passed, so papermill injects no cell. A file is written (atomically) only when
    its normalized bytes differ, so an unchanged notebook keeps its mtime.
    """
    notebooks = list_notebooks(notebooks_dir)
    for nb in notebooks:
        read_parameters(nb)  # a malformed parameters cell fails before anything runs
    changed: list[Path] = []
    lock = threading.Lock()

    def one(nb_path: Path, _params: Mapping[str, object], km_class: Any) -> float:
        start = time.perf_counter()
        data = notebook_bytes(normalize_notebook(execute_notebook(nb_path, {}, Path(cwd), km_class)))
        if nb_path.read_bytes() != data:
            atomic_write(nb_path, data)
            with lock:
                changed.append(nb_path)
        return time.perf_counter() - start

    _run_all([(nb, {}) for nb in notebooks], Path(cwd), None, jobs, progress, on_done=one)
    return sorted(changed)


def refresh_committed_outputs() -> list[str]:
    """The committed series' exports beside the notebooks and the README findings, from the defaults.

    Returns a line per file written.
    """
    notebooks = list_notebooks()
    out = outputs.compute(resolve({}, notebooks).values)
    from ..report import site  # noqa: PLC0415 - nbconvert's import (~1 s) only where pages are involved

    urls = site.claim_urls(site.claim_pages(notebooks, outputs.card_table(out)))  # relative: the default run's pages
    lines = [f"wrote {path.name}" for path in outputs.write_exports(out, NOTEBOOKS_DIR, urls=urls)]
    if outputs.update_readme(out, README):
        lines.append("updated the findings in README.md")
    return lines
