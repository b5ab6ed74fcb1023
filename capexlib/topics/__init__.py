"""Where figures are compared: one module per question the notebooks ask. Each returns data (frames and
dataclasses of exact values) and draws or formats nothing.

    rates      the implied-rate audit: which exchange rate each printed conversion used
    totals     the US four's 2025 plans, the printed totals, the 2024-vs-2025 change, the budget share
    bat        Baidu, Alibaba and Tencent against the US four (figures, scale)
    deepseek   DeepSeek's training-cost figure and its comparisons (printed, report, comparisons, sensitivity)
    scorecard  every verdict beside its article and claim
    headline   the few figures a run is quoted by
    hindsight  how the printed plans aged: plans against outcomes, BAT, DeepSeek-R1, Korea's budget (one
               module per question; see its docstring)
    rows       ledger rows picked into those frames (one way to copy fields into a table)
"""
