from django.urls import path

from . import views

app_name = "cooperation"

urlpatterns = [
    path("pipeline/", views.pipeline, name="pipeline"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("contracts/", views.contract_list, name="contracts"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract"),
    path("jics/", views.jic_list, name="jics"),
    path("major-projects/", views.major_projects, name="major-projects"),
]
