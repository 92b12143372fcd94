from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from techbridge.cooperation import services
from techbridge.cooperation.filtersets import (
    ContractMilestoneFilterSet,
    ContractPaymentFilterSet,
    CooperationCaseFilterSet,
    CooperationContractFilterSet,
    MajorProjectFilterSet,
    MajorProjectFundingFilterSet,
    MajorProjectMilestoneFilterSet,
)
from techbridge.cooperation.models import (
    ContractMilestone,
    ContractPayment,
    CooperationCase,
    CooperationContract,
    MajorProject,
    MajorProjectFunding,
    MajorProjectMilestone,
)
from techbridge.cooperation.visibility import visible_contracts
from techbridge.core.api.views import RegisterViewSet

from .serializers import (
    ContractMilestoneSerializer,
    ContractPaymentSerializer,
    CooperationCaseSerializer,
    CooperationContractSerializer,
    MajorProjectFundingSerializer,
    MajorProjectMilestoneSerializer,
    MajorProjectSerializer,
    MoveCaseSerializer,
)


class ContractViewSet(RegisterViewSet):
    """Contracts: a network-staff register (a contract shows its need's id, never its text);
    a new or changed contract may only point to a need its writer reads in full."""

    queryset = CooperationContract.objects.select_related("client", "contractor", "jic")
    serializer_class = CooperationContractSerializer
    filterset_class = CooperationContractFilterSet

    def get_queryset(self) -> QuerySet[CooperationContract]:
        return visible_contracts(self.request.user, super().get_queryset())


class ContractMilestoneViewSet(RegisterViewSet):
    queryset = ContractMilestone.objects.select_related("contract")
    serializer_class = ContractMilestoneSerializer
    filterset_class = ContractMilestoneFilterSet

    def get_queryset(self) -> QuerySet[ContractMilestone]:
        return visible_contracts(self.request.user, super().get_queryset(), "contract__")


class ContractPaymentViewSet(RegisterViewSet):
    queryset = ContractPayment.objects.select_related("contract", "milestone")
    serializer_class = ContractPaymentSerializer
    filterset_class = ContractPaymentFilterSet

    def get_queryset(self) -> QuerySet[ContractPayment]:
        return visible_contracts(self.request.user, super().get_queryset(), "contract__")


class MajorProjectViewSet(RegisterViewSet):
    queryset = MajorProject.objects.select_related("lead_institute").prefetch_related("partners")
    serializer_class = MajorProjectSerializer
    filterset_class = MajorProjectFilterSet


class MajorProjectFundingViewSet(RegisterViewSet):
    queryset = MajorProjectFunding.objects.select_related("project")
    serializer_class = MajorProjectFundingSerializer
    filterset_class = MajorProjectFundingFilterSet


class MajorProjectMilestoneViewSet(RegisterViewSet):
    queryset = MajorProjectMilestone.objects.select_related("project")
    serializer_class = MajorProjectMilestoneSerializer
    filterset_class = MajorProjectMilestoneFilterSet


class CooperationCaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cooperation cases on needs the user reads in full. Cases are opened from a match and
    moved with ``move`` (the services keep their stage history), never written directly."""

    serializer_class = CooperationCaseSerializer
    filterset_class = CooperationCaseFilterSet

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
            case = services.move_case(
                request.user,
                case,
                body.validated_data["to_stage"],
                note=body.validated_data["note"],
            )
        except services.CooperationError as error:
            raise serializers.ValidationError({"detail": str(error)}) from error
        return Response(CooperationCaseSerializer(case).data)
