"""Which tests share a worker when the suite runs in parallel (``--dist loadgroup``)."""

from __future__ import annotations

import pytest

#: The xdist group of every test that reads the shared demo server.
DEMO_SERVER_GROUP = "demo_server"


def group_demo_server_tests(items: list[pytest.Item]) -> None:
    """Tests on the shared demo server run on one worker: one server is started per worker
    that needs it, and starting it takes a minute. Called before pytest-xdist reads the
    marks to name each test's group."""
    for item in items:
        if "demo_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(DEMO_SERVER_GROUP))
