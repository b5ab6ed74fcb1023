"""The record of a served request: what lets an unchanged `capex run` be answered before pandas is imported.

Every full run that serves a scenario folder leaves a record in `<reports>/.requests/`, named by the request
(the command line, the working folder, $CAPEX_DATA_DIR). A record is only a hint, never a proof: the same
request later (capexlib.run.quick) checks everything it says against the request and the files as they are
then, and anything that does not hold is a plain miss (the full run decides):

- the request stored in the record is this request (a record copied from another scenario is not);
- every path the request named (--reports, --notebooks, -f, a data_dir or ecb_file, $CAPEX_DATA_DIR)
  still resolves to where it did (a symlink re-pointed since is a miss), and a scenario file still has
  the bytes it had;
- the parameters are consistent: the scenario folder's name is recomputed from them (never taken from the
  record), the data folder and the ECB file are derived from them;
- the cache key is recomputed from the inputs as they are now (every file hashed through the bounded
  reader), and the folder's manifest proves it holds that key's output;
- what is printed is the folder's path (its first edition's: capexlib.run.editions), computed here; nothing
  the record says is printed.

What stays trusted is the link from the command line to its parameters (argparse's reading of it, which
would need pandas to redo): a record hand-edited to claim another command line is as much a forgery as
a hand-edited page, and capex protects the folders from accidents and stale inputs, not from the person
who owns them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ..core.paths import NOTEBOOKS_DIR, REPORTS_DIR, PathError, list_notebooks, user_path
from ..core.readfile import MAX_RECORD_BYTES, MAX_YAML_BYTES, hash_regular_file, json_depth, read_regular_file
from ..core.tables import DataError, resolve_data_dir
from .cache import cache_status, key_of, params_text, run_inputs
from .editions import EDITIONS, LANGUAGES, shown_folder
from .errors import RunError
from .files import atomic_write, clean_leftovers
from .scenario import is_scenario_name, scenario_name

RECORDS = ".requests"  # in the reports folder; never a scenario (hidden), never a leftover
NOT_SERVED = {"--force", "--list-params", "-h", "--help"}  # flags that never answer from a record
_MAX_DEPTH = 20  # a record is flat JSON; anything deeper is not one


class Served(NamedTuple):
    """A scenario folder a run served (built or from the cache), with everything its cache key covers. (A
    NamedTuple, not a dataclass: this module is imported on a cache hit, capexlib.run.cache says why.)"""

    folder: Path
    key: str
    notebooks: list[Path]
    params: str  # cache.params_text(values)
    data_dir: Path
    inputs: list[Path]  # files a parameter names (an ECB file)
    values: dict[str, object]  # every parameter, the editions built, the site's address
    given: dict[str, object]  # what differs from the defaults (names the folder)
    defaults: dict[str, object]


def request(argv: Sequence[str], cwd: str | None = None, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What a request is besides the files: its arguments, working folder and $CAPEX_DATA_DIR."""
    environ = os.environ if environ is None else environ
    return {"argv": list(argv), "cwd": cwd or os.getcwd(), "CAPEX_DATA_DIR": environ.get("CAPEX_DATA_DIR", "")}


def request_key(argv: Sequence[str], cwd: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """sha256 of the request (the record's file name)."""
    text = json.dumps(request(argv, cwd, environ), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def without_force(argv: Sequence[str]) -> list[str]:
    """The request without its --force flag (or argparse's abbreviation of it, `--fo` and longer)."""
    return [arg for arg in argv if not (len(arg) >= 4 and "--force".startswith(arg))]


def option(argv: Sequence[str], name: str) -> str | None:
    """The value of `--name VALUE` or `--name=VALUE` (the last one, as argparse keeps), else None."""
    found = None
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith(name + "="):
            found = arg[len(name) + 1 :]
    return found


def reports_root(argv: Sequence[str]) -> Path:
    """Where the full run would have left the record: argparse reads --reports the same way. An abbreviated
    `--rep` is not seen here, so the default folder is searched and holds no record of this request."""
    return user_path(option(argv, "--reports") or REPORTS_DIR, "--reports")


def named_paths(texts: Sequence[str]) -> list[list[str]]:
    """[as given, as resolved now] for each path a request names (`texts`; empty ones are skipped)."""
    return [[text, str(user_path(text))] for text in dict.fromkeys(texts) if text]


def _sha256(path: Path) -> str:
    digest, _, _ = hash_regular_file(path, RunError, "scenario file", MAX_YAML_BYTES)
    return digest


def remember(argv: Sequence[str], served: Served, read_files: Sequence[Path] = (), paths: Sequence[str] = ()) -> None:
    """Record a served request (after a full run without --force). `read_files`: files the command line named
    whose content chose parameters (a scenario file); `paths`: every path the request named, as given. Best
    effort: a record that cannot be written only means the next identical run takes the full path."""
    try:
        record = {
            "request": request(argv),
            "reports": str(served.folder.parent),
            "folder": served.folder.name,
            "key": served.key,
            "notebooks_dir": str(served.notebooks[0].parent) if served.notebooks else "",
            "values": served.values,
            "given": served.given,
            "defaults": served.defaults,
            "files": {str(p): _sha256(p) for p in read_files},
            "paths": named_paths(paths),
        }
        text = json.dumps(record, sort_keys=True, indent=1, default=str, ensure_ascii=True) + "\n"
    except (OSError, ValueError, RunError, PathError):
        return
    folder = served.folder.parent / RECORDS
    try:  # the one atomic write, whose leftovers of a killed run `make clean` and the next run recognise
        folder.mkdir(exist_ok=True)
        atomic_write(folder / f"{request_key(argv)}.json", text)
    except OSError:
        return


def _load(path: Path) -> dict[str, Any] | None:
    data = read_regular_file(path, RunError, "record", MAX_RECORD_BYTES)
    record = json.loads(data.decode("utf-8"))
    return record if isinstance(record, dict) and json_depth(record, _MAX_DEPTH) <= _MAX_DEPTH else None


def answer(argv: Sequence[str]) -> str | None:
    """What `capex run ARGV` prints when its record, checked against the request and the files, proves the
    scenario folder current; None otherwise (the full run decides)."""
    if any(arg in NOT_SERVED for arg in argv):
        return None
    try:
        root = reports_root(argv)
        record = _load(root / RECORDS / f"{request_key(['run', *argv])}.json")
        if record is None or record["request"] != request(["run", *argv]) or record["reports"] != str(root):
            return None
        if any(str(user_path(given)) != resolved for given, resolved in record["paths"]):
            return None  # a path re-pointed since
        if any(_sha256(Path(name)) != digest for name, digest in record["files"].items()):
            return None
        folder = _checked_folder(root, record)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, RunError, PathError, DataError):
        return None
    if folder is None:
        return None
    clean_leftovers(root)  # as the full run does on a cache hit
    languages = record["values"].get(EDITIONS)
    if not isinstance(languages, list) or not languages or any(lang not in LANGUAGES for lang in languages):
        return None
    return str(shown_folder(folder, languages))


def _checked_folder(root: Path, record: dict[str, Any]) -> Path | None:
    """The scenario folder the record's parameters name, when its manifest proves it holds their output now."""
    values, given, defaults = record["values"], record["given"], record["defaults"]
    if any(values.get(name) != value for name, value in given.items()):
        return None
    if any(values.get(name) != value for name, value in defaults.items() if name not in given):
        return None
    name = scenario_name(given, defaults)
    if name != record["folder"] or not is_scenario_name(name):
        return None
    named = {given_path for given_path, _ in record["paths"]}
    notebooks_dir = Path(record["notebooks_dir"])
    if notebooks_dir != NOTEBOOKS_DIR and str(notebooks_dir) not in {resolved for _, resolved in record["paths"]}:
        return None
    notebooks = list_notebooks(notebooks_dir)
    data_dir = resolve_data_dir(str(values.get("data_dir") or "") or None)
    ecb = str(values.get("ecb_file") or "")
    inputs = [user_path(ecb)] if ecb else []
    if not notebooks or (ecb and ecb not in {resolved for _, resolved in record["paths"]} and ecb not in named):
        return None
    key = key_of(run_inputs(notebooks, data_dir, inputs), params_text(values))
    folder = root / name
    if key != record["key"] or not cache_status(folder, key).hit:
        return None
    return folder
