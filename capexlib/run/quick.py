"""The `capex` command's entry point: an unchanged `capex run` answered before anything heavy is imported.

A full `capex run` imports pandas and the library, validates the parameters and loads the data (~0.6 s)
before it can compute the cache key. Here the same request is answered with the standard library alone
(~0.05 s): every full run that serves a scenario folder leaves a record in `<reports>/.requests/`, named by
the request (the command line, the working folder, $CAPEX_DATA_DIR), holding the folder it printed, its
cache key and what that key covered: the notebooks folder, the canonical parameters as hashed, the data
folder, the files a parameter names (an ECB file) and the scenario file (-f) with its sha256. The same
request later recomputes the key from the files as they are now (capexlib.run.cache), checks the folder
against its manifest and prints it. A changed notebook, data file, library file, lock file, ECB file or
scenario file, or a notebook added, gives another key or hash, and the full run decides. A missing or
unreadable record is a plain miss; a `--force` run records the same request without `--force`.

Sound because a run's output is a function of the request and of the files the key covers: the
parameters stored are what the full run resolved from the same request and the same files.

On a miss, `capex run` starts its worker processes here, before importing pandas (capexlib.run.workers).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.paths import NOTEBOOKS_DIR, REPORTS_DIR, list_notebooks
from .cache import cache_key, cache_status
from .files import clean_leftovers

if TYPE_CHECKING:
    from .series import Served

RECORDS = ".requests"  # in the reports folder; never a scenario (hidden), never a leftover
MAX_RECORD_BYTES = 1 << 20
_NOT_SERVED = {"--force", "--list-params", "-h", "--help"}  # flags that never answer from a record


def request_key(argv: Sequence[str], cwd: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """sha256 of what a request is besides the files: its arguments, working folder and $CAPEX_DATA_DIR."""
    environ = os.environ if environ is None else environ
    request = {"argv": list(argv), "cwd": cwd or os.getcwd(), "CAPEX_DATA_DIR": environ.get("CAPEX_DATA_DIR", "")}
    return hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()


def without_force(argv: Sequence[str]) -> list[str]:
    """The request without its --force flag (or argparse's abbreviation of it, `--fo` and longer)."""
    return [arg for arg in argv if not (len(arg) >= 4 and "--force".startswith(arg))]


def _option(argv: Sequence[str], name: str) -> str | None:
    """The value of `--name VALUE` or `--name=VALUE` (the last one, as argparse keeps), else None."""
    found = None
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith(name + "="):
            found = arg[len(name) + 1 :]
    return found


def _reports_root(argv: Sequence[str]) -> Path:
    # Where the full run would have left the record: argparse reads --reports the same way. An abbreviated
    # `--rep` is not seen here, so the default folder is searched and holds no record of this request.
    return Path(_option(argv, "--reports") or REPORTS_DIR)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def remember(argv: Sequence[str], served: Served, printed: str, read_files: Sequence[Path] = ()) -> None:
    """Record a served request (after a full run without --force). `read_files`: files the command line named
    whose content chose parameters (a scenario file). Best effort: a record that cannot be written only
    means the next identical run takes the full path."""
    record = {
        "printed": printed,
        "folder": str(served.folder.resolve()),
        "key": served.key,
        "notebooks_dir": str(served.notebooks[0].parent.resolve()) if served.notebooks else "",
        "params": served.params,
        "data_dir": str(served.data_dir.resolve()),
        "inputs": [str(p.resolve()) for p in served.inputs],
        "files": {str(p.resolve()): _sha256(p) for p in read_files},
    }
    folder = served.folder.parent / RECORDS
    target = folder / f"{request_key(argv)}.json"
    tmp = folder / f".{target.name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(exist_ok=True)
        tmp.write_text(json.dumps(record, sort_keys=True, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def cached(argv: Sequence[str]) -> str | None:
    """What `capex run ARGV` prints when its record proves the scenario folder current; None otherwise."""
    if any(arg in _NOT_SERVED for arg in argv):
        return None
    path = _reports_root(argv) / RECORDS / f"{request_key(['run', *argv])}.json"
    try:
        if path.stat().st_size > MAX_RECORD_BYTES:
            return None
        record = json.loads(path.read_text(encoding="utf-8"))
        if any(_sha256(Path(name)) != digest for name, digest in record["files"].items()):
            return None
        notebooks = list_notebooks(record["notebooks_dir"] or NOTEBOOKS_DIR)
        key = cache_key(notebooks, record["params"], Path(record["data_dir"]), inputs=[Path(p) for p in record["inputs"]])
        if not notebooks or key != record["key"]:
            return None
        folder = Path(record["folder"])
        if not cache_status(folder, key).hit:
            return None
        clean_leftovers(folder.parent)  # as the full run does on a cache hit
        printed: str = record["printed"]
        return printed
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _prestart(argv: Sequence[str]) -> None:
    """Start the workers `capex run ARGV` will use (--jobs, else one per CPU, at most one per notebook),
    importing what its notebooks import."""
    from . import workers  # noqa: PLC0415 - only on a miss

    notebooks = list_notebooks(_option(argv, "--notebooks"))
    try:
        jobs = int(_option(argv, "--jobs") or 0)
    except ValueError:
        jobs = 0
    workers.prestart(max(1, min(jobs or os.cpu_count() or 1, len(notebooks) or 1)), workers.notebook_imports(notebooks))


def main(argv: Sequence[str] | None = None) -> int:
    """`capex`: a cached `capex run` is answered here; everything else goes to capexlib.cli."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["run"] and not any(arg in _NOT_SERVED for arg in args):
        printed = cached(args[1:])
        if printed is not None:
            print(printed)
            return 0
        _prestart(args[1:])
    from ..cli import main as full  # noqa: PLC0415 - pandas and the library (~0.4 s): only on a miss

    return full(args)


if __name__ == "__main__":
    sys.exit(main())
