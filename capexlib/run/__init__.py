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
series           `capex run` and `capex normalize`

Why the in-process engine (inprocess, workers, quick) exists and how it is checked: README.md here.
"""
