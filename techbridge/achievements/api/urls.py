"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from .views import AchievementTransferViewSet, AchievementViewSet

routes = [
    ("achievements", AchievementViewSet, None),
    ("achievement-transfers", AchievementTransferViewSet, None),
]
