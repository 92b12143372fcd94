from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AssignmentsConfig(AppConfig):
    name = "techbridge.assignments"
    verbose_name = pgettext_lazy("app", "需求分配")
