"""Where a figure enters and is judged: exact numbers and money, exchange rates, the data tables, checks.

numbers      the one Decimal context, to-Decimal, percent off
dates        YYYY-MM-DD dates, read the same way everywhere
units        currencies, units, qualifiers, period bases
money        parsing and exact formatting of amounts as Korean and English text prints them
fx           ECB reference rates (offline; a newer ECB file laid over them), fixed and article-rate scenarios
ledger       data/*.csv and their schemas (data/*.meta.yaml), validated
operands     the operand language of data/checks.csv and data/hindsight_checks.csv
conversions  the articles' own conversions and the one rate lookup
resolve      what each operand token stands for (value, unit, rows, confidence)
verdicts     the verdict rule: labels, reason kinds, judge
aging        how a printed figure aged: outcome labels, never verdicts
confidence   how sure a source makes a figure
results      the typed row of an evaluated check (CheckResult, OutcomeResult) and its frame
relations    how each relation computes its value from resolved operands
checks       the engine: evaluate data/checks.csv and data/hindsight_checks.csv
"""
