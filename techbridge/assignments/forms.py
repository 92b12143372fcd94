from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from techbridge.core.forms import TablerFormMixin
from techbridge.core.models import TechnologyField


class NewRunForm(TablerFormMixin, forms.Form):
    technology_field = forms.ModelChoiceField(
        label=_("技术领域"),
        required=False,
        empty_label=_("全部领域"),
        queryset=TechnologyField.objects.filter(parent__isnull=True),
    )
    limit = forms.IntegerField(label=_("本批最多需求数"), min_value=1, max_value=2000, initial=50)
    handlers_per_need = forms.IntegerField(
        label=_("每项需求的处理人数"), min_value=1, max_value=5, initial=2
    )
