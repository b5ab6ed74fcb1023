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

from .aged import guidance_paths, total_against_printed
from .base import CHART_CSV, Chart, data_csv, png_bytes, setup_fonts
from .conversions import rate_deviations
from .costs import cost_sensitivity
from .plans import change_chart, plans_chart
from .scale import bat_scale
from .verdicts import verdict_bars

# The identifiers of the columns of the charts' data (their CSV files; the README names each in words).
DATA_COLUMNS = (
    "conversion",
    "outlet",
    "claim_id",
    "value_pct",
    "entity",
    "period",
    "low_usd",
    "high_usd",
    "low_krw",
    "high_krw",
    "ref_ids",
    "krw_per_usd",
    "actual_2024_usd",
    "plan_2025_usd",
    "change_usd",
    "growth_pct",
    "line_item",
    "refs",
    "factor",
    "bat_label",
    "bat_cny",
    "bat_usd",
    "usd_rate",
    "comparand",
    "us_usd",
    "ratio_us_to_bat",
    "like_for_like",
    "h800_usd_per_gpu_hour",
    "dsv3_cost_usd",
    "check_id",
    "role",
    "against",
    "against_usd",
    "cost_ratio",
    "printed",
    "tolerance_pct",
    "article",
    "holds",
    "holds_approximately",
    "does_not_hold",
    "cannot_be_checked",
    "topic",
    "topic_key",
    "company",
    "what",
    "date",
    "bar",
    "usd",
)

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
