from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from techbridge.web import views as web_views

handler400 = "techbridge.web.views.bad_request"
handler403 = "techbridge.web.views.permission_denied"
handler404 = "techbridge.web.views.page_not_found"
handler500 = "techbridge.web.views.server_error"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("techbridge.api_urls")),
    path("healthz", web_views.healthz, name="healthz"),
    path("operations/", web_views.operations, name="operations"),
    path("operations/rebuild-index/", web_views.rebuild_index, name="rebuild-index"),
]
urlpatterns += i18n_patterns(
    path("", web_views.home, name="home"),
    path("search/", web_views.search, name="search"),
    path("needs/", include("techbridge.needs.urls")),
    path("reports/", include("techbridge.reports.urls")),
    path("institutes/", include("techbridge.reports.institute_urls")),
    path("matching/", include("techbridge.matching.urls")),
    path("cooperation/", include("techbridge.cooperation.urls")),
    path("assignments/", include("techbridge.assignments.urls")),
    path("notifications/", include("techbridge.notifications.urls")),
    path("chains/", include("techbridge.chains.urls")),
    path("ventures/", include("techbridge.ventures.urls")),
    path("talent/", include("techbridge.talent.urls")),
    path("publications/", include("techbridge.publications.urls")),
    path("partners/", include("techbridge.organisations.urls")),
    path("achievements/", include("techbridge.achievements.urls")),
    path("experts/", include("techbridge.people.urls")),
    path("registers/", include("techbridge.registers.urls")),
    path("accounts/", include("techbridge.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.OIDC_ENABLED:
    # The provider sends people back to /oidc/callback/ (register it with the provider).
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
