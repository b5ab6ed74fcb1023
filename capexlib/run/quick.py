"""The `capex` command's entry point: an unchanged `capex run` answered before anything heavy is imported.

A full `capex run` imports pandas and the library, validates the parameters and loads the data (~0.6 s)
before it can compute the cache key. Here the same request is answered with the standard library and the
light core modules (~0.1 s): the record the full run left (capexlib.run.record) is checked against the
request and the files as they are now, and only what that check proves is printed. Anything else goes
to the full command (capexlib.cli).

On a miss, `capex run` starts its worker processes here, before importing pandas (capexlib.run.workers).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import sys
from collections.abc import Sequence

from ..core.paths import list_notebooks
from .console import print_result
from .record import NOT_SERVED, answer, option


def _prestart(argv: Sequence[str]) -> None:
    """Start the workers `capex run ARGV` will use (--jobs, else one per CPU, at most one per notebook),
    importing what its notebooks import."""
    from . import workers  # noqa: PLC0415 - only on a miss

    try:
        notebooks = list_notebooks(option(argv, "--notebooks"))
    except (OSError, ValueError):
        return  # the full run reports what is wrong with the folder
    try:
        jobs = int(option(argv, "--jobs") or 0)
    except ValueError:
        jobs = 0
    workers.prestart(workers.pool_size(jobs, len(notebooks) or 1), workers.notebook_imports(notebooks))


def _keep_bytecode() -> None:
    """Cache the bytecode of the modules a cached answer imports (the capexlib modules loaded so far) where
    $PYTHONDONTWRITEBYTECODE kept the interpreter from writing it: every cached run would otherwise compile
    them again (~6 ms, a tenth of its time). The workers write theirs anyway (`python -I` ignores the
    variable). Called on a miss only; a file already current is only read, and one that cannot be written
    is skipped, as the interpreter skips it."""
    if not sys.dont_write_bytecode:
        return
    sys.dont_write_bytecode = False
    try:
        for module in list(sys.modules.values()):
            spec = getattr(module, "__spec__", None)  # its name is the module's, also for `python -m capexlib`'s __main__
            name, get_code = getattr(spec, "name", ""), getattr(getattr(spec, "loader", None), "get_code", None)
            if (name == "capexlib" or name.startswith("capexlib.")) and get_code is not None:
                with contextlib.suppress(ImportError, OSError, SyntaxError):
                    get_code(name)  # compiles and writes the cached bytecode when it is missing or stale
    finally:
        sys.dont_write_bytecode = True


def main(argv: Sequence[str] | None = None) -> int:
    """`capex`: a cached `capex run` is answered here; everything else goes to capexlib.cli."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["run"] and not any(arg in NOT_SERVED for arg in args):
        printed = answer(args[1:])
        if printed is not None:
            return print_result(printed)
        _prestart(args[1:])
        _keep_bytecode()
    from ..cli import main as full  # noqa: PLC0415 - pandas and the library (~0.4 s): only on a miss

    # At exit the interpreter's last collections would walk every object a full run made (pandas, nbconvert,
    # the site: ~0.2 s after the answer is printed); frozen, they are left to the process's end.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    return full(args)


if __name__ == "__main__":
    sys.exit(main())
