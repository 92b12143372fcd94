from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from techbridge.matching import services as matching
from techbridge.matching.index import get_index
from techbridge.needs import services
from techbridge.needs.filtersets import TechnologyNeedFilterSet
from techbridge.needs.models import TechnologyNeed

from .serializers import (
    DecisionSerializer,
    MatchSerializer,
    TechnologyNeedCreateSerializer,
    TechnologyNeedSerializer,
)


class TechnologyNeedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Technology needs, filtered by the visibility rule for the requesting user."""

    filterset_class = TechnologyNeedFilterSet

    def get_queryset(self) -> QuerySet[TechnologyNeed]:
        return (
            TechnologyNeed.objects.visible_to(self.request.user)
            .select_related("jic")
            .prefetch_related("named_viewers")
            .order_by("-submitted_on", "id")
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "create":
            return TechnologyNeedCreateSerializer
        return TechnologyNeedSerializer

    def perform_create(self, serializer: Any) -> None:
        try:
            serializer.instance = services.submit_need(
                self.request.user, fields=dict(serializer.validated_data)
            )
        except services.NeedActionError as error:
            raise serializers.ValidationError({"detail": str(error)}) from error
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error

    @extend_schema(
        parameters=[
            OpenApiParameter("type", str, enum=["expert", "institute", "achievement", "partner"])
        ],
        responses={200: MatchSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def matches(self, request: Request, pk: str | None = None) -> Response:
        """Ranked resources for this need, with explanations (full-text readers only)."""
        need = self.get_object()
        if not services.can_broker(request.user, need):
            raise PermissionDenied(
                _("只有总部、联合创新中心经理和负责该需求的项目经理才能查看匹配结果。")
            )
        if not get_index().status().indexed:
            return Response(
                {"detail": "The matching index is not built yet."},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        try:
            kept, _dismissed = matching.matches_for_need(
                request.user, need, request.query_params.get("type", "expert")
            )
        except matching.MatchingError as error:
            raise serializers.ValidationError({"detail": str(error)}) from error
        return Response(MatchSerializer(kept, many=True).data)

    @extend_schema(request=DecisionSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def decisions(self, request: Request, pk: str | None = None) -> Response:
        """Shortlist, dismiss (with a reason), introduce or mark a match contracted."""
        need = self.get_object()
        if not services.can_broker(request.user, need):
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
