"""The notebooks' `parameters` cells, read without running them, and a run's parameters checked against them.

papermill injects values after the cell tagged `parameters`, but it only warns about a name no
notebook declares and guesses types from text, and a notebook without that cell silently ignores what
it is given. So before anything runs, every notebook must have exactly one `parameters` cell, every
given name must be declared by a notebook, every value is coerced to the declared type
(capexlib.run.params) and made canonical, and each notebook is given only the names it declares.

Canonical: one spelling per scenario. `-0` is 0; a value equal to its default is dropped (it is neither
injected nor part of the folder name); a path (data_dir, ecb_file) is the absolute path it resolves to
(capexlib.core.paths: relative from the project folder, symlinks resolved), and a data_dir naming the
default data folder is the default. So the same run gives the same folder and the same bytes however its
values were typed, and the notebooks read the path the run resolved and hashed.
"""

from __future__ import annotations

import ast
import json
import keyword
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..core.echo import echo
from ..core.readfile import MAX_NOTEBOOK_BYTES, read_regular_file, shown_path
from ..core.tables import DataError, resolve_data_dir
from .errors import RunError
from .params import DEFAULTS, FIXED_PAIRS, ParamError, coerce, ecb_file_path, validate


def read_json_notebook(nb_path: Path) -> dict[str, Any]:
    """A notebook as plain JSON (nbformat costs ~1.5 s to import; reading cells needs none of it)."""
    data = read_regular_file(nb_path, RunError, "notebook", MAX_NOTEBOOK_BYTES, run_input=True)
    try:
        nb = json.loads(data.decode("utf-8"))
    except ValueError as e:
        raise RunError(f"{shown_path(nb_path)}: cannot read the notebook: {e}") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells", []), list):
        raise RunError(f"{shown_path(nb_path)}: cannot read the notebook: not a notebook's JSON")
    return nb


def source(cell: Mapping[str, Any]) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def _literal(node: ast.expr, where: str) -> object:
    """The value of a plain literal (numbers, text, True/False/None, a negative number)."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        raise RunError(f"{where}: only `name = literal` assignments are allowed in the parameters cell") from None
    if not isinstance(value, (str, int, float, bool, type(None))):
        raise RunError(f"{where}: parameter values must be scalars (text, number, True/False), got {type(value).__name__}")
    return value


def read_parameters(nb_path: str | os.PathLike[str]) -> dict[str, object]:
    """The names and defaults declared in the notebook's cell tagged `parameters`.

    A notebook without that cell is a RunError: papermill would inject the run's values at the top,
    where the notebook's own assignments overwrite them, and the run would silently use the defaults.

    Parsed with `ast`: each statement must be `name = literal`; anything else is a RunError naming
    the notebook and line, because papermill would inject values next to code we cannot reason about.
    """
    nb_path = Path(nb_path)
    nb = read_json_notebook(nb_path)
    cells = [c for c in nb.get("cells", []) if isinstance(c, dict) and "parameters" in _tags(c)]
    if not cells:
        raise RunError(
            f"{nb_path.name}: no cell is tagged 'parameters'; every notebook declares its parameters in one "
            "(a run's values would be ignored)"
        )
    if len(cells) > 1:
        raise RunError(f"{nb_path.name}: more than one cell is tagged 'parameters'")
    try:
        tree = ast.parse(source(cells[0]), filename=nb_path.name)
    except SyntaxError as e:
        raise RunError(f"{nb_path.name}: parameters cell, line {e.lineno}: {e.msg}") from None
    declared: dict[str, object] = {}
    for stmt in tree.body:
        where = f"{nb_path.name}: parameters cell, line {stmt.lineno}"
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            declared[stmt.targets[0].id] = _literal(stmt.value, where)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            declared[stmt.target.id] = _literal(stmt.value, where)
        else:
            raise RunError(f"{where}: only `name = literal` assignments are allowed in the parameters cell")
    return declared


def _tags(cell: Mapping[str, Any]) -> list[str]:
    meta = cell.get("metadata", {})
    tags = meta.get("tags", []) if isinstance(meta, dict) else []
    return tags if isinstance(tags, list) else []


def declared_parameters(notebooks: Iterable[Path]) -> dict[Path, dict[str, object]]:
    """{notebook path: {name: default}} for every notebook."""
    return {Path(nb): read_parameters(nb) for nb in notebooks}


def union_defaults(declared: Mapping[Path, Mapping[str, object]]) -> dict[str, object]:
    """Every declared name with its default; two notebooks declaring one name with two types is an error."""
    union: dict[str, object] = {}
    first: dict[str, Path] = {}
    for nb, names in declared.items():
        for name, default in names.items():
            if name in union and type(union[name]) is not type(default):
                raise RunError(
                    f"parameter {name!r} is declared as {type(union[name]).__name__} in "
                    f"{first[name].name} but as {type(default).__name__} in {nb.name}"
                )
            union.setdefault(name, default)
            first.setdefault(name, nb)
    return union


def check_name(name: object, known: Iterable[str]) -> str:
    # Names reach notebook code unescaped (papermill writes `name = value`): only identifiers that a
    # notebook declares may pass.
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name) or not name.isascii():
        raise ParamError(f"invalid parameter name {echo(name)}")
    known = set(known)
    if name not in known:
        raise ParamError(
            f"unknown parameter {echo(name)}: no notebook declares it; known: {', '.join(sorted(known)) or '(none)'}"
        )
    return name


class Resolved:
    """The outcome of `resolve`: the full validated set, what was given, and per-notebook values."""

    def __init__(
        self,
        values: dict[str, object],
        given: dict[str, object],
        per_notebook: dict[Path, dict[str, object]],
        defaults: dict[str, object],
        declared: Mapping[Path, Iterable[str]] | None = None,
    ):
        self.values = values  # defaults (capexlib.run.params + notebooks) overridden by given
        self.given = given  # the coerced given values (after the fx_source convenience)
        self.per_notebook = per_notebook  # {notebook: the given names it declares}
        self.defaults = defaults
        # {notebook: the names its parameters cell declares} (what a value must be declared by to reach it)
        self.declared = {nb: frozenset(names) for nb, names in (declared or {}).items()}

    def __repr__(self) -> str:
        return f"Resolved(given={self.given!r})"


def resolve(given: Mapping[str, object], notebooks: Iterable[Path]) -> Resolved:
    """Check names, coerce, canonicalize and validate `given` against the notebooks' parameters cells."""
    notebooks = [Path(nb) for nb in notebooks]
    declared = declared_parameters(notebooks)
    nb_defaults = union_defaults(declared)
    defaults = {**DEFAULTS, **nb_defaults}
    coerced: dict[str, object] = {}
    for name, value in given.items():
        check_name(name, nb_defaults)
        coerced[name] = canonical(name, coerce(name, value, nb_defaults[name]))
    # Convenience: a fixed rate given without a source means "use fixed rates".
    if "fx_source" not in coerced and any(coerced.get(name) for name in FIXED_PAIRS):
        coerced["fx_source"] = "fixed"
    # A value equal to its default is no change: not injected, not in the folder name.
    coerced = {k: v for k, v in coerced.items() if not _is_default(v, defaults.get(k, _MISSING))}
    values = {**defaults, **coerced}
    validate(values)
    # Sorted, so that the injected cell does not depend on the order options were given in.
    per_notebook = {nb: {k: coerced[k] for k in sorted(coerced) if k in names} for nb, names in declared.items()}
    return Resolved(values, dict(sorted(coerced.items())), per_notebook, defaults, declared)


_MISSING = object()


def _is_default(value: object, default: object) -> bool:
    return type(value) is type(default) and value == default


def canonical(name: str, value: object) -> object:
    """One spelling of a value: -0.0 is 0.0; a path is the absolute path it resolves to; a data_dir naming the
    default data folder is the default ('')."""
    if isinstance(value, float) and value == 0:
        return 0.0
    if name == "data_dir" and isinstance(value, str) and value:
        try:
            folder = resolve_data_dir(value)
            default = resolve_data_dir(None)
        except DataError as e:
            raise ParamError(f"parameter 'data_dir': {e}") from None
        return "" if folder == default else str(folder)
    if name == "ecb_file" and isinstance(value, str) and value:
        return str(ecb_file_path(value))
    return value
