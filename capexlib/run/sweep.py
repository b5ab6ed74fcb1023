"""`capex sweep`: the headline figures for every value of one parameter, computed in the library (no
notebook runs), with a chart of the figures in won. The command line is capexlib.cli's."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..core.checks import evaluate_checks
from ..core.echo import echo
from ..core.fx import FxError, sweep_rates
from ..core.ledger import load_ledger
from ..core.numbers import non_ascii_digit, round_significant, to_decimal
from ..report.present import headline_value, korean_number
from ..topics.headline import headline_figures
from .files import atomic_write
from .params import DEFAULTS, FIXED_PAIRS, PARAMETERS, ParamError, RunParams

MAX_SWEEP_POINTS = 1_000  # each point evaluates every check (about 15 ms): a sweep takes at most about 20 s


def sweep_number(text: str, what: str) -> Decimal:
    """A --from/--to/--step value: ASCII digits only (Decimal() would read １３００), finite."""
    lookalike = non_ascii_digit(str(text))
    if lookalike is not None:
        raise ParamError(f"--{what} {echo(text)}: non-ASCII digit {lookalike}; use the digits 0-9")
    try:
        number = Decimal(str(text).strip())
    except ArithmeticError:
        raise ParamError(f"--{what} must be a number, got {echo(text)}") from None
    if not number.is_finite() or "_" in str(text):
        raise ParamError(f"--{what} must be a finite number, got {echo(text)}")
    return number


def sweep_values(param: str, start: str, stop: str, step: str) -> list[object]:
    """The values of `param` a sweep takes: floats, or whole numbers for an int parameter."""
    if param not in PARAMETERS:
        raise ParamError(f"unknown parameter {echo(param)}; known: {', '.join(PARAMETERS)}")
    kind = type(DEFAULTS[param])
    if kind not in (float, int):
        raise ParamError(f"parameter {param!r} is not a number and cannot be swept")
    low, high, by = sweep_number(start, "from"), sweep_number(stop, "to"), sweep_number(step, "step")
    if kind is int and any(v != v.to_integral_value() for v in (low, high, by)):
        raise ParamError(f"parameter {param!r} is a whole number: --from, --to and --step must be whole numbers")
    if by > 0 and high > low and high - low > by * MAX_SWEEP_POINTS:  # before dividing: 1e300 / 1e-300 cannot be counted
        raise ParamError(
            f"the sweep has more than {MAX_SWEEP_POINTS} points; at most {MAX_SWEEP_POINTS} allowed (use a larger --step)"
        )
    try:
        values = sweep_rates(low, high, by)
    except FxError as e:
        raise ParamError(f"sweep: {e}") from None
    if len(values) > MAX_SWEEP_POINTS:
        raise ParamError(f"the sweep has {len(values)} points; at most {MAX_SWEEP_POINTS} allowed (use a larger --step)")
    return [int(v) if kind is int else float(v) for v in values]


def sweep_table(
    param: str, start: str, stop: str, step: str, base: dict[str, object] | None = None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Headline figures for every value of `param` from start to stop: (table, {id: unit}).

    Computed in capexlib (no notebook runs). A krw_per_* rate implies fx_source=fixed; an fx_source given
    with -p that says otherwise is an error, not silently replaced.
    """
    values = sweep_values(param, start, stop, step)
    base = dict(base or {})
    if param in FIXED_PAIRS:
        if base.get("fx_source", "fixed") != "fixed":
            raise ParamError(
                f"sweeping {param} uses fixed rates (fx_source 'fixed'), but -p fx_source {echo(base['fx_source'])} "
                "was given; leave it out"
            )
        base["fx_source"] = "fixed"
    rows: list[dict[str, object]] = []
    units: dict[str, str] = {}
    labels: dict[str, str] = {}
    ledger = None
    for value in values:
        params = RunParams.from_values(**{**base, param: value})
        ledger = ledger or load_ledger(params.data_dir)
        fx = params.fx()
        try:
            verdicts = evaluate_checks(ledger, fx, params.tolerance, params.values)
            figures = headline_figures(ledger, fx, verdicts, params["h800_usd_per_gpu_hour"])
        except ArithmeticError as e:
            raise ParamError(
                f"{param} {value}: the arithmetic fails ({type(e).__name__}); the value is too large or too small"
            ) from None
        row: dict[str, object] = {param: value}
        for figure in figures:
            row[figure.id] = headline_value(figure.value, figure.unit)  # to the minor unit, as headline.csv
            units.setdefault(figure.id, figure.unit)
            labels.setdefault(figure.id, figure.label.split(" at ")[0])  # the label without this value's rate
        rows.append(row)
    table = pd.DataFrame(rows)
    table.attrs["labels"] = labels  # for the chart's legend: words, not ids
    return table, units


def sweep_chart(table: pd.DataFrame, units: dict[str, str], param: str, path: Path) -> bool:
    """Line chart of the KRW headline figures against the parameter; False when there are none."""
    import matplotlib.pyplot as plt  # noqa: PLC0415 - only a sweep draws; matplotlib costs ~0.4 s to import
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415 - as above

    from ..report import charts  # noqa: PLC0415 - as above

    krw = [col for col, unit in units.items() if "KRW" in unit.upper() or unit == "원"]
    if not krw:
        return False
    charts.setup_fonts()  # Hangul in the tick labels
    labels = table.attrs.get("labels", {})
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for col in krw:
        ax.plot(table[param], table[col].astype(float), label=labels.get(col, col))
    ax.set_xlabel(PARAMETERS[param][1].split(" (")[0])  # its meaning: "fixed KRW per USD"
    # Won as a Korean reader writes them (420조 원), never "1e14".
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{korean_number(round_significant(to_decimal(v), 3))} 원"))
    ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    png = charts.png_bytes(fig)  # no timestamp in the PNG metadata: the same sweep gives the same bytes
    plt.close(fig)
    atomic_write(path, png)
    return True
