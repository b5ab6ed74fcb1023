"""Where the series is run: parameters, the notebooks' parameters cells, the workers, the cache, outputs.

params           the run parameters, declared once, validated before anything runs
session          what a notebook does first: `s = session.start(globals())`
notebook_params  read the notebooks' `parameters` cells; check a run's parameters against them
scenario         the folder under reports/ a run's parameters choose
cache            the key over every input, and the cache hit
inprocess        a notebook's cells executed by IPython in this process, outputs recorded as a kernel's
workers          worker processes that run notebooks with inprocess, in parallel, imports warm
normalize        executed notebooks made byte-stable
outputs          headline.csv, verdicts.csv, the exports, the README findings
files            atomic writes and the folder swap
series           `capex run` and `capex normalize`
"""
