from django.urls import path

from . import views

app_name = "chains"

urlpatterns = [
    path("", views.chain_list, name="list"),
    path("<int:pk>/", views.chain_detail, name="detail"),
    path("<int:pk>/graph.json", views.chain_graph, name="graph"),
    path("<int:pk>/gaps.xlsx", views.gap_report_excel, name="gaps-excel"),
    path("<int:pk>/gaps.pdf", views.gap_report_pdf, name="gaps-pdf"),
    path("technologies/<int:pk>/", views.technology_detail, name="technology"),
    path("technologies/<int:pk>/suggest/", views.suggest, name="suggest"),
    path("mappings/<int:pk>/decide/", views.decide, name="decide"),
]
