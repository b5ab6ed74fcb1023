"""The notebooks' tables and captions: one named view per cell, so a cell reads as what it shows.

A topic computes a frame of exact values (`capexlib.topics`); a view here turns it into the table a reader
sees, with every figure written by `capexlib.report.present` (the one place rounding happens) and the
columns in reading order. A caption (`..._caption`, `..._text`) is the text printed above or below a table.
Views compute nothing new: what they show is in the frame they are given.

One module per notebook or pair (sources, totals, bat, deepseek, hindsight); every view is importable
from `capexlib.report.views` itself, as the notebooks call them.
"""

from __future__ import annotations

from .bat import (
    alignment_caption,
    alignment_view,
    attribution_view,
    bat_claims_view,
    bat_currencies_view,
    bat_growth_caption,
    bat_growth_view,
    bat_parts_view,
    bat_reference_view,
    like_for_like_text,
)
from .deepseek import (
    bound_comparison_view,
    break_even_view,
    caveats_view,
    cost_claims_view,
    krw_comparison_view,
    llama_comparison_view,
    reconciliation_text,
    scale_caption,
    scale_view,
    stage_view,
)
from .hindsight import alibaba_plan_text, pipeline_view, r1_cost_text, r1_printed_view
from .sources import audit_caption, same_amount_view
from .totals import (
    alternative_caption,
    basis_totals_view,
    budget_share_view,
    change_caption,
    change_view,
    guidance_total_view,
    guidance_view,
    krw_gap_text,
    plans_view,
    printed_2024_view,
    range_text,
    rate_caption,
)

__all__ = [
    "alibaba_plan_text",
    "alignment_caption",
    "alignment_view",
    "alternative_caption",
    "attribution_view",
    "audit_caption",
    "basis_totals_view",
    "bat_claims_view",
    "bat_currencies_view",
    "bat_growth_caption",
    "bat_growth_view",
    "bat_parts_view",
    "bat_reference_view",
    "bound_comparison_view",
    "break_even_view",
    "budget_share_view",
    "caveats_view",
    "change_caption",
    "change_view",
    "cost_claims_view",
    "guidance_total_view",
    "guidance_view",
    "krw_comparison_view",
    "krw_gap_text",
    "like_for_like_text",
    "llama_comparison_view",
    "pipeline_view",
    "plans_view",
    "printed_2024_view",
    "r1_cost_text",
    "r1_printed_view",
    "range_text",
    "rate_caption",
    "reconciliation_text",
    "same_amount_view",
    "scale_caption",
    "scale_view",
    "stage_view",
]
