"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from .views import IndustryChainViewSet, TechnologyMappingViewSet

routes = [
    ("chains", IndustryChainViewSet, None),
    ("chain-mappings", TechnologyMappingViewSet, "technologymapping"),
]
