"""A verdict in words: the printed figure, the computed one, the percent off (or the bound) and the reason,
as sentences from translated templates with named placeholders, around the data's own note (translated
in the data catalogue). Verdict tables show "percent off" = (printed - computed) / computed x 100
(`capexlib.core.numbers`), and for a bound (이상/최대) whether it is satisfied instead.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...core.checks import FAILS, HOLDS, NO_PERCENT, UNCHECKABLE
from ...core.numbers import CTX, round_significant, significant_digits
from ..i18n import Messages
from ..language import N_, _, current, data_words, ngettext
from .numbers import QUALIFIER_WORDS, pct, qualified, qualifier_label, rate_text, times_text, value

PERCENT_OFF = N_(
    "percent off = (printed - computed) / computed"
)  # the column every verdict table shows, its definition in its name


def messages() -> Messages:
    """The site's verdict, reason, outcome and confidence words in the current language."""
    return Messages(current())


def verdict_words(verdict: str, role: str | None = None) -> str:
    """'does not hold', or 'does not hold (alternative reading)' for another reading of a claim."""
    words = messages().verdict(verdict)
    return _("%(verdict)s (alternative reading)") % {"verdict": words} if role == "alternative" else words


def reason_words(kind: str | None) -> str:
    """A reason kind in words ('wrong period'); '' for none."""
    return messages().reason(kind or "")


def reason_label(kind: str | None) -> str:
    """A reason kind as the head of a reason: 'Wrong period' (Korean has no capitals)."""
    words = reason_words(kind)
    return words[:1].upper() + words[1:]


def note_text(note: str, table: str) -> str:
    """A check's note (data/<table>.csv, column note) in the current language, ending with one full stop."""
    return data_words(note, table, "note").rstrip(".") + "."


def printed_text(row: dict[str, Any]) -> str:
    """The claim's figure exactly as the article printed it ('145.6조 원', '약 1000억 달러'), with its
    qualifier when the printed words around the figure carry it ('3200억 달러 (이상 (at least))'); a figure
    the quote does not spell as a number (a date, '5개월여') written out instead."""
    qualifier = qualifier_label(row["qualifier"])
    printed = row.get("printed_as")
    if printed:
        word = QUALIFIER_WORDS.get(row["qualifier"] or "")
        return f"{printed} ({qualifier})" if word and word not in printed else printed
    return qualified(value(row["stated"], row["unit"], exact=True, high=row.get("stated_high")), row["qualifier"])


def computed_text(row: dict[str, Any]) -> str:
    """The computed value for reading; 'at most ...' / 'at least ...' when it is only a bound."""
    shown = value(row["computed"], row["unit"])
    bound = row.get("computed_is") or "value"
    if shown and bound != "value":
        template = N_("at most %(value)s") if bound == "upper_bound" else N_("at least %(value)s")
        return _(template) % {"value": shown}
    return shown


def outcome_text(row: dict[str, Any]) -> str:
    """The 'percent off' cell: the percent off, or for a bound whether it is satisfied; empty where no
    number can be compared (unverifiable, garbled, a date)."""
    if row["computed"] is None or row["relation"] == "date":
        return ""
    if row.get("reason_kind") == "garbled":  # not a number to compare
        return ""
    if row.get("reason_kind") in NO_PERCENT:
        times = _times(row)
        return _("not comparable (%(times)s)") % {"times": times} if times else _("not comparable")
    if row.get("computed_is", "value") not in ("value", None):
        return _("computed is only a bound")
    if row.get("bound_met") is True:
        return _("bound satisfied")
    if row.get("bound_met") is False:
        return _("bound not satisfied (%(pct)s short)") % {"pct": pct(row["miss_pct"], signed=False)}
    return pct(row["deviation_pct"])


def _ratio(row: dict[str, Any]) -> Decimal | None:
    """computed / printed when the two have the same sign and neither is zero, else None."""
    stated, computed = row["stated"], row["computed"]
    if not stated or not computed or (stated > 0) != (computed > 0):
        return None
    return CTX.divide(computed, stated)


def _times(row: dict[str, Any]) -> str:
    """'computed 약 290배 (×290) the printed' when the two differ more than twofold, else ''."""
    times = _ratio(row)
    if times is not None and times >= 2:
        return _("computed %(times)s the printed") % {"times": times_text(times)}
    if times is not None and times <= Decimal("0.5"):
        return _("printed %(times)s the computed") % {"times": times_text(CTX.divide(1, times))}
    return ""


def _multiple(row: dict[str, Any]) -> str:
    """' The computed value is 약 290배 (×290) the printed figure.' when they differ more than twofold."""
    times = _ratio(row)
    if times is not None and times >= 2:
        return " " + _("The computed value is %(times)s the printed figure.") % {"times": times_text(times)}
    if times is not None and times <= Decimal("0.5"):
        return " " + _("The printed figure is %(times)s the computed value.") % {"times": times_text(CTX.divide(1, times))}
    return ""


def _rounding_words(row: dict[str, Any]) -> str:
    """Whether the printed figure's own rounding explains the gap, with the arithmetic that says so."""
    stated, computed, unit = row["stated"], row["computed"], row["unit"]
    digits = significant_digits(stated)
    rounded = round_significant(computed, digits)
    places = ngettext("%(num)d significant digit", "%(num)d significant digits", digits) % {"num": digits}
    if row.get("rounds"):
        clause = _("(printed to %(places)s: the computed value rounds to the printed figure, which explains the gap)")
        return " " + clause % {"places": places}
    clause = _("(its rounding does not explain the gap: the computed value to %(places)s is %(value)s)")
    return " " + clause % {"places": places, "value": value(rounded, unit, exact=True)}


def _bound_result(row: dict[str, Any], computed: str) -> str:
    """The result when an input is known only as a bound (the computed value is itself a bound)."""
    upper = row.get("computed_is") == "upper_bound"
    if row["verdict"] == FAILS:
        tail = (
            _("the printed figure is above every value the sources allow")
            if upper
            else _("the printed figure is below every value the sources allow")
        )
    elif row["verdict"] == HOLDS:
        tail = _("so the printed bound is met")
    else:
        tail = _("the printed figure is within that bound, so the sources cannot settle it")
    template = (
        N_("Computed: at most %(computed)s (an input is known only as a bound); %(tail)s.")
        if upper
        else N_("Computed: at least %(computed)s (an input is known only as a bound); %(tail)s.")
    )
    return _(template) % {"computed": computed, "tail": tail}


def _result(row: dict[str, Any]) -> str:
    """The arithmetic's result in one or two sentences."""
    if row["relation"] == "date":
        template = N_("The reference dates it %(date)s, inside the printed %(printed)s.")
        if row["verdict"] != HOLDS:
            template = N_("The reference dates it %(date)s, outside the printed %(printed)s.")
        return _(template) % {"date": value(row["computed"], "date"), "printed": printed_text(row)}
    computed = value(row["computed"], row["unit"])
    if (row.get("computed_is") or "value") != "value":
        return _bound_result(row, computed)
    if row.get("rate") is not None:
        computed = _("%(computed)s at %(rate)s") % {"computed": computed, "rate": rate_text(row["rate"])}
    if row.get("reason_kind") == "garbled":
        return _("Computed %(computed)s; the printed figure is not a number to compare with it, so no percent off is given.") % {
            "computed": computed
        }
    if row.get("reason_kind") == "different_measure":
        text = _("Computed %(computed)s; the two measure different things, so no percent off is given.")
        return text % {"computed": computed} + _multiple(row)
    if row.get("bound_met") is not None:
        qualifier = qualifier_label(row["qualifier"])
        if row["bound_met"]:
            return _("Computed %(computed)s; the printed bound (%(qualifier)s) is satisfied.") % {
                "computed": computed,
                "qualifier": qualifier,
            }
        template = (
            N_(
                "Computed %(computed)s; the printed bound (%(qualifier)s) is not satisfied: the printed figure is "
                "%(pct)s above the computed value."
            )
            if row["qualifier"] == "at_least"
            else N_(
                "Computed %(computed)s; the printed bound (%(qualifier)s) is not satisfied: the printed figure is "
                "%(pct)s below the computed value."
            )
        )
        return _(template) % {"computed": computed, "qualifier": qualifier, "pct": pct(row["miss_pct"], signed=False)}
    rounding = ""
    if row.get("reason_kind") in ("rounding", "overstated", "understated") and row.get("stated_high") is None:
        rounding = _rounding_words(row)
    text = _("Computed %(computed)s; the printed figure is %(pct)s off it%(rounding)s.")
    return text % {"computed": computed, "pct": pct(row["deviation_pct"]), "rounding": rounding} + _multiple(row)


def unconfirmed_flag(row: dict[str, Any]) -> str:
    """' One input comes from an unconfirmed source.' when one does, else ''."""
    return " " + _("One input comes from an unconfirmed source.") if row.get("unconfirmed_input") else ""


def why(row: dict[str, Any]) -> str:
    """One paragraph: the reason kind, the basis of the check (the data's note), then the arithmetic's result."""
    kind = row.get("reason_kind") or ""
    head = f"{reason_label(kind)}: " if kind else ""
    note = note_text(row["note"], "checks")
    if row["verdict"] == UNCHECKABLE and row["computed"] is None:
        return head + note
    return f"{head}{note} {_result(row)}{unconfirmed_flag(row)}"


def arithmetic(row: dict[str, Any]) -> str:
    """The check's arithmetic in one sentence ('Computed 900억 달러 · $90.0B; the printed figure is +11.11% off
    it ...'); empty when nothing was computed (a claim the sources cannot settle)."""
    if row["computed"] is None:
        return ""
    return _result(row)
