"""Building a scenario folder: each edition's executed notebooks, pages, exports and site, then the manifest.

An edition's notebooks are executed only when no intact edition in the folder being replaced was executed
under the same execution key (capexlib.run.editions): a run that differs from the cached one only in how
its pages are rendered (`--site-url`, the editions built, a language that reaches no notebook) copies the
executed notebooks it can prove (each file's sha256 is the one the old manifest lists under that key) and
renders everything else again. Either way the folder is built beside the old one and swapped in whole,
and its manifest lists every file with the run's key and each edition's execution key, so it stays the
proof of the folder.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.readfile import MAX_NOTEBOOK_BYTES, read_regular_file, shown_path
from ..report.options import SiteOptions
from . import editions, outputs, workers
from .cache import Input, ManifestError, first_changed, read_full_manifest, write_manifest
from .errors import RunError
from .execute import Job, os_error_text, parameters_key, run_editions
from .files import new_temp_folder, set_aside, swap_into_place
from .notebook_params import Resolved


@dataclass(frozen=True)
class Edition:
    """One language's site of the run: its parameters (with `lang`), what each notebook is injected with, the
    key of its execution, and the library's outputs it shows."""

    lang: str
    resolved: Resolved
    per_notebook: Mapping[Path, Mapping[str, object]]
    key: str  # the execution key: every input and the values that reach its notebooks
    computed: outputs.Outputs


@dataclass(frozen=True)
class Build:
    """One scenario folder to build: where, under which key, and what goes in."""

    final: Path
    key: str  # the run's key (the manifest's): the executions and how the pages are rendered
    notebooks: list[Path]
    resolved: Resolved
    editions: tuple[Edition, ...]
    data: Path
    progress: bool | None
    cwd: Path
    site_url: str
    found: Sequence[Input]  # the inputs as hashed when the run started
    pins: Mapping[str, str]


def edition(resolved: Resolved, lang: str) -> Resolved:
    """The run's parameters as the edition `lang` runs them: `lang` among its values (the scenario's name,
    its given parameters and defaults unchanged), injected where a notebook declares it."""
    per_notebook = editions.injected(resolved.per_notebook, resolved.declared, lang)
    return Resolved({**resolved.values, editions.LANG: lang}, resolved.given, per_notebook, resolved.defaults, resolved.declared)


def reusable(final: Path, wanted: Mapping[str, str], notebooks: Sequence[Path]) -> dict[str, dict[str, bytes]]:
    """{lang: {notebook name: bytes}}: the executed notebooks of each wanted edition ({lang: execution key}),
    from an edition of the folder being replaced that was executed under the same key, each file's sha256
    the one its manifest lists. An edition whose files cannot all be proved so is not here (it is executed)."""
    try:
        _, executions, entries = read_full_manifest(final)
    except (OSError, ManifestError):
        return {}
    found: dict[str, dict[str, bytes]] = {}
    for lang, key in wanted.items():
        for old_lang, old_key in sorted(executions.items()):
            if old_key != key or old_lang not in editions.LANGUAGES:
                continue
            copied = _proved(final, editions.subfolder(old_lang), entries, notebooks)
            if copied is not None:
                found[lang] = copied
                break
    return found


def _proved(final: Path, sub: str, entries: Mapping[str, tuple[str, int]], notebooks: Sequence[Path]) -> dict[str, bytes] | None:
    out: dict[str, bytes] = {}
    for nb in notebooks:
        rel = f"{sub}/{nb.name}" if sub else nb.name
        if rel not in entries:
            return None
        try:  # a regular file of the folder itself, never a symlink (a forged manifest reads nothing outside it)
            if not stat.S_ISREG((final / rel).lstat().st_mode):
                return None
            data = read_regular_file(final / rel, RunError, "executed notebook", MAX_NOTEBOOK_BYTES)
        except (OSError, RunError):
            return None
        if hashlib.sha256(data).hexdigest() != entries[rel][0]:
            return None
        out[nb.name] = data
    return out


def needs_execution(final: Path, keys: Mapping[str, str], notebooks: Sequence[Path], force: bool) -> bool:
    """Whether building `final` for the editions `keys` ({lang: execution key}) executes any notebook."""
    return force or len(reusable(final, keys, notebooks)) < len(keys)


def build(
    pool: Callable[[], workers.Pool],
    build: Build,
    force: bool,
    on_note: Callable[[str], None],
    finish_site: Callable[[Path, Resolved, Path, str, SiteOptions, outputs.Outputs], None],
) -> None:
    """Execute (or take from the folder being replaced) each edition's notebooks into a temporary folder
    beside `final`, write the rest, check the inputs, keep what a reader left in the old folder, then swap
    the new one into place."""
    final = build.final
    try:
        tmp = new_temp_folder(final.parent, final.name)
    except OSError as e:
        raise RunError(f"cannot write to {shown_path(final.parent)}: {os_error_text(e)}") from None
    try:
        kept = {} if force else reusable(final, {ed.lang: ed.key for ed in build.editions}, build.notebooks)
        # A notebook injected with the same parameters in this run gives the same bytes in any edition: one
        # that a kept edition holds is not executed again for another.
        known = {
            parameters_key(nb.name, ed.per_notebook[nb]): kept[ed.lang][nb.name]
            for ed in build.editions
            if ed.lang in kept
            for nb in build.notebooks
        }
        jobs: dict[str, tuple[Path, Mapping[str, object], list[tuple[Path, str]]]] = {}
        ready: list[tuple[bytes, Path, str]] = []
        for ed in build.editions:
            folder = editions.folder_of(tmp, ed.lang)
            folder.mkdir(exist_ok=True)
            try:
                outputs.write_run_outputs(ed.computed, folder)
            except OSError as e:
                raise RunError(f"cannot write the library's outputs (headline.csv, verdicts.csv): {os_error_text(e)}") from None
            for nb in build.notebooks:
                params = ed.per_notebook[nb]
                data = known.get(parameters_key(nb.name, params))
                if data is not None:
                    (folder / nb.name).write_bytes(data)
                    ready.append((data, folder / f"{nb.stem}.html", ed.lang))
                    continue
                job = jobs.setdefault(parameters_key(nb.name, params), (nb, params, []))
                job[2].append((folder, ed.lang))
        todo = [Job(nb, params, tuple(targets)) for nb, params, targets in jobs.values()]
        run_editions(pool, todo, ready, build.cwd, build.progress, pins=build.pins)
        try:
            for ed in build.editions:
                folder = editions.folder_of(tmp, ed.lang)
                (folder / "params.json").write_text(
                    json.dumps(ed.resolved.values, indent=1, sort_keys=True, default=str) + "\n", encoding="utf-8"
                )
                languages = tuple(e.lang for e in build.editions)
                options = SiteOptions(lang=ed.lang, site_url=build.site_url, languages=languages)
                finish_site(folder, ed.resolved, build.data, final.name, options, ed.computed)
            _unchanged(build.found)
            write_manifest(tmp, build.key, {ed.lang: ed.key for ed in build.editions})
            aside = set_aside(final)
            if aside is not None:
                where, moved = aside
                shown = ", ".join(moved[:3]) + (f" and {len(moved) - 3} more" if len(moved) > 3 else "")
                on_note(f"kept what the run did not write in {shown_path(final)} ({shown}): moved to {shown_path(where)}")
            swap_into_place(tmp, final)
        except OSError as e:
            raise RunError(f"cannot write the scenario folder {shown_path(final)}: {os_error_text(e)}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _unchanged(found: Sequence[Input]) -> None:
    """RunError naming the first input whose bytes are not what they were when the run started."""
    changed = first_changed(found)
    if changed is not None:
        raise RunError(
            f"{shown_path(changed.path)}: changed while the run was in progress; the scenario folder was not "
            "replaced (run again once it stops changing)"
        )
