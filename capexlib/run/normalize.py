"""Executed notebooks made byte-stable: no timestamps, durations, paths or random ids; streams joined; the
parameters cell written from `capexlib.run.params.PARAMETERS` (so its comments never drift from them)."""

from __future__ import annotations

import ast
import json
from typing import Any

from .params import PARAMETERS

INJECTED_TAG = "injected-parameters"
KERNEL_NAME = "python3"
# The notebook metadata of that kernel as ipykernel installs it: JupyterLab rewrites a notebook's kernelspec
# to its kernel's when it opens one, so any other value marks a freshly opened notebook as modified.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}
_VOLATILE_PAPERMILL = ("start_time", "end_time", "duration", "input_path", "output_path")
PARAMETERS_TAG = "parameters"
PARAMETERS_HEADER = "# Parameters (papermill injects overrides after this cell; `capex run --list-params` explains each)"


def normalize_notebook(nb: Any) -> Any:
    """Strip what changes from run to run (timestamps, durations, paths, random cell ids), in place;
    set the kernelspec metadata to the kernel's (so opening the notebook in JupyterLab changes nothing).

    Cells get ids by position among the notebook's own cells (`cell-00`, `cell-01`, ...) so that ids
    match the committed notebook; a cell injected by papermill gets the id `injected-parameters`.
    """
    nb.setdefault("metadata", {})["kernelspec"] = dict(KERNELSPEC)  # the kernel it ran in, as JupyterLab names it
    pm = nb.get("metadata", {}).get("papermill")
    if pm is not None:
        for key in _VOLATILE_PAPERMILL:
            pm.pop(key, None)
    position = 0
    for cell in nb.get("cells", []):
        _write_parameters_cell(cell)
        meta = cell.setdefault("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
        if meta.get("tags") == []:
            del meta["tags"]  # papermill adds empty tag lists; the committed notebooks have none
        if INJECTED_TAG in meta.get("tags", []):
            cell["id"] = INJECTED_TAG
        else:
            cell["id"] = f"cell-{position:02d}"
            position += 1
        if "outputs" in cell:
            cell["outputs"] = _merge_streams(cell["outputs"])
    _renumber_executions(nb)
    return nb


def parameters_cell_source(names: list[str]) -> str:
    """The parameters cell for these names: each at its default, under its meaning from PARAMETERS.

    The meaning goes on the line above, word for word: papermill reads a parameters line only up to an '='
    in a trailing comment (it then calls the name unknown), and a long trailing comment would be wrapped
    by `ruff format`."""
    lines = [PARAMETERS_HEADER]
    for name in names:
        default, meaning = PARAMETERS[name]
        value = json.dumps(default, ensure_ascii=False) if isinstance(default, str) else repr(default)
        lines += [f"# {meaning}", f"{name} = {value}"]
    return "\n".join(lines)


def _write_parameters_cell(cell: Any) -> None:
    """Rewrite a cell tagged `parameters` from PARAMETERS, keeping its names and their order (a cell that is
    not plain `name = literal` lines of known names is left for the runner's validation to refuse)."""
    if cell.get("cell_type") != "code" or PARAMETERS_TAG not in cell.get("metadata", {}).get("tags", []):
        return
    text = cell.get("source", "")
    try:
        tree = ast.parse("".join(text) if isinstance(text, list) else text)
    except SyntaxError:
        return
    names = [s.targets[0].id for s in tree.body if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name)]
    if len(names) == len(tree.body) and all(name in PARAMETERS for name in names):
        cell["source"] = parameters_cell_source(names)


def _renumber_executions(nb: Any) -> None:
    """Execution counts 1, 2, ... in cell order, as a fresh kernel gives (a reused kernel runs on)."""
    count = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code" or cell.get("execution_count") is None:
            continue
        count += 1
        cell["execution_count"] = count
        for out in cell.get("outputs", []):
            if out.get("output_type") == "execute_result":
                out["execution_count"] = count


def _merge_streams(outputs: list[Any]) -> list[Any]:
    """Join consecutive stream outputs of the same stream. The kernel flushes stdout on a timer, so
    one print may arrive as one message or as two ('text' then '\\n') depending on timing."""
    merged: list[Any] = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (
            out.get("output_type") == "stream"
            and prev is not None
            and prev.get("output_type") == "stream"
            and prev.get("name") == out.get("name")
        ):
            prev["text"] = _text(prev["text"]) + _text(out["text"])
        else:
            merged.append(out)
    return merged


def _text(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


def notebook_bytes(nb: Any) -> bytes:
    """The notebook as nbformat writes it (sorted keys, indent 1) with one trailing newline."""
    import nbformat  # noqa: PLC0415 - ~1.5 s to import (jsonschema): only once a notebook must be written

    node = nb if isinstance(nb, nbformat.NotebookNode) else nbformat.from_dict(nb)
    text = nbformat.writes(node, version=4)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")
