"""`python -m capexlib ...` is the `capex` command (capexlib.run.quick first, then capexlib.cli)."""

import sys

from .run.quick import main

sys.exit(main())
