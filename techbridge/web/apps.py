from django.apps import AppConfig
from django.utils.translation import pgettext_lazy

from techbridge.core.menu import Audience, MenuGroup, MenuItem


class WebConfig(AppConfig):
    """The pages that bring the apps together: home, health, error pages, shared template tags."""

    name = "techbridge.web"
    verbose_name = pgettext_lazy("app", "门户")
    menu_items = (
        MenuItem(pgettext_lazy("menu", "总览"), "home", "ti-dashboard", 10),
        MenuItem(
            pgettext_lazy("menu", "数据管理"), "admin:index", "ti-database", 90, Audience.ADMIN
        ),
        MenuItem(
            pgettext_lazy("menu", "系统运行"),
            "operations",
            "ti-activity-heartbeat",
            95,
            Audience.ADMIN,
            test_id="nav-operations",
        ),
    )
    menu_groups = (
        MenuGroup(
            "network",
            pgettext_lazy("menu", "创新网络"),
            "ti-building-community",
            60,
            Audience.NETWORK_STAFF,
            test_id="nav-network",
        ),
    )
