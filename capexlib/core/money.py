"""Exact parsing of money amounts and figures as Korean and English news print them.

    >>> parse_amount('145조 6,300억 원').amount
    Decimal('145630000000000')
    >>> [(a.amount, a.currency, a.qualifier) for a in find_amounts('3200억달러(약 463조원)')]
    [(Decimal('320000000000'), 'USD', None), (Decimal('463000000000000'), 'KRW', 'approx')]

What counts as a figure: digits, optionally with Korean scale words (조/억/만, and 천/백 inside a
group) or an English scale (k, m/mn/million, b/bn/billion, t/tn/trillion), followed by a currency
(달러, 원, $, Rmb, ...), a percent sign, 배 (times), a counter (개, 명, 곳, 가지) or written as a
ratio (10분의 1). A number with none of these (dates such as 6일, 2024년, 4분기; ordinals; bare
numbers) is not a figure. All arithmetic is Decimal; floats never appear, except inside babel.

Design decisions:
- find_amounts is lenient: a candidate that fails validation (bad commas, a repeated scale word,
  conflicting qualifiers, ...) is left out, because a passage is not required to be all figures.
  parse_amount is strict and says what was wrong.
- In 'A(B) 이상' the qualifier after the parenthesis belongs to A, the amount outside the
  parenthesis (the parenthesis is a conversion of A). A's text and span stay those of A itself.
- Only ASCII digits 0-9 make a figure. Full-width (１３００) and Arabic-Indic (١٣٠٠) digits, which
  Python's \\d and Decimal() would read silently, are refused by parse_amount with a message naming the
  digit, and find_amounts reads no figure from them (the ledger refuses them in numbers too).
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .numbers import CTX, EXACT, non_ascii_digit
from .units import is_money

__all__ = ["Amount", "AmountError", "find_amounts", "parse_amount"]  # format_amount: capexlib.core.money_format


class AmountError(ValueError):
    """A text is not exactly one well-formed amount, or an amount cannot be formatted."""


UNITS = ("percent", "ratio", "times", "count")

# Words that hedge a figure, and the qualifier kind (capexlib.core.units.QUALIFIERS) each expresses.
QUALIFIER_WORDS = {
    "약": "approx",
    "about": "approx",
    "approximately": "approx",
    "around": "approx",
    "roughly": "approx",
    "nearly": "approx",
    "~": "approx",
    "내외": "approx",
    "가량": "approx",
    "정도": "approx",
    "최대": "at_most",
    "up to": "at_most",
    "이하": "at_most",
    "이상": "at_least",
    "돌파": "at_least",
    "more than": "at_least",
    "over": "at_least",
    "at least": "at_least",
    "최소": "at_least",
}

KOREAN_SCALES = {"조": Decimal(10) ** 12, "억": Decimal(10) ** 8, "만": Decimal(10) ** 4}
KOREAN_SUBS = {"천": Decimal(1000), "백": Decimal(100)}
ENGLISH_SCALES = {
    "k": Decimal(10) ** 3,
    "thousand": Decimal(10) ** 3,
    "m": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "million": Decimal(10) ** 6,
    "b": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "billion": Decimal(10) ** 9,
    "t": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
    "trillion": Decimal(10) ** 12,
}
# The currencies the parser and formatter know, with their Korean words.
KOREAN_WORDS = {"KRW": "원", "USD": "달러", "CNY": "위안", "EUR": "유로", "JPY": "엔"}

# Every token that names a currency, longest first so 'US$' wins over '$'.
_CURRENCY_TOKENS = {
    "US$": "USD",
    "CN¥": "CNY",
    "USD": "USD",
    "KRW": "KRW",
    "CNY": "CNY",
    "EUR": "EUR",
    "JPY": "JPY",
    "RMB": "CNY",
    "$": "USD",
    "₩": "KRW",
    "￦": "KRW",
    "€": "EUR",
    "¥": "JPY",
    "￥": "JPY",
    "달러": "USD",
    "원": "KRW",
    "위안": "CNY",
    "元": "CNY",
    "유로": "EUR",
    "엔": "JPY",
}

# --- The figure grammar -------------------------------------------------------------------------
_SP = r"[ \u00a0]?"  # one optional space between parts of one figure (never a newline)
_SPS = r"[ \u00a0]*"
# ASCII digits, commas and dots; checked strictly later so '1..5' and '1,00,0' give a clear error. Only 0-9
# make a figure: a full-width or Arabic-Indic digit is never read as one (parse_amount says so), and the
# lookarounds below keep Unicode \d so that no figure starts or ends next to such a digit.
_NUM = r"[0-9](?:[0-9,.]*[0-9])?"
_SUBS = rf"(?:{_NUM}[천백])*{_NUM}[천백]?"
_KCHAIN = rf"(?:{_SUBS}[조억만]{_SP})*{_SUBS}[조억만]?"
_EN_SCALE = rf"(?:{_SP}(?i:thousand|million|billion|trillion|mn|bn|tn)|(?i:[kmbt]))(?![A-Za-z0-9])"
# Not in the middle of a number: '5,000원,6,000원' still yields the second amount.
_BODY = rf"(?<!\d)(?<!\d[.,]){_KCHAIN}(?:{_EN_SCALE})?"
_PRE_CUR = r"US\$|CN¥|(?<![A-Za-z])(?:USD|KRW|CNY|EUR|JPY|(?i:rmb))|\$|₩|￦|€|¥|￥"
# Lookaheads keep words that merely start with a currency syllable out (원칙, 원화, 엔비디아).
_POST_CUR = (
    r"달러|원(?!칙|인|화|자력|장|래)|위안|元|유로|엔(?!비디아|진)"
    r"|(?:USD|KRW|CNY|EUR|JPY|RMB)(?![A-Za-z])"
)
# A counter must end its word or be followed by a particle, so 개월, 개발, 명령 are not counts.
_AFTER_COUNTER = r"(?=$|[^가-힣]|[의이가을를에과와은는도다로만씩])"
_QUAL_PRE = (
    r"(?<![가-힣])(?:약|최대|최소)"
    r"|(?<![A-Za-z])(?i:approximately|about|around|roughly|nearly|up\x20to|more\x20than|over|at\x20least)"
    r"(?![A-Za-z])"
    r"|(?<![\d~∼])~"
)
_QUAL_POST = r"이상|이하|내외|가량|정도|돌파"

_FIGURE = re.compile(
    rf"""
    (?P<pre_q>(?:(?:{_QUAL_PRE}){_SPS})*)
    (?:
        (?<!\d)(?P<den>{_NUM}){_SP}분의{_SP}(?P<num>{_NUM})(?!\d)
      |
        (?P<sign>(?<![\w.,])[-−])?
        (?:(?P<pre_cur>{_PRE_CUR}){_SP})?
        (?P<low>{_BODY})
        (?:{_SP}[~∼〜\-–]{_SP}(?:(?P<hi_cur>{_PRE_CUR}){_SP})?(?P<high>{_BODY}))?
        (?:
            {_SP}(?P<cur>(?:{_POST_CUR})(?:{_SP}(?:{_POST_CUR}))*)
          | {_SP}(?P<pct>%|％|퍼센트)
          | (?P<times>배)(?!터리|포|당|송|치|경|출|분|제|달|우|려|열)
          | {_SP}(?P<counter>개사|개|명|곳|가지){_AFTER_COUNTER}
        )?
    )
    (?P<post_q>(?:{_SPS}(?:{_QUAL_POST}))*)
    """,
    re.VERBOSE,
)
_QUAL_TOKEN = re.compile(rf"{_QUAL_PRE}|{_QUAL_POST}")
_CUR_TOKEN = re.compile("|".join(re.escape(t) for t in _CURRENCY_TOKENS) + "|(?i:rmb)")
_BODY_TOKEN = re.compile(r"(?P<num>[0-9][0-9,.]*)(?P<sub>[천백])?(?P<scale>[조억만])?|(?P<en>[A-Za-z]+)|\s+")
_PLAIN_NUM = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_GROUPED_NUM = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
# 'A(B) 이상': a suffix qualifier right after the parenthesis that holds B.
_CLOSE_THEN_QUAL = re.compile(rf"{_SPS}\){_SPS}(?P<q>{_QUAL_POST})")


@dataclass(frozen=True)
class Amount:
    """One figure: `amount` in whole units (35 for 35%), `currency` an ISO code or a unit name."""

    amount: Decimal
    currency: str
    qualifier: str | None
    high: Decimal | None
    text: str
    start: int
    end: int

    @property
    def is_money(self) -> bool:
        return is_money(self.currency)


# --- Parsing ------------------------------------------------------------------------------------
def parse_amount(text: str) -> Amount:
    """Parse text that is exactly one amount (surrounding whitespace ignored)."""
    if not isinstance(text, str):
        raise AmountError(f"{text!r}: expected a str, got {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise AmountError(f"{text!r}: empty text")
    lookalike = non_ascii_digit(stripped)
    if lookalike is not None:
        raise AmountError(f"{stripped!r}: non-ASCII digit {lookalike}; write figures with the digits 0-9")
    if not re.search(r"[0-9]", stripped):
        raise AmountError(f"{stripped!r}: no number (a figure needs digits)")
    match = _FIGURE.fullmatch(stripped)
    if match is None:
        raise AmountError(_explain_mismatch(stripped))
    return _build(match, extra_qualifiers=())


def find_amounts(text: str) -> list[Amount]:
    """Every amount or figure in a passage, in order; dates, ordinals and bare numbers are skipped."""
    if not isinstance(text, str):
        raise AmountError(f"{text!r}: expected a str, got {type(text).__name__}")
    matches = [m for m in _FIGURE.finditer(text) if m.group(0)]
    extra: dict[int, list[str]] = {}
    for i in range(len(matches) - 1):
        outer, inner = matches[i], matches[i + 1]
        # The qualifier after ')' describes the amount before '(' (B only converts A).
        between = text[outer.end() : inner.start()]
        after = _CLOSE_THEN_QUAL.match(text, inner.end())
        if re.fullmatch(rf"{_SPS}\({_SPS}", between) and after:
            extra.setdefault(i, []).append(after.group("q"))
    found = []
    for i, match in enumerate(matches):
        try:
            found.append(_build(match, extra_qualifiers=extra.get(i, ())))
        except AmountError:
            continue  # not a figure (no unit) or malformed: a passage may hold such text
    return found


def printed_as(quote: str, amount: Decimal, high: Decimal | None = None) -> str | None:
    """The figure exactly as the quote prints it ('145.6조 원', '약 1000억 달러'): the first amount in the
    quote with this value (and upper end); None when the quote does not spell it as a figure (a date)."""
    for found in find_amounts(quote):
        if found.amount == amount and found.high == high:
            return found.text
    return None


def _explain_mismatch(text: str) -> str:
    match = _FIGURE.match(text)
    if match is None or not match.group(0):
        return f"{text!r}: does not start with an amount"
    rest = text[match.end() :].strip()
    return f"{text!r}: not a single amount, unexpected {rest!r} after {match.group(0)!r}"


def _build(match: re.Match[str], extra_qualifiers: Sequence[str]) -> Amount:
    """Turn one grammar match into an Amount, checking everything the regex cannot."""
    quoted = match.group(0)
    qualifier = _qualifier(quoted, match.group("pre_q"), match.group("post_q"), extra_qualifiers)
    if match.group("den") is not None:
        value, high, unit = _ratio(quoted, match.group("den"), match.group("num")), None, "ratio"
    else:
        try:
            value, high = _values(quoted, match.group("low"), match.group("high"))
        except decimal.Inexact:
            raise AmountError(f"{quoted!r}: more than {EXACT.prec} significant digits") from None
        unit = _unit(quoted, match)
        if match.group("sign"):
            if high is not None:
                raise AmountError(f"{quoted!r}: a sign on a range is ambiguous")
            value = -value
    high = None if high is None else _tidy(high)
    return Amount(_tidy(value), unit, qualifier, high, quoted, match.start(), match.end())


def _tidy(value: Decimal) -> Decimal:
    """Same number, plain form: '5.576M' gives Decimal('5576000'), not Decimal('5576000.000')."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1), context=EXACT)
    return value.normalize(EXACT)


def _qualifier(quoted: str, pre: str, post: str, extra: Sequence[str]) -> str | None:
    words = _QUAL_TOKEN.findall(pre) + _QUAL_TOKEN.findall(post) + list(extra)
    kinds = {QUALIFIER_WORDS[w.lower()] for w in words}
    if len(kinds) > 1:
        raise AmountError(f"{quoted!r}: conflicting qualifiers ({', '.join(words)})")
    return kinds.pop() if kinds else None


def _unit(quoted: str, match: re.Match[str]) -> str:
    if match.group("pct"):
        return "percent"
    if match.group("times"):
        return "times"
    if match.group("counter"):
        return "count"
    tokens = [t for t in (match.group("pre_cur"), match.group("hi_cur")) if t]
    tokens += _CUR_TOKEN.findall(match.group("cur") or "")
    if not tokens:
        raise AmountError(f"{quoted!r}: no currency or unit")
    codes = {_CURRENCY_TOKENS.get(t) or _CURRENCY_TOKENS[t.upper()] for t in tokens}
    if len(codes) > 1:
        raise AmountError(f"{quoted!r}: ambiguous currency ({', '.join(tokens)})")
    # A range may repeat its sign ('$5-$10'); anything else naming the currency twice is a typo.
    if len(tokens) > 1 and not (len(tokens) == 2 and match.group("hi_cur")):
        raise AmountError(f"{quoted!r}: currency given twice ({', '.join(tokens)})")
    return codes.pop()


_Part = tuple[Decimal, Decimal, str]  # (number, multiplier of 천/백, text as printed)
_Group = tuple[list[_Part], str | None]  # parts before one scale word (조/억/만), and the word


def _values(quoted: str, low_text: str, high_text: str | None) -> tuple[Decimal, Decimal | None]:
    low, _, low_scaled = _body_value(quoted, low_text)
    if high_text is None:
        return low, None
    high, high_lead, _ = _body_value(quoted, high_text)
    if not low_scaled:
        # '5~10달러' has no scale; '$60-65 billion' and '5~10억' share the high end's scale.
        low = EXACT.multiply(low, high_lead)
    if high < low:
        raise AmountError(f"{quoted!r}: range upper end is below its lower end")
    return low, high


def _body_value(quoted: str, body: str) -> tuple[Decimal, Decimal, bool]:
    """Value of one number with its scale words, the multiplier of its leading part, scaled?"""
    groups: list[_Group] = []
    current: list[_Part] = []
    english = None
    tokens = [t for t in _BODY_TOKEN.finditer(body) if not t.group(0).isspace()]
    last_number = max(i for i, t in enumerate(tokens) if t.group("num"))
    for index, token in enumerate(tokens):
        if token.group("en"):
            english = token.group("en")
            continue
        raw = token.group("num")
        if "." in raw and index != last_number:
            # '1.5억 3000만' overlaps itself; only the last part may carry decimals.
            raise AmountError(f"{quoted!r}: decimals are only allowed in the last part ({raw!r})")
        sub = token.group("sub") or ""
        current.append((_number(quoted, raw), KOREAN_SUBS.get(sub, Decimal(1)), raw + sub))
        if token.group("scale"):
            groups.append((current, token.group("scale")))
            current = []
    if current:
        groups.append((current, None))
    korean_scaled = any(s for _, s in groups) or any(m != 1 for g, _ in groups for _, m, _ in g)
    if english is not None:
        if korean_scaled:
            raise AmountError(f"{quoted!r}: mixes Korean and English scale words")
        scale = ENGLISH_SCALES[english.lower()]
        ((number, _, _),) = groups[0][0]
        return EXACT.multiply(number, scale), scale, True
    return _korean_value(quoted, groups), _lead(groups), korean_scaled


def _korean_value(quoted: str, groups: list[_Group]) -> Decimal:
    """Sum groups like '145조 6,300억': scale words descend, each at most once, groups don't overlap."""
    total = Decimal(0)
    seen: list[str] = []
    previous_scale = None
    for parts, word in groups:
        scale = KOREAN_SCALES[word] if word else Decimal(1)
        if word in seen:
            raise AmountError(f"{quoted!r}: scale word {word} appears twice")
        if previous_scale is not None and scale >= previous_scale:
            raise AmountError(f"{quoted!r}: scale words out of order ({seen[-1]} before {word or 'units'})")
        coefficient = _group_coefficient(quoted, parts)
        if previous_scale is not None and EXACT.multiply(coefficient, scale) >= previous_scale:
            raise AmountError(f"{quoted!r}: group {parts[0][2]}{word or ''} is too large to follow {seen[-1]}")
        total = EXACT.add(total, EXACT.multiply(coefficient, scale))
        seen.append(word or "units")
        previous_scale = scale
    return total


def _group_coefficient(quoted: str, parts: list[_Part]) -> Decimal:
    """'5천3백' -> 5300: 천 before 백 before plain digits, each smaller than the part before."""
    total = Decimal(0)
    previous = None
    for number, multiplier, shown in parts:
        if previous is not None and (multiplier >= previous or number * multiplier >= previous):
            raise AmountError(f"{quoted!r}: {shown!r} cannot follow a larger part in one group")
        total = EXACT.add(total, EXACT.multiply(number, multiplier))
        previous = multiplier
    return total


def _lead(groups: list[_Group]) -> Decimal:
    parts, word = groups[0]
    scale = KOREAN_SCALES[word] if word else Decimal(1)
    return EXACT.multiply(parts[0][1], scale)


def _number(quoted: str, raw: str) -> Decimal:
    if _PLAIN_NUM.fullmatch(raw) or _GROUPED_NUM.fullmatch(raw):
        return Decimal(raw.replace(",", ""))
    what = "malformed comma grouping" if "," in raw else "malformed number"
    raise AmountError(f"{quoted!r}: {what} {raw!r}")


def _ratio(quoted: str, denominator: str, numerator: str) -> Decimal:
    """'10분의 1' is 1/10; a non-terminating quotient is rounded to 28 significant digits."""
    den, num = _number(quoted, denominator), _number(quoted, numerator)
    if den == 0:
        raise AmountError(f"{quoted!r}: ratio with a zero denominator")
    return CTX.divide(num, den)
