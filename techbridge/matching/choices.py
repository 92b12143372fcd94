from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceType(models.TextChoices):
    EXPERT = "expert", _("专家")
    INSTITUTE = "institute", _("研究所")
    ACHIEVEMENT = "achievement", _("科技成果")
    PARTNER = "partner", _("海外合作伙伴")


class DecisionAction(models.TextChoices):
    SHORTLISTED = "shortlisted", _("加入候选")
    DISMISSED = "dismissed", _("排除")
    INTRODUCED = "introduced", _("已引荐")
    CONTRACTED = "contracted", _("已签约")
