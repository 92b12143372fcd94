"""QuickSelect writes exactly the HTML of Django's template-rendered Select."""

from typing import Any

import pytest
from django import forms

from techbridge.core.forms import QuickSelect
from techbridge.core.models import TechnologyField
from techbridge.needs.filtersets import TechnologyNeedFilterSet
from techbridge.needs.models import TechnologyNeed

CHOICES: list[list[Any]] = [
    [("", "---------"), ("a&b", "A <b>"), ("c", 'C "quoted"')],
    [("", "-"), ("group <1>", [("1", "one"), ("2", "two")]), ("3", "three")],
    [(1, "x"), (2, "y")],
]


@pytest.mark.parametrize("choices", CHOICES, ids=["escaping", "groups", "integers"])
@pytest.mark.parametrize("value", ["", "a&b", "2", 2, None, ["1", "3"]])
@pytest.mark.parametrize(
    "attrs", [None, {"class": "form-select", "disabled": True, "data-x": False, "id": "i<d"}]
)
def test_the_same_html_as_django_select(
    choices: list[Any], value: Any, attrs: dict[str, Any] | None
) -> None:
    # Given the same choices, value and attributes; then both write the same HTML
    expected = forms.Select(choices=choices).render("na<me", value, attrs)
    assert QuickSelect(choices=choices).render("na<me", value, attrs) == expected


@pytest.mark.django_db
def test_record_choices_and_the_need_filters() -> None:
    # Given a choice of records (the technology fields)
    field = forms.ModelChoiceField(TechnologyField.objects.order_by("code"))
    plain, quick = forms.Select(), QuickSelect()
    choices: Any = field.choices  # (a ModelChoiceIterator: what the need filters render)
    plain.choices = quick.choices = choices
    chosen = TechnologyField.objects.order_by("code").values_list("pk", flat=True)[3]
    assert quick.render("f", chosen, {"id": "id_f"}) == plain.render("f", chosen, {"id": "id_f"})
    # and the need list's filters, which use it, render as Django's Select does
    filterset = TechnologyNeedFilterSet(
        {"status": "open", "technology_field": str(chosen)}, queryset=TechnologyNeed.objects.all()
    )
    for name in ("status", "confidentiality", "technology_field"):
        bound = filterset.form[name]
        assert isinstance(bound.field.widget, QuickSelect)
        widget = forms.Select(attrs=bound.field.widget.attrs)
        widget.choices = bound.field.widget.choices
        assert str(bound) == widget.render(bound.html_name, bound.value(), {"id": bound.auto_id})
