"""Loaded with ``-p`` before Django is configured: the environment every test run needs."""

import os

os.environ.setdefault("TECHBRIDGE_SECRET_KEY", "test-only-secret-key-not-for-production")
# One data folder per test worker (pytest-xdist names them gw0, gw1, ...).
os.environ.setdefault(
    "TECHBRIDGE_DATA_DIR",
    os.path.join(os.getcwd(), "data", "test", os.environ.get("PYTEST_XDIST_WORKER", "main")),
)
# Tests roll back the default connection; the cache's own connection is tested in separate
# processes (core/tests/test_shared_cache.py).
os.environ.setdefault("TECHBRIDGE_CACHE_OWN_CONNECTION", "0")
# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM
# calls there (they are ordinary synchronous calls made by the test itself).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Tests build the matching index they need explicitly (see techbridge.testing.matching);
# a page view must not start encoding the whole demo in a background thread.
os.environ.setdefault("TECHBRIDGE_MATCHING_AUTOBUILD", "0")
# Jobs run in the test's own process after each commit (the queue and `techbridge worker` are
# tested in processes of their own: techbridge/core/tests/test_deployment.py).
os.environ.setdefault("TECHBRIDGE_JOBS_SYNC", "1")
