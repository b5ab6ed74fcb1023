"""The run cache: a key over every input that can change a run's output, stored in the scenario folder."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..core.paths import LOCK_FILE, PACKAGE_DIR

CACHE_KEY_FILE = ".cache-key"


def _files_under(folder: Path, pattern: str = "*") -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)


def cache_key(
    notebooks: Iterable[Path],
    values: Mapping[str, object],
    data_dir: Path,
    package_dir: Path = PACKAGE_DIR,
    lock_file: Path = LOCK_FILE,
    inputs: Iterable[Path] = (),
) -> str:
    """sha256 over the notebooks, the parameters, the data files, the library's files, the lock file and
    any other input file the parameters name (`inputs`, e.g. an ECB file: its content, not only its path)."""
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
    for path in inputs:
        add(f"input:{Path(path).name}", Path(path).read_bytes())
    return h.hexdigest()


def is_cached(final: Path, key: str) -> bool:
    try:
        return (final / CACHE_KEY_FILE).read_text(encoding="utf-8").strip() == key
    except OSError:
        return False
