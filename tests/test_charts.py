"""Charts as a reader sees them: each takes the frame its notebook cell computed and returns a Chart with
its data (CSV), its sources and its alt text; panels that can stack without cutting each other; legends
beside the bars; axis labels that fit; categories named in words; source lines that name sources rather
than files."""

import base64
import io
from decimal import Decimal

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.image import imread

from capexlib.core.checks import verdict_counts
from capexlib.core.fx import FxScenario
from capexlib.report import charts
from capexlib.report.charts.base import panel_boxes
from capexlib.report.notebooks import CHART_KEY
from capexlib.run.outputs import compute
from capexlib.run.params import DEFAULTS
from capexlib.topics import bat, deepseek, hindsight, rates, totals


@pytest.fixture(scope="module")
def out():
    charts.setup_fonts()
    return compute(DEFAULTS)


def _draw(out, name):
    """One chart, drawn as its notebook's chart cell draws it."""
    ledger, fx = out.ledger, FxScenario()
    rate = totals.total_rate(ledger, fx)
    if name == "rate_deviations":
        return charts.rate_deviations(rates.implied_rate_audit(ledger, Decimal("0.5"), 7), ledger.articles)
    if name == "plans_chart":
        return charts.plans_chart(totals.guidance(ledger, rate), rate)
    if name == "change_chart":
        fair = totals.like_for_like_basis(ledger)
        return charts.change_chart(totals.change_by_company(ledger, fair.basis_id, rate), fair.label)
    if name == "bat_scale":
        return charts.bat_scale(bat.period_alignment(ledger, fx, bat.chart_factors(2.0)))
    if name == "cost_sensitivity":
        frame = deepseek.sensitivity(ledger, deepseek.price_grid(2.0), 2.0)
        return charts.cost_sensitivity(frame, deepseek.reconcile(ledger, 2.0), deepseek.break_even_prices(ledger, 2.0), 2.0)
    if name == "guidance_paths":
        return charts.guidance_paths(hindsight.plan_vs_actual(ledger, out.hindsight, rate), ledger.articles)
    if name == "total_against_printed":
        aged = hindsight.total_aged(ledger, out.hindsight, rate)
        return charts.total_against_printed(aged, hindsight.next_year_total(ledger, hindsight.plan_year(ledger) + 1))
    return charts.verdict_bars(verdict_counts(out.verdicts, "topic"), per="topic")


NAMES = (
    "rate_deviations",
    "plans_chart",
    "change_chart",
    "bat_scale",
    "cost_sensitivity",
    "verdict_bars",
    "guidance_paths",
    "total_against_printed",
)


@pytest.fixture(scope="module")
def drawn(out):
    """Every chart drawn once: {name: Chart} (its closed figure can still be measured)."""
    return {name: _draw(out, name) for name in NAMES}


def _png_size(data: bytes) -> tuple[int, int]:
    image = imread(io.BytesIO(data), format="png")
    return image.shape[1], image.shape[0]


def test_every_chart_carries_its_data_its_sources_and_its_alt_text(drawn, out):
    known = set(out.ledger.records("reference")) | set(out.ledger.records("outcomes"))
    for name, chart in drawn.items():
        notes = " ".join(t.get_text() for t in chart.figure.texts if t.get_text().startswith("Source"))
        assert notes, name
        assert "data/" not in notes and ".csv" not in notes and "capexlib" not in notes, f"{name}: {notes}"
        bundle, meta = chart._repr_mimebundle_()
        assert bundle[charts.CHART_CSV].count("\n") >= 2, name
        assert meta[CHART_KEY]["title"] and meta["image/png"]["alt"] == chart.alt, name
        assert bundle["text/plain"] == f"[chart] {chart.alt}"
        assert base64.b64decode(bundle["image/png"]) == chart.png
        assert chart.sources, name
        for source in chart.sources:
            kind, colon, _ = source.partition(":")
            assert (colon and kind in ("article", "check")) or source in ("ecb", "checks") or source in known, (name, source)
    assert plt.get_fignums() == []  # Chart closes what it rendered


def test_chart_csv_holds_the_exact_values(drawn):
    table = pd.read_csv(io.StringIO(drawn["plans_chart"].csv), dtype=str).set_index("entity")
    assert table.loc["Amazon", "high_usd"] == "100000000000"
    assert table.loc["Meta", "low_usd"] == "60000000000" and table.loc["Meta", "high_usd"] == "65000000000"
    topics = pd.read_csv(io.StringIO(drawn["verdict_bars"].csv)).set_index("topic_key")
    assert topics.loc["rates", "holds_approximately"] == 7 and topics.loc["change", "does_not_hold"] == 1
    assert topics.loc["rates", "topic"] == "won conversions"
    conversions = pd.read_csv(io.StringIO(drawn["rate_deviations"].csv))
    assert "조선비즈" in set(conversions["outlet"]) and "cb" not in set(conversions["outlet"])


def test_categories_are_named_in_words_not_ids(drawn):
    """Outlets, companies and words on the axes, never a claim id or a topic key."""
    deviation_labels = [t.get_text() for t in drawn["rate_deviations"].figure.axes[0].get_yticklabels()]
    assert "3200억 달러 → 463조 원" in deviation_labels
    assert not any(label.startswith(("mt-", "cb-", "dd-", "ja-", "br-")) for label in deviation_labels)
    topic_labels = [t.get_text() for t in drawn["verdict_bars"].figure.axes[0].get_yticklabels()]
    assert "won conversions" in topic_labels and "rates" not in topic_labels
    notes = " ".join(t.get_text() for t in drawn["guidance_paths"].figure.texts)
    assert "머니투데이" in notes and "br, dd" not in notes


def test_charts_of_several_panels_are_cut_into_panels_that_do_not_overlap(drawn):
    for name, count, columns in (("bat_scale", 2, 2), ("cost_sensitivity", 2, 2), ("guidance_paths", 4, 2)):
        chart = drawn[name]
        whole_width, whole_height = _png_size(chart.png)
        sizes = [_png_size(p) for p in chart.panels]
        assert len(sizes) == count and chart.columns == columns, name
        assert all(w < whole_width * 0.8 and h <= whole_height for w, h in sizes), (name, sizes, whole_width)
        FigureCanvasAgg(chart.figure)  # a closed figure keeps no canvas
        boxes = panel_boxes(chart.figure, pad=0)  # what each panel draws, without the crop's margin
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b), f"{name}: panels {a} and {b} overlap (one would show part of the other)"
        assert len(chart._repr_mimebundle_()[1][CHART_KEY]["panels"]) == count
    assert drawn["plans_chart"].panels == []


@pytest.mark.parametrize("name", ["rate_deviations", "verdict_bars", "change_chart"])
def test_no_legend_covers_a_bar(drawn, name):
    fig = drawn[name].figure
    renderer = FigureCanvasAgg(fig).get_renderer()  # a closed figure keeps no canvas
    fig.draw_without_rendering()
    ax = fig.axes[0]
    box = ax.get_legend().get_window_extent(renderer)
    bars = [p.get_window_extent(renderer) for p in ax.patches]
    assert bars and not any(box.overlaps(b) for b in bars)


def test_the_won_axis_label_of_the_plans_chart_fits_its_axis(drawn):
    fig = drawn["plans_chart"].figure
    renderer = FigureCanvasAgg(fig).get_renderer()  # a closed figure keeps no canvas
    fig.draw_without_rendering()
    ax = fig.axes[0]
    label = ax.child_axes[0].yaxis.label.get_window_extent(renderer)
    assert label.height <= ax.get_window_extent(renderer).height
