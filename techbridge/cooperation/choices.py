from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractStatus(models.TextChoices):
    SIGNED = "signed", _("已签约")
    IN_DELIVERY = "in_delivery", _("执行中")
    ACCEPTED = "accepted", _("已验收")
    TERMINATED = "terminated", _("已终止")


class FundingSource(models.TextChoices):
    NATIONAL = "national", _("国家财政")
    PROVINCIAL = "provincial", _("省级财政")
    MUNICIPAL = "municipal", _("市县财政")
    ENTERPRISE = "enterprise", _("企业自筹")
    NETWORK = "network", _("本网络投入")
    SOCIAL_CAPITAL = "social_capital", _("社会资本")


class MajorProjectStatus(models.TextChoices):
    APPROVED = "approved", _("已立项")
    UNDERWAY = "underway", _("实施中")
    COMPLETED = "completed", _("已完成")
