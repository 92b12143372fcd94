"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from .views import TechnologyNeedViewSet

routes = [
    ("needs", TechnologyNeedViewSet, "technologyneed"),
]
