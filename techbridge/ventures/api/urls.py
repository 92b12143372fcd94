"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from .views import EquityStakeViewSet, InvestmentRoundViewSet, SpinOffViewSet

routes = [
    ("spinoffs", SpinOffViewSet, None),
    ("investment-rounds", InvestmentRoundViewSet, None),
    ("equity-stakes", EquityStakeViewSet, None),
]
