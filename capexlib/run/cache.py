"""The run cache: a key over every input that can change a run's output, and a manifest that proves a
scenario folder still holds what that key produced.

A scenario folder ends with `.manifest`: the key, then every other file of the folder with its size and
sha256. A cache hit needs both: the key equal to this run's, and every file present, unchanged, and
none added. A folder that fails the check (a truncated page, a deleted headline.csv) is not served; the
run rebuilds it and says why.

This module imports only the standard library, so the cache decision can be made before pandas,
nbformat or papermill are loaded (tests/test_cache.py checks this).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.paths import LOCK_FILE, PACKAGE_DIR

MANIFEST_FILE = ".manifest"
MANIFEST_HEADER = "capex-manifest 1"
_CHUNK = 1 << 20


def _files_under(folder: Path, pattern: str = "*") -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)


def params_text(values: Mapping[str, object]) -> str:
    """The parameters as the key hashes them (capexlib.run.quick stores this text and hashes it again)."""
    return json.dumps(values, sort_keys=True, default=str)


def cache_key(
    notebooks: Iterable[Path],
    values: Mapping[str, object] | str,
    data_dir: Path,
    package_dir: Path = PACKAGE_DIR,
    lock_file: Path = LOCK_FILE,
    inputs: Iterable[Path] = (),
) -> str:
    """sha256 over the notebooks, the parameters (a mapping, or its `params_text`), the data files, the
    library's files, the lock file and any other input file the parameters name (`inputs`, e.g. an ECB
    file: its content, not only its path)."""
    h = hashlib.sha256()

    def add(label: str, payload: bytes) -> None:
        # Length-prefixed so that no two different input sets hash the same byte stream.
        h.update(f"{label}\0{len(payload)}\0".encode())
        h.update(payload)

    for nb in notebooks:
        add(f"notebook:{Path(nb).name}", Path(nb).read_bytes())
    add("params", (values if isinstance(values, str) else params_text(values)).encode())
    for path in _files_under(Path(data_dir)):
        add(f"data:{path.relative_to(data_dir).as_posix()}", path.read_bytes())
    for path in _files_under(Path(package_dir)):  # sources and any bundled files (fonts, templates)
        add(f"src:{path.relative_to(package_dir).as_posix()}", path.read_bytes())
    add("lock", Path(lock_file).read_bytes() if Path(lock_file).is_file() else b"")
    for path in inputs:
        add(f"input:{Path(path).name}", Path(path).read_bytes())
    return h.hexdigest()


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _folder_files(folder: Path) -> dict[str, Path]:
    """Every file under `folder` but the manifest, by its relative POSIX path."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() or path.is_symlink():
            rel = path.relative_to(folder).as_posix()
            if rel != MANIFEST_FILE:
                found[rel] = path
    return found


def write_manifest(folder: Path, key: str) -> Path:
    """Write `folder/.manifest`: the key, then `sha256 size path` for every other file (sorted)."""
    lines = [MANIFEST_HEADER, f"key {key}"]
    for rel, path in _folder_files(folder).items():
        if "\n" in rel or "\t" in rel:
            raise ValueError(f"{rel!r}: a file name with a line break or tab cannot be listed in the manifest")
        lines.append(f"{_digest(path)}\t{path.stat().st_size}\t{rel}")
    target = folder / MANIFEST_FILE
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@dataclass(frozen=True)
class CacheStatus:
    """Whether a scenario folder can be served for a key; `problem` says what is damaged (None: not damaged)."""

    hit: bool
    problem: str | None = None


def _read_manifest(folder: Path) -> tuple[str, dict[str, tuple[str, int]]] | str:
    """(key, {path: (sha256, size)}), or a description of what is wrong with the manifest."""
    try:
        text = (folder / MANIFEST_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return "no manifest"
    except (OSError, UnicodeDecodeError):
        return "the manifest cannot be read"
    lines = text.splitlines()
    if len(lines) < 2 or lines[0] != MANIFEST_HEADER or not lines[1].startswith("key "):
        return "the manifest is damaged"
    entries: dict[str, tuple[str, int]] = {}
    for line in lines[2:]:
        parts = line.split("\t")
        if len(parts) != 3 or len(parts[0]) != 64 or not parts[1].isdigit():
            return "the manifest is damaged"
        entries[parts[2]] = (parts[0], int(parts[1]))
    return lines[1][len("key ") :], entries


def cache_status(folder: Path, key: str) -> CacheStatus:
    """A hit when `folder`'s manifest has `key` and lists exactly the folder's files, each unchanged.

    A missing folder or another key is a plain miss; anything else wrong is a miss with a `problem`.
    """
    try:
        if not folder.is_dir():
            return CacheStatus(False)
        manifest = _read_manifest(folder)
        if isinstance(manifest, str):
            return CacheStatus(False, manifest)
        stored_key, entries = manifest
        if stored_key != key:
            return CacheStatus(False)
        present = _folder_files(folder)
        problems = [f"{rel} missing" for rel in sorted(set(entries) - set(present))]
        problems += [f"{rel} not in the manifest" for rel in sorted(set(present) - set(entries))]
        for rel in sorted(set(entries) & set(present)):
            digest, size = entries[rel]
            path = present[rel]
            if not path.is_file() or path.stat().st_size != size or _digest(path) != digest:
                problems.append(f"{rel} changed")
    except OSError as e:
        return CacheStatus(False, f"cannot be checked ({e.strerror or e})")
    if problems:
        shown = ", ".join(problems[:5]) + (f" and {len(problems) - 5} more" if len(problems) > 5 else "")
        return CacheStatus(False, shown)
    return CacheStatus(True)


def is_cached(final: Path, key: str) -> bool:
    return cache_status(final, key).hit
