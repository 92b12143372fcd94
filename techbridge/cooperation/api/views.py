from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
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
    CaseMeeting,
    CaseMessage,
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
    CaseMeetingSerializer,
    CaseMessageSerializer,
    ContractMilestoneSerializer,
    ContractPaymentSerializer,
    CooperationCaseSerializer,
    CooperationContractSerializer,
    MajorProjectFundingSerializer,
    MajorProjectMilestoneSerializer,
    MajorProjectSerializer,
    MoveCaseSerializer,
    PostCaseMessageSerializer,
    ScheduleMeetingSerializer,
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

    @extend_schema(methods=["get"], request=None, responses={200: CaseMessageSerializer(many=True)})
    @extend_schema(
        methods=["post"],
        request={
            "multipart/form-data": PostCaseMessageSerializer,
            "application/json": PostCaseMessageSerializer,
        },
        responses={201: CaseMessageSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="messages",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
        pagination_class=None,
    )
    def case_messages(self, request: Request, pk: str | None = None) -> Response:
        """The case's thread, oldest first; post a message (multipart, for an attachment)
        through the same service as the case page."""
        case = self.get_object()
        if request.method == "GET":
            thread = CaseMessage.objects.filter(case=case).select_related("author")
            return Response(CaseMessageSerializer(thread, many=True).data)
        body = PostCaseMessageSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            message = services.post_case_message(
                request.user,
                case.pk,
                body.validated_data["body"],
                body.validated_data.get("attachment"),
            )
        except services.CooperationError as error:
            raise serializers.ValidationError({"detail": str(error)}) from error
        return Response(CaseMessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], request=None, responses={200: CaseMeetingSerializer(many=True)})
    @extend_schema(
        methods=["post"], request=ScheduleMeetingSerializer, responses={201: CaseMeetingSerializer}
    )
    @action(detail=True, methods=["get", "post"], url_path="meetings", pagination_class=None)
    def case_meetings(self, request: Request, pk: str | None = None) -> Response:
        """The case's meetings by start; schedule one (the parties get the invitation)."""
        case = self.get_object()
        if request.method == "GET":
            meetings = CaseMeeting.objects.filter(case=case).select_related("organiser")
            return Response(CaseMeetingSerializer(meetings, many=True).data)
        body = ScheduleMeetingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            meeting = services.schedule_meeting(request.user, case.pk, **body.validated_data)
        except services.CooperationError as error:
            raise serializers.ValidationError({"detail": str(error)}) from error
        return Response(CaseMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)
