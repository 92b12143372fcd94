"""A Django process starts without the matching engine's heavy libraries (``techbridge
shell``, which the deployment tests start many times, a job worker's main process): they
load when a text is first analysed or matched, or when the URL configuration loads the views
that serve matches. A web process (the URL configuration loaded) starts without the libraries
of work that only some requests or jobs do: building an in-process lexical index, writing names
in pinyin, solving the assignment or explaining its shortfall, reading
or writing Excel workbooks, filling Word documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

HEAVY = ("bm25s", "numba", "jieba", "onnxruntime", "sentencepiece", "usearch", "faiss")

#: Libraries a web process loads only when a request or a job first needs them.
ON_DEMAND = (
    "bm25s",
    "numba",
    "ortools",
    "pypinyin",
    "scipy.optimize",
    "scipy.sparse.csgraph",
    "openpyxl",
    "docxtpl",
)

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


WEB = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every view, as a web worker loads them
loaded = sorted(m for m in ON_DEMAND if m in sys.modules)
from techbridge.engine.text import analyze
analyze("碳化硅功率器件的封装 packaging of SiC devices")  # as a need's page or match does
analysed = sorted(m for m in ON_DEMAND if m in sys.modules)
from techbridge.publications.names import chinese_name_parts
from techbridge.engine.assignment import solver_class
print(json.dumps({
    "loaded": loaded,
    "analysed": analysed,
    "pinyin": chinese_name_parts("欧阳明华"),
    "solver": solver_class("linprog").__name__,
    "after": sorted(m for m in ON_DEMAND if m in sys.modules),
}))
"""


def _run(code: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "techbridge.settings",
        "TECHBRIDGE_DEMO": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_a_process_starts_without_the_engine_and_loads_it_when_it_analyses_a_text() -> None:
    found = _run(f"HEAVY = {HEAVY!r}\n{CODE}")
    assert found["loaded"] == []
    assert "碳化硅" in found["terms"] and "packag" in found["terms"]


def test_a_web_process_loads_what_only_some_work_needs_when_that_work_comes() -> None:
    found = _run(f"ON_DEMAND = {ON_DEMAND!r}\n{WEB}")
    assert found["loaded"] == []
    assert found["analysed"] == []  # stop words without bm25s's package (numba, SciPy)
    assert found["pinyin"] == ["ouyang", "minghua"]
    assert found["solver"] == "LinearProgramSolver"
    assert {"pypinyin", "scipy.optimize"} <= set(found["after"])
