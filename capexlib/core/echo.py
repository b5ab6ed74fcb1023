"""Values echoed in error messages, cut to a readable length.

A message is one line a person reads: a 120,000-character path or an expanded YAML alias bomb must not
become a 120 KB line (or hang while its repr is built). `echo` shows the start of a long text and says
how long it was; containers are shown a few items and levels deep, never in full.
"""

from __future__ import annotations

import reprlib

LIMIT = 60  # characters of an echoed text
MESSAGE_LIMIT = 400  # characters of a whole message line

_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxdict = _REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = _REPR.maxdeque = 4
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = LIMIT


def echo(value: object, limit: int = LIMIT) -> str:
    """`repr(value)`, with a long text cut to `limit` characters (its length said) and containers abridged."""
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}... ({len(value):,} characters)"
    try:
        return _REPR.repr(value)
    except ValueError:  # an int too long to print (over sys.get_int_max_str_digits() digits)
        return f"<{type(value).__name__} too long to print>"


def one_line(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """`message` on one line (line breaks become spaces), at most `limit` characters."""
    flat = " ".join(message.splitlines())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
