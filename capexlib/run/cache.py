"""The run cache: a key over every input that can change a run's output, and a manifest that proves a
scenario folder still holds what that key produced.

The key is a sha256 over the hashes of the notebooks, the parameters, the data tables the ledger reads
(capexlib.core.tables.data_files: a stray file beside them is never read), the library's files, the lock
file and any file a parameter names (an ECB file: its content, not only its path). Every file is hashed
in chunks through the bounded reader (capexlib.core.readfile): a FIFO, a device or an oversized file is
refused at once, never waited on or read whole.

A scenario folder ends with `.manifest` (at most MAX_MANIFEST_BYTES): the key, the execution key of each
edition it holds (`exec <lang> <key>`: what its executed notebooks were run from, so a run that differs
only in how the pages are rendered can render them again without executing anything: capexlib.run.series),
then every other file of the folder with its size and sha256. A cache hit needs both: the key equal to this run's, and every file
present, a regular file (never a symlink), unchanged, and none added. A folder that fails the check (a
truncated page, a deleted headline.csv, a notebook a reader saved there) is not served; the run rebuilds
it, keeps what it did not write (capexlib.run.files.set_aside) and says why.

This module imports only the standard library and capexlib's light core modules, so that the cache
decision can be made before pandas, nbformat or papermill are loaded (tests/test_cache.py checks this).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from ..core.paths import LOCK_FILE, PACKAGE_DIR
from ..core.readfile import (
    MAX_ECB_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_NOTEBOOK_BYTES,
    MAX_OUTPUT_BYTES,
    MAX_SOURCE_BYTES,
    MAX_TABLE_BYTES,
    MAX_YAML_BYTES,
    hash_regular_file,
    read_regular_file,
)
from ..core.tables import data_files
from .errors import RunError

MANIFEST_FILE = ".manifest"
MANIFEST_HEADER = "capex-manifest 1"
EXEC_PREFIX = "exec "  # a manifest line `exec <lang> <key>`: an edition's execution key
MISSING = "missing"  # the digest of an input file that does not exist (the run then fails on it, with its own message)


class ManifestError(Exception):
    """A manifest that cannot be read; the message says why."""


class Input(NamedTuple):
    """One input file of a run: what the key calls it, its path, where it really is, and its sha256. (A
    NamedTuple, not a dataclass, here and in CacheStatus: importing dataclasses, and inspect with it, would
    add about 9 ms to a cache hit, a fifth of it: capexlib.run.quick.)"""

    label: str
    path: Path
    real: str
    digest: str


def hash_input(label: str, path: Path, limit: int, what: str) -> Input:
    """`path` hashed through the bounded reader; a missing file is hashed as MISSING; RunError when it is no
    regular file or too large."""
    try:
        digest, real, _ = hash_regular_file(path, RunError, what, limit)
    except RunError:
        if not os.path.lexists(path):
            return Input(label, path, os.path.realpath(path), MISSING)
        raise
    return Input(label, path, real, digest)


def _library_files(package_dir: Path) -> list[tuple[str, Path]]:
    """The library's files (sources, templates, fonts, catalogues), never its caches: (the path relative to
    the library, POSIX style, as the key names it; the path)."""
    found = []
    for folder, dirs, files in os.walk(package_dir):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        base = Path(folder)
        within = base.relative_to(package_dir).as_posix()  # once per folder, not per file: a hit hashes ~150
        prefix = "" if within == "." else f"{within}/"
        found += [(prefix + name, base / name) for name in sorted(files) if not name.endswith((".pyc", ".pyo"))]
    return found


_LIMITS = {  # label prefix: (limit, what the file is)
    "notebook:": (MAX_NOTEBOOK_BYTES, "notebook"),
    "data:": (MAX_TABLE_BYTES, "data table"),
    "input:": (MAX_ECB_BYTES, "ECB history file"),
    "src:": (MAX_SOURCE_BYTES, "library file"),
    "lock": (MAX_TABLE_BYTES, "lock file"),
}


def _hash(label: str, path: Path) -> Input:
    limit, what = next(v for prefix, v in _LIMITS.items() if label.startswith(prefix))
    if label.startswith("data:") and path.name.endswith(".yaml"):
        limit, what = MAX_YAML_BYTES, "provenance file"
    return hash_input(label, path, limit, what)


def run_inputs(
    notebooks: Iterable[Path],
    data_dir: Path,
    files: Iterable[Path] = (),
    package_dir: Path = PACKAGE_DIR,
    lock_file: Path = LOCK_FILE,
) -> list[Input]:
    """Every input of a run, hashed once: the notebooks, the data tables, the files a parameter names (an ECB
    file), the library's files and the lock file."""
    found = [_hash(f"notebook:{Path(nb).name}", Path(nb)) for nb in notebooks]
    found += [_hash(f"data:{path.relative_to(data_dir).as_posix()}", path) for path in data_files(Path(data_dir))]
    found += [_hash(f"input:{Path(p).name}", Path(p)) for p in files]
    found += [_hash(f"src:{name}", p) for name, p in _library_files(Path(package_dir))]
    found.append(_hash("lock", Path(lock_file)))
    return found


def first_changed(found: Iterable[Input]) -> Input | None:
    """The first input whose bytes (or real place) are not what they were when `found` was hashed; None when none."""
    for item in found:
        try:
            now = _hash(item.label, item.path)
        except RunError:
            return item
        if (now.digest, now.real) != (item.digest, item.real):
            return item
    return None


def params_text(values: Mapping[str, object]) -> str:
    """The parameters as the key hashes them (capexlib.run.record stores this text and hashes it again)."""
    return json.dumps(values, sort_keys=True, default=str)


def key_of(inputs: Iterable[Input], params: str) -> str:
    """sha256 over the parameters' text and each input's label and digest (length-prefixed, so that no two
    different input sets hash the same byte stream)."""
    h = hashlib.sha256()

    def add(label: str, payload: bytes) -> None:
        h.update(f"{label}\0{len(payload)}\0".encode())
        h.update(payload)

    add("params", params.encode())
    for item in inputs:
        add(item.label, item.digest.encode())
    return h.hexdigest()


def cache_key(
    notebooks: Iterable[Path],
    values: Mapping[str, object] | str,
    data_dir: Path,
    package_dir: Path = PACKAGE_DIR,
    lock_file: Path = LOCK_FILE,
    inputs: Iterable[Path] = (),
) -> str:
    """The key of a run of `notebooks` with `values` (a mapping, or its `params_text`) on `data_dir`, with the
    files a parameter names (`inputs`)."""
    params = values if isinstance(values, str) else params_text(values)
    return key_of(run_inputs(notebooks, data_dir, inputs, package_dir, lock_file), params)


def _digest(path: Path, size: int) -> str:
    """sha256 of a scenario folder's file, read no further than one byte past the size the manifest gives."""
    digest, _, _ = hash_regular_file(path, ManifestError, "file", min(size, MAX_OUTPUT_BYTES))
    return digest


def folder_entries(folder: Path) -> dict[str, os.stat_result]:
    """Every entry under `folder` but the manifest (files, symlinks, FIFOs, folders), by relative POSIX path;
    symlinks are never followed."""
    found: dict[str, os.stat_result] = {}
    for parent, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(parent) / name
            rel = path.relative_to(folder).as_posix()
            if rel != MANIFEST_FILE:
                found[rel] = path.lstat()
    return found


def write_manifest(folder: Path, key: str, executions: Mapping[str, str] | None = None) -> Path:
    """Write `folder/.manifest`: the key, each edition's execution key (`executions`: {lang: key}), then
    `sha256 size path` for every other file (sorted)."""
    lines = [MANIFEST_HEADER, f"key {key}"]
    lines += [f"{EXEC_PREFIX}{lang} {exec_key}" for lang, exec_key in sorted((executions or {}).items())]
    for rel, info in folder_entries(folder).items():
        if stat.S_ISDIR(info.st_mode):
            continue
        if "\n" in rel or "\t" in rel:
            raise ValueError(f"{rel!r}: a file name with a line break or tab cannot be listed in the manifest")
        digest, _, size = hash_regular_file(folder / rel, RunError, "output file", MAX_OUTPUT_BYTES)
        lines.append(f"{digest}\t{size}\t{rel}")
    target = folder / MANIFEST_FILE
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


class CacheStatus(NamedTuple):
    """Whether a scenario folder can be served for a key; `problem` says what is damaged (None: not damaged)."""

    hit: bool
    problem: str | None = None


def read_manifest(folder: Path) -> tuple[str, dict[str, tuple[str, int]]]:
    """(key, {path: (sha256, size)}); ManifestError saying what is wrong (FileNotFoundError: none)."""
    key, _, entries = read_full_manifest(folder)
    return key, entries


def read_full_manifest(folder: Path) -> tuple[str, dict[str, str], dict[str, tuple[str, int]]]:
    """(key, {lang: execution key}, {path: (sha256, size)}); ManifestError saying what is wrong
    (FileNotFoundError: none)."""
    path = folder / MANIFEST_FILE
    if not os.path.lexists(path):
        raise FileNotFoundError(path)
    try:
        text = read_regular_file(path, ManifestError, "manifest", MAX_MANIFEST_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise ManifestError("the manifest cannot be read") from None
    except ManifestError as e:
        raise ManifestError(f"the manifest cannot be read ({str(e).split(': ', 1)[-1]})") from None
    lines = text.splitlines()
    if len(lines) < 2 or lines[0] != MANIFEST_HEADER or not lines[1].startswith("key "):
        raise ManifestError("the manifest is damaged")
    executions: dict[str, str] = {}
    rest = lines[2:]
    while rest and rest[0].startswith(EXEC_PREFIX):
        parts = rest.pop(0)[len(EXEC_PREFIX) :].split(" ")
        if len(parts) != 2 or not parts[0].isalpha() or len(parts[1]) != 64:
            raise ManifestError("the manifest is damaged")
        executions[parts[0]] = parts[1]
    entries: dict[str, tuple[str, int]] = {}
    for line in rest:
        parts = line.split("\t")
        if len(parts) != 3 or len(parts[0]) != 64 or not parts[1].isascii() or not parts[1].isdigit() or not parts[2]:
            raise ManifestError("the manifest is damaged")
        entries[parts[2]] = (parts[0], int(parts[1]))
    return lines[1][len("key ") :], executions, entries


def differences(folder: Path, entries: Mapping[str, tuple[str, int]]) -> tuple[list[str], list[str], list[str]]:
    """(missing, added, changed): files the manifest lists that are gone; entries it does not list (a folder
    only when nothing under it is listed); listed files that are no longer what it says (a symlink or any
    other non-regular file is changed, and never read)."""
    present = folder_entries(folder)
    listed_dirs = {parent.as_posix() for rel in entries for parent in Path(rel).parents if parent != Path(".")}
    missing = sorted(rel for rel in entries if rel not in present)
    added: list[str] = []
    added_dirs: set[str] = set()
    for rel, info in present.items():  # a folder comes before what is in it
        if rel in entries or (stat.S_ISDIR(info.st_mode) and rel in listed_dirs):
            continue
        if not any(parent.as_posix() in added_dirs for parent in Path(rel).parents):
            added.append(rel)  # a folder nothing listed is under is named once, not each file in it
            added_dirs.add(rel)
    changed = []
    for rel in sorted(set(entries) & set(present)):
        digest, size = entries[rel]
        info = present[rel]
        try:
            same = stat.S_ISREG(info.st_mode) and info.st_size == size and _digest(folder / rel, size) == digest
        except ManifestError:
            same = False
        if not same:
            changed.append(rel)
    return missing, added, changed


def cache_status(folder: Path, key: str) -> CacheStatus:
    """A hit when `folder`'s manifest has `key` and lists exactly the folder's files, each unchanged.

    A missing folder or another key is a plain miss; anything else wrong is a miss with a `problem`.
    """
    try:
        if not folder.is_dir():
            return CacheStatus(False)
        try:
            stored_key, entries = read_manifest(folder)
        except FileNotFoundError:
            return CacheStatus(False, "no manifest")
        except ManifestError as e:
            return CacheStatus(False, str(e))
        if stored_key != key:
            return CacheStatus(False)
        missing, added, changed = differences(folder, entries)
    except OSError as e:
        return CacheStatus(False, f"cannot be checked ({e.strerror or e})")
    problems = [f"{rel} missing" for rel in missing] + [f"{rel} not in the manifest" for rel in added]
    problems += [f"{rel} changed" for rel in changed]
    if problems:
        shown = ", ".join(problems[:5]) + (f" and {len(problems) - 5} more" if len(problems) > 5 else "")
        return CacheStatus(False, shown)
    return CacheStatus(True)
