"""The run layer's errors: a notebook that cannot be read or executed, and a request that makes no sense."""


class RunError(RuntimeError):
    """A notebook failed to read or execute; the message names the notebook, the cell and the error."""


class UsageError(Exception):
    """A usage problem found after parsing, such as a scenario named twice (the CLI exits with code 2)."""
