"""Notebook 00: how far the rate each printed won conversion implies is from the ECB rate of its day."""

from __future__ import annotations

import matplotlib
import matplotlib.patches
import matplotlib.pyplot as plt
import pandas as pd

from ..language import N_, _, data_words
from ..present import korean_money, pct, span
from .base import ECB, Chart, names, source_note

TITLE = N_("인쇄된 원화 환산의 환율 vs ECB 기준환율 (Implied rate against the ECB rate on the article date)")


def _label(row: pd.Series) -> str:
    """'3200억 달러 → 463조 원': the conversion as the article printed it."""
    source = korean_money(row["source_amount"], row["source_currency"], exact=True)
    return f"{source} → {korean_money(row['printed'], row['printed_currency'], exact=True)}"


def rate_deviations_alt(audit: pd.DataFrame, outlets: pd.Series) -> str:
    """Per outlet, how far its conversions' implied rates are from the ECB rate (rounded for reading)."""
    parts = []
    for article, rows in audit.groupby("article_id", sort=False):
        low, high = min(rows["deviation_pct"]), max(rows["deviation_pct"])
        shown = pct(low) if low == high else span(pct(low), pct(high))
        count = _("%(num)s conversions") % {"num": len(rows)}
        parts.append(f"{outlets[article]} ({count}) {shown}")
    return _(
        "Horizontal bars, one per printed KRW conversion, showing how far the rate it implies is from the ECB rate "
        "on its article's date, in percent of the ECB rate; by outlet: %(parts)s."
    ) % {"parts": "; ".join(parts)}


def rate_deviations(audit: pd.DataFrame, articles: pd.DataFrame) -> Chart:
    """Horizontal bars of each conversion's implied rate against the ECB rate (percent), labelled with the
    conversion as printed and coloured by the outlet that printed it (`audit`: capexlib.topics.rates.
    implied_rate_audit; `articles`: the ledger's articles, for the outlets' names). The legend sits beside
    the plot, never over a bar."""
    outlets = articles["outlet"].map(lambda o: data_words(str(o), "articles", "outlet"))  # in the reader's language
    groups = [str(outlets[a]) for a in audit["article_id"]]
    labels = [_label(r) for _, r in audit.iterrows()]
    deviations = [float(d) for d in audit["deviation_pct"]]
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.28 * len(labels) + 1)))
    palette = matplotlib.colormaps["tab10"]
    order = sorted(set(groups))
    positions = list(range(len(labels)))  # positions, not labels: two outlets can print the same conversion
    ax.barh(positions, deviations, color=[palette(order.index(g)) for g in groups])
    ax.set_yticks(positions, labels, fontsize=8)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.invert_yaxis()
    ax.set_xlabel(_("implied rate minus ECB rate, % of the ECB rate"))
    ax.set_title(_(TITLE), fontsize=11)
    handles = [matplotlib.patches.Patch(color=palette(i), label=g) for i, g in enumerate(order)]
    ax.legend(handles=handles, title=_("outlet"), loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    source_note(fig, _("Sources: the figures as printed by %(outlets)s; ECB euro reference rates") % {"outlets": names(order)})
    table = pd.DataFrame({"conversion": labels, "outlet": groups, "claim_id": list(audit["claim_id"]), "value_pct": deviations})
    sources = [*(f"article:{a}" for a in dict.fromkeys(audit["article_id"])), ECB]
    title = _("Implied rate against the ECB rate, by conversion")
    return Chart(fig, rate_deviations_alt(audit, outlets), title, table, sources)
