from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from techbridge.needs import services
from techbridge.needs.filtersets import TechnologyNeedFilterSet
from techbridge.needs.models import TechnologyNeed

from .serializers import TechnologyNeedCreateSerializer, TechnologyNeedSerializer


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
