"""Forms for submitting and triaging needs; every error message is translated."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from techbridge.accounts.models import Membership
from techbridge.core.choices import Role
from techbridge.core.forms import MultipleFileField, TablerFormMixin
from techbridge.core.models import Industry, TechnologyField
from techbridge.core.uploads import check_upload
from techbridge.jics.models import JointInnovationCenter

from .models import TechnologyNeed
from .services import MAX_ATTACHMENT_BYTES, need_field_errors

#: Roles of the network's own people, whom any submitter may name on a need.
NAMEABLE_ROLES = (Role.HQ_STAFF, Role.INSTITUTE_STAFF, Role.JIC_MANAGER, Role.EXPERT)


def nameable_people(enterprises: Any) -> Any:
    """Who a submitter may name on a need: the network's people and the enterprise's own
    staff, never the staff of another enterprise."""
    memberships = Membership.objects.filter(is_active=True).filter(
        Q(role__in=NAMEABLE_ROLES) | Q(organisation__in=enterprises)
    )
    return get_user_model().objects.filter(is_active=True, pk__in=memberships.values("user_id"))


class NamedViewersField(forms.CharField):
    """People named by user name or e-mail address, one or more, separated by commas or
    spaces. The field looks each one up; it never lists who exists."""

    def __init__(self, *, people: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.people = people

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple) or hasattr(value, "all"):
            users = value.all() if hasattr(value, "all") else value
            return ", ".join(getattr(u, "username", str(u)) for u in users)
        return value

    def clean(self, value: Any) -> list[Any]:
        text = super().clean(value) or ""
        names = [n for n in re.split(r"[\s,，;；]+", text) if n]
        found: list[Any] = []
        missing: list[str] = []
        for name in dict.fromkeys(names):
            user = self.people.filter(Q(username__iexact=name) | Q(email__iexact=name)).first()
            (found if user is not None else missing).append(user if user is not None else name)
        if missing:
            raise forms.ValidationError(
                _("找不到这些人员：%(names)s。请填写平台用户名或电子邮箱。"),
                params={"names": "、".join(missing)},
            )
        return found


class NeedForm(TablerFormMixin, forms.ModelForm):
    """The guided intake form: problem, indicators, budget, deadline, mode, confidentiality."""

    attachments = MultipleFileField(
        label=_("附件"), required=False, help_text=_("可多选；单个文件不超过 20 MB")
    )
    named_viewers = NamedViewersField(
        label=_("指定可见人员"),
        help_text=_("填写用户名或电子邮箱，多人用逗号分隔；仅“仅指定人员可见”时使用"),
    )

    class Meta:
        model = TechnologyNeed
        fields = [
            "enterprise",
            "jic",
            "language",
            "title",
            "description",
            "technical_indicators",
            "technology_field",
            "industry",
            "budget_min_cny",
            "budget_max_cny",
            "deadline",
            "cooperation_mode",
            "confidentiality",
            "public_summary",
            "is_anonymous",
            "named_viewers",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "technical_indicators": forms.Textarea(attrs={"rows": 3}),
            "public_summary": forms.Textarea(attrs={"rows": 2}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "description": _("说明要解决的问题、现有做法与难点"),
            "technical_indicators": _("希望达到的技术指标，可量化的写出数值"),
            "industry": _("留空则使用企业所属行业"),
            "confidentiality": _(
                "选择“仅指定人员可见”时，总部也看不到这条需求，无法为它分诊和匹配，"
                "除非总部人员在指定人员之中。"
            ),
        }

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("enterprise").queryset = enterprises
        self._choices("jic").queryset = JointInnovationCenter.objects.filter(
            enterprise__in=enterprises
        ).order_by("name_zh")
        self._choices("technology_field").queryset = TechnologyField.objects.filter(
            parent__isnull=True
        )
        self.fields["industry"].required = False
        self._choices("industry").queryset = Industry.objects.all()
        named = self.fields["named_viewers"]
        assert isinstance(named, NamedViewersField)
        named.people = nameable_people(enterprises)
        if enterprises.count() == 1:
            self.fields["enterprise"].initial = enterprises.first()
        too_large = _("预算最多为 999,999,999,999.99 元（约 1 万亿元），最多两位小数。")
        for name in ("budget_min_cny", "budget_max_cny"):
            self.fields[name].error_messages.update(
                max_digits=too_large, max_whole_digits=too_large, max_decimal_places=too_large
            )

    def _choices(self, name: str) -> forms.ModelChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field

    def clean_attachments(self) -> Any:
        files = self.cleaned_data.get("attachments") or []
        errors = []
        for f in files:
            try:
                check_upload(f, max_bytes=MAX_ATTACHMENT_BYTES)
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        for name, messages in need_field_errors(data).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return data


class ClassifyForm(TablerFormMixin, forms.Form):
    industry = forms.ModelChoiceField(label=_("行业"), queryset=Industry.objects.all())
    technology_field = forms.ModelChoiceField(
        label=_("技术领域"), queryset=TechnologyField.objects.filter(parent__isnull=True)
    )


class ReasonForm(TablerFormMixin, forms.Form):
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 2}))


class OptionalReasonForm(TablerFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DuplicateForm(TablerFormMixin, forms.Form):
    original = forms.IntegerField(label=_("原需求编号"), min_value=1)


class NeedSearchForm(TablerFormMixin, forms.Form):
    q = forms.CharField(label=_("关键词"), required=False)
