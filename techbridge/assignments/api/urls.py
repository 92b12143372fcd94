"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from .views import DeclaredConflictViewSet

routes = [
    ("declared-conflicts", DeclaredConflictViewSet, None),
]
