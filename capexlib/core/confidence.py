"""How sure a source makes a figure: confirmed (a primary source seen stating it), secondary (a reputable
copy or report), or unconfirmed (said so in the data). A figure computed from several is as sure as its
least sure part.
"""

from __future__ import annotations

# How sure a source makes a figure: the primary document seen stating it, a secondary copy or report, or
# neither (a weak source, a collector's note, a derived figure).
CONFIDENCE_LEVELS = ("confirmed", "secondary", "unconfirmed")


def confidence_level(confidence: str | None, source_kind: str | None) -> str:
    """confirmed (a primary source seen stating it), secondary, or unconfirmed (said so in the data)."""
    if (confidence or "").startswith("unconfirmed"):
        return "unconfirmed"
    return "confirmed" if source_kind == "primary" else "secondary"


def weakest(levels: list[str]) -> str:
    """The least sure of several confidence levels (a sum is as sure as its least sure part)."""
    return max(levels, key=CONFIDENCE_LEVELS.index, default="secondary")
