"""What `capex` writes to the terminal: a result on stdout, an error on stderr, one line each, never a traceback.

A stdout that cannot be written (`capex run > /dev/full`, a pipe closed by `head`) is an error like any
other: one line on stderr and exit code 1. Python would otherwise print a traceback when it flushes
stdout at exit, after the command has already reported success.
"""

from __future__ import annotations

import contextlib
import os
import sys

from ..core.echo import one_line
from .errors import RunError


class StdoutError(RunError):
    """stdout cannot be written (a full disk, a closed pipe); the command fails with one line."""


def error(message: object) -> None:
    """`capex: error: MESSAGE` on stderr, on one line of readable length."""
    with contextlib.suppress(OSError, ValueError):
        print(f"capex: error: {one_line(str(message))}", file=sys.stderr, flush=True)


def quiet_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's own flush at exit cannot fail again."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    with contextlib.suppress(OSError, ValueError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaced for the rest of the process


def flush_stdout() -> int:
    """Flush stdout; 0, or 1 with an error line when it cannot be written."""
    try:
        sys.stdout.flush()
    except OSError as e:
        quiet_stdout()
        error(f"cannot write the result to stdout: {e.strerror or e}")
        return 1
    return 0


def out(text: object) -> None:
    """`text` and a line end on stdout; StdoutError (after quieting stdout) when it cannot be written."""
    try:
        sys.stdout.write(f"{text}\n")
    except OSError as e:
        quiet_stdout()
        raise StdoutError(f"cannot write the result to stdout: {e.strerror or e}") from None


def print_result(text: str) -> int:
    """Print `text` on stdout (and flush it); 0, or 1 with an error line when stdout cannot be written."""
    try:
        sys.stdout.write(text + "\n")
    except OSError as e:
        quiet_stdout()
        error(f"cannot write the result to stdout: {e.strerror or e}")
        return 1
    return flush_stdout()
