from techbridge.core.api.views import RegisterViewSet
from techbridge.ventures.filtersets import (
    EquityStakeFilterSet,
    InvestmentRoundFilterSet,
    SpinOffFilterSet,
)
from techbridge.ventures.models import EquityStake, InvestmentRound, SpinOff

from .serializers import EquityStakeSerializer, InvestmentRoundSerializer, SpinOffSerializer


class SpinOffViewSet(RegisterViewSet):
    queryset = SpinOff.objects.select_related("institute", "project_manager", "technology_field")
    serializer_class = SpinOffSerializer
    filterset_class = SpinOffFilterSet


class InvestmentRoundViewSet(RegisterViewSet):
    queryset = InvestmentRound.objects.select_related("spinoff")
    serializer_class = InvestmentRoundSerializer
    filterset_class = InvestmentRoundFilterSet


class EquityStakeViewSet(RegisterViewSet):
    queryset = EquityStake.objects.select_related("institute", "enterprise")
    serializer_class = EquityStakeSerializer
    filterset_class = EquityStakeFilterSet
