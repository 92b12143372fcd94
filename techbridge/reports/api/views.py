from __future__ import annotations

from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from techbridge.core.params import FIRST_YEAR, LAST_YEAR, int_param
from techbridge.core.permissions import IsNetworkStaff
from techbridge.reports.services import AnnualFigures, annual_figures

_FIGURE_KEYS = [k for k in AnnualFigures.__annotations__ if k != "year"]


class AnnualFiguresView(APIView):
    """The year's headline figures, computed from the records."""

    permission_classes = [IsNetworkStaff]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=True)],
        responses=inline_serializer(
            "AnnualFigures",
            {
                "year": serializers.IntegerField(),
                **{k: serializers.IntegerField() for k in _FIGURE_KEYS},
            },
        ),
    )
    def get(self, request: Request) -> Response:
        year = int_param(request.query_params.get("year"), lo=FIRST_YEAR, hi=LAST_YEAR)
        if year is None:
            raise serializers.ValidationError(
                {
                    "year": _("年份须为 %(lo)d–%(hi)d 之间的整数。")
                    % {"lo": FIRST_YEAR, "hi": LAST_YEAR}
                }
            )
        return Response(annual_figures(year, user=request.user))

    @classmethod
    def as_path(cls) -> URLPattern:
        return path("reports/annual/", cls.as_view(), name="api-annual-figures")
