from django.db.models import QuerySet
from rest_framework import viewsets

from techbridge.needs.filtersets import TechnologyNeedFilterSet
from techbridge.needs.models import TechnologyNeed

from .serializers import TechnologyNeedSerializer


class TechnologyNeedViewSet(viewsets.ReadOnlyModelViewSet):
    """Technology needs, filtered by the visibility rule for the requesting user."""

    serializer_class = TechnologyNeedSerializer
    filterset_class = TechnologyNeedFilterSet

    def get_queryset(self) -> QuerySet[TechnologyNeed]:
        return (
            TechnologyNeed.objects.visible_to(self.request.user)
            .select_related("jic")
            .prefetch_related("named_viewers")
            .order_by("-submitted_on", "id")
        )
