"""Executing a notebook's cells in this process with IPython, recording the outputs a Jupyter kernel would send.

A Jupyter kernel is this same IPython shell behind a ZeroMQ socket: its outputs are what IPython's display
hook, display publisher and the redirected stdout/stderr produce. Recording them here gives the same
outputs without a kernel process, its sockets, or a namespace reset that costs most of a second. nbval
executes every committed notebook in a real kernel and compares: the two must agree, and they do byte for
byte.

Three things make the shell look like a kernel to the libraries the notebooks use:
- pandas decides between a terminal and a notebook front end by looking for "zmq" in the shell's type name
  and for a `kernel` attribute (pandas.io.formats.console); in a terminal it would fit tables to its width;
- the history database is off (here it would print warnings; a kernel's history is not in the notebook);
- matplotlib is not switched to a GUI backend (the charts render to PNG through Agg themselves).

Parameters are injected as papermill injects them: a cell tagged `injected-parameters` after the cell
tagged `parameters`, its source written as papermill's Python translator writes it.
"""

from __future__ import annotations

import importlib.metadata
import io
import math
import platform
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

from .normalize import INJECTED_TAG

Cell = tuple[int | None, str]  # a cell's index in the notebook as written (None: the injected one), its first line


class _Recorder:
    """The outputs of the cell being executed, in nbformat's shape.

    Printed text is held per stream and flushed as a kernel flushes it: stdout, then stderr, before each
    display and at the end of the cell (ipykernel's display publisher and display hook flush both streams
    first). So a cell that prints to stdout, then stderr, then stdout gives one stdout output and one
    stderr output, as in a kernel, not three.
    """

    def __init__(self) -> None:
        self.outputs: list[dict[str, Any]] = []
        self._pending = {"stdout": "", "stderr": ""}

    def reset(self) -> None:
        self.outputs = []
        self._pending = {"stdout": "", "stderr": ""}

    def stream(self, name: str, text: str) -> None:
        self._pending[name] += text

    def flush(self) -> None:
        for name, text in self._pending.items():
            if not text:
                continue
            last = self.outputs[-1] if self.outputs else None
            if last is not None and last["output_type"] == "stream" and last["name"] == name:
                last["text"] += text
            else:
                self.outputs.append({"name": name, "output_type": "stream", "text": text})
            self._pending[name] = ""

    def add(self, output: dict[str, Any]) -> None:
        self.flush()
        self.outputs.append(output)

    def clear(self) -> None:
        self.flush()
        self.outputs.clear()

    def finish(self) -> list[dict[str, Any]]:
        self.flush()
        return self.outputs


class _Stream(io.TextIOBase):
    def __init__(self, recorder: _Recorder, name: str) -> None:
        self._recorder, self._name = recorder, name

    def write(self, text: str) -> int:
        self._recorder.stream(self._name, text)
        return len(text)

    def writable(self) -> bool:
        return True


class _Publisher(DisplayPublisher):
    recorder = _Recorder()

    def publish(
        self,
        data: dict[str, Any],
        metadata: dict[str, Any] | None = None,
        source: Any = None,
        *,
        transient: Any = None,
        update: bool = False,
        **kwargs: Any,
    ) -> None:
        self.recorder.add({"data": data, "metadata": metadata or {}, "output_type": "display_data"})

    def clear_output(self, wait: bool = False) -> None:
        self.recorder.clear()


class _DisplayHook(DisplayHook):
    recorder = _Publisher.recorder

    def start_displayhook(self) -> None:
        pass

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict: dict[str, Any], md_dict: dict[str, Any] | None = None) -> None:
        result = {"data": format_dict, "execution_count": self.prompt_count, "metadata": md_dict or {}}
        self.recorder.add({**result, "output_type": "execute_result"})

    def finish_displayhook(self) -> None:
        pass


class ZmqLikeShell(InteractiveShell):
    """An InteractiveShell that pandas takes for a kernel's: its type name contains "zmq", and it has a
    `kernel` attribute (pandas.core.config_init.is_terminal, read when pandas is imported: so pandas must first
    be imported with the shell's builtins in place, in a cell or inside `shell.builtin_trap`)."""

    kernel = None


@dataclass(frozen=True)
class CellFailure(Exception):
    """A cell raised: which cell, and the error."""

    cell: Cell
    ename: str
    evalue: str

    def __str__(self) -> str:
        return f"{where(self.cell)} failed: {self.ename}: {self.evalue}"


def where(cell: Cell) -> str:
    """'cell 3 ('# divide')': the cell's index in the notebook as written and its first line."""
    index, first = cell
    name = "the injected parameters cell" if index is None else f"cell {index}"
    return f"{name} ({first!r})"


def first_line(source: str) -> str:
    line = next((line for line in source.splitlines() if line.strip()), "").strip()
    return line[:77] + "..." if len(line) > 80 else line


def language_info() -> dict[str, Any]:
    """The notebook metadata a Python kernel reports about itself (ipykernel's kernel_info)."""
    return {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": platform.python_version(),
    }


class Executor:
    """One IPython shell, reused for notebook after notebook; each starts with an empty namespace."""

    def __init__(self) -> None:
        config = Config()
        config.HistoryManager.enabled = False
        self.recorder = _Publisher.recorder
        self.shell = ZmqLikeShell.instance(config=config, displayhook_class=_DisplayHook, display_pub_class=_Publisher)

    def run(
        self, nb: dict[str, Any], parameters: Mapping[str, object] | None = None, progress: Callable[[Cell], None] | None = None
    ) -> dict[str, Any]:
        """Execute `nb` (nbformat JSON, changed in place and returned) with `parameters` injected after its
        parameters cell, as papermill injects them. `progress(cell)` is called before each code cell."""
        self.shell.reset(new_session=False)
        self.shell.execution_count = 1
        if parameters:
            inject(nb, parameters)
        metadata = nb.setdefault("metadata", {})
        metadata["papermill"] = papermill_metadata(parameters or {})
        written = 0  # the cell's index in the notebook as written: the injected cell is not counted
        for cell in nb["cells"]:
            injected = INJECTED_TAG in cell.get("metadata", {}).get("tags", [])
            index = None if injected else written
            written += not injected
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            here = (index, first_line(source))
            if progress is not None:
                progress(here)
            cell["outputs"] = self._execute(source, here)
            cell["execution_count"] = self.shell.execution_count - 1
        metadata["language_info"] = language_info()
        return nb

    def _execute(self, source: str, cell: Cell) -> list[dict[str, Any]]:
        self.recorder.reset()
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _Stream(self.recorder, "stdout"), _Stream(self.recorder, "stderr")
        try:
            result = self.shell.run_cell(source, store_history=True)
        finally:
            sys.stdout, sys.stderr = saved
        error = result.error_before_exec or result.error_in_exec
        if error is not None:
            raise CellFailure(cell, type(error).__name__, str(error)) from error
        return self.recorder.finish()


def papermill_metadata(parameters: Mapping[str, object]) -> dict[str, Any]:
    """The notebook metadata papermill writes (less its timestamps and paths, which normalize drops anyway):
    tools that read `metadata.papermill.parameters` find a run's parameters, and an executed notebook is
    byte-identical to papermill's. `version` names the papermill whose injection this module reproduces
    (the pinned one; tests/test_inprocess.py runs both and compares)."""
    return {
        "default_parameters": {},
        "environment_variables": {},
        "exception": None,
        "parameters": dict(parameters),
        "version": importlib.metadata.version("papermill"),
    }


def inject(nb: dict[str, Any], parameters: Mapping[str, object]) -> None:
    """Insert papermill's injected-parameters cell after the cell tagged `parameters` (or first)."""
    lines = ["# Parameters", *(f"{name} = {_literal(value)}" for name, value in parameters.items())]
    cell: dict[str, Any] = {
        "cell_type": "code",
        "execution_count": None,
        "id": INJECTED_TAG,
        "metadata": {"tags": [INJECTED_TAG]},
        "outputs": [],
        "source": "\n".join(lines) + "\n",
    }
    cells = nb["cells"]
    at = next((i + 1 for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])), 0)
    cells.insert(at, cell)


def _literal(value: object) -> str:
    """A parameter value as Python source, exactly as papermill's Python translator writes it."""
    if isinstance(value, str):
        return '"' + value.encode("unicode_escape").decode("utf-8").replace('"', r"\"") + '"'
    if isinstance(value, float) and not math.isfinite(value):
        return "float('nan')" if math.isnan(value) else ("float('-inf')" if value < 0 else "float('inf')")
    return f"{value}"
