"""The run layer's error: a notebook that cannot be read or executed."""


class RunError(RuntimeError):
    """A notebook failed to read or execute; the message names the notebook, the cell and the error."""
