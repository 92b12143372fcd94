from django.urls import path

from . import views

app_name = "institutes"

urlpatterns = [
    path("evaluation/<int:year>/", views.evaluation, name="evaluation"),
    path("evaluation/<int:year>/what-if/", views.funding_what_if, name="what-if"),
    path("evaluation/<int:year>/confirm/", views.funding_confirm, name="confirm"),
]
