"""capexlib: the ledger, money, exchange rates and checks behind the capex notebooks.

Data flows one way, and the package's folders follow it:

    core/    where a figure enters, is converted and judged (numbers, money, fx, ledger, checks)
    topics/  what the notebooks compare (rates audit, totals, BAT, DeepSeek, scorecard, headline)
    report/  how it is shown (presentation, charts, pages, exports, README findings)
    run/     how the series runs (parameters, notebooks, workers, cache, outputs)
    cli.py   the `capex` command

The money parser is also available at the top level:

    >>> from capexlib import parse_amount
    >>> parse_amount("3200억 달러").amount
    Decimal('320000000000')
"""

from __future__ import annotations

from typing import Any

__all__ = ["Amount", "AmountError", "find_amounts", "format_amount", "parse_amount"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: `capex run` imports capexlib before it knows whether anything must run,
    # and a cache hit should not pay for babel.
    if name in __all__:
        from .core import money, money_format  # noqa: PLC0415 - see above

        return getattr(money_format if name == "format_amount" else money, name)
    raise AttributeError(f"module 'capexlib' has no attribute {name!r}")
