"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from .views import GlossaryTermViewSet, IndustryViewSet, TechnologyFieldViewSet

routes = [
    ("technology-fields", TechnologyFieldViewSet, None),
    ("industries", IndustryViewSet, None),
    ("glossary", GlossaryTermViewSet, None),
]
