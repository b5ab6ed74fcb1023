"""Tests for capexlib.core.money, on figures as the seed articles print them (data/sources/)."""

import contextlib
import re
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexlib.core.money import Amount, AmountError, find_amounts, parse_amount
from capexlib.core.money_format import format_amount


def figures(text):
    """find_amounts as comparable tuples: (amount, currency, qualifier)."""
    return [(a.amount, a.currency, a.qualifier) for a in find_amounts(text)]


# --- find_amounts on passages from the seeds ---------------------------------------------------
PASSAGES = [
    ("3200억달러(약 463조원)", [(D("320000000000"), "USD", None), (D("463000000000000"), "KRW", "approx")]),
    ("1000억달러(145조원)", [(D("100000000000"), "USD", None), (D("145000000000000"), "KRW", None)]),
    ("1,000억 달러(약 145조 6,300억 원)", [(D("100000000000"), "USD", None), (D("145630000000000"), "KRW", "approx")]),
    ("557만6000달러(약 81억원)", [(D("5576000"), "USD", None), (D("8100000000"), "KRW", "approx")]),
    ("558만달러(약 80억원)", [(D("5580000"), "USD", None), (D("8000000000"), "KRW", "approx")]),
    (
        "3200억 달러(약 466조 원) 이상을",
        [(D("320000000000"), "USD", "at_least"), (D("466000000000000"), "KRW", "approx")],
    ),
    ("10억달러(약 1조3000억원) 내외", [(D("1000000000"), "USD", "approx"), (D("1300000000000"), "KRW", "approx")]),
    ("최대 650억 달러", [(D("65000000000"), "USD", "at_most")]),
    ("750억 달러 이상", [(D("75000000000"), "USD", "at_least")]),
    ("5000억달러 이상", [(D("500000000000"), "USD", "at_least")]),
    ("27억5000만달러(약 3조6977억원)", [(D("2750000000"), "USD", None), (D("3697700000000"), "KRW", "approx")]),
    ("6억유로(약 9000억원)", [(D("600000000"), "EUR", None), (D("900000000000"), "KRW", "approx")]),
    ("58억유로(8조6000억원)", [(D("5800000000"), "EUR", None), (D("8600000000000"), "KRW", None)]),
    ("3억8500만유로(약 5700억원)", [(D("385000000"), "EUR", None), (D("570000000000"), "KRW", "approx")]),
    ("1억500만유로(약 1500억원)", [(D("105000000"), "EUR", None), (D("150000000000"), "KRW", "approx")]),
    ("약 10억9000만유로(약 1조6000억원)", [(D("1090000000"), "EUR", "approx"), (D("1600000000000"), "KRW", "approx")]),
    ("500억위안(약 9조4200억원) 이상", [(D("50000000000"), "CNY", "at_least"), (D("9420000000000"), "KRW", "approx")]),
    ("약 42억위안(7914억원)", [(D("4200000000"), "CNY", "approx"), (D("791400000000"), "KRW", None)]),
    (
        "226억달러(약 33조원)로 전년보다 무려 96% 증가",
        [(D("22600000000"), "USD", None), (D("33000000000000"), "KRW", "approx"), (D("96"), "percent", None)],
    ),
    ("655조 6,000억 원의 약 71%", [(D("655600000000000"), "KRW", None), (D("71"), "percent", "approx")]),
    ("130만 개 이상의 GPU", [(D("1300000"), "count", "at_least")]),
    ("10억명 이상 사용자", [(D("1000000000"), "count", "at_least")]),
    ("라마3 학습 비용의 10분의 1수준", [(D("0.1"), "ratio", None)]),
    ("챗GPT에 투입된 비용의 10분의1에 그친다", [(D("0.1"), "ratio", None)]),
    ("전년 대비 규모를 2배 이상 늘렸다", [(D("2"), "times", "at_least")]),
    ("회사 가치가 초창기 대비 3배 이상 늘어난", [(D("3"), "times", "at_least")]),
    ("미국 텍사스를 비롯해 16개 주에", [(D("16"), "count", None)]),
    ("빅테크 4곳 AI 투자 총액 466조 원 돌파", [(D("4"), "count", None), (D("466000000000000"), "KRW", "at_least")]),
    ("크게 3가지다.", [(D("3"), "count", None)]),
    ("시장 기대치(31.9%)에도", [(D("31.9"), "percent", None)]),
    ("30일 주가가 6% 하락했다", [(D("6"), "percent", None)]),
    ("아마존, 올해 AI 투자 145.6조 원...", [(D("145600000000000"), "KRW", None)]),
    (
        "지난해(2300억 달러)보다 약 1000억 달러 더",
        [(D("230000000000"), "USD", None), (D("100000000000"), "USD", "approx")],
    ),
    ("'소라' 제작 비용이 0원으로", [(D("0"), "KRW", None)]),
    # English
    ("$5.576M", [(D("5576000"), "USD", None)]),
    ("$320 billion", [(D("320000000000"), "USD", None)]),
    ("Rmb50bn", [(D("50000000000"), "CNY", None)]),
    ("about Rmb50bn", [(D("50000000000"), "CNY", "approx")]),
    ("€385 million", [(D("385000000"), "EUR", None)]),
    ("US$1.6B", [(D("1600000000"), "USD", None)]),
    ("$82,999 million", [(D("82999000000"), "USD", None)]),
    ("$2", [(D("2"), "USD", None)]),
    (
        "capex of more than $80bn and up to $65 billion",
        [(D("80000000000"), "USD", "at_least"), (D("65000000000"), "USD", "at_most")],
    ),
]


@pytest.mark.parametrize("text, expected", PASSAGES, ids=[p[0] for p in PASSAGES])
def test_find_amounts_on_seed_passages(text, expected):
    assert figures(text) == expected


def test_ranges_share_scale_and_currency():
    (monthly,) = find_amounts("월 5~10달러에")
    assert (monthly.amount, monthly.high, monthly.currency) == (D("5"), D("10"), "USD")
    assert parse_amount("5∼10달러").high == D("10")
    (capex,) = find_amounts("$60-65 billion")
    assert (capex.amount, capex.high, capex.currency) == (D("60000000000"), D("65000000000"), "USD")
    assert parse_amount("5~10억 달러").amount == D("500000000")
    assert parse_amount("$5-$10").high == D("10")


def test_dates_and_ordinals_are_not_figures():
    found = find_amounts("지난 6일(현지시간) 4분기에 263억 달러를 2024년")
    assert [(a.amount, a.currency, a.text) for a in found] == [(D("26300000000"), "USD", "263억 달러")]
    assert find_amounts("지난달 20일, 2분기, 2014년 12월, 3월, 9월 25일, 1위, 2025-02-01 14:00:00") == []


def test_things_that_look_like_figures_but_are_not():
    assert find_amounts("빅테크라고 해마다 수백조원을 쓰는") == []  # no digits
    assert find_amounts("답변까지 6∼7초가 걸리는") == []  # seconds
    assert find_amounts("지난해 12월 이후 5개월여 만에") == []  # 개월 is not 개
    assert find_amounts("딥시크-V3, 라마3 학습, R1 개발") == []
    assert figures("계약 100억 달러") == [(D("10000000000"), "USD", None)]  # 계약 is not 약
    assert figures("100억 엔비디아 5엔") == [(D("5"), "JPY", None)]


def test_spans_and_text_point_into_the_passage():
    passage = "MS는 올해 800억달러, 구글 운영사 알파벳은 750억달러를"
    for found in find_amounts(passage):
        assert passage[found.start : found.end] == found.text
    assert [a.text for a in find_amounts(passage)] == ["800억달러", "750억달러"]


def test_whole_seed_article_is_read_without_dates():
    text = (
        "아마존은 지난 3월 클라우드 부문 자회사 아마존웹서비스(AWS)를 통해 앤트로픽에 27억5000만달러"
        "(약 3조6977억원)를 추가로 투자했다. 기존 투자금을 합치면 아마존이 앤트로픽에 쏟아부은 금액은 "
        "총 40억달러(약 5조3500억원)에 달한다."
    )
    assert [a.text for a in find_amounts(text)] == ["27억5000만달러", "약 3조6977억원", "40억달러", "약 5조3500억원"]


def test_malformed_candidates_are_left_out_of_passages():
    assert figures("가격은 1,00,0억 원, 그리고 5억 달러") == [(D("500000000"), "USD", None)]


# --- parse_amount --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, amount, currency",
    [
        ("145조 6,300억 원", "145630000000000", "KRW"),
        ("557만6000달러", "5576000", "USD"),
        ("1억500만유로", "105000000", "EUR"),
        ("27억5000만달러", "2750000000", "USD"),
        ("3조6977억원", "3697700000000", "KRW"),
        ("1조3000억원", "1300000000000", "KRW"),
        ("9조4200억원", "9420000000000", "KRW"),
        ("7914억원", "791400000000", "KRW"),
        ("145.6조 원", "145600000000000", "KRW"),
        ("10억9000만유로", "1090000000", "EUR"),
        ("5천억원", "500000000000", "KRW"),
        ("5천3백만 원", "53000000", "KRW"),
        ("1억2천만 원", "120000000", "KRW"),
        ("  3200억 달러 ", "320000000000", "USD"),
        ("₩463.0T", "463000000000000", "KRW"),
        ("CN¥50B", "50000000000", "CNY"),
        ("500 JPY", "500", "JPY"),
        ("¥1,000", "1000", "JPY"),
        ("42元", "42", "CNY"),
        ("RMB 3 trillion", "3000000000000", "CNY"),
        ("USD 5 million", "5000000", "USD"),
        ("$1.5k", "1500", "USD"),
        ("-$5.0B", "-5000000000", "USD"),
        ("-145조 6300억 원", "-145630000000000", "KRW"),
    ],
)
def test_parse_amount_values(text, amount, currency):
    parsed = parse_amount(text)
    assert (parsed.amount, parsed.currency) == (D(amount), currency)
    assert parsed.is_money


def test_parse_amount_qualifiers_and_units():
    assert parse_amount("약 42억위안").qualifier == "approx"
    assert parse_amount("approximately $5bn").qualifier == "approx"
    assert parse_amount("~$5bn").qualifier == "approx"
    assert parse_amount("5억원 가량").qualifier == "approx"
    assert parse_amount("5억원 정도").qualifier == "approx"
    assert parse_amount("over $5bn").qualifier == "at_least"
    assert parse_amount("최대 650억 달러").qualifier == "at_most"
    assert parse_amount("약 5억원 정도").qualifier == "approx"  # the same qualifier twice agrees
    pct = parse_amount("약 71%")
    assert (pct.amount, pct.currency, pct.qualifier, pct.is_money) == (D("71"), "percent", "approx", False)
    assert parse_amount("10분의 1").amount == D("0.1")
    assert parse_amount("4분의 3").amount == D("0.75")
    assert parse_amount("2배").currency == "times"
    assert parse_amount("130만 개").amount == D("1300000")


def test_parse_amount_span_is_within_the_stripped_text():
    parsed = parse_amount("   약 463조원\n")
    assert (parsed.text, parsed.start, parsed.end) == ("약 463조원", 0, 7)
    assert parsed == Amount(D("463000000000000"), "KRW", "approx", None, "약 463조원", 0, 7)


BAD = [
    ("", "empty"),
    ("   ", "empty"),
    ("달러", "no number"),
    ("abc", "no number"),
    ("억원", "no number"),
    ("5억", "no currency or unit"),
    ("3조 5조 원", "scale word 조 appears twice"),
    ("3억 5조 원", "out of order"),
    ("1..5억원", "malformed number"),
    ("1,00,0억 원", "malformed comma grouping"),
    ("약 최대 5억원", "conflicting qualifiers"),
    ("약 5억원 이상", "conflicting qualifiers"),
    ("5억 달러 원", "ambiguous currency"),
    ("$5 달러", "currency given twice"),
    ("1억 20000만 원", "too large"),
    ("1.5억 3000만원", "decimals are only allowed in the last part"),
    ("5억 million 원", "mixes Korean and English"),
    ("10~5달러", "upper end is below"),
    ("0분의 1", "zero denominator"),
    ("5억 달러 3억 원", "not a single amount"),
    ("달러 5억", "does not start with an amount"),
]


@pytest.mark.parametrize("text, problem", BAD, ids=[b[0] or "<empty>" for b in BAD])
def test_parse_amount_rejects_with_a_message_quoting_the_text(text, problem):
    quoted = repr(text.strip() or text)  # whitespace-only text is quoted as given
    with pytest.raises(AmountError, match=re.escape(quoted) + ".*" + re.escape(problem)):
        parse_amount(text)


@pytest.mark.parametrize("value", [5, None, D("5"), b"5\xec\x96\xb5"])
def test_parse_amount_rejects_non_str(value):
    with pytest.raises(AmountError, match="expected a str"):
        parse_amount(value)


def test_amount_error_is_a_value_error():
    assert issubclass(AmountError, ValueError)


# --- format_amount -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "amount, currency, shown",
    [
        ("463000000000000", "KRW", "463조 원"),
        ("320000000000", "USD", "3200억 달러"),
        ("145630000000000", "KRW", "145조 6300억 원"),
        ("5576000", "USD", "557만 6000 달러"),
        ("105000000", "EUR", "1억 500만 유로"),
        ("4200000000", "CNY", "42억 위안"),
        ("1000", "JPY", "1000 엔"),
        ("0.5", "USD", "0.5 달러"),
        ("10000.5", "USD", "1만 0.5 달러"),
        ("0", "KRW", "0 원"),
        ("-5576000", "USD", "-557만 6000 달러"),
        ("1E+16", "KRW", "10000조 원"),
        ("35", "percent", "35%"),
        ("31.9", "percent", "31.9%"),
        ("1300000", "count", "130만"),
        ("2", "times", "2배"),
        ("0.1", "ratio", "0.1"),
    ],
)
def test_format_ko_is_exact_korean_grouping(amount, currency, shown):
    assert format_amount(D(amount), currency, "ko") == shown


def test_format_ko_round_trips_the_seed_figures():
    for text in ["145조 6,300억 원", "557만6000달러", "27억5000만달러", "10억9000만유로", "약 42억위안"]:
        parsed = parse_amount(text)
        again = parse_amount(format_amount(parsed.amount, parsed.currency))
        assert (again.amount, again.currency) == (parsed.amount, parsed.currency)


@pytest.mark.parametrize(
    "amount, currency, shown",
    [
        ("463000000000000", "KRW", "463조 원"),
        ("145630000000000", "KRW", "145.6조 원"),
        ("320000000000", "USD", "3200억 달러"),
        ("5576000", "USD", "557.6만 달러"),
        ("5000", "EUR", "5천 유로"),
        ("1300000", "count", "130만"),
    ],
)
def test_format_ko_compact_uses_babel(amount, currency, shown):
    assert format_amount(D(amount), currency, "ko_compact") == shown


@pytest.mark.parametrize(
    "amount, currency, shown",
    [
        ("320000000000", "USD", "$320.0B"),
        ("463000000000000", "KRW", "₩463.0T"),
        ("5576000", "USD", "$5.6M"),
        ("50000000000", "CNY", "CN¥50.0B"),
        ("600000000", "EUR", "€600.0M"),
        ("2", "USD", "$2.0"),
        ("999.96", "USD", "$999.96"),
        ("-5000000000", "USD", "-$5.0B"),
        ("35", "percent", "35%"),
    ],
)
def test_format_en_uses_babel_with_one_decimal(amount, currency, shown):
    assert format_amount(D(amount), currency, "en") == shown


def test_format_respects_decimal_input():
    # A float would lose the last digit of this amount; the Decimal must not.
    big = D("1234567890123456.78")
    assert format_amount(big, "KRW") == "1234조 5678억 9012만 3456.78 원"
    assert format_amount(0.1, "USD") == "0.1 달러"
    assert format_amount(1000, "KRW") == "1000 원"


@pytest.mark.parametrize(
    "kwargs, problem",
    [
        ({"amount": D(1), "currency": "GBP"}, "'GBP': unknown currency"),
        ({"amount": D(1), "currency": "USD", "style": "fr"}, "'fr': unknown style"),
        ({"amount": "abc", "currency": "USD"}, "amount must be a number, got 'abc'"),
        ({"amount": D("NaN"), "currency": "USD"}, "amount must be a finite number"),
        ({"amount": True, "currency": "USD"}, "amount must be a number, got True"),
    ],
)
def test_format_rejects_unknown_style_currency_and_non_numbers(kwargs, problem):
    with pytest.raises(AmountError, match=re.escape(problem)):
        format_amount(**kwargs)


# --- properties ----------------------------------------------------------------------------------
CURRENCIES = st.sampled_from(["USD", "KRW", "CNY", "EUR"])
AMOUNTS = st.decimals(min_value=0, max_value=D("9999999999999999.99"), places=2, allow_nan=False, allow_infinity=False)
_EN_NUMBER = re.compile(r"(\d[\d,]*)(?:\.(\d+))?([KMBT]?)$")
_EN_SCALE = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}


@settings(max_examples=300, deadline=None)
@given(AMOUNTS, CURRENCIES)
def test_ko_round_trip_is_exact(value, currency):
    parsed = parse_amount(format_amount(value, currency, "ko"))
    assert parsed.amount == value
    assert parsed.currency == currency


@settings(max_examples=300, deadline=None)
@given(AMOUNTS, CURRENCIES)
def test_en_round_trip_is_within_half_the_last_shown_digit(value, currency):
    shown = format_amount(value, currency, "en")
    parsed = parse_amount(shown)
    assert parsed.currency == currency
    _, decimals, scale = _EN_NUMBER.search(shown).groups()
    last_digit = D(10) ** -len(decimals or "") * _EN_SCALE[scale]
    # babel rounds through a float on the way; allow for that, relative to the value.
    assert abs(parsed.amount - value) <= last_digit / 2 + value * D("1e-12")


@settings(max_examples=200, deadline=None)
@given(AMOUNTS, CURRENCIES, AMOUNTS, CURRENCIES)
def test_find_amounts_sees_two_formatted_amounts_in_order(a, ca, b, cb):
    text = format_amount(a, ca, "ko") + "와 " + format_amount(b, cb, "ko")
    assert figures(text) == [(a, ca, None), (b, cb, None)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("0123456789,.~∼- ()$€₩%약최대이상내외조억만천백달러원위안유로개명배분의kmbtMB"), max_size=25))
def test_any_text_gives_amounts_or_amount_error(text):
    for found in find_amounts(text):
        assert text[found.start : found.end] == found.text
    with contextlib.suppress(AmountError):
        parse_amount(text)


# --- lookalike digits: refused, never read as ASCII -----------------------------------------------
# Decided: only ASCII digits 0-9 make a figure. Full-width (１３００), Arabic-Indic (١٣٠٠) and other
# Unicode decimal digits are refused by parse_amount with a message naming the digit, and find_amounts
# does not read them as figures (Python's \d and Decimal() would otherwise accept them silently).
LOOKALIKES = ["１３００억달러", "١٣٠٠억달러", "۱۳۰۰억달러", "१३००억달러", "13００억달러", "$１,３００"]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_parse_amount_refuses_lookalike_digits(text):
    digit = next(c for c in text if c.isdigit() and not c.isascii())
    with pytest.raises(
        AmountError, match=rf"non-ASCII digit '{digit}' \(U\+{ord(digit):04X}\); write figures with the digits 0-9"
    ):
        parse_amount(text)


@pytest.mark.parametrize("text", LOOKALIKES)
def test_find_amounts_reads_no_figure_from_lookalike_digits(text):
    assert find_amounts(f"올해 {text}를 투자") == []


@given(st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=6))
def test_only_ascii_digits_make_a_figure(digits):
    text = f"{digits}억달러"
    if digits.isascii():
        assert parse_amount(text).currency == "USD"
    else:
        with pytest.raises(AmountError, match="non-ASCII digit"):
            parse_amount(text)
