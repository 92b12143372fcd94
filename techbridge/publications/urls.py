from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("", views.runs, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run-progress"),
    path("runs/<int:pk>/undo/", views.run_undo, name="run-undo"),
    path("review/", views.review, name="review"),
    path("links/<int:pk>/decide/", views.decide, name="decide"),
    path("links/<int:pk>/new-expert/", views.new_expert, name="new-expert"),
    path("experts/search/", views.expert_search, name="expert-search"),
    path("experts/<int:pk>/", views.expert_works, name="expert"),
    path("experts/<int:pk>/refresh/", views.expert_refresh, name="expert-refresh"),
]
