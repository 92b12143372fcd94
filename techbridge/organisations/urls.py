from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.partner_list, name="partners"),
    path("<int:pk>/", views.partner_detail, name="partner"),
]
