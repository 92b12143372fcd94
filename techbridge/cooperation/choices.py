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


class CaseStage(models.TextChoices):
    """From introduction to result; ``lost`` ends a case at any stage, with a reason."""

    INTRODUCED = "introduced", _("已引荐")
    IN_CONTACT = "in_contact", _("接洽中")
    NEGOTIATING = "negotiating", _("谈判中")
    CONTRACTED = "contracted", _("已签约")
    IN_DELIVERY = "in_delivery", _("执行中")
    ACCEPTED = "accepted", _("已验收")
    LOST = "lost", _("未成功")


#: The stages in order; a case moves forward (or to ``lost``).
STAGE_ORDER: list[str] = [
    CaseStage.INTRODUCED,
    CaseStage.IN_CONTACT,
    CaseStage.NEGOTIATING,
    CaseStage.CONTRACTED,
    CaseStage.IN_DELIVERY,
    CaseStage.ACCEPTED,
]


class IntroductionAnswer(models.TextChoices):
    """The introduced expert's or institute's answer to an introduction."""

    PENDING = "pending", _("待回复")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("已婉拒")
