"""capexlib: the ledger, money, exchange rates and checks behind the capex notebooks.

Data flows one way: data/ (figures as printed, outside facts, checks) -> capexlib (parsing,
conversion, verdicts) -> notebooks (load, call, present) -> the runner (`capex run`).
"""
