"""Dates as the project writes them: YYYY-MM-DD, ASCII digits, nothing else.

Python's `date.fromisoformat` also reads 20250207, 2025-W06-5 and full-width digits; a date in a data
file, a parameter or an ECB file is read here instead, so that every reader refuses the same things.
"""

from __future__ import annotations

import datetime as dt
import re

DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> dt.date | None:
    """`text` as a date when it is a real day written YYYY-MM-DD; None otherwise (2026-02-30 too)."""
    if DATE_RE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    return None
