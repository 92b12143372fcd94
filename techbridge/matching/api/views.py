"""A need's matches and the decisions on them: ``/api/needs/{id}/matches/`` and ``…/decisions/``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from techbridge.core.api.schema import ErrorDetailSerializer
from techbridge.matching import services as matching
from techbridge.matching.serving import get_index
from techbridge.needs.models import TechnologyNeed
from techbridge.needs.services import can_broker

from .serializers import DecisionSerializer, MatchSerializer


class _OnVisibleNeed(generics.GenericAPIView):
    """The need comes from the visibility rule: one the user may not see is a 404."""

    pagination_class = None
    filter_backends: list[type] = []
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[TechnologyNeed]:
        return TechnologyNeed.objects.visible_to(self.request.user)


class NeedMatchesView(_OnVisibleNeed):
    serializer_class = MatchSerializer

    @extend_schema(
        operation_id="needs_matches_list",
        parameters=[
            OpenApiParameter("type", str, enum=["expert", "institute", "achievement", "partner"])
        ],
        responses={
            200: MatchSerializer(many=True),
            503: OpenApiResponse(
                ErrorDetailSerializer,
                description="The matching index is not built yet: try again once it is.",
            ),
        },
    )
    def get(self, request: Request, pk: str) -> Response:
        """Ranked resources for this need, with explanations (full-text readers only)."""
        need = self.get_object()
        if not can_broker(request.user, need):
            raise PermissionDenied(
                _("只有总部、联合创新中心经理和负责该需求的项目经理才能查看匹配结果。")
            )
        if not get_index().status().indexed:
            return Response(
                {"detail": _("匹配索引尚未建立，请在建立完成后再试。")},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        try:
            kept, _dismissed = matching.matches_for_need(
                request.user, need, request.query_params.get("type", "expert")
            )
        except matching.MatchingError as error:
            raise serializers.ValidationError({"detail": str(error)}) from error
        return Response(MatchSerializer(kept, many=True).data)


class NeedDecisionsView(_OnVisibleNeed):
    serializer_class = DecisionSerializer

    @extend_schema(
        operation_id="needs_decisions_create",
        request=DecisionSerializer,
        responses={201: DecisionSerializer},
    )
    def post(self, request: Request, pk: str) -> Response:
        """Shortlist, dismiss (with a reason) or introduce (which opens a cooperation case);
        a contract is recorded through the contract register."""
        need = self.get_object()
        if not can_broker(request.user, need):
            raise PermissionDenied(
                _("只有总部、联合创新中心经理和负责该需求的项目经理才能处理匹配结果。")
            )
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            matching.record_decision(request.user, need, **body.validated_data)
        except matching.MatchingError as error:
            raise serializers.ValidationError({"detail": str(error)}) from error
        return Response(body.data, status=status.HTTP_201_CREATED)
