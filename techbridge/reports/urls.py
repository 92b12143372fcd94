from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("annual/<int:year>/", views.annual, name="annual"),
    path("annual/<int:year>.<slug:fmt>", views.annual_download, name="annual-download"),
]
