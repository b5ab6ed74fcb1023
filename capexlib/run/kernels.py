"""Executing one notebook with papermill in a Jupyter kernel, and reusing warm kernels between notebooks.

papermill, jupyter_client and jupyter_core are imported inside the functions that need them: a cached
rerun or a bad parameter never starts a kernel, and these imports cost about a second.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import RunError
from .notebook_params import injects_before

KERNEL_NAME = "python3"
# The notebook metadata of that kernel as ipykernel installs it: JupyterLab rewrites a notebook's kernelspec
# to its kernel's when it opens one, so any other value marks a freshly opened notebook as modified.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}


def kernel_manager_class(ipc_dir: Path | None) -> Any:
    """A kernel manager whose kernels talk over unix sockets in `ipc_dir` (one folder per run).

    With TCP, kernels started in parallel pick free ports independently and can race for one port,
    and every kernel prints a "running over TCP without encryption" warning. Unix sockets avoid both.
    Without `ipc_dir` (and on Windows, which has no ipc transport) the stock TCP manager is used.
    """
    from jupyter_client.manager import AsyncKernelManager  # noqa: PLC0415 - see the module docstring

    if ipc_dir is None or os.name == "nt":
        return AsyncKernelManager
    counter = itertools.count()
    folder = ipc_dir

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = str(folder / f"k{next(counter)}")

        async def _async_interrupt_kernel(self) -> None:
            # jupyter_client interrupts before every shutdown; our kernels are idle by then, and the
            # interrupt only makes them print "KeyboardInterrupt caught in kernel" on the terminal.
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return IpcKernelManager


class KernelPool:
    """One kernel per worker thread, reused for the notebooks that thread runs.

    Starting a kernel and importing the stack costs about as much as a notebook's own work, and on a
    two-core machine a run is bound by CPU: reusing a warm kernel saves both for all but the first
    notebook of each worker. Before each reuse the kernel's namespace is reset (`%reset -f`), so a
    notebook cannot see another's variables; imported modules stay loaded, which is the saving.
    Execution counts then run on across notebooks; normalize_notebook numbers them from 1 again.
    """

    def __init__(self, km_class: Any) -> None:
        self._km_class = km_class
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()

    def get(self) -> Any:
        km = getattr(self._local, "km", None)
        if km is None:
            km = self._km_class(kernel_name=KERNEL_NAME)
            self._local.km = km
            with self._lock:
                self._all.append(km)
        elif km.has_kernel:
            _reset_namespace(km)
        return km

    def discard(self) -> None:
        km = getattr(self._local, "km", None)
        self._local.km = None
        if km is not None:
            _shutdown(km)

    def shutdown_all(self) -> None:
        with self._lock:
            kms, self._all = self._all, []
        for km in kms:
            _shutdown(km)


def _reset_namespace(km: Any) -> None:
    from jupyter_core.utils import run_sync  # noqa: PLC0415 - see the module docstring

    client = km.client()
    client.start_channels()
    try:
        run_sync(client.execute_interactive)("%reset -f", store_history=False, silent=True, timeout=60)
    finally:
        client.stop_channels()


def _shutdown(km: Any) -> None:
    from jupyter_core.utils import run_sync  # noqa: PLC0415 - see the module docstring

    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    except Exception:
        pass


def _is_kernel_start_failure(exc: BaseException) -> bool:
    """Errors that mean the kernel never came up (port races, slow starts), not a notebook error."""
    from papermill.exceptions import PapermillException  # noqa: PLC0415 - see the module docstring

    if isinstance(exc, PapermillException):
        return False
    text = f"{type(exc).__name__}: {exc}".lower()
    return isinstance(exc, (RuntimeError, TimeoutError, OSError)) or "kernel" in text or "zmq" in text


def _cell_error(nb_path: Path, exc: Any, injected_before: int) -> RunError:
    """RunError naming the notebook, the cell (index in the notebook as written, first line) and the error."""
    index = exc.cell_index - injected_before if exc.cell_index is not None else None
    first_line = next((line for line in (exc.source or "").splitlines() if line.strip()), "").strip()
    if len(first_line) > 80:
        first_line = first_line[:77] + "..."
    return RunError(f"{nb_path.name}: cell {index} ({first_line!r}) failed: {exc.ename}: {exc.evalue}")


def execute_notebook(
    nb_path: Path, parameters: Mapping[str, object], cwd: Path, km_class: Any = None, kernels: KernelPool | None = None
) -> Any:
    """Execute one notebook with papermill and return the executed notebook node (nothing is written).

    With `kernels`, the worker thread's kernel is reused (its namespace reset first) instead of
    starting a new one. A kernel that fails to start is retried once with a new kernel.
    """
    import papermill as pm  # noqa: PLC0415 - see the module docstring
    from papermill.exceptions import PapermillExecutionError  # noqa: PLC0415 - see the module docstring

    for attempt in (1, 2):
        reuse = {"km": kernels.get()} if kernels is not None else {}
        try:
            return pm.execute_notebook(
                str(nb_path),
                None,
                parameters=dict(parameters) or None,
                kernel_name=KERNEL_NAME,
                cwd=str(cwd),
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                kernel_manager_class=km_class or kernel_manager_class(None),
                **reuse,
            )
        except PapermillExecutionError as e:
            injected = 1 if parameters and injects_before(nb_path, e.cell_index) else 0
            raise _cell_error(nb_path, e, injected) from None
        except Exception as e:
            if kernels is not None:
                kernels.discard()
            if attempt == 2 or not _is_kernel_start_failure(e):
                raise RunError(f"{nb_path.name}: {type(e).__name__}: {e}") from None
    raise AssertionError("unreachable")
