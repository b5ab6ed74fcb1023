"""Executing a run's notebooks in the worker pool, writing each one and rendering its page as it finishes.

The pages are rendered in a thread of their own, so a worker goes on to its next notebook at once; the
first failure in notebook order is raised once all have stopped, and every failure names its notebook (a
full disk first fails one notebook's write, and that notebook must be named, not only the ones that
failed after it).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.readfile import shown_path
from . import workers
from .errors import RunError
from .normalize import normalize_notebook, notebook_bytes

Task = workers.Task


def os_error_text(e: OSError) -> str:
    """An OSError in words, its path cut to a readable length: 'cannot write /r/x.html: No space left on device'."""
    reason = e.strerror or str(e)
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        reason += " (the disk is full)"
    return f"{shown_path(e.filename)}: {reason}" if e.filename else reason


def pin_page_environment() -> None:
    """Pages from the venv's own nbconvert templates only: $JUPYTER_PATH (searched first) is dropped, and the
    environment's data folder is preferred to the user's (~/.local/share/jupyter), so that a template
    there cannot restyle the pages. Called before the first page is rendered (the exporter is made once)."""
    os.environ.pop("JUPYTER_PATH", None)
    os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"


def _show_progress(progress: bool | None) -> bool:
    if progress is not None:
        return progress
    return sys.stderr.isatty() and not os.environ.get("CI")


def run_all(
    pool: workers.Pool,
    tasks: list[Task],
    cwd: Path,
    progress: bool | None,
    on_done: Callable[[Path, Any], None],
) -> None:
    """Execute `tasks` in the pool's workers and hand each executed notebook to `on_done` (`capex normalize`:
    the committed notebooks rewritten in place; a run's editions use run_editions)."""
    finished = _finisher(progress)

    def done(nb_path: Path, executed: Any) -> None:
        with finished(nb_path):
            on_done(nb_path, executed)

    pool.run(workers.longest_first(tasks), cwd, done)


def _finisher(progress: bool | None) -> Callable[[Path], contextlib.AbstractContextManager[None]]:
    """A context for handling one executed notebook: a write that fails is one RunError naming the
    notebook, and with progress shown, the notebook's name and the run's time so far once it is done."""
    show = _show_progress(progress)
    started = time.perf_counter()

    @contextlib.contextmanager
    def finished(nb_path: Path) -> Iterator[None]:
        try:
            yield
        except RunError:
            raise  # already names the notebook
        except OSError as e:
            raise RunError(f"{nb_path.name}: cannot write its output: {os_error_text(e)}") from None
        except UnicodeEncodeError as e:  # a cell's output that is no valid Unicode (a lone surrogate)
            raise RunError(f"{nb_path.name}: cannot write its output: {e.reason} in its text") from None
        if show:
            print(f"{nb_path.name}  {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)

    return finished


@dataclass(frozen=True)
class Job:
    """A notebook to execute once with `parameters`, written (and its page rendered) into each edition of
    `targets` ((folder, language) pairs) that executes it the same way."""

    notebook: Path
    parameters: Mapping[str, object]
    targets: tuple[tuple[Path, str], ...]


def parameters_key(name: str, parameters: Mapping[str, object]) -> str:
    """What tells two executions of one notebook apart: its name and its injected parameters."""
    return f"{name}\0{json.dumps(dict(parameters), sort_keys=True, default=str)}"


def run_editions(
    pool: Callable[[], workers.Pool],
    jobs: Sequence[Job],
    ready: Sequence[tuple[bytes, Path, str]],
    cwd: Path,
    progress: bool | None,
    pins: Mapping[str, str] | None = None,
) -> None:
    """Execute `jobs` in the pool (`pool()` is called only when there is a job) and write each executed
    notebook into every folder it targets; render every page, in a thread of its own: those of `ready`
    (notebooks already executed: bytes, page path, language) at once, the others as their notebooks finish.

    One notebook may run twice, with two sets of parameters (an edition's language where it declares
    one): each executed notebook is matched to its job by the parameters papermill's metadata records."""
    finished = _finisher(progress)
    pages: queue.Queue[tuple[bytes, Path, str] | None] = queue.Queue()
    page_errors: list[RunError] = []

    def render_pages() -> None:
        from ..report import fonts, site, templating  # noqa: PLC0415 - nbconvert's import (~1 s) overlaps the workers' first notebooks

        fonts.warm()  # for embed_font at the end, while the workers run
        templating.warm()  # the site's templates, compiled for the end of the run (one compilation serves each language)
        while (item := pages.get()) is not None:
            nb, path, lang = item
            try:
                site.render_notebook(nb, path, lang)
            except OSError as e:
                page_errors.append(RunError(f"{path.name}: cannot write the page: {os_error_text(e)}"))
            except Exception as e:
                page_errors.append(RunError(f"{path.name}: the page failed: {type(e).__name__}: {e}"))

    pin_page_environment()
    renderer = threading.Thread(target=render_pages, name="capex-pages")
    renderer.start()
    for item in ready:
        pages.put(item)
    targets = {parameters_key(job.notebook.name, job.parameters): job.targets for job in jobs}

    def done(nb_path: Path, executed: Any) -> None:
        given = executed.get("metadata", {}).get("papermill", {}).get("parameters", {})
        with finished(nb_path):
            data = notebook_bytes(normalize_notebook(executed))
            for folder, lang in targets[parameters_key(nb_path.name, given)]:
                (folder / nb_path.name).write_bytes(data)
                pages.put((data, folder / f"{nb_path.stem}.html", lang))

    try:
        if jobs:
            tasks: list[Task] = [(job.notebook, job.parameters) for job in jobs]
            pool().run(workers.longest_first(tasks), cwd, done, pins)
    finally:
        pages.put(None)
        renderer.join()
    if page_errors:
        raise page_errors[0]
