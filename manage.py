#!/usr/bin/env python
"""Django's command-line utility; ``techbridge`` (the console script) does the same."""

import sys

from techbridge.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv))
