"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from .views import IndustryViewSet, TechnologyFieldViewSet

routes = [
    ("technology-fields", TechnologyFieldViewSet, None),
    ("industries", IndustryViewSet, None),
]
