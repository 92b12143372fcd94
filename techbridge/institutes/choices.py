from django.db import models
from django.utils.translation import gettext_lazy as _


class RevenueSource(models.TextChoices):
    ENTERPRISE_CONTRACTS = "enterprise_contracts", _("企业技术合同")
    GOVERNMENT = "government", _("政府项目")
    SPINOFF_INCOME = "spinoff_income", _("衍生企业收益")
    OTHER = "other", _("其他")


class FigureOrigin(models.TextChoices):
    """Where a yearly figure came from; every figure says which."""

    MANUAL = "manual", _("手工录入")
    IMPORTED = "imported", _("Excel 导入")
    DERIVED = "derived", _("由平台记录计算")
