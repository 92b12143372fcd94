from django.urls import path

from . import institute_views as views

app_name = "institutes"

urlpatterns = [
    path("", views.institute_list, name="list"),
    path("<int:pk>/", views.institute_dashboard, name="dashboard"),
    path("evaluation/<int:year>/", views.evaluation, name="evaluation"),
    path("evaluation/<int:year>/what-if/", views.funding_what_if, name="what-if"),
    path("evaluation/<int:year>/confirm/", views.funding_confirm, name="confirm"),
]
