"""Forms of the matching pages."""

from __future__ import annotations

from django import forms

from techbridge.core.forms import TablerFormMixin
from techbridge.core.models import GlossaryTerm, TechnologyField


class GlossaryTermForm(TablerFormMixin, forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ("term_zh", "term_en", "field", "note")
        widgets = {
            "term_zh": forms.TextInput(attrs={"placeholder": "增材制造"}),
            "term_en": forms.TextInput(attrs={"placeholder": "additive manufacturing"}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = TechnologyField.objects.order_by("code")
