"""Where things are: every path is resolved from the project root, never from the working directory.

One rule for every path a user gives (`--reports`, `--notebooks`, `-f scenario.yaml`, `--data-dir` and
`--ecb-file`, whether on the command line or in a scenario file): `~` is the home folder, a relative
path is taken from the project folder, and symlinks are resolved once, when the run starts; the run then
uses the path it resolved (a symlink re-pointed while it runs changes nothing it reads).
"""

from __future__ import annotations

import os
from pathlib import Path

from .text import unsafe_char

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_ROOT = PACKAGE_DIR.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
LOCK_FILE = PROJECT_ROOT / "requirements.lock"
README = PROJECT_ROOT / "README.md"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"  # the numbered notebooks of the series
MAX_PATH = 4096  # characters: the longest path Linux opens


class PathError(ValueError):
    """A path that cannot name a file: not valid UTF-8, holding a NUL or a control character, too long."""


def user_path(value: str | os.PathLike[str], what: str = "path", *, resolve: bool = True) -> Path:
    """A user's path by the rule above: `~` expanded, relative to the project folder, symlinks resolved
    (`resolve=False`: not yet, for a file read at once, so that a message names the path as given).

    PathError names `what` when the path cannot name a file this project would show in a page or message.
    """
    text = os.fspath(value)
    problem = unsafe_char(text)
    if problem is not None:
        raise PathError(f"{what}: the path holds {problem}; rename it (or give another path)")
    if not text:
        raise PathError(f"{what}: an empty path")
    if len(text) > MAX_PATH:
        raise PathError(f"{what}: a path of {len(text):,} characters; at most {MAX_PATH:,}")
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = PROJECT_ROOT / path
    if not resolve:
        return path
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError) as e:
        raise PathError(f"{what}: cannot resolve the path: {getattr(e, 'strerror', None) or e}") from None


def is_within(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or inside it (both resolved)."""
    return path == folder or folder in path.parents


def list_notebooks(notebooks_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """The numbered notebooks of the series (`NN_name.ipynb`), in name order."""
    folder = Path(notebooks_dir) if notebooks_dir else NOTEBOOKS_DIR
    return sorted(folder.glob(NOTEBOOK_GLOB))
