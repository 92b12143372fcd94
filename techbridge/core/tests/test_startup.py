"""A Django process starts without the matching engine's heavy libraries (``techbridge
shell``, which the deployment tests start many times, a job worker's main process): they
load when a text is first analysed or matched, or when the URL configuration loads the views
that serve matches."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("bm25s", "numba", "jieba", "onnxruntime", "tokenizers", "usearch", "faiss")

CODE = """
import json, sys
import django
django.setup()
from django.apps import apps
apps.get_models()  # every app's models, signals and menu
loaded = sorted(m for m in HEAVY if m in sys.modules)
from techbridge.engine.text import analyze
terms = [t.term for t in analyze("碳化硅功率器件的封装 packaging of SiC devices")]
print(json.dumps({"loaded": loaded, "terms": terms}))
"""


def test_a_process_starts_without_the_engine_and_loads_it_when_it_analyses_a_text() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "techbridge.settings",
        "TECHBRIDGE_DEMO": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{CODE}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["loaded"] == []
    assert "碳化硅" in found["terms"] and "packag" in found["terms"]
