"""The headline figures for reading and for headline.csv: each label in the current language, with the rate
and the price it names written in."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ...topics.headline import PRICE_SLOT, RATE_SLOT, HeadlineFigure
from ..language import words
from .numbers import headline_value, price_text, rate_text


def headline_label(figure: HeadlineFigure) -> str:
    """A headline figure's label in the current language, its rate and price written in."""
    label = words(figure.label)
    return label.replace(RATE_SLOT, rate_text(figure.rate)).replace(
        PRICE_SLOT, price_text(figure.price) if figure.price is not None else ""
    )


def headline_frame(figures: Iterable[HeadlineFigure]) -> pd.DataFrame:
    """The headline figures as headline.csv holds them: id, label (rate and price written in), value, unit."""
    return pd.DataFrame(
        [{"id": f.id, "label": headline_label(f), "value": headline_value(f.value, f.unit), "unit": f.unit} for f in figures]
    )
