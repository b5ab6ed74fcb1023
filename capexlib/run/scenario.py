"""Scenario names: the folder under reports/ that a run's parameters choose, one folder per scenario.

The name is injective: two different sets of parameters never share a folder (each run would replace the
other's). A readable slug `name-value_name-value` is used when it can be read back unambiguously: names are
identifiers (no "-"), and each value is made only of lower-case letters, digits, ".", "+" and "-" (no "_",
which separates the pairs; no upper case, which a case-insensitive file system would fold). Any other
value, or a slug longer than 80 characters, gives `<slug, cut>~<16 hex digits>`: a hash of the exact
values, and "~" marks it (a plain slug never holds one).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from pathlib import Path

SCENARIO_MAX_LEN = 80
HASH_MARK = "~"
_VALUE = re.compile(r"[a-z0-9.+-]+")
_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")


def _format_value(value: object) -> str:
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))  # 1380.0 -> 1380
    return str(value)


def scenario_name(params_given: Mapping[str, object], defaults: Mapping[str, object] | None = None) -> str:
    """'default' when nothing differs from the defaults, else a slug like `fx_source-fixed_krw_per_usd-1380`
    (or, when a value cannot be written plainly, `ecb_file--work-r.zip~1a2b3c4d5e6f7a8b`)."""
    if defaults is None:
        from .params import DEFAULTS  # noqa: PLC0415 - the fx modules (~8 ms): a cached answer passes its defaults

        defaults = DEFAULTS
    changed = {k: v for k, v in params_given.items() if k not in defaults or defaults[k] != v or type(defaults[k]) is not type(v)}
    if not changed:
        return "default"
    values = {name: _format_value(changed[name]) for name in sorted(changed)}
    slug = "_".join(f"{name}-{value}" for name, value in values.items())
    plain = all(_VALUE.fullmatch(v) and ".." not in v for v in values.values()) and all(n.isidentifier() for n in values)
    if plain and len(slug) <= SCENARIO_MAX_LEN:
        return slug
    exact = json.dumps(sorted((name, type(value).__name__, str(value)) for name, value in changed.items()), ensure_ascii=True)
    digest = hashlib.sha256(exact.encode()).hexdigest()[:16]
    shown = re.sub(r"\.{2,}", "-", _UNSAFE.sub("-", slug))[:SCENARIO_MAX_LEN].rstrip("-_.")
    return f"{shown}{HASH_MARK}{digest}"


KEPT = "kept"  # reports/kept/: what a reader left in scenario folders (capexlib.run.files.set_aside); never a scenario name


def is_scenario_name(name: str) -> bool:
    """Whether `name` could be a scenario folder: not a run's hidden files, not the kept-files folder."""
    return bool(name) and not name.startswith(".") and name != KEPT and "/" not in name and "\\" not in name


def scenario_folders(reports: Path) -> list[str]:
    """The scenarios in a reports folder: folders holding a headline.csv, never a run's hidden temp folders."""
    try:
        entries = sorted(reports.iterdir())
    except OSError:
        return []
    return [p.name for p in entries if is_scenario_name(p.name) and p.is_dir() and (p / "headline.csv").is_file()]
