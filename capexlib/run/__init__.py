"""Where the series is run: parameters, the notebooks' parameters cells, the workers, the cache, outputs.

params           the run parameters, declared once, validated before anything runs
session          what a notebook does first: `s = session.start(globals())`
notebook_params  read the notebooks' `parameters` cells; check a run's parameters against them
scenario         the folder under reports/ a run's parameters choose (one folder per scenario)
cache            the key over every input (hashed once, with bounds), the manifest, the cache hit
record           the record of a served request, checked against the request and the files
quick            the `capex` entry point: a cached `capex run` answered from its checked record
inprocess        a notebook's cells executed by IPython in this process, outputs recorded as a kernel's
workers          worker processes that run notebooks with inprocess, in parallel, imports warm, pinned
execute          a run's notebooks executed in the workers, written and rendered as they finish
normalize        executed notebooks made byte-stable
outputs          headline.csv, verdicts.csv, the exports, the README findings; a scenario's files read back
files            atomic writes, the folder swap, leftovers, and what a reader left set aside
console          what `capex` prints: one line, never a traceback
clean            `make clean`: what capex made, nothing else
editions         the languages a run builds, where each sits, what reaches its notebooks
build            a scenario folder built, executing only what the folder it replaces cannot prove
series           `capex run` and `capex normalize`
sweep            `capex sweep`: headline figures over a parameter's values, no notebook run
compared         the scenario folders `capex compare` reads
errors           RunError (a run failed) and UsageError (a request that makes no sense)

Why the in-process engine (inprocess, workers, quick) exists and how it is checked: README.md here.
"""
