"""Run the notebook series for one parameter scenario: `capex run` and `capex normalize`.

The flow of `run_series`:

1. read every notebook's `parameters` cell (with `ast`, never by executing it) and check the given
   parameters against those declarations and `capexlib.run.params` *before* anything runs; values are
   made canonical (one spelling per scenario);
2. load and validate the data, check that every rate the run needs exists, and compute the library's
   outputs (headline figures, verdicts): whatever would fail inside a notebook fails here, with its
   file, line and column or its parameter, before any notebook starts;
3. hash every input (notebooks, parameters, data files, capexlib sources, requirements.lock); when
   the scenario folder holds that key and its manifest proves every file intact, return at once (a
   damaged folder is rebuilt, and the run says so);
4. under the scenario's lock (so concurrent runs of one scenario wait, then find the cache), remove
   what killed runs left, execute the notebooks in parallel worker processes (capexlib.run.workers:
   IPython in-process, parameters injected as papermill does) into a temporary folder next to the final
   one, normalize each executed notebook (no timestamps, stable cell ids) and render it as HTML;
5. write headline.csv, verdicts.csv, the exports, params.json, index.html and the manifest, then swap
   the temporary folder into `reports/<scenario>/`. On any failure the previous folder is untouched.
"""

from __future__ import annotations

import errno
import json
import os
import queue
import shutil
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..core.checks import CheckError
from ..core.fx import FxError
from ..core.ledger import DataError, Ledger, load_ledger, resolve_data_dir
from ..core.money import AmountError
from ..core.paths import NOTEBOOK_GLOB, NOTEBOOKS_DIR, PROJECT_ROOT, README, REPORTS_DIR, list_notebooks
from ..core.readfile import shown_path
from ..report.options import DEFAULTS as SITE_OPTION_DEFAULTS
from ..report.options import SiteOptions
from . import outputs, workers
from .cache import cache_key, cache_status, params_text, write_manifest
from .errors import RunError
from .files import clean_leftovers, locked_scenario, new_temp_folder, swap_into_place, write_if_changed
from .normalize import normalize_notebook, notebook_bytes
from .notebook_params import read_parameters, resolve
from .params import DEFAULTS, PARAMETERS, ParamError, ecb_file, ecb_file_path, parse_fx_date
from .scenario import scenario_name

Task = workers.Task


def skip_unused_slow_imports() -> None:
    """Keep jsonschema from loading its optional 'iri' format checker in this process.

    nbformat imports jsonschema, which imports rfc3987_syntax when installed; that builds a parser
    grammar at import time (~1.4 s, before any notebook can start). The notebook schemas use no
    'format' keywords, so the checker is never needed. Call at process start (the CLI does).
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None: `import` raises ImportError


def note(message: str) -> None:
    """What a run tells its user besides errors (a damaged folder rebuilt, a wait for another run)."""
    print(f"capex: note: {message}", file=sys.stderr, flush=True)


def os_error_text(e: OSError) -> str:
    """An OSError in words, its path cut to a readable length: 'cannot write /r/x.html: No space left on device'."""
    reason = e.strerror or str(e)
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        reason += " (the disk is full)"
    return f"{shown_path(e.filename)}: {reason}" if e.filename else reason


def _show_progress(progress: bool | None) -> bool:
    if progress is not None:
        return progress
    return sys.stderr.isatty() and not os.environ.get("CI")


def _run_all(
    pool: workers.Pool,
    tasks: list[Task],
    cwd: Path,
    out_dir: Path | None,
    progress: bool | None,
    on_done: Callable[[Path, Any], None] | None = None,
) -> None:
    """Execute `tasks` in the pool's workers; write each notebook into `out_dir` and render its page in a
    thread of its own (so a worker goes on to its next notebook at once), or hand it to `on_done` instead.
    The first failure in notebook order is raised once all have stopped; every failure names its notebook
    (a full disk first fails one notebook's write, and that notebook must be named, not only the ones
    that failed after it)."""
    show = _show_progress(progress)
    started = time.perf_counter()
    pages: queue.Queue[tuple[bytes, Path] | None] = queue.Queue()
    page_errors: list[RunError] = []

    def render_pages() -> None:
        from ..report import fonts, site  # noqa: PLC0415 - nbconvert's import (~1 s) overlaps the workers' first notebooks

        fonts.warm()  # for embed_font at the end, while the workers run
        while (item := pages.get()) is not None:
            nb, path = item
            try:
                site.render_notebook(nb, path)
            except OSError as e:
                page_errors.append(RunError(f"{path.name}: cannot write the page: {os_error_text(e)}"))
            except Exception as e:
                page_errors.append(RunError(f"{path.name}: the page failed: {type(e).__name__}: {e}"))

    renderer = threading.Thread(target=render_pages, name="capex-pages") if on_done is None else None
    if renderer is not None:
        renderer.start()

    def done(nb_path: Path, executed: Any) -> None:
        try:
            if on_done is not None:
                on_done(nb_path, executed)
            else:
                assert out_dir is not None
                data = notebook_bytes(normalize_notebook(executed))
                _write_bytes(out_dir / nb_path.name, data)
                if renderer is not None:
                    pages.put((data, out_dir / f"{nb_path.stem}.html"))
        except RunError:
            raise  # already names the notebook
        except OSError as e:
            raise RunError(f"{nb_path.name}: cannot write its output: {os_error_text(e)}") from None
        if show:
            print(f"{nb_path.name}  {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)

    try:
        pool.run(workers.longest_first(tasks), cwd, done)
    finally:
        if renderer is not None:
            pages.put(None)
            renderer.join()
    if page_errors:
        raise page_errors[0]


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)  # one place for a run's notebook writes (the tests fill the disk here)


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
    outputs.write_exports(out, folder, urls=site.claim_urls(out.verdicts, options.site_url), lang=options.lang)
    changed = {name for name in PARAMETERS if resolved.values.get(name) != DEFAULTS[name] and name != "data_dir"}
    baseline = None
    if changed:  # the outputs under the default parameters, to say which verdicts and figures these parameters changed
        defaults = {**resolved.values, **{name: DEFAULTS[name] for name in changed}}
        baseline = outputs.compute(defaults, data, ledger=out.ledger)
    inputs = site.SiteInputs(
        scenario=scenario,
        values=resolved.values,
        defaults=resolved.defaults,
        given=resolved.given,
        meanings={name: meaning for name, (_, meaning) in PARAMETERS.items()},
        ledger=out.ledger,
        verdicts=out.verdicts,
        headline=out.headline,
        hindsight=out.hindsight,
        baseline_verdicts=None if baseline is None else baseline.verdicts,
        baseline_headline=None if baseline is None else baseline.headline,
        options=options,
        ecb_file=ecb_file(dict(resolved.values)),
    )
    site.build(folder, inputs)


def _data_dir_for(values: Mapping[str, object]) -> Path:
    """The data folder the notebooks will read; a data_dir parameter that is no folder is a ParamError."""
    try:
        return resolve_data_dir(str(values.get("data_dir") or "") or None)
    except DataError as e:
        if values.get("data_dir"):
            raise ParamError(f"parameter 'data_dir': {e}") from None
        raise


def check_rates(ledger: Ledger, values: Mapping[str, object]) -> None:
    """Every rate the run needs exists: with fx_date, each currency the articles print (and KRW) on that day."""
    if not values.get("fx_date"):
        return  # each article's own date: load_ledger checked those
    day = parse_fx_date(str(values["fx_date"]))
    missing = ledger.missing_rate(day, ecb_file(dict(values)))
    if missing is not None:
        raise ParamError(f"parameter 'fx_date' {day}: {missing}")


def precompute(values: Mapping[str, object], data: Path, ledger: Ledger) -> outputs.Outputs:
    """The library's outputs (verdicts, headline figures), computed before any notebook starts.

    Every notebook starts from the same computations, so a failure here would fail each of them; here it
    fails once, at once, with the library's own message.
    """
    try:
        return outputs.compute(values, data, ledger)
    except (ParamError, DataError, FxError, AmountError, CheckError):
        raise  # messages that already name the problem; the CLI prints them
    except ArithmeticError as e:
        raise ParamError(
            f"these parameters make the arithmetic fail ({type(e).__name__}); a rate or a figure is too large or too small"
        ) from None
    except Exception as e:
        raise RunError(f"the library's outputs failed: {type(e).__name__}: {e}") from e


def check_reports_folder(root: Path, final: Path) -> None:
    """The reports folder and the scenario folder are folders (or do not exist yet), said in words."""
    for path, what in ((root, "a folder"), (final, "a scenario folder")):
        if path.exists() and not path.is_dir():
            raise RunError(
                f"{shown_path(path)} is a file, not {what}: capex writes each scenario into a folder there "
                "(move the file away, or run elsewhere)"
            )
        if not path.exists() and path.is_symlink():
            raise RunError(f"{shown_path(path)} is a broken symlink, not {what}")


def scenario_folder_name(resolved: Any, options: SiteOptions) -> str:
    """The scenario's folder: named from the parameters given and the site options that differ."""
    return scenario_name({**resolved.given, **options.given()}, {**resolved.defaults, **SITE_OPTION_DEFAULTS})


@dataclass(frozen=True)
class Served:
    """A scenario folder a run served (built or from the cache), with everything its cache key covers:
    what capexlib.run.quick records so that the same request can be answered before pandas is imported."""

    folder: Path
    key: str
    notebooks: list[Path]
    params: str  # cache.params_text of the parameters and site options
    data_dir: Path
    inputs: list[Path]  # files a parameter names (an ECB file)


def _key_inputs(resolved: Any, options: SiteOptions) -> tuple[str, list[Path]]:
    """The parameters as hashed, with the site options (a Korean site is another output), and the files a
    parameter names (an ECB file: its content is hashed, not only its path)."""
    ecb = ecb_file_path(resolved.values.get("ecb_file"))
    return params_text({**resolved.values, **asdict(options)}), [ecb] if ecb is not None else []


def run_cache_key(notebooks: list[Path], resolved: Any, data: Path, options: SiteOptions) -> str:
    """The cache key over every input of a run."""
    params, inputs = _key_inputs(resolved, options)
    return cache_key(notebooks, params, data, inputs=inputs)


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
    on_note: Callable[[str], None] = note,
    options: SiteOptions | None = None,
    on_served: Callable[[Served], None] | None = None,
) -> Path:
    """Execute every notebook for the scenario `given`, and return `out_root/<scenario>`.

    `data_dir` is the folder hashed for the cache and read for headline figures and verdicts
    (default: the `data_dir` parameter, else $CAPEX_DATA_DIR, else data/); `force` ignores the cache.
    `on_note` is told when a damaged folder is rebuilt or the run waits for another run of its scenario.
    `options` (site language and URL) are part of the scenario's name and of the cache key.
    `on_served` is told what was served and what its key covered (the CLI records it for capexlib.run.quick).
    """
    options = options or SiteOptions()
    notebooks = list_notebooks(notebooks_dir)
    if not notebooks:
        raise RunError(f"no notebooks matching {NOTEBOOK_GLOB} in {shown_path(Path(notebooks_dir or NOTEBOOKS_DIR))}")
    resolved = resolve(given, notebooks)  # raises ParamError before anything is created
    data = Path(data_dir) if data_dir is not None else _data_dir_for(resolved.values)
    ledger = load_ledger(data)  # a bad data file fails here, with its file, line and column, before any notebook starts
    check_rates(ledger, resolved.values)
    root = Path(out_root)
    final = root / scenario_folder_name(resolved, options)
    check_reports_folder(root, final)
    params, inputs = _key_inputs(resolved, options)
    key = cache_key(notebooks, params, data, inputs=inputs)
    status = cache_status(final, key)
    if not force and status.hit:
        clean_leftovers(root)  # what killed runs of other scenarios left
    else:
        # The workers start now (unless `capex` started them already): their imports (~1 s) overlap the
        # library's outputs computed here.
        with workers.Pool.take(_jobs(jobs, len(notebooks)), workers.notebook_imports(notebooks)) as pool:
            computed = precompute(resolved.values, data, ledger)
            build = _Build(final, key, notebooks, resolved, data, computed, progress, Path(cwd), options)
            _locked_build(pool, build, force, on_note)
    if on_served is not None:
        on_served(Served(final, key, notebooks, params, data, inputs))
    return final


def _jobs(jobs: int | None, count: int) -> int:
    """Workers for `count` notebooks: `jobs`, else one per CPU, never more than there are notebooks."""
    return max(1, min(jobs or os.cpu_count() or 1, count))


@dataclass(frozen=True)
class _Build:
    """One scenario folder to build: where, under which key, and what goes in."""

    final: Path
    key: str
    notebooks: list[Path]
    resolved: Any
    data: Path
    computed: outputs.Outputs
    progress: bool | None
    cwd: Path
    options: SiteOptions


def _locked_build(pool: workers.Pool, build: _Build, force: bool, on_note: Callable[[str], None]) -> None:
    """Build the scenario folder under its lock, unless another run built it while this one waited."""
    final = build.final
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RunError(f"cannot create the reports folder: {os_error_text(e)}") from None
    with locked_scenario(final.parent, final.name, on_wait=on_note):  # also removes this scenario's stale leftovers
        status = cache_status(final, build.key)  # another run may have built it while this one waited
        if not force and status.hit:
            return
        if status.problem == "no manifest":
            on_note(f"{shown_path(final)} has no manifest (written by an older capex, or damaged); rebuilding it")
        elif status.problem is not None:
            on_note(f"{shown_path(final)} does not match its manifest ({status.problem}); rebuilding it")
        _build(pool, build)


def _build(pool: workers.Pool, build: _Build) -> None:
    """Execute the notebooks into a temporary folder beside `final`, write the rest, then swap it into place."""
    final, resolved = build.final, build.resolved
    try:
        tmp = new_temp_folder(final.parent, final.name)
    except OSError as e:
        raise RunError(f"cannot write to {shown_path(final.parent)}: {os_error_text(e)}") from None
    try:
        try:
            outputs.write_run_outputs(build.computed, tmp)
        except OSError as e:
            raise RunError(f"cannot write the library's outputs (headline.csv, verdicts.csv): {os_error_text(e)}") from None
        tasks: list[Task] = [(nb, resolved.per_notebook[nb]) for nb in build.notebooks]
        _run_all(pool, tasks, build.cwd, tmp, build.progress)
        try:
            (tmp / "params.json").write_text(
                json.dumps(resolved.values, indent=1, sort_keys=True, default=str) + "\n", encoding="utf-8"
            )
            finish_site(tmp, resolved, build.data, final.name, build.options, build.computed)
            write_manifest(tmp, build.key)
            swap_into_place(tmp, final)
        except OSError as e:
            raise RunError(f"cannot write the scenario folder {shown_path(final)}: {os_error_text(e)}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def normalize_committed(
    jobs: int | None = None,
    *,
    notebooks_dir: str | os.PathLike[str] | None = None,
    cwd: str | os.PathLike[str] = PROJECT_ROOT,
    progress: bool | None = None,
) -> list[Path]:
    """Re-execute the committed notebooks in place with their defaults; returns the ones rewritten.

    No parameters are passed, so no cell is injected. A file is written (atomically) only when its
    normalized bytes differ, so an unchanged notebook keeps its mtime.
    """
    notebooks = list_notebooks(notebooks_dir)
    for nb in notebooks:
        read_parameters(nb)  # a malformed parameters cell fails before anything runs
    changed: list[Path] = []
    lock = threading.Lock()

    def one(nb_path: Path, executed: Any) -> None:
        if write_if_changed(nb_path, notebook_bytes(normalize_notebook(executed))):
            with lock:
                changed.append(nb_path)

    tasks: list[Task] = [(nb, {}) for nb in notebooks]
    with workers.Pool.take(_jobs(jobs, len(notebooks)), workers.notebook_imports(notebooks)) as pool:
        _run_all(pool, tasks, Path(cwd), None, progress, on_done=one)
    return sorted(changed)


def refresh_committed_outputs() -> list[str]:
    """The committed series' exports beside the notebooks and the README findings, from the defaults.

    Returns a line per file whose bytes changed (none when everything was already current).
    """
    notebooks = list_notebooks()
    out = outputs.compute(resolve({}, notebooks).values)
    from ..report import site  # noqa: PLC0415 - nbconvert's import (~1 s) only where pages are involved

    urls = site.claim_urls(out.verdicts)  # relative: the claims page of the default run
    lines = [f"wrote {path.name}" for path in outputs.write_exports(out, NOTEBOOKS_DIR, urls=urls)]
    if outputs.update_readme(out, README):
        lines.append("updated the findings in README.md")
    return lines
