"""The ``techbridge`` console command.

``techbridge bench goldstandard|csl|xling|speed|gpu-pack|assignment ...`` runs the engine's
benchmarks (pure library, no database); ``techbridge bench load`` measures the served pages;
``techbridge bench ingest`` times and scores publication imports on a database of its own;
everything else is a Django management command, for example ``techbridge demo``,
``techbridge migrate`` or ``techbridge report annual --year 2020``.
"""

from __future__ import annotations

import os
import sys

ENGINE_BENCHES = {"goldstandard", "csl", "xling", "speed", "gpu-pack"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 2 and args[1] == "bench" and args[2] in ENGINE_BENCHES:
        from techbridge_bench.cli import main as bench_main

        return bench_main(args[2:])
    if len(args) > 2 and args[1] == "bench" and args[2] == "load":
        # Requests/s and latency of the busiest pages, against a server it starts.
        from techbridge_bench.load import main as load_main

        return load_main(args[3:])
    if len(args) > 2 and args[1] == "bench" and args[2] == "deployment":
        # Freshness lag, jobs per second and web worker memory, on real processes.
        from techbridge_bench.deployment import main as deployment_main

        return deployment_main(args[3:])
    if len(args) > 2 and args[1] == "bench" and args[2] == "assignment":
        from techbridge_bench.assignment import main as assignment_main

        return assignment_main(args[3:])
    if len(args) > 2 and args[1] == "bench" and args[2] == "ingest-tune":
        # The automatic-link threshold, chosen by cross-validation over corpus seeds.
        from techbridge_bench.ingest_tune import main as ingest_tune_main

        return ingest_tune_main(args[3:])
    if len(args) > 2 and args[1] == "bench" and args[2] == "ingest":
        # Publication imports timed and scored on a synthetic corpus, in a database it makes.
        from techbridge_bench.ingest import main as ingest_main

        return ingest_main(args[3:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techbridge.settings")
    if len(args) > 2 and args[1] == "bench" and args[2] == "import":
        # ``techbridge bench import --rows N``: the registers' import, timed on N rows.
        args = [args[0], "bench_import", *args[3:]]
    if len(args) > 1 and args[1] == "demo":
        # The demo runs on the embedded defaults without a secret key.
        os.environ.setdefault("TECHBRIDGE_DEMO", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["techbridge", *args[1:]])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
