from django.urls import path

from . import views

app_name = "ventures"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("<int:pk>/", views.spinoff_detail, name="spinoff"),
]
