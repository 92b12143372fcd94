from django.urls import path

from . import views

app_name = "registers"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.register_list, name="list"),
    path("<slug:slug>/export.<slug:fmt>", views.register_export, name="export"),
    path("<slug:slug>/template.<slug:fmt>", views.register_template, name="template"),
    path("<slug:slug>/import/", views.register_import, name="import"),
    path(
        "<slug:slug>/import/<str:token>/confirm/",
        views.register_import_confirm,
        name="import-confirm",
    ),
    path(
        "<slug:slug>/import/<str:token>/progress/",
        views.register_import_progress,
        name="import-progress",
    ),
]
