from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.menu import Audience, MenuItem


class PublicationsConfig(AppConfig):
    name = "techbridge.publications"
    verbose_name = pgettext_lazy("app", "论文与专利导入")
    menu_items = (
        MenuItem(
            _("论文与专利导入"),
            "publications:runs",
            "ti-file-import",
            40,
            Audience.EXPERT_KEEPERS,
            group="network",
            section=1,
        ),
        MenuItem(
            _("作者关联审核"),
            "publications:review",
            "ti-user-check",
            50,
            Audience.EXPERT_KEEPERS,
            group="network",
            section=1,
        ),
    )
