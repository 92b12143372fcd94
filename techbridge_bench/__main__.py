"""``python -m techbridge_bench ...``."""

import sys

from techbridge_bench.cli import main

raise SystemExit(main(sys.argv[1:]))
