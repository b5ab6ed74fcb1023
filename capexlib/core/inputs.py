"""The inputs of a run, pinned: while a run is in progress, a file it reads must hold exactly the bytes the
run hashed at its start.

`capex run` hashes every input once, at its start (the notebooks, the data tables, an ECB file) and computes
its cache key from those hashes. A reader may edit a data table or an ECB file while the run is going on;
without a check, one notebook would read the old version and the next the new one, and the folder would
mix two versions under a key that names neither. So the run pins the hashes (`pinned`, in the parent and
in each worker process), and every bounded read (capexlib.core.readfile) compares what it read:

- a pinned file whose bytes differ is an error naming the file ("changed while the run was in progress");
- while pins are set, a file that was not hashed at the start is an error too (a symlinked folder
  re-pointed during the run makes its files other files).

The run fails, nothing is swapped in, and the next run hashes the inputs as they are then.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from types import TracebackType

_lock = threading.Lock()
_pins: dict[str, str] | None = None  # real path -> sha256, while a run is in progress


class pinned:
    """Within the block, reads are checked against `digests` ({real path: sha256}).

    A class, not a generator: an exception passing through is left as it is (a generator-based context
    manager sets its __traceback__, which a frozen dataclass exception refuses)."""

    def __init__(self, digests: Mapping[str, str]) -> None:
        self._digests = dict(digests)
        self._previous: dict[str, str] | None = None

    def __enter__(self) -> None:
        global _pins
        with _lock:
            self._previous, _pins = _pins, self._digests

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        global _pins
        with _lock:
            _pins = self._previous


def check(real: str, digest: str, where: str, error: type[Exception]) -> None:
    """Raise `error` when a run is in progress and `real` was not hashed at its start, or holds other bytes now."""
    pins = _pins
    if pins is None:
        return
    expected = pins.get(real)
    if expected is None:
        raise error(
            f"{where}: not one of the files this run hashed when it started (was a symlink or folder re-pointed "
            "while it ran?); nothing was replaced: run again"
        )
    if expected != digest:
        raise error(
            f"{where}: changed while the run was in progress (it no longer holds what was hashed when the run "
            "started); nothing was replaced: run again once it stops changing"
        )
