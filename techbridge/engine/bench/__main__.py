"""``python -m techbridge.engine.bench ...``."""

import sys

from techbridge.engine.bench.cli import main

raise SystemExit(main(sys.argv[1:]))
