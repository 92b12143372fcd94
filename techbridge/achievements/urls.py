from django.urls import path

from . import views

app_name = "achievements"

urlpatterns = [
    path("<int:pk>/", views.achievement, name="detail"),
]
