from django.db import models
from django.utils.translation import gettext_lazy as _


class AchievementKind(models.TextChoices):
    PATENT = "patent", _("专利")
    KNOW_HOW = "know_how", _("技术秘密")
    PROTOTYPE = "prototype", _("样机")
    SOFTWARE = "software", _("软件著作权")
    PROCESS = "process", _("工艺")


class TransferMode(models.TextChoices):
    ASSIGNMENT = "assignment", _("转让")
    LICENCE = "licence", _("许可")
    EQUITY = "equity", _("作价入股")


class Readiness(models.IntegerChoices):
    """Technology readiness levels 1–9."""

    TRL1 = 1, _("TRL 1 基本原理")
    TRL2 = 2, _("TRL 2 技术概念")
    TRL3 = 3, _("TRL 3 概念验证")
    TRL4 = 4, _("TRL 4 实验室验证")
    TRL5 = 5, _("TRL 5 相关环境验证")
    TRL6 = 6, _("TRL 6 原型演示")
    TRL7 = 7, _("TRL 7 实际环境演示")
    TRL8 = 8, _("TRL 8 系统定型")
    TRL9 = 9, _("TRL 9 批量应用")
