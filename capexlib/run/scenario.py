"""Scenario names: the folder under reports/ that a run's parameters choose."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from pathlib import Path

from .params import DEFAULTS

SCENARIO_MAX_LEN = 80
_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")


def _format_value(value: object) -> str:
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))  # 1380.0 -> 1380
    return str(value)


def scenario_name(params_given: Mapping[str, object], defaults: Mapping[str, object] | None = None) -> str:
    """'default' when nothing differs from the defaults, else a slug like `fx_source-fixed_krw_per_usd-1380`.

    Deterministic (sorted names) and filesystem-safe. When characters had to be replaced or the slug
    is longer than 80 characters a short hash of the exact values is appended, so that two different
    scenarios never share a folder.
    """
    defaults = DEFAULTS if defaults is None else defaults
    changed = {k: v for k, v in params_given.items() if k not in defaults or defaults[k] != v or type(defaults[k]) is not type(v)}
    if not changed:
        return "default"
    pairs = [f"{name}-{_format_value(changed[name])}" for name in sorted(changed)]
    raw = "_".join(pairs)
    slug = _UNSAFE.sub("-", raw)
    slug = re.sub(r"\.{2,}", "-", slug)  # never '..' in a folder name
    if slug == raw and len(slug) <= SCENARIO_MAX_LEN:
        return slug
    digest = hashlib.sha256(json.dumps(sorted(changed.items()), default=str).encode()).hexdigest()[:8]
    return f"{slug[:SCENARIO_MAX_LEN].rstrip('-_.')}-{digest}"


def scenario_folders(reports: Path) -> list[str]:
    """The scenarios in a reports folder: folders holding a headline.csv, never a run's hidden temp folders."""
    try:
        entries = sorted(reports.iterdir())
    except OSError:
        return []
    return [p.name for p in entries if not p.name.startswith(".") and (p / "headline.csv").is_file()]
