from django.db import models
from django.utils.translation import gettext_lazy as _


class SpinOffStatus(models.TextChoices):
    ACTIVE = "active", _("存续")
    ACQUIRED = "acquired", _("已被并购")
    LISTED = "listed", _("已上市")
    CLOSED = "closed", _("已注销")


class RoundKind(models.TextChoices):
    GRANT = "grant", _("拨投结合资助")
    ANGEL = "angel", _("天使轮")
    PRE_A = "pre_a", _("Pre-A 轮")
    SERIES_A = "series_a", _("A 轮")
    SERIES_B = "series_b", _("B 轮")
    SERIES_C = "series_c", _("C 轮")
    EXIT = "exit", _("退出")
