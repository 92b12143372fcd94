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


class NeedEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("提交需求")
    EDITED = "edited", _("修改需求")
    CLASSIFIED = "classified", _("分类")
    DUPLICATE = "duplicate", _("标记为重复")
    RETURNED = "returned", _("退回修改")
    PARKED = "parked", _("列为长期难题")
    OPENED = "opened", _("开放对接")
    MATCHED = "matched", _("引荐资源")
    INTRODUCTION_ACCEPTED = "introduction_accepted", _("资源接受引荐")
    INTRODUCTION_DECLINED = "introduction_declined", _("资源婉拒引荐")
    CONTRACTED = "contracted", _("签订合同")
    DISCLOSURE_REQUESTED = "disclosure_requested", _("申请查看全文")
    DISCLOSURE_APPROVED = "disclosure_approved", _("同意披露全文")
    DISCLOSURE_REJECTED = "disclosure_rejected", _("拒绝披露全文")


class DisclosureStatus(models.TextChoices):
    PENDING = "pending", _("待企业确认")
    APPROVED = "approved", _("已同意")
    REJECTED = "rejected", _("已拒绝")
