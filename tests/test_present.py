"""Amounts as a Korean reader writes them: one formatter, whole 조/억/만 groups, half-up rounding, ranges kept."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capexlib.report import present

DECIMAL_GROUP = re.compile(r"\d\.\d*\s*[조억만]")  # '2503.6억', '463.1조': never written
money_amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e16"), places=2)
currencies = st.sampled_from(["KRW", "USD", "CNY", "EUR"])


@pytest.mark.parametrize(
    "amount, currency, exact, shown",
    [
        ("250364000000", "USD", True, "2503억 6400만 달러 · $250.4B"),
        ("250364000000", "USD", False, "약 2504억 달러 · $250.4B"),
        ("320000000000", "USD", False, "3200억 달러 · $320.0B"),
        ("463070251517779.7051170858630", "KRW", False, "약 463조 1000억 원 · ₩463.1T"),
        ("385000000", "EUR", True, "3억 8500만 유로 · €385.0M"),
        ("5576000", "USD", True, "557만 6000 달러 · $5.6M"),
        ("7029373260.292080277590655465", "USD", False, "약 70억 2900만 달러 · $7.0B"),
    ],
)
def test_money_is_written_in_whole_korean_groups(amount, currency, exact, shown):
    assert present.money(Decimal(amount), currency, exact=exact) == shown


@given(money_amounts, currencies, st.booleans())
def test_no_amount_is_ever_a_decimal_eok_or_jo(amount, currency, exact):
    assert not DECIMAL_GROUP.search(present.money(amount, currency, exact=exact))


@given(money_amounts, currencies)
def test_a_figure_shown_exactly_is_the_figure(amount, currency):
    """A printed figure (whole minor units: no 0.01 won) is shown exactly and reads back to itself."""
    from capexlib.core.money import parse_amount

    amount = amount.quantize(Decimal(1).scaleb(-present.minor_places(currency)))
    korean = present.korean_money(amount, currency, exact=True)
    assert not korean.startswith("약") and parse_amount(korean).amount == amount


def test_rounding_is_half_up_not_bankers():
    # babel (and Decimal's default context) give $250.2B and 0.12: half to even.
    assert present.english_money(Decimal("250250000000"), "USD") == "$250.3B"
    assert present.decimal_text(Decimal("0.125"), 2) == "0.13"
    assert present.pct(Decimal("0.125")) == "+0.13%"
    assert present.rate_number(Decimal("0.00012345")) == "0.0001235"
    assert present.korean_money(Decimal("250350000000"), "USD") == "약 2504억 달러"


def test_ranges_stay_ranges():
    assert present.value(Decimal(5), "USD", exact=True, high=Decimal(10)) == "5~10 달러 · $5.00–$10.00"
    meta = present.printed_money(Decimal("60000000000"), "USD", None, Decimal("65000000000"))
    assert meta == "600억~650억 달러 · $60.0B–$65.0B"


def test_multiples_get_sensible_precision():
    assert present.times_text(Decimal("57388.81")) == "약 5만 7천 배 (×57,000)"
    assert present.times_text(Decimal("17.81")) == "약 17.8배 (×17.8)"
    assert present.times_text(Decimal(2), exact=True) == "2배 (×2)"


def test_counts_are_written_once():
    assert present.value(Decimal(1300000), "count") == "130만"
    assert present.value(Decimal(16), "count") == "16"


def test_headline_values_are_rounded_to_the_minor_unit():
    assert present.headline_value(Decimal("463070251517779.7051170858630"), "KRW") == "463070251517780"
    assert present.headline_value(Decimal("7029373260.292080277590655465"), "USD") == "7029373260.29"
    assert present.headline_value(Decimal("320000000000"), "USD") == "320000000000"
    assert present.headline_value(Decimal(59), "claims") == "59"


def test_dates_and_months():
    assert present.value(Decimal(20250120), "date") == "2025-01-20"
    assert present.value(Decimal(20241201), "date", high=Decimal(20241231)) == "2024-12"
    assert present.value(Decimal(6), "months") == "6개월 (6 months)"


@pytest.mark.slow
def test_no_decimal_eok_or_jo_in_the_readme_or_pages_that_the_articles_do_not_print(default_run):
    """A reader never sees '2503.6억 달러': the README and every page of the default run write whole groups,
    except where an article or a source itself printed a decimal group (quoted as printed: the sources page
    shows each source's own words)."""
    from capexlib.core.paths import PROJECT_ROOT

    pattern = re.compile(r"\d[\d,]*\.\d+\s*[조억만]")
    articles = "".join(p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "data" / "sources").glob("*.txt"))
    quotes = "".join((PROJECT_ROOT / "data" / name).read_text(encoding="utf-8") for name in ("reference.csv", "outcomes.csv"))
    printed = set(pattern.findall(articles)) | set(pattern.findall(quotes))
    texts = {"README.md": (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")}
    texts |= {p.name: p.read_text(encoding="utf-8") for p in sorted(default_run.folder.glob("*.html"))}
    assert {"README.md", "index.html", "02_change_2024_2025.html", "06_hindsight.html"} <= set(texts)
    for name, text in texts.items():
        found = set(pattern.findall(text)) - printed
        assert not found, f"{name}: {sorted(found)}"


@pytest.mark.slow
def test_the_index_prints_the_verdict_counts_once(default_run):
    page = (default_run.folder / "index.html").read_text(encoding="utf-8")
    assert "claims judged" not in page  # headline.csv's count rows: the verdicts table shows the counts
    assert page.count('<ul class="counts"') == 1


def test_verdict_tables_define_percent_off_and_show_bounds_as_satisfied_or_not():
    from capexlib.core.checks import evaluate_checks
    from capexlib.core.fx import FxScenario
    from capexlib.core.ledger import load_ledger

    verdicts = evaluate_checks(load_ledger(), FxScenario(), 5, {"h800_usd_per_gpu_hour": 2.0})
    table = present.verdict_table(verdicts)  # indexed by check
    assert present.PERCENT_OFF == "percent off = (printed - computed) / computed"
    assert table.loc["cb-bat-2024h1-fx", present.PERCENT_OFF] == "+0.06%"
    assert table.loc["cb-bat-growth", present.PERCENT_OFF] == "bound satisfied"  # not "-8.00%" beside "holds"
    assert table.loc["ja-us4-guidance-low", present.PERCENT_OFF] == "bound not satisfied (1.59% short)"
    assert table.loc["ja-googl-cloud", present.PERCENT_OFF] == ""  # garbled: no number to compare
    assert table.loc["dd-r1-vs-gpt4-bound", "computed"].startswith("at most ")
    # A printed figure is shown exactly as the article prints it: a range stays a range, spacing and all.
    assert table.loc["cb-alexa-price", "printed"] == "5~10달러"
    assert table.loc["cb-mistral-2023-12-fx", "printed"] == "약 5700억원"
    assert table.loc["cb-mistral-2023-12", "printed"] == "3억8500만유로"  # as printed, not 3.8억
    assert table.loc["br-subtitle-amzn-fx", "printed"] == "145.6조 원"  # not "145조 6000억 원"
    assert table.loc["ja-us4-sum", "printed"] == "3200억 달러 (이상 (at least))"  # the qualifier printed after the conversion


def test_a_qualifier_sits_where_each_language_writes_it():
    """English glosses the Korean word before the figure; Korean writes 약 and 최대 before it and 이상 after the
    Korean figure (cb prints '500억위안(약 9조4200억원) 이상', ja '3200억 달러(약 466조 원) 이상')."""
    from capexlib.report import language

    assert present.printed_money(Decimal("50000000000"), "CNY", "at_least") == "이상 (at least) 500억 위안 · CN¥50.0B"
    with language.using("ko"):
        assert present.printed_money(Decimal("50000000000"), "CNY", "at_least") == "500억 위안 이상 · CN¥50.0B"
        assert present.printed_money(Decimal("65000000000"), "USD", "at_most") == "최대 650억 달러 · $65.0B"
        assert present.printed_money(Decimal("100000000000"), "USD", "approx") == "약 1000억 달러 · $100.0B"
        assert present.printed_money(Decimal("100000000000"), "USD", None) == "1000억 달러 · $100.0B"


def test_a_share_ages_in_percentage_points_never_a_percent_of_a_percent():
    """br's 71% of Korea's budget against the 2025 budget's 84.5%: +13.5 points (hindsight.csv keeps the
    relative change, +19.08%, as data); a money figure ages in percent of the printed one."""
    from capexlib.report import language

    share = {"change_pct": Decimal("19.08"), "unit": "percent", "computed": Decimal("84.549903"), "stated": Decimal("71")}
    assert present.change_words(share) == "+13.5 pp"
    assert present.change_words({**share, "computed": Decimal("69.211347"), "change_pct": Decimal("-2.52")}) == "-1.8 pp"
    money = {"change_pct": Decimal("31.82"), "unit": "USD", "computed": Decimal("131819000000"), "stated": Decimal("1e11")}
    assert present.change_words(money) == "+31.8%"
    assert present.change_words({**money, "change_pct": None}) == ""
    with language.using("ko"):
        assert present.change_words(share) == "+13.5%포인트"
