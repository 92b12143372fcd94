from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from techbridge.cooperation import services
from techbridge.cooperation.filtersets import CooperationContractFilterSet, MajorProjectFilterSet
from techbridge.cooperation.models import CooperationCase, CooperationContract, MajorProject
from techbridge.core.permissions import IsNetworkStaff

from .serializers import (
    CooperationCaseSerializer,
    CooperationContractSerializer,
    MajorProjectSerializer,
    MoveCaseSerializer,
)


class ContractViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = CooperationContract.objects.select_related("client", "contractor", "jic")
    serializer_class = CooperationContractSerializer
    filterset_class = CooperationContractFilterSet
    permission_classes = [IsNetworkStaff]


class MajorProjectViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = MajorProject.objects.select_related("lead_institute")
    serializer_class = MajorProjectSerializer
    filterset_class = MajorProjectFilterSet
    permission_classes = [IsNetworkStaff]


class CooperationCaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cooperation cases on needs the user reads in full."""

    serializer_class = CooperationCaseSerializer

    def get_queryset(self) -> QuerySet[CooperationCase]:
        return services.visible_cases(self.request.user).order_by("-stage_since", "-id")

    @extend_schema(request=MoveCaseSerializer, responses={200: CooperationCaseSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        """Move the case forward, or to lost with a reason."""
        case = self.get_object()
        body = MoveCaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.move_case(
                request.user,
                case,
                body.validated_data["to_stage"],
                note=body.validated_data["note"],
            )
        except services.CooperationError as error:
            raise serializers.ValidationError({"detail": str(error)}) from error
        return Response(CooperationCaseSerializer(case).data)
