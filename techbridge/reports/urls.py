from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("annual/<int:year>/", views.annual, name="annual"),
    path("annual/<int:year>/files/", views.annual_files, name="annual-files"),
    path("annual/<int:year>/files/request/", views.annual_request, name="annual-request"),
    path("annual/files/<int:pk>/", views.annual_file, name="annual-file"),
]
