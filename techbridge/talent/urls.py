from django.urls import path

from . import views

app_name = "talent"

urlpatterns = [
    path("", views.fellows, name="fellows"),
    path("university/", views.university, name="university"),
    path("project-managers/", views.project_managers, name="project-managers"),
    path("project-managers/<int:pk>/", views.project_manager, name="project-manager"),
]
