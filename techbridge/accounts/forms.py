"""The form that issues a personal API token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from techbridge.core.forms import TablerFormMixin

from .choices import TokenScope
from .services import MAX_TOKEN_DAYS


class TokenForm(TablerFormMixin, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100, help_text=_("例如：数据同步脚本"))
    scope = forms.ChoiceField(label=_("权限范围"), choices=TokenScope.choices)
    days = forms.IntegerField(
        label=_("有效天数"), min_value=1, max_value=MAX_TOKEN_DAYS, initial=90
    )
