"""Forms of the cooperation pipeline: moving a case, registering its contract, recording its
payments and milestone acceptance."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from techbridge.core.forms import TablerFormMixin
from techbridge.institutes.models import ResearchInstitute

from .choices import CaseStage
from .models import ContractMilestone, CooperationContract


class MoveCaseForm(TablerFormMixin, forms.Form):
    to_stage = forms.ChoiceField(label=_("推进到"), choices=CaseStage.choices)
    note = forms.CharField(
        label=_("说明（未成功时必填）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ContractForm(TablerFormMixin, forms.Form):
    contractor = forms.ModelChoiceField(
        label=_("承担研究所"), queryset=ResearchInstitute.objects.order_by("name_zh")
    )
    value_cny = forms.DecimalField(label=_("合同金额（元）"), min_value=0, decimal_places=2)
    signed_on = forms.DateField(
        label=_("签订日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    start_on = forms.DateField(
        label=_("开始日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    end_on = forms.DateField(
        label=_("结束日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        start, end = data.get("start_on"), data.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", _("结束日期不能早于开始日期。"))
        return data


class MilestoneForm(TablerFormMixin, forms.Form):
    title = forms.CharField(label=_("里程碑"), max_length=300)
    due_on = forms.DateField(
        label=_("计划完成日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    amount_cny = forms.DecimalField(label=_("对应付款（元）"), min_value=0, decimal_places=2)


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=3, min_num=1, validate_min=True)


class PaymentForm(TablerFormMixin, forms.Form):
    """A payment received on a contract (the rules are the payment service's)."""

    received_on = forms.DateField(
        label=_("到账日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    amount_cny = forms.DecimalField(
        label=_("到账金额（元）"),
        min_value=0.01,
        max_digits=14,
        decimal_places=2,
        error_messages={"max_digits": _("金额过大：最多 12 位整数。")},
    )
    milestone = forms.ModelChoiceField(
        label=_("对应里程碑"), queryset=ContractMilestone.objects.none(), required=False
    )

    def __init__(self, *args: Any, contract: CooperationContract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["milestone"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = contract.milestones.all()


class SignOffForm(TablerFormMixin, forms.Form):
    """A milestone's acceptance: its date and, where there is one, the signed record."""

    accepted_on = forms.DateField(
        label=_("验收日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    document = forms.FileField(label=_("验收文件"), required=False)


class CaseMessageForm(TablerFormMixin, forms.Form):
    """A message to a case's thread (the rules, the attachment's among them, are the service's)."""

    body = forms.CharField(
        label=_("留言"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = forms.FileField(label=_("附件"), required=False)


class CaseMeetingForm(TablerFormMixin, forms.Form):
    title = forms.CharField(label=_("会议主题"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("开始时间"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
    )
    duration_minutes = forms.IntegerField(
        label=_("时长（分钟）"), min_value=5, max_value=24 * 60, initial=60
    )
    location = forms.CharField(label=_("地点"), max_length=300, required=False)
    online_url = forms.URLField(label=_("线上会议链接"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not data.get("location") and not data.get("online_url") and not self.errors:
            self.add_error("location", _("请填写会议地点或线上会议链接。"))
        return data
