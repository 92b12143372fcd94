"""Technical cooperation contracts (with milestones and payments) and major projects."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from techbridge.core.models import BilingualNameMixin, TimeStampedModel, in_reader_language

from .choices import (
    CaseStage,
    ContractStatus,
    FundingSource,
    IntroductionAnswer,
    MajorProjectStatus,
)


class CooperationContract(TimeStampedModel):
    """A technical cooperation project and its contract between an enterprise and an institute."""

    title = models.CharField(_("项目名称"), max_length=300)
    #: The title in English where it has one (generated titles have both).
    title_en = models.CharField(_("英文项目名称"), max_length=300, blank=True)
    contract_number = models.CharField(_("合同编号"), max_length=40, unique=True)
    need = models.ForeignKey(
        "needs.TechnologyNeed",
        verbose_name=_("来源需求"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    jic = models.ForeignKey(
        "jics.JointInnovationCenter",
        verbose_name=_("联合创新中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    client = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("委托方"),
        on_delete=models.PROTECT,
        related_name="client_contracts",
    )
    contractor = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("承担研究所"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    other_parties = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("其他参与方"),
        blank=True,
        related_name="participated_contracts",
    )
    value_cny = models.DecimalField(_("合同金额（元）"), max_digits=14, decimal_places=2)
    signed_on = models.DateField(_("签订日期"))
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=ContractStatus.choices, default=ContractStatus.SIGNED
    )
    #: The case this contract concluded. One-to-one: the database refuses a second contract
    #: for the same case, whoever writes it (a double click, a retry, an import).
    case = models.OneToOneField(
        "CooperationCase",
        verbose_name=_("对接项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contract",
    )

    class Meta:
        ordering = ["-signed_on", "contract_number"]
        verbose_name = _("技术合作合同")
        verbose_name_plural = pgettext_lazy("plural", "技术合作合同")
        constraints = [
            models.CheckConstraint(
                condition=Q(value_cny__gte=0),
                name="contract_value_not_negative",
                violation_error_message=_("合同金额不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(end_on__gte=F("start_on")),
                name="contract_dates_in_order",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_number} {self.title_label}"

    @property
    def title_label(self) -> str:
        """The title in the reader's language where the contract has it in that language."""
        return in_reader_language(self.title, self.title_en)


def acceptance_path(instance: ContractMilestone, filename: str) -> str:
    return f"contracts/{instance.contract_id}/acceptance/{filename}"


class ContractMilestone(TimeStampedModel):
    contract = models.ForeignKey(
        CooperationContract,
        verbose_name=_("合同"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("里程碑"), max_length=300)
    due_on = models.DateField(_("计划完成日期"))
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    amount_cny = models.DecimalField(
        _("对应付款（元）"), max_digits=14, decimal_places=2, default=0
    )
    #: The signed acceptance record (served to the contract's parties only, as a download).
    acceptance_document = models.FileField(
        _("验收文件"), upload_to=acceptance_path, blank=True, max_length=300
    )
    acceptance_content_type = models.CharField(
        _("验收文件类型"), max_length=120, blank=True, editable=False
    )

    class Meta:
        ordering = ["contract", "due_on"]
        verbose_name = _("合同里程碑")
        verbose_name_plural = pgettext_lazy("plural", "合同里程碑")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cny__gte=0),
                name="milestone_amount_not_negative",
                violation_error_message=_("金额不能为负数。"),
            )
        ]

    def __str__(self) -> str:
        return self.title


class ContractPayment(TimeStampedModel):
    contract = models.ForeignKey(
        CooperationContract,
        verbose_name=_("合同"),
        on_delete=models.CASCADE,
        related_name="payments",
    )
    received_on = models.DateField(_("到账日期"))
    amount_cny = models.DecimalField(_("到账金额（元）"), max_digits=14, decimal_places=2)
    milestone = models.ForeignKey(
        ContractMilestone,
        verbose_name=_("对应里程碑"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )

    class Meta:
        ordering = ["contract", "received_on"]
        verbose_name = _("合同到账")
        verbose_name_plural = pgettext_lazy("plural", "合同到账")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cny__gt=0),
                name="payment_amount_positive",
                violation_error_message=_("到账金额必须大于零。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract.contract_number} {self.received_on}"

    def clean(self) -> None:
        """A payment belongs to its contract's milestone, arrives after signing, and the
        contract's payments never add up to more than its value."""
        super().clean()
        contract = self.contract if self.contract_id else None
        if contract is None:
            return
        errors: dict[str, Any] = {}
        if self.milestone_id and self.milestone and self.milestone.contract_id != contract.pk:
            errors["milestone"] = _("该里程碑属于另一份合同。")
        if self.received_on and self.received_on < contract.signed_on:
            errors["received_on"] = _("到账日期不能早于合同签订日期。")
        if self.amount_cny is not None:
            others = (
                contract.payments.exclude(pk=self.pk).aggregate(s=models.Sum("amount_cny"))["s"]
                or 0
            )
            if others + self.amount_cny > contract.value_cny:
                errors["amount_cny"] = _(
                    "合同到账合计不能超过合同金额（已到账 %(paid)s 元，合同金额 %(value)s 元）。"
                ) % {"paid": f"{others:,.2f}", "value": f"{contract.value_cny:,.2f}"}
        if errors:
            raise ValidationError(errors)


class MajorProject(BilingualNameMixin, TimeStampedModel):
    """A major industrial innovation project; its investment is the sum of its funding."""

    lead_institute = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("牵头研究所"),
        on_delete=models.PROTECT,
        related_name="led_major_projects",
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("合作单位"),
        blank=True,
        related_name="major_projects",
    )
    description = models.TextField(_("项目简介"), blank=True)
    approved_on = models.DateField(_("立项日期"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=MajorProjectStatus.choices,
        default=MajorProjectStatus.APPROVED,
    )

    class Meta:
        ordering = ["-approved_on", "name_zh"]
        verbose_name = _("重大项目")
        verbose_name_plural = pgettext_lazy("plural", "重大项目")


class MajorProjectFunding(TimeStampedModel):
    project = models.ForeignKey(
        MajorProject, verbose_name=_("重大项目"), on_delete=models.CASCADE, related_name="funding"
    )
    source = models.CharField(_("资金来源"), max_length=20, choices=FundingSource.choices)
    funder = models.CharField(_("出资方"), max_length=200, blank=True)
    amount_cny = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["project", "source"]
        verbose_name = _("重大项目资金")
        verbose_name_plural = pgettext_lazy("plural", "重大项目资金")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cny__gte=0),
                name="funding_amount_not_negative",
                violation_error_message=_("金额不能为负数。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.get_source_display()}"


class MajorProjectMilestone(TimeStampedModel):
    project = models.ForeignKey(
        MajorProject,
        verbose_name=_("重大项目"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("里程碑"), max_length=300)
    due_on = models.DateField(_("计划完成日期"))
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["project", "due_on"]
        verbose_name = _("重大项目里程碑")
        verbose_name_plural = pgettext_lazy("plural", "重大项目里程碑")

    def __str__(self) -> str:
        return self.title


class CooperationCase(TimeStampedModel):
    """One introduction of a resource to a need, followed until it is accepted or lost."""

    need = models.ForeignKey(
        "needs.TechnologyNeed",
        verbose_name=_("技术需求"),
        on_delete=models.CASCADE,
        related_name="cases",
    )
    resource_type = models.CharField(_("资源类型"), max_length=20)
    resource_id = models.CharField(_("资源编号"), max_length=40)
    resource_name = models.CharField(_("对接资源"), max_length=300)
    #: The resource's name in English (both are written when the case opens).
    resource_name_en = models.CharField(_("对接资源英文名称"), max_length=300, blank=True)
    institute = models.ForeignKey(
        "institutes.ResearchInstitute",
        verbose_name=_("承接研究所"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    stage = models.CharField(
        _("阶段"), max_length=20, choices=CaseStage.choices, default=CaseStage.INTRODUCED
    )
    stage_since = models.DateTimeField(_("进入当前阶段时间"))
    lost_reason = models.TextField(_("未成功原因"), blank=True)
    #: The introduced resource's answer (the expert, or the institute's staff).
    answer = models.CharField(
        _("引荐回复"),
        max_length=10,
        choices=IntroductionAnswer.choices,
        default=IntroductionAnswer.PENDING,
    )
    answer_note = models.TextField(_("回复说明"), blank=True)
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="cooperation_cases",
    )

    class Meta:
        ordering = ["-stage_since", "-id"]
        verbose_name = _("对接项目")
        verbose_name_plural = pgettext_lazy("plural", "对接项目")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "resource_type", "resource_id"], name="case_one_per_resource"
            ),
            models.CheckConstraint(
                condition=~Q(stage=CaseStage.LOST) | ~Q(lost_reason=""),
                name="case_lost_has_reason",
                violation_error_message=_("未成功的对接必须说明原因。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need} ↔ {self.resource_label}"

    @property
    def resource_label(self) -> str:
        """The resource's name in the reader's language."""
        return in_reader_language(self.resource_name, self.resource_name_en)


class CaseStageChange(TimeStampedModel):
    case = models.ForeignKey(
        CooperationCase,
        verbose_name=_("对接项目"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=CaseStage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=CaseStage.choices)
    changed_at = models.DateTimeField(_("变更时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["case", "changed_at", "id"]
        verbose_name = _("阶段变更")
        verbose_name_plural = pgettext_lazy("plural", "阶段变更")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_stage} → {self.to_stage}"


def message_attachment_path(instance: CaseMessage, filename: str) -> str:
    return f"cases/{instance.case_id}/messages/{filename}"


class CaseMessage(TimeStampedModel):
    """A message in a case's thread between headquarters, the enterprise and the introduced
    resource, with an optional attachment (served to the case's readers only, as a download)."""

    case = models.ForeignKey(
        CooperationCase,
        verbose_name=_("对接项目"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发言人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("内容"))
    attachment = models.FileField(
        _("附件"), upload_to=message_attachment_path, blank=True, max_length=300
    )
    #: The attachment's type as read from its content (``core.uploads.check_upload``).
    attachment_content_type = models.CharField(
        _("附件类型"), max_length=120, blank=True, editable=False
    )

    class Meta:
        ordering = ["case", "created_at", "id"]
        verbose_name = _("对接留言")
        verbose_name_plural = pgettext_lazy("plural", "对接留言")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.body[:40]}"

    @property
    def attachment_name(self) -> str:
        return str(self.attachment.name).rsplit("/", 1)[-1] if self.attachment else ""


class CaseMeeting(TimeStampedModel):
    """A meeting of a case's parties, sent to them as a calendar invitation."""

    case = models.ForeignKey(
        CooperationCase,
        verbose_name=_("对接项目"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    title = models.CharField(_("会议主题"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    duration_minutes = models.PositiveIntegerField(_("时长（分钟）"), default=60)
    location = models.CharField(_("地点"), max_length=300, blank=True)
    online_url = models.URLField(_("线上会议链接"), max_length=500, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("组织人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: The calendar UID: the same for every invitation of this meeting, so that a calendar
    #: that receives it again updates the event instead of adding a second one.
    calendar_uid = models.UUIDField(_("日历标识"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["case", "starts_at", "id"]
        verbose_name = _("对接会议")
        verbose_name_plural = pgettext_lazy("plural", "对接会议")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=24 * 60),
                name="meeting_duration_in_range",
                violation_error_message=_("会议时长须在 5 分钟到 24 小时之间。"),
            ),
            models.CheckConstraint(
                condition=~Q(location="") | ~Q(online_url=""),
                name="meeting_has_place",
                violation_error_message=_("请填写会议地点或线上会议链接。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)
