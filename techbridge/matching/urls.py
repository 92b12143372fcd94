from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("needs/<int:pk>/", views.need_matches, name="need-matches"),
    path("needs/<int:pk>/decide/", views.decide, name="decide"),
    path("needs/<int:pk>/duplicates/", views.need_duplicates, name="need-duplicates"),
    path("glossary/", views.glossary_list, name="glossary"),
    path("glossary/<int:pk>/", views.glossary_edit, name="glossary-edit"),
    path("glossary/<int:pk>/delete/", views.glossary_delete, name="glossary-delete"),
    path("<slug:resource_type>/<int:pk>/needs/", views.resource_needs, name="resource-needs"),
]
