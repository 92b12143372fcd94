"""The REST API at ``/api/``: the routes every installed app declares; the schema lives at
``/api/schema/``.

Each app lists its own routes in ``<app>/api/urls.py``: ``routes`` (prefix, viewset,
basename) for the router and, where it has views outside a viewset, ``urlpatterns``. They
are collected here in the order of ``INSTALLED_APPS``. What is covered, and what
deliberately is not, is written in docs/api.md.
"""

from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from techbridge.core.api.routing import IdRouter


def _app_routes() -> list[Any]:
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("techbridge.") and module_has_submodule(
            config.module, "api.urls"
        ):
            found.append(import_module(f"{config.name}.api.urls"))
    return found


router = IdRouter()
extra: list[Any] = []
for module in _app_routes():
    for prefix, viewset, basename in module.routes:
        router.register(prefix, viewset, basename=basename)
    extra.extend(getattr(module, "urlpatterns", []))

# The app's own paths first: ``needs/<id>/matches/`` must not be read as a record route.
urlpatterns = [*extra, *router.urls]
