"""What every notebook does first: validate its parameters, choose the language of its outputs (`lang`),
load the ledger, set up display.

    s = session.start(globals())   # in the cell after the `parameters` cell

gives the validated parameters, the ledger, the exchange-rate scenario and the evaluated checks, so
that notebooks only load, call and present.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from ..core.checks import evaluate_checks, evaluate_hindsight
from ..core.fx import FxScenario
from ..core.ledger import Ledger, load_ledger
from ..report import charts, language
from ..report.language import _
from ..report.present import scenario_text
from .params import PARAMETERS, RunParams


@dataclass
class Session:
    params: RunParams
    ledger: Ledger
    declared: tuple[str, ...] = ()  # the parameters this notebook declares

    @cached_property
    def fx(self) -> FxScenario:
        return self.params.fx()

    @cached_property
    def verdicts(self) -> pd.DataFrame:
        """Every check evaluated under this run's rates, tolerance and parameters."""
        return evaluate_checks(self.ledger, self.fx, self.params.tolerance, self.params.values)

    @cached_property
    def hindsight(self) -> pd.DataFrame:
        """Every hindsight check (data/hindsight_checks.csv), judged against later outcomes."""
        return evaluate_hindsight(self.ledger, self.fx, self.params.tolerance, self.params.values)

    def verdicts_for(self, topics: tuple[str, ...] | str) -> pd.DataFrame:
        """The evaluated checks of one topic or several (data/checks.csv, column topic)."""
        topics = (topics,) if isinstance(topics, str) else topics
        return self.verdicts[self.verdicts["topic"].isin(topics)]

    def parameters_table(self) -> pd.DataFrame:
        """The notebook's parameters with their values and meanings, and the rates they choose, in the
        notebook's language (a parameter's name and value are code, and stay as written; so does what a
        translation marks as code with backticks, which the site shows as code)."""
        parameter, value, meaning = _("parameter"), _("value"), _("meaning")
        rows = [{parameter: name, value: repr(self.params[name]), meaning: _(PARAMETERS[name][1])} for name in self.declared]
        rows.append(
            {
                parameter: _("(rates)"),
                value: scenario_text(self.fx),
                meaning: _("the exchange-rate scenario these parameters choose"),
            }
        )
        return pd.DataFrame(rows).set_index(parameter)


def start(namespace: dict) -> Session:
    """Validate the notebook's parameters (names from capexlib.run.params), load the data, set up display."""
    given = {name: namespace[name] for name in PARAMETERS if name in namespace}
    params = RunParams.from_values(**given)
    language.use(str(params["lang"]))  # every table, caption and chart of this notebook is in this language
    ledger = load_ledger(params.data_dir)
    charts.setup_fonts()
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 500)
    pd.set_option("display.width", 200)
    # JupyterLab typesets $...$ in a table's HTML as maths ("$320B ... $250B" becomes italics); this
    # marks tables tex2jax_ignore/mathjax_ignore so dollar amounts stay text.
    pd.set_option("display.html.use_mathjax", False)
    return Session(params, ledger, tuple(given))
