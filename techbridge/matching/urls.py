from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("needs/<int:pk>/", views.need_matches, name="need-matches"),
    path("needs/<int:pk>/decide/", views.decide, name="decide"),
    path("needs/<int:pk>/duplicates/", views.need_duplicates, name="need-duplicates"),
    path("<slug:resource_type>/<int:pk>/needs/", views.resource_needs, name="resource-needs"),
]
