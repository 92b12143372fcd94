from django.db import models
from django.utils.translation import gettext_lazy as _


class CooperationMode(models.TextChoices):
    CONTRACT_RD = "contract_rd", _("委托研发")
    LICENSING = "licensing", _("技术许可/转让")
    JOINT_LAB = "joint_lab", _("共建联合实验室")
    TALENT = "talent", _("人才引进与培养")


class Confidentiality(models.TextChoices):
    PUBLIC_SUMMARY = "public_summary", _("公开摘要")
    STAFF_ONLY = "staff_only", _("仅总部及指定人员可见")
    NAMED_ONLY = "named_only", _("仅指定人员可见")


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    OPEN = "open", _("对接中")
    PARKED = "parked", _("长期难题")
    MATCHED = "matched", _("已匹配")
    CONTRACTED = "contracted", _("已签约")
    CLOSED = "closed", _("已关闭")
