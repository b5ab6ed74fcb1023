"""Where things are: every path is resolved from the project root, never from the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_ROOT = PACKAGE_DIR.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
LOCK_FILE = PROJECT_ROOT / "requirements.lock"
README = PROJECT_ROOT / "README.md"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"  # the numbered notebooks of the series


def list_notebooks(notebooks_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """The numbered notebooks of the series (`NN_name.ipynb`), in name order."""
    folder = Path(notebooks_dir) if notebooks_dir else NOTEBOOKS_DIR
    return sorted(folder.glob(NOTEBOOK_GLOB))
