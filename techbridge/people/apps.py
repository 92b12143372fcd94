from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "techbridge.people"
    verbose_name = _("专家与项目经理")
