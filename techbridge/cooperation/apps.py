from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CooperationConfig(AppConfig):
    name = "techbridge.cooperation"
    verbose_name = pgettext_lazy("app", "技术合作")
