"""WhiteNoise for the test suite: the static files are listed once per process.

Django's test client loads the middleware chain for every client it makes (pytest-django's
``client`` fixture: every test that requests a page), and WhiteNoise lists every file the
static finders hold each time (about 1,250 with the front-end libraries; about 0.1 s of CPU).
A served process loads its middleware once, so the product's settings keep WhiteNoise as it is.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware

#: (static URL prefix, the finders' folders) -> the files WhiteNoise found there, by URL
_FOUND: dict[tuple[str, str], dict[str, Any]] = {}


class WhiteNoiseListedOnce(WhiteNoiseMiddleware):
    """WhiteNoise whose list of the finders' files is made by the first instance of a process
    and reused by the others (the files of a test run do not change)."""

    def add_files_from_finders(self) -> None:
        key = (self.static_prefix, repr(settings.STATICFILES_DIRS))
        found = _FOUND.get(key)
        if found is None:
            own: dict[str, Any] = self.files
            self.files: dict[str, Any] = {}
            super().add_files_from_finders()
            found = self.files
            self.files = own
            _FOUND[key] = found
        self.files.update(found)
