"""WSGI entry point (``techbridge serve`` runs it under gunicorn; any WSGI server will do).

Each server process that imports it starts loading its matching index from the stored
vectors in the background and then follows the change feed (``MATCHING_AUTOBUILD``), so the
first match list it serves is not the one that waits for the load.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techbridge.settings")

application = get_wsgi_application()

if settings.MATCHING_AUTOBUILD:
    from techbridge.matching.index import get_index

    get_index().start_background_build(encode_missing=settings.MATCHING_ENCODE_IN_WEB)
