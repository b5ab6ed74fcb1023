"""Charts: every figure of the series is drawn here, one module per notebook, on what `base` shares (Hangul
fonts, deterministic PNGs, the data as CSV, the sources, panels for narrow screens).

Each chart function takes the frame its notebook cell already computed and returns a `Chart` (figure,
alt text, data, sources): no chart recomputes a topic.

conversions  00: implied rates against the ECB's
plans        01 and 02: the 2025 plans; 2024 against 2025
scale        03: Baidu, Alibaba and Tencent against the US four
costs        04: DeepSeek-V3's cost over the H800 price
verdicts     05: verdicts per article or topic
aged         06: plans, guidance and actuals; the printed total against spending
"""

# The identifiers of the columns of the charts' data: in capexlib.report.present.columns, which imports no
# matplotlib (the README findings and the parent process of a run read them without drawing anything).
from ..present.columns import DATA_COLUMNS as DATA_COLUMNS
from .aged import guidance_paths, total_against_printed
from .base import CHART_CSV, Chart, data_csv, png_bytes, setup_fonts
from .conversions import rate_deviations
from .costs import cost_sensitivity
from .plans import change_chart, plans_chart
from .scale import bat_scale
from .verdicts import verdict_bars

__all__ = [
    "CHART_CSV",
    "DATA_COLUMNS",
    "Chart",
    "bat_scale",
    "change_chart",
    "cost_sensitivity",
    "data_csv",
    "guidance_paths",
    "plans_chart",
    "png_bytes",
    "rate_deviations",
    "setup_fonts",
    "total_against_printed",
    "verdict_bars",
]
