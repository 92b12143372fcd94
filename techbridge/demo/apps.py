from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class DemoConfig(AppConfig):
    name = "techbridge.demo"
    verbose_name = pgettext_lazy("app", "演示数据")
