"""Run the notebook series for one parameter scenario: `capex run` and `capex normalize`.

The flow of `run_series`:

1. read every notebook's `parameters` cell (with `ast`, never by executing it) and check the given
   parameters against those declarations and `capexlib.run.params` *before* anything runs; values are
   made canonical (one spelling per scenario; paths resolved by the one rule of capexlib.core.paths);
2. refuse a reports folder that overlaps the inputs or sits inside a scenario folder (a run there would
   change its own inputs, or be deleted by the next plain run);
3. hash every input once (notebooks, data tables, an ECB file, capexlib's files, requirements.lock; each
   through the bounded reader) and compute the cache key from those hashes; from here on every file the
   run reads, in this process and in the workers, is checked against them (capexlib.core.inputs);
4. load and validate the data, check that every rate the run needs exists, and compute the library's
   outputs (headline figures, verdicts): whatever would fail inside a notebook fails here, with its file,
   line and column or its parameter, before any notebook starts;
5. when the scenario folder holds that key and its manifest proves every file intact, return at once (a
   damaged folder is rebuilt, and the run says so);
6. under the scenario's lock (so concurrent runs of one scenario wait, then find the cache), remove what
   killed runs left, execute the notebooks in parallel worker processes (capexlib.run.execute) into a
   temporary folder next to the final one, write the exports, the site and the manifest;
7. check that no input changed while the run was in progress, move what a reader left in the old folder
   to `reports/kept/` (capexlib.run.files.set_aside), and swap the temporary folder into
   `reports/<scenario>/`. On any failure the previous folder is untouched.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import inputs as pins_of_run
from ..core.checks import CheckError
from ..core.fx import FxError
from ..core.ledger import DataError, Ledger, load_ledger, resolve_data_dir
from ..core.money import AmountError
from ..core.paths import (
    NOTEBOOK_GLOB,
    NOTEBOOKS_DIR,
    PACKAGE_DIR,
    PROJECT_ROOT,
    README,
    REPORTS_DIR,
    list_notebooks,
    user_path,
)
from ..core.readfile import shown_path
from ..report import language
from ..report.options import SiteOptions
from . import editions, outputs, workers
from .build import Build, Edition, build, edition, needs_execution
from .cache import MISSING, Input, cache_status, key_of, params_text, run_inputs
from .errors import RunError
from .execute import Task, os_error_text, run_all
from .files import check_reports_folder, clean_leftovers, locked_scenario, write_if_changed
from .normalize import normalize_notebook, notebook_bytes
from .notebook_params import Resolved, read_parameters, resolve
from .params import DEFAULTS, PARAMETERS, ParamError, ecb_file, ecb_file_path, parse_fx_date
from .preflight import check_installation
from .record import Served
from .scenario import scenario_name

__all__ = ["Served", "note", "os_error_text", "run_series"]


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

    with language.using(options.lang):  # every word it writes (labels, reasons, ratings) in the edition's language
        out = out or outputs.compute(resolved.values, data)
        urls = site.claim_urls(out.verdicts, options.site_url, options.folder)
        outputs.write_exports(out, folder, urls=urls, lang=options.lang)
        unlike = ("data_dir", editions.LANG)  # neither changes a figure (an edition is no other scenario)
        changed = {name for name in PARAMETERS if name not in unlike and resolved.values.get(name) != DEFAULTS[name]}
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
    """Every rate the run needs exists: with fx_date, each currency the articles print (and KRW) on that day;
    with an ECB file laid over the bundled history, on each article's date (load_ledger checked the bundle)."""
    file = ecb_file(dict(values))
    if values.get("fx_date"):
        day = parse_fx_date(str(values["fx_date"]))
        missing = ledger.missing_rate(day, file)
        if missing is not None:
            raise ParamError(f"parameter 'fx_date' {day}: {missing}")
    elif file is not None:
        missing = ledger.missing_rate(None, file)
        if missing is not None:
            raise ParamError(f"parameter 'ecb_file': {missing}")


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


def scenario_folder_name(resolved: Any) -> str:
    """The scenario's folder: named from the parameters given (never from the editions or the site's address,
    which change only how the pages are rendered: capexlib.run.editions)."""
    return scenario_name(resolved.given, resolved.defaults)


def _key_files(resolved: Any) -> list[Path]:
    """The files a parameter names (an ECB file: its content is hashed, not only its path)."""
    ecb = ecb_file_path(resolved.values.get("ecb_file"))
    return [ecb] if ecb is not None else []


def run_values(resolved: Any, languages: Sequence[str], site_url: str) -> dict[str, object]:
    """What the run's key covers besides the files: every parameter, the editions built, the site's address."""
    return {**resolved.values, editions.EDITIONS: list(languages), editions.SITE_URL: site_url}


def run_cache_key(
    notebooks: list[Path], resolved: Any, data: Path, languages: Sequence[str] = editions.LANGUAGES, site_url: str = ""
) -> str:
    """The run's key over every input of a run and how its pages are rendered."""
    return key_of(run_inputs(notebooks, data, _key_files(resolved)), params_text(run_values(resolved, languages, site_url)))


def _pins(found: Sequence[Input]) -> dict[str, str]:
    """{real path: sha256} of the inputs a run reads while it runs (the library and lock file are imported, not read)."""
    return {i.real: i.digest for i in found if i.digest != MISSING and not i.label.startswith(("src:", "lock"))}


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
    lang: str | None = None,
    site_url: str = "",
    on_served: Callable[[Served], None] | None = None,
) -> Path:
    """Execute every notebook for the scenario `given` in each edition, and return the folder of the first
    edition: `out_root/<scenario>` (English), or `out_root/<scenario>/ko` when only Korean is built.

    `lang` (or a `lang` among `given`) builds that edition alone; by default every language is built.
    Paths (`out_root`, `notebooks_dir`, `data_dir`) follow the rule of capexlib.core.paths. `data_dir` is
    the folder hashed for the cache and read for headline figures and verdicts (default: the `data_dir`
    parameter, else $CAPEX_DATA_DIR, else data/); `force` ignores the cache. `on_note` is told when a
    damaged folder is rebuilt, what a reader left in it is kept, or the run waits for another run of its
    scenario. `lang` and `site_url` do not name the folder: a run that differs from the cached one only in
    them renders its pages again from the executed notebooks already there. `on_served` is told what was
    served and what its key covered (the CLI records it for capexlib.run.quick).
    """
    SiteOptions(site_url=site_url)  # a bad address fails here, before anything runs
    check_installation()  # the data the pinned packages carry: a package removed from the venv fails here
    folder = user_path(notebooks_dir or NOTEBOOKS_DIR, "--notebooks")
    notebooks = list_notebooks(folder)
    if not notebooks:
        raise RunError(f"no notebooks matching {NOTEBOOK_GLOB} in {shown_path(folder)}")
    given, languages = editions.take_language(given, lang)
    resolved = resolve(given, notebooks)  # raises ParamError before anything is created
    data = resolve_data_dir(data_dir) if data_dir is not None else _data_dir_for(resolved.values)
    root = user_path(out_root, "--reports")
    final = root / scenario_folder_name(resolved)
    files = _key_files(resolved)
    values = run_values(resolved, languages, site_url)
    named = [(data, "the data folder"), (folder, "the notebooks folder"), (PACKAGE_DIR, "the library")]
    check_reports_folder(root, final, named + [(f, "the ECB file") for f in files])
    found = run_inputs(notebooks, data, files)  # every input hashed once, with bounds
    key = key_of(found, params_text(values))
    pins = _pins(found)
    with pins_of_run.pinned(pins):
        ledger = load_ledger(data)  # a bad data file fails here, with its file, line and column
        check_rates(ledger, resolved.values)
        if force or not cache_status(final, key).hit:
            request = _Request(final, key, notebooks, resolved, tuple(languages), data, ledger, found, pins, site_url)
            _serve(request, workers.pool_size(jobs, len(notebooks)), progress, Path(cwd), force, on_note)
        else:
            clean_leftovers(root)  # what killed runs of other scenarios left
    if on_served is not None:
        on_served(Served(final, key, notebooks, params_text(values), data, files, values, resolved.given, resolved.defaults))
    return editions.shown_folder(final, languages)


@dataclass(frozen=True)
class _Request:
    """A run to serve: its folder and key, what it runs, and how its pages are rendered."""

    final: Path
    key: str
    notebooks: list[Path]
    resolved: Resolved
    languages: tuple[str, ...]
    data: Path
    ledger: Ledger
    found: Sequence[Input]
    pins: Mapping[str, str]
    site_url: str


def _serve(r: _Request, count: int, progress: bool | None, cwd: Path, force: bool, on_note: Callable[[str], None]) -> None:
    """Build the scenario folder: executing only the editions the folder being replaced cannot give."""
    memo: dict[str, outputs.Outputs] = {}

    def computed(values: Mapping[str, object]) -> outputs.Outputs:
        # The library's outputs depend only on the run parameters (capexlib.run.params): editions whose
        # values differ only in what the library does not read share them.
        # They are words too (a reason, a headline label): computed in the edition's language.
        known = params_text({name: values[name] for name in PARAMETERS if name in values})
        if known not in memo:
            with language.using(str(values.get(editions.LANG, editions.DEFAULT))):
                memo[known] = precompute(values, r.data, r.ledger)
        return memo[known]

    resolved = r.resolved
    keys = {}  # each edition's execution key
    for lang in r.languages:
        keys[lang] = key_of(r.found, params_text(editions.execution_values(resolved.values, resolved.declared, lang)))
    with contextlib.ExitStack() as stack:
        taken: list[workers.Pool] = []

        def pool() -> workers.Pool:
            if not taken:
                taken.append(stack.enter_context(workers.Pool.take(count, workers.notebook_imports(r.notebooks))))
            return taken[0]

        if needs_execution(r.final, keys, r.notebooks, force):
            pool()  # the workers start now (unless `capex` started them): their imports overlap what follows
        else:
            workers.end_prestarted()  # nothing to execute: the workers `capex` started are not needed
        built = []
        for lang in r.languages:
            ed = edition(resolved, lang)
            built.append(Edition(lang, ed, ed.per_notebook, keys[lang], computed(ed.values)))
        planned = Build(r.final, r.key, r.notebooks, resolved, tuple(built), r.data, progress, cwd, r.site_url, r.found, r.pins)
        _locked_build(pool, planned, force, on_note)


def _locked_build(pool: Callable[[], workers.Pool], planned: Build, force: bool, on_note: Callable[[str], None]) -> None:
    """Build the scenario folder under its lock, unless another run built it while this one waited."""
    final = planned.final
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RunError(f"cannot create the reports folder: {os_error_text(e)}") from None
    with locked_scenario(final.parent, final.name, on_wait=on_note):  # also removes this scenario's stale leftovers
        status = cache_status(final, planned.key)  # another run may have built it while this one waited
        if not force and status.hit:
            return
        if status.problem == "no manifest":
            on_note(f"{shown_path(final)} has no manifest (written by an older capex, or damaged); rebuilding it")
        elif status.problem is not None:
            on_note(f"{shown_path(final)} does not match its manifest ({status.problem}); rebuilding it")
        build(pool, planned, force, on_note, finish_site)


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
    with workers.Pool.take(workers.pool_size(jobs, len(notebooks)), workers.notebook_imports(notebooks)) as pool:
        run_all(pool, tasks, Path(cwd), progress, one)
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
