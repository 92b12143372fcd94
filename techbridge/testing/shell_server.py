"""The other end of :class:`techbridge.testing.processes.Shell`: one Django process that runs
each Python snippet it reads (a JSON string a line) and answers with what the snippet printed
(a JSON object a line: ``stdout``, and ``error`` with the traceback when it raised).

Django starts once; each snippet's queries run in autocommit, so every answer reads what other
processes have committed by then.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import traceback


def main() -> None:
    # Answers go to the original stdout; anything else the process writes goes to stderr.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techbridge.settings")
    import django

    django.setup()
    for line in sys.stdin:
        out = io.StringIO()
        answer: dict[str, str] = {}
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(json.loads(line), "<snippet>", "exec"), {})
        except Exception:
            answer["error"] = traceback.format_exc()
        answer["stdout"] = out.getvalue()
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
