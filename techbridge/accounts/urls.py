from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<slug:token_key>/revoke/", views.revoke, name="revoke-token"),
]
