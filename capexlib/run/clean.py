"""`make clean` (`python -m capexlib.run.clean [REPORTS]`): remove what capex made under the reports folder,
say what, and keep everything else.

What capex made, and only that: the files a scenario folder's `.manifest` lists (and the manifest), the
request records in `.requests/`, the compare pages (`compare-A-vs-B.html`), the sweeps' `sweep_*.csv` and
`sweep_*.png`, the browser tests' screenshots (`browser/*.png`), and what a killed run left (temp folders
and locks). A file a reader added or edited after the run (a note, a notebook saved from JupyterLab, its
`.ipynb_checkpoints`) is not in a manifest: it is listed as kept and stays, with the folders that hold it.

Standard library only, so that it runs before the venv exists (`make clean` on a fresh clone).
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
from pathlib import Path

from .cache import MANIFEST_FILE, ManifestError, read_manifest
from .files import clean_leftovers, leftovers
from .record import RECORDS  # the request records (capexlib.run.record)

MADE_BY_NAME = {  # top-level entries capex writes by name: (folder or "" for the reports folder, pattern)
    ("", "compare-*-vs-*.html"),
    ("sweeps", "sweep_*.csv"),
    ("sweeps", "sweep_*.png"),
    ("browser", "*.png"),
    (RECORDS, "*.json"),
}


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def plan(reports: Path) -> tuple[list[Path], list[Path]]:
    """(files and folders capex made, files it did not make) under `reports`."""
    remove: list[Path] = []
    keep: list[Path] = []
    if not reports.is_dir():
        return remove, keep
    stale = {p for paths in leftovers(reports).values() for p in paths}  # clean_leftovers decides about these
    for entry in sorted(reports.iterdir()):
        if entry in stale:
            continue
        if entry.is_dir() and not entry.is_symlink():
            try:
                manifest = read_manifest(entry)
            except (FileNotFoundError, ManifestError):
                manifest = None
            if manifest is not None:  # a scenario folder capex wrote: its manifest says which files
                listed = set(manifest[1]) | {MANIFEST_FILE}
                for path in _files(entry):
                    (remove if path.relative_to(entry).as_posix() in listed else keep).append(path)
                continue
        for path in [entry] if entry.is_file() or entry.is_symlink() else _files(entry):
            folder = "" if path.parent == reports else path.relative_to(reports).parts[0]
            depth_ok = path.parent == reports or path.parent == reports / folder
            made = depth_ok and any(f == folder and fnmatch.fnmatch(path.name, pattern) for f, pattern in MADE_BY_NAME)
            (remove if made else keep).append(path)
    return remove, keep


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        for child in sorted(path.rglob("*"), reverse=True):
            child.rmdir() if child.is_dir() and not child.is_symlink() else child.unlink()
        path.rmdir()
    else:
        path.unlink(missing_ok=True)


def _prune_empty(reports: Path) -> None:
    """Remove folders left empty (deepest first), the reports folder too when nothing is left."""
    for folder in sorted((p for p in reports.rglob("*") if p.is_dir() and not p.is_symlink()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    if reports.is_dir() and not any(reports.iterdir()):
        reports.rmdir()


def _summary(paths: list[Path], reports: Path) -> list[str]:
    """One line per top-level entry: 'reports/default/ (31 files)'."""
    groups: dict[str, int] = {}
    for path in paths:
        rel = path.relative_to(reports)
        top = rel.parts[0] + ("/" if len(rel.parts) > 1 or path.is_dir() else "")
        groups[top] = groups.get(top, 0) + 1
    return [f"  {reports / name}{'' if n == 1 else f' ({n} files)'}" for name, n in groups.items()]


def clean(reports: Path, dry_run: bool = False) -> list[str]:
    """Remove what capex made under `reports` (nothing when dry_run); the lines that say what."""
    remove, keep = plan(reports)
    lines = [f"{'would remove' if dry_run else 'removing'} what capex made in {reports}:"]
    if not dry_run:  # what killed runs left, unless that scenario is running now (its lock is held)
        remove = clean_leftovers(reports) + remove
    lines += _summary(remove, reports) or ["  (nothing)"]
    if keep:
        lines.append("keeping what capex did not make (yours):")
        lines += [f"  {path}" for path in keep]
    if not dry_run:
        for path in remove:
            if path.exists() or path.is_symlink():
                _remove(path)
        if reports.is_dir():
            _prune_empty(reports)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="capex-clean", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("reports", nargs="?", default="reports", help="the reports folder (default reports)")
    parser.add_argument("-n", "--dry-run", action="store_true", help="only list what would be removed")
    args = parser.parse_args(argv)
    try:
        print("\n".join(clean(Path(args.reports), args.dry_run)))
    except OSError as e:
        print(f"capex clean: error: {e.filename or args.reports}: {e.strerror or e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
