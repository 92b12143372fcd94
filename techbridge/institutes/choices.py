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


class Indicator(models.TextChoices):
    """What an evaluation can weigh; each is computed from the records of the year."""

    ENTERPRISE_REVENUE_SHARE = "enterprise_revenue_share", _("企业合同收入占比")
    REVENUE_GROWTH = "revenue_growth", _("收入增长率")
    ENTERPRISE_REVENUE = "enterprise_revenue", _("企业合同收入")
    TRANSFERS = "transfers", _("成果转化数")
    SPINOFFS = "spinoffs", _("衍生企业数")
    CONTRACT_VALUE = "contract_value", _("技术合同金额")
    STUDENTS = "students", _("联合培养研究生数")
