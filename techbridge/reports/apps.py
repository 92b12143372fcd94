from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.menu import Audience, MenuItem


class ReportsConfig(AppConfig):
    name = "techbridge.reports"
    verbose_name = pgettext_lazy("app", "报告")
    menu_items = (
        MenuItem(
            _("研究所"),
            "institutes:list",
            "ti-building",
            10,
            Audience.NETWORK_STAFF,
            group="network",
        ),
        MenuItem(
            pgettext_lazy("menu", "绩效评价"),
            "institutes:evaluation",
            "ti-chart-bar",
            70,
            Audience.HEADQUARTERS,
            url_args=(2020,),
        ),
        MenuItem(
            pgettext_lazy("menu", "年度报告"),
            "reports:annual",
            "ti-report-analytics",
            80,
            Audience.NETWORK_STAFF,
            url_args=(2020,),
        ),
    )

    def ready(self) -> None:
        from .signals import connect

        connect()  # the shared cache of the yearly figures follows every change
