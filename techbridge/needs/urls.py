from django.urls import path

from . import views

app_name = "needs"

urlpatterns = [
    path("", views.need_list, name="list"),
    path("new/", views.need_create, name="create"),
    path("export.<slug:fmt>", views.need_export, name="export"),
    path("<int:pk>/", views.need_detail, name="detail"),
    path("<int:pk>/edit/", views.need_edit, name="edit"),
    path("<int:pk>/triage/<slug:action>/", views.need_triage, name="triage"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path("<int:pk>/disclosure/", views.disclosure_request, name="disclosure-request"),
    path(
        "<int:pk>/disclosure/<int:request_pk>/",
        views.disclosure_decide,
        name="disclosure-decide",
    ),
]
