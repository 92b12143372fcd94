from django.urls import path  # noqa: F401

app_name = "registers"

urlpatterns: list[object] = []
