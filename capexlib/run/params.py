"""Run parameters shared by every notebook and by `capex run`: declared once, validated before work.

Each notebook's `parameters` cell declares the scalars it uses with these names and defaults; the
runner reads those cells and checks names and types against them (tests/test_params.py keeps the
cells and DEFAULTS in step). Values are plain scalars so that papermill can inject them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..core.dates import iso_date
from ..core.echo import echo
from ..core.fx import ECB_HISTORY_URL, SOURCES, EcbFile, FxError, FxScenario, data_range, load_ecb_file
from ..core.numbers import non_ascii_digit, to_decimal
from ..core.paths import PathError, user_path
from ..core.phrase import N_
from ..core.text import unsafe_char
from ..report.language import LANGUAGES

# name: (default, meaning). The type of the default is the declared type.
PARAMETERS: dict[str, tuple[object, str]] = {
    "fx_source": ("ecb", N_("exchange rates: ecb (ECB reference rate), article (the article's own implied rate) or fixed")),
    "fx_date": ("", N_("ECB rate date YYYY-MM-DD; empty = each article's publication date")),
    "krw_per_usd": (0.0, N_("fixed KRW per USD (with fx_source=fixed; 0 = not set)")),
    "krw_per_cny": (0.0, N_("fixed KRW per CNY (with fx_source=fixed; 0 = not set)")),
    "krw_per_eur": (0.0, N_("fixed KRW per EUR (with fx_source=fixed; 0 = not set)")),
    "holds_pct": (
        1.0,
        N_("how far (in percent) a printed figure may be from the computed one and still hold (the verdict rule, README)"),
    ),
    "tolerance_pct": (
        5.0,
        N_("how far (in percent) a printed figure may be from the computed one and still hold approximately"),
    ),
    "audit_tolerance_pct": (
        0.5,
        N_("implied-rate audit: how close (percent) an ECB rate must be to the implied rate to explain a conversion"),
    ),
    "audit_window_days": (
        7,
        N_("implied-rate audit: ECB publication days within this many days of the article date may explain it"),
    ),
    "data_dir": ("", N_("folder holding the data tables; empty = the project's data/")),
    "bat_annualization_factor": (
        2.0,
        N_("multiplier turning the BAT half-year figures into a year (2.0 = double H1; 1.0 = none)"),
    ),
    "h800_usd_per_gpu_hour": (2.0, N_("rental price of one H800 GPU-hour in USD (the DeepSeek-V3 report assumes 2)")),
    "h100_usd_per_gpu_hour": (2.0, N_("rental price of one H100 GPU-hour in USD, for Llama's GPU-hours")),
    "ecb_file": (
        "",
        N_(
            "a newer ECB history file (eurofxref-hist.zip, its CSV, or a shorter file in that format) laid over the "
            "bundled rates; relative paths are from the project folder; empty = the bundled history only"
        ),
    ),
    "lang": ("en", N_("language of the outputs (tables, captions, charts) and of the site: en (English) or ko (Korean)")),
}
DEFAULTS = {name: default for name, (default, _) in PARAMETERS.items()}
FIXED_PAIRS = {"krw_per_usd": ("USD", "KRW"), "krw_per_cny": ("CNY", "KRW"), "krw_per_eur": ("EUR", "KRW")}
# A fixed rate outside these bounds makes converted figures and percentages lose precision (1e-300 KRW per
# USD puts a 463조 won figure 10^300 times off, beyond the 28 digits every figure is computed in).
MIN_FIXED_RATE, MAX_FIXED_RATE = 0.001, 1e9
# The same for a factor or a price: 1e-300 made notebooks 03 and 04 fail mid-run (InvalidOperation).
MIN_POSITIVE, MAX_POSITIVE = 0.001, 1e6
POSITIVE = ("bat_annualization_factor", "h800_usd_per_gpu_hour", "h100_usd_per_gpu_hour")
# One spelling of a number and of a date on the command line: ASCII only, no underscores, no week dates.
_FLOAT_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INT_RE = re.compile(r"[+-]?[0-9]+")
_SPECIAL_FLOATS = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


class ParamError(ValueError):
    """A run parameter is unknown, of the wrong type or out of range; the message names it."""


def _number_text(name: str, value: object, kind: str) -> str:
    """`value` as the text of a number, refusing lookalike digits with a message naming the digit."""
    text = str(value).strip() if isinstance(value, (int, float, str, Decimal)) else None
    if text is None:
        raise ParamError(f"parameter {name!r} must be {kind}, got {echo(value)}")
    lookalike = non_ascii_digit(text)
    if lookalike is not None:
        raise ParamError(f"parameter {name!r} must be {kind}, got {echo(value)}: non-ASCII digit {lookalike}; use the digits 0-9")
    return text


def coerce(name: str, value: object, declared: object | None = None) -> object:
    """`value` as the declared type of `name` (text from a command line becomes a float or int).

    Numbers are read in one spelling: ASCII digits, an optional sign, point and exponent (no `1_000`, no
    full-width digits); the float -0.0 becomes 0.0, so that -0 and 0 name one scenario.
    """
    if declared is None:
        if name not in PARAMETERS:
            raise ParamError(f"unknown parameter {echo(name)}; known: {', '.join(PARAMETERS)}")
        declared = DEFAULTS[name]
    kind = type(declared)
    if isinstance(value, bool) and kind is not bool:
        raise ParamError(f"parameter {name!r} must be {kind.__name__}, got {value!r}")
    if kind is float:
        if isinstance(value, float):
            number = value
        else:
            text = _number_text(name, value, "a number")
            if text.lower() in _SPECIAL_FLOATS:
                raise ParamError(f"parameter {name!r} must be a finite number, got {echo(value)}")
            if not _FLOAT_RE.fullmatch(text):
                raise ParamError(f"parameter {name!r} must be a number, got {echo(value)}")
            number = float(text)
        if not math.isfinite(number):
            raise ParamError(f"parameter {name!r} must be a finite number, got {echo(value)}")
        return number + 0.0  # -0.0 + 0.0 is 0.0
    if kind is str:
        if not isinstance(value, str):
            raise ParamError(f"parameter {name!r} must be text, got {echo(value)}")
        problem = unsafe_char(value)
        if problem is not None:
            raise ParamError(f"parameter {name!r}: {echo(value)} holds {problem}; such characters are refused")
        return value
    if kind is int:
        if isinstance(value, int):
            return value
        text = _number_text(name, value, "a whole number")
        if not _INT_RE.fullmatch(text):
            raise ParamError(f"parameter {name!r} must be a whole number, got {echo(value)}")
        return int(text)
    if kind is bool:
        if isinstance(value, bool):
            return value
        raise ParamError(f"parameter {name!r} must be true or false, got {echo(value)}")
    raise ParamError(f"parameter {name!r} has an unsupported type {kind.__name__}")


@dataclass(frozen=True)
class RunParams:
    """Validated parameters of one run, and the exchange-rate scenario they choose."""

    values: dict

    @classmethod
    def from_values(cls, **given: object) -> RunParams:
        values = dict(DEFAULTS)
        for name, value in given.items():
            values[name] = coerce(name, value)
        validate(values)
        return cls(values)

    def __getitem__(self, name: str) -> object:
        return self.values[name]

    def fx(self) -> FxScenario:
        return fx_scenario(self.values)

    @property
    def data_dir(self) -> str | None:
        """The data folder the parameters name (None: the default, see capexlib.core.ledger.resolve_data_dir)."""
        return str(self.values["data_dir"]) or None

    @property
    def tolerance(self) -> Decimal:
        return to_decimal(self.values["tolerance_pct"], "tolerance_pct", ParamError)


def validate(values: dict) -> None:
    """Range checks that need more than a type: raise ParamError naming the parameter."""
    check_lang(values["lang"])
    if not 0 <= values["audit_window_days"] <= 366:
        raise ParamError(f"parameter 'audit_window_days' must be between 0 and 366, got {values['audit_window_days']!r}")
    for name in ("holds_pct", "tolerance_pct", "audit_tolerance_pct"):
        if not 0 <= values[name] <= 100:
            raise ParamError(f"parameter {name!r} must be between 0 and 100, got {values[name]!r}")
    for name in POSITIVE:
        if not MIN_POSITIVE <= values[name] <= MAX_POSITIVE:
            raise ParamError(
                f"parameter {name!r} must be a positive number from {MIN_POSITIVE} to {MAX_POSITIVE:.0e}, "
                f"got {values[name]!r}: further out, the arithmetic loses precision"
            )
    for name in FIXED_PAIRS:
        if values[name] != 0 and not MIN_FIXED_RATE <= values[name] <= MAX_FIXED_RATE:
            raise ParamError(
                f"parameter {name!r} must be a positive rate between {MIN_FIXED_RATE} and {MAX_FIXED_RATE:.0f} KRW "
                f"(0 = not set), got {values[name]!r}: further out, converted figures lose precision"
            )
    try:
        fx_scenario(values)
    except FxError as e:
        raise ParamError(str(e)) from None


def check_lang(value: object) -> str:
    """The `lang` parameter (a language the outputs are written in), or ParamError naming the known ones."""
    if value not in LANGUAGES:
        raise ParamError(f"parameter 'lang' must be one of {', '.join(LANGUAGES)}, got {echo(value)}")
    return str(value)


def ecb_file_path(value: object) -> Path | None:
    """The `ecb_file` parameter as a path (by the rule of capexlib.core.paths: relative paths from the project
    folder, `~` expanded, symlinks resolved), or None."""
    if not value:
        return None
    try:
        return user_path(str(value), "parameter 'ecb_file'")
    except PathError as e:
        raise ParamError(str(e)) from None


def ecb_file(values: dict) -> EcbFile | None:
    """The validated ECB file the parameters name, or None; ParamError naming the file, line and column."""
    path = ecb_file_path(values.get("ecb_file"))
    if path is None:
        return None
    try:
        return load_ecb_file(path)
    except FxError as e:
        raise ParamError(f"parameter 'ecb_file': {e}") from None


def fx_scenario(values: dict) -> FxScenario:
    source = values["fx_source"]
    if source not in SOURCES:
        raise ParamError(f"fx_source: source must be one of {', '.join(SOURCES)}; got {echo(source)}")
    file = ecb_file(values)
    fixed = {pair: values[name] for name, pair in FIXED_PAIRS.items() if values[name]}
    if source == "fixed" and not fixed:
        raise ParamError("fx_source 'fixed' needs at least one of krw_per_usd, krw_per_cny, krw_per_eur")
    if source != "fixed" and fixed:
        raise ParamError(f"krw_per_usd/krw_per_cny/krw_per_eur apply only with fx_source 'fixed' (got fx_source {source!r})")
    on = None
    if values["fx_date"]:
        if source != "ecb":
            raise ParamError(f"fx_date applies only with fx_source 'ecb' (got fx_source {source!r})")
        on = parse_fx_date(values["fx_date"])
        first, last = data_range("KRW", ecb_file=file)
        if not first <= on <= last:
            raise ParamError(
                f"parameter 'fx_date' {on} is outside {_fx_data(file, first, last)}{_newer_file_hint(on, last, file)}"
            )
    try:
        return FxScenario(source, on=on, fixed=fixed or None, ecb_file=file)
    except FxError as e:
        raise ParamError(f"fx_source: {e}") from None


def _fx_data(file: EcbFile | None, first: dt.date, last: dt.date) -> str:
    if file is None:
        return f"the bundled ECB data ({first} to {last})"
    return f"the ECB data, bundled and from {file.path} ({first} to {last})"


def _newer_file_hint(on: dt.date, last: dt.date, file: EcbFile | None) -> str:
    if on <= last:
        return ""
    if file is not None:
        if on <= file.last:  # the file has the day, but its KRW column is N/A from after `last`
            return f"; {file.name} has rows to {file.last} but marks KRW N/A after {last}: give the KRW rates there"
        return f"; {file.name} ends on {file.last}: download a newer copy ({ECB_HISTORY_URL})"
    return (
        f"; for a later date, download the ECB's history file ({ECB_HISTORY_URL}) and pass it with "
        "--ecb-file PATH (or ecb_file: PATH in a scenario file)"
    )


def parse_fx_date(text: str) -> dt.date:
    """The fx_date parameter as a date: YYYY-MM-DD only (Python also reads 20250207 and 2025-W06-5)."""
    day = iso_date(text)
    if day is None:
        raise ParamError(f"parameter 'fx_date' must be a date YYYY-MM-DD, got {echo(text)}")
    return day


def describe() -> str:
    """A table of every parameter: name, type, default, meaning (for `capex run --list-params`)."""
    width = max(map(len, PARAMETERS))
    lines = [f"{'name':<{width}}  {'type':<5}  {'default':<8}  meaning"]
    for name, (default, meaning) in PARAMETERS.items():
        lines.append(f"{name:<{width}}  {type(default).__name__:<5}  {default!r:<8}  {meaning}")
    return "\n".join(lines)
