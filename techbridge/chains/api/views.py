from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from techbridge.chains import services
from techbridge.chains.models import ChainLink, IndustryChain, KeyTechnology, TechnologyMapping
from techbridge.core.params import FIRST_YEAR, LAST_YEAR, int_param

from .serializers import ChainGapSerializer, IndustryChainSerializer, TechnologyMappingSerializer


class IndustryChainViewSet(viewsets.ReadOnlyModelViewSet):
    """Industry chains with their links and key technologies, and their gap analysis."""

    queryset = IndustryChain.objects.prefetch_related(
        Prefetch(
            "links",
            queryset=ChainLink.objects.order_by("order").prefetch_related(
                Prefetch("technologies", queryset=KeyTechnology.objects.order_by("order"))
            ),
        )
    )
    serializer_class = IndustryChainSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=ChainGapSerializer,
        parameters=[OpenApiParameter("year", int, required=False)],
    )
    @action(detail=True, methods=["get"])
    def gaps(self, request: Request, pk: str | None = None) -> Response:
        """Demand and supply per key technology, gaps first (as the user may know them)."""
        chain = self.get_object()
        year_param = request.query_params.get("year", "").strip()
        year = int_param(year_param, lo=FIRST_YEAR, hi=LAST_YEAR)
        if year_param and year is None:
            raise serializers.ValidationError(
                {
                    "year": _("年份须为 %(lo)d–%(hi)d 之间的整数。")
                    % {"lo": FIRST_YEAR, "hi": LAST_YEAR}
                }
            )
        report = services.gap_analysis(chain, request.user, year)
        return Response(ChainGapSerializer(report).data)


class TechnologyMappingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Mappings the user may read (needs only when visible, contracts only for staff)."""

    serializer_class = TechnologyMappingSerializer
    permission_classes = [IsAuthenticated]
    queryset = TechnologyMapping.objects.all()
    filterset_fields = ["key_technology", "record_type", "source"]

    def get_queryset(self) -> QuerySet[TechnologyMapping]:
        return services.visible_mappings(self.request.user).order_by("pk")
