from django.urls import path

from . import views

app_name = "assignments"

urlpatterns = [
    path("", views.run_list, name="runs"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/revise/", views.run_revise, name="revise"),
    path("<int:pk>/confirm/", views.run_confirm, name="confirm"),
]
