"""Charts as a reader sees them: data downloadable as CSV, panels that can stack, legends beside the bars,
axis labels that fit, and source lines that name sources rather than files."""

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
from capexlib.run.outputs import compute
from capexlib.run.params import DEFAULTS
from capexlib.topics import rates, totals


@pytest.fixture(scope="module")
def out():
    charts.setup_fonts()
    return compute(DEFAULTS)


def _draw(out, name):
    """One chart, drawn as its notebook draws it."""
    ledger, fx = out.ledger, FxScenario()
    rate = totals.total_rate(ledger, fx)
    if name == "deviation_bars":
        audit = rates.implied_rate_audit(ledger, Decimal("0.5"), 7)
        outlets = list(ledger.articles.loc[audit["article_id"], "outlet"])
        return charts.deviation_bars(list(audit["claim_id"]), [float(d) for d in audit["deviation_pct"]], outlets, "rates", "%")
    if name == "plans_chart":
        return charts.plans_chart(totals.guidance(ledger, rate), rate.rate, "1447.09 KRW per USD (ECB, 2025-02-07)")
    if name == "change_chart":
        return charts.change_chart(totals.change_by_company(ledger, "calendar", rate))
    if name == "bat_scale":
        return charts.bat_scale(ledger, fx, 2.0)
    if name == "sensitivity":
        return charts.sensitivity(ledger, 2.0, 2.0)
    return charts.verdict_bars(verdict_counts(out.verdicts, "topic"), "Verdicts by topic")


NAMES = ("deviation_bars", "plans_chart", "change_chart", "bat_scale", "sensitivity", "verdict_bars")


@pytest.fixture(scope="module")
def drawn(out):
    """Every chart drawn once: {name: (figure, Chart)} (a closed figure can still be measured)."""
    result = {}
    for name in NAMES:
        fig = _draw(out, name)
        result[name] = (fig, charts.Chart(fig, alt=name))
    return result


def _png_size(data: bytes) -> tuple[int, int]:
    image = imread(io.BytesIO(data), format="png")
    return image.shape[1], image.shape[0]


def test_every_chart_carries_its_data_and_names_its_sources(drawn):
    for name, (fig, chart) in drawn.items():
        notes = " ".join(t.get_text() for t in fig.texts)
        assert notes.startswith("Source"), name
        assert "data/" not in notes and ".csv" not in notes and "capexlib" not in notes, f"{name}: {notes}"
        bundle, meta = chart._repr_mimebundle_()
        assert bundle[charts.CHART_CSV].count("\n") >= 2, name
        assert meta["image/png"]["title"], name
        assert base64.b64decode(bundle["image/png"]) == chart.png
    assert plt.get_fignums() == []  # Chart closes what it rendered


def test_chart_csv_holds_the_exact_values(drawn):
    table = pd.read_csv(io.StringIO(drawn["plans_chart"][1].csv), dtype=str).set_index("entity")
    assert table.loc["Amazon", "high_usd"] == "100000000000"
    assert table.loc["Meta", "low_usd"] == "60000000000" and table.loc["Meta", "high_usd"] == "65000000000"
    topics = pd.read_csv(io.StringIO(drawn["verdict_bars"][1].csv)).set_index("topic")
    assert topics.loc["rates", "holds approximately"] == 7 and topics.loc["change", "does not hold"] == 1
    outlets = pd.read_csv(io.StringIO(drawn["deviation_bars"][1].csv))
    assert "조선비즈" in set(outlets["group"]) and "cb" not in set(outlets["group"])


def test_charts_of_two_panels_are_also_saved_panel_by_panel(drawn):
    for name in ("bat_scale", "sensitivity"):
        chart = drawn[name][1]
        whole_width, whole_height = _png_size(chart.png)
        sizes = [_png_size(p) for p in chart.panels]
        assert len(sizes) == 2 and all(w < whole_width * 0.75 for w, _ in sizes), (name, sizes, whole_width)
        assert sum(w for w, _ in sizes) <= whole_width * 1.1, name  # the panels hardly overlap
        assert all(h <= whole_height for _, h in sizes)
        assert len(chart._repr_mimebundle_()[1]["image/png"]["panels"]) == 2
    assert drawn["plans_chart"][1].panels == []


@pytest.mark.parametrize("name", ["deviation_bars", "verdict_bars", "change_chart"])
def test_no_legend_covers_a_bar(drawn, name):
    fig = drawn[name][0]
    renderer = FigureCanvasAgg(fig).get_renderer()  # a closed figure keeps no canvas
    fig.draw_without_rendering()
    ax = fig.axes[0]
    box = ax.get_legend().get_window_extent(renderer)
    bars = [p.get_window_extent(renderer) for p in ax.patches]
    assert bars and not any(box.overlaps(b) for b in bars)


def test_the_won_axis_label_of_the_plans_chart_fits_its_axis(drawn):
    fig = drawn["plans_chart"][0]
    renderer = FigureCanvasAgg(fig).get_renderer()  # a closed figure keeps no canvas
    fig.draw_without_rendering()
    ax = fig.axes[0]
    label = ax.child_axes[0].yaxis.label.get_window_extent(renderer)
    assert label.height <= ax.get_window_extent(renderer).height
