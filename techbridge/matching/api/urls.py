"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from django.urls import re_path

from .views import NeedDecisionsView, NeedMatchesView

routes: list[tuple[str, type, str | None]] = []
urlpatterns = [
    re_path(
        r"^needs/(?P<pk>[0-9]{1,18})/matches/$", NeedMatchesView.as_view(), name="need-matches"
    ),
    re_path(
        r"^needs/(?P<pk>[0-9]{1,18})/decisions/$",
        NeedDecisionsView.as_view(),
        name="need-decisions",
    ),
]
