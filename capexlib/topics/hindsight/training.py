"""DeepSeek-R1's own training cost (Nature, September 2025) against the printed figure, and R1's whole
pipeline against the Llama readings of the "10분의 1" checks."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ...core.fx import FxScenario
from ...core.ledger import Ledger
from ...core.numbers import CTX, ONE, Number, percent_off, ratio, to_decimal, total
from ...core.phrase import N_, word
from .. import deepseek
from .outcomes import records

# Rows of data/outcomes.csv (tests/test_hindsight.py keeps them there).
R1_COST = "deepseek-r1-training-cost"
R1_BASE_AS_NATURE_PUTS_IT = "deepseek-r1-base-model-cost"
R1_GPUS = "deepseek-r1-gpu-count"
R1_ZERO_HOURS = "deepseek-r1zero-hours"
R1_HOURS = "deepseek-r1-hours"
R1_SFT_GPU_HOURS = "deepseek-r1-sft-data-gpu-hours"
R1_TABLE_GPU_HOURS = "deepseek-r1-total-gpu-hours"
R1_PRICE = "deepseek-r1-gpu-hour-price"


@dataclass(frozen=True)
class DeepSeekAged:
    v3_usd: Decimal  # V3's final training run (the technical report, reference)
    r1_usd: Decimal  # R1's own training on top of V3 (Nature, Sep 2025)
    pipeline_usd: Decimal  # the two together
    base_as_nature_puts_it_usd: Decimal  # "the $6 million or so" (approximate)
    gpus: Decimal
    r1_zero_hours: Decimal
    r1_hours: Decimal
    sft_gpu_hours: Decimal
    rebuilt_gpu_hours: Decimal  # GPUs x wall-clock hours of the two RL runs + the SFT data's GPU-hours
    table_gpu_hours: Decimal  # the paper's Table 7 total (unconfirmed copy)
    table_price: Decimal  # its price per GPU-hour (unconfirmed copy)
    table_cost_usd: Decimal  # Table 7 GPU-hours x its price
    r1_at_run_price_usd: Decimal  # Table 7 GPU-hours x the run's H800 price
    run_price: Decimal
    printed: pd.DataFrame  # each printed cost against V3, R1 alone and the pipeline


def deepseek_aged(ledger: Ledger, fx: FxScenario, h800_usd_per_gpu_hour: Number) -> DeepSeekAged:
    out = records(ledger)

    def value(key: str) -> Decimal:
        found: Decimal = out[key]["value"]
        return found

    price = to_decimal(h800_usd_per_gpu_hour, "h800_usd_per_gpu_hour")
    v3 = deepseek.report_cost(ledger)["value"]
    r1 = value(R1_COST)
    pipeline = CTX.add(v3, r1)
    gpus = value(R1_GPUS)
    rebuilt = total([CTX.multiply(gpus, value(R1_ZERO_HOURS)), CTX.multiply(gpus, value(R1_HOURS)), value(R1_SFT_GPU_HOURS)])
    table = value(R1_TABLE_GPU_HOURS)
    rows = []
    for c in deepseek.cost_claims(ledger, fx).to_dict("records"):
        for against, amount in (
            (word(N_("DeepSeek-V3's final run")), v3),
            (word(N_("R1's own training")), r1),
            (word(N_("R1's whole pipeline")), pipeline),
        ):
            rows.append(
                {
                    "claim_id": c["claim_id"],
                    "article_id": c["article_id"],
                    "model_printed": c["model"],
                    "printed_usd": c["usd"],
                    "against": against,
                    "against_usd": amount,
                    "printed_vs_pct": percent_off(c["usd"], amount),
                }
            )
    return DeepSeekAged(
        v3_usd=v3,
        r1_usd=r1,
        pipeline_usd=pipeline,
        base_as_nature_puts_it_usd=value(R1_BASE_AS_NATURE_PUTS_IT),
        gpus=gpus,
        r1_zero_hours=value(R1_ZERO_HOURS),
        r1_hours=value(R1_HOURS),
        sft_gpu_hours=value(R1_SFT_GPU_HOURS),
        rebuilt_gpu_hours=rebuilt,
        table_gpu_hours=table,
        table_price=value(R1_PRICE),
        table_cost_usd=CTX.multiply(table, value(R1_PRICE)),
        r1_at_run_price_usd=CTX.multiply(table, price),
        run_price=price,
        printed=pd.DataFrame(rows, dtype=object),
    )


def pipeline_share_of_llama(ledger: Ledger) -> pd.DataFrame:
    """R1's whole pipeline in H800 GPU-hours (V3's run + R1's Table 7) against each Llama reading of the
    '10분의 1' checks: at equal prices per GPU-hour the cost ratio is the GPU-hour ratio."""
    _, v3_total = deepseek.stage_rows(ledger)
    pipeline = CTX.add(v3_total["value"], records(ledger)[R1_TABLE_GPU_HOURS]["value"])
    rows = []
    for r in deepseek.gpu_hour_comparisons(ledger, ONE, ONE).to_dict("records"):
        llama = r["denominator_gpu_hours"]
        rows.append(
            {
                "check_id": r["check_id"],
                "role": r["role"],
                "against": r["denominator"],
                "llama_gpu_hours": llama,
                "v3_ratio": r["gpu_hour_ratio"],
                "pipeline_gpu_hours": pipeline,
                "pipeline_ratio": ratio(pipeline, llama),
                "printed": r["printed"],
            }
        )
    return pd.DataFrame(rows, dtype=object)
