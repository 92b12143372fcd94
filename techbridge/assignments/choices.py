from django.db import models
from django.utils.translation import gettext_lazy as _


class HandlerType(models.TextChoices):
    PROJECT_MANAGER = "project_manager", _("项目经理")
    INSTITUTE = "institute", _("研究所")


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    SUPERSEDED = "superseded", _("已被新方案取代")
