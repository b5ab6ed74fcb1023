"""Executing one notebook with papermill in a Jupyter kernel, and reusing warm kernels between notebooks.

papermill, jupyter_client and jupyter_core are imported inside the functions that need them: a cached
rerun or a bad parameter never starts a kernel, and these imports cost about a second.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .errors import RunError
from .notebook_params import injects_before

KERNEL_NAME = "python3"
# The notebook metadata of that kernel as ipykernel installs it: JupyterLab rewrites a notebook's kernelspec
# to its kernel's when it opens one, so any other value marks a freshly opened notebook as modified.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}


IPC_PREFIX = "capex-kernels-"
_IPC_LOCK = ".lock"
_ENGINE = "capex"


@contextlib.contextmanager
def ipc_folder(parent: Path | None = None) -> Iterator[Path]:
    """A folder for one run's kernel sockets, locked (flock on `.lock` inside) while the run lasts.

    Under the system temp folder by default: unix socket paths are limited to about 100 bytes. A run
    that is killed leaves it behind; `clean_stale_ipc_folders` removes it once its lock is free.
    """
    folder = Path(tempfile.mkdtemp(prefix=IPC_PREFIX, dir=parent))
    fd = os.open(folder / _IPC_LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield folder
    finally:
        os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)


def clean_stale_ipc_folders(parent: Path | None = None, min_age_seconds: float = 86_400.0) -> list[Path]:
    """Remove kernel folders of killed runs (ours, not locked); returns the folders removed.

    A folder without its lock file (made by an older capex, which may still be running, or caught
    between mkdtemp and its lock) is only taken for stale after a day.
    """
    removed = []
    root = Path(parent) if parent is not None else Path(tempfile.gettempdir())
    try:
        candidates = sorted(root.glob(f"{IPC_PREFIX}*"))
    except OSError:
        return []
    for folder in candidates:
        try:
            info = folder.lstat()
            if not folder.is_dir() or folder.is_symlink() or info.st_uid != os.getuid():
                continue
            lock = folder / _IPC_LOCK
            if not lock.exists():
                if time.time() - info.st_mtime > min_age_seconds:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder)
                continue
            fd = os.open(lock, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a running capex holds it
        finally:
            os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


class KernelDied(Exception):
    """The kernel died while a cell ran (`os._exit`, a crash, the OOM killer); index in the executed notebook."""

    def __init__(self, cell_index: int | None, source: str, reason: str) -> None:
        super().__init__(reason)
        self.cell_index = cell_index
        self.source = source
        self.reason = reason


_engine_lock = threading.Lock()
_engine_registered: list[bool] = []


def _register_engine() -> None:
    """A papermill engine that names the cell whose execution killed the kernel (papermill names none)."""
    from nbclient.exceptions import DeadKernelError  # noqa: PLC0415 - see the module docstring
    from papermill.engines import NBClientEngine, papermill_engines  # noqa: PLC0415 - see the module docstring

    with _engine_lock:
        if _engine_registered:
            return

        class CapexEngine(NBClientEngine):  # type: ignore[misc]
            @classmethod
            def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
                try:
                    return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
                except DeadKernelError as e:
                    # papermill stamps start_time on each cell as it starts: the last stamped one was running.
                    started = [
                        i for i, c in enumerate(nb_man.nb.cells) if c.get("metadata", {}).get("papermill", {}).get("start_time")
                    ]
                    index = started[-1] if started else None
                    source = nb_man.nb.cells[index].get("source", "") if index is not None else ""
                    raise KernelDied(index, source, f"{type(e).__name__}: {e}") from e

        papermill_engines.register(_ENGINE, CapexEngine)
        _engine_registered.append(True)


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
            n = next(counter)
            self.transport = "ipc"
            self.ip = str(folder / f"k{n}")
            # In the run's folder too (not a mkstemp file in /tmp), so a killed run leaves it where the next cleans.
            self.connection_file = str(folder / f"k{n}.json")

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


def _first_line(source: str) -> str:
    first_line = next((line for line in (source or "").splitlines() if line.strip()), "").strip()
    return first_line if len(first_line) <= 80 else first_line[:77] + "..."


def _cell_error(nb_path: Path, exc: Any, injected_before: int) -> RunError:
    """RunError naming the notebook, the cell (index in the notebook as written, first line) and the error."""
    index = exc.cell_index - injected_before if exc.cell_index is not None else None
    return RunError(f"{nb_path.name}: cell {index} ({_first_line(exc.source)!r}) failed: {exc.ename}: {exc.evalue}")


def execute_notebook(
    nb_path: Path, parameters: Mapping[str, object], cwd: Path, km_class: Any = None, kernels: KernelPool | None = None
) -> Any:
    """Execute one notebook with papermill and return the executed notebook node (nothing is written).

    With `kernels`, the worker thread's kernel is reused (its namespace reset first) instead of
    starting a new one. A kernel that fails to start is retried once with a new kernel; a cell that
    kills its kernel is named, and its notebook is not run again (the cell would only kill another).
    """
    import papermill as pm  # noqa: PLC0415 - see the module docstring
    from papermill.exceptions import PapermillExecutionError  # noqa: PLC0415 - see the module docstring

    _register_engine()
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
                engine_name=_ENGINE,
                **reuse,
            )
        except PapermillExecutionError as e:
            injected = 1 if parameters and injects_before(nb_path, e.cell_index) else 0
            raise _cell_error(nb_path, e, injected) from None
        except KernelDied as e:
            if kernels is not None:
                kernels.discard()
            if e.cell_index is not None:
                injected = 1 if parameters and injects_before(nb_path, e.cell_index) else 0
                raise RunError(
                    f"{nb_path.name}: cell {e.cell_index - injected} ({_first_line(e.source)!r}) killed the kernel "
                    f"({e.reason}); the notebook was not run again"
                ) from None
            if attempt == 2:
                raise RunError(f"{nb_path.name}: the kernel died before any cell ran ({e.reason})") from None
        except Exception as e:
            if kernels is not None:
                kernels.discard()
            if attempt == 2 or not _is_kernel_start_failure(e):
                raise RunError(f"{nb_path.name}: {type(e).__name__}: {e}") from None
    raise AssertionError("unreachable")
