"""WSGI entry point (``techbridge serve`` runs it under gunicorn; any WSGI server will do).

Each server process that imports it starts loading its matching index from the stored
vectors in the background and then follows the change feed (``MATCHING_AUTOBUILD``), so the
first match list it serves is not the one that waits for the load. Once the index is loaded
and the process has served its first requests, its long-lived heap is frozen out of the
garbage collector's full collections (``techbridge.web.serving``).
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from techbridge.web.serving import HeapFreezer

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techbridge.settings")

application = get_wsgi_application()

if settings.MATCHING_AUTOBUILD:
    from techbridge.matching.serving import get_index

    get_index().start_background_build(encode_missing=settings.MATCHING_ENCODE_IN_WEB)
    HeapFreezer(ready=lambda: get_index().status().state in ("ready", "failed")).connect()
else:
    HeapFreezer(ready=lambda: True).connect()
