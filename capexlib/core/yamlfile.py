"""The one way a YAML file is read (data/*.meta.yaml, `capex run -f scenario.yaml`): safe loading, and one
clear line naming the file when it cannot be read."""

from __future__ import annotations

import os
from pathlib import Path

import yaml


def read_yaml(path: str | os.PathLike[str], error: type[Exception], what: str = "file") -> object:
    """The YAML document in `path` (None when empty); `error` with the path and the reason otherwise."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise error(f"{path}: {what} missing") from None
    except OSError as e:
        raise error(f"{path}: cannot read the {what}: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise error(f"{path}: not valid UTF-8 (byte {e.start}); save the file as UTF-8") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise error(f"{path}: not valid YAML{at}: {getattr(e, 'problem', None) or type(e).__name__}") from None
