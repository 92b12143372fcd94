"""The base of every FilterSet (pages and API), and the filters of the two taxonomies.

:class:`BaseFilterSet` refuses out-of-range input with a form error (a 400 in the API, a
message on the pages) before it reaches the database: ids beyond a 64-bit integer (which the
database drivers raise on instead of answering "no such record") and years outside
:data:`~techbridge.core.params.FIRST_YEAR`–:data:`~techbridge.core.params.LAST_YEAR` (which
Django cannot turn into a date range).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from django_filters.conf import settings as filter_settings
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS

from techbridge.core.forms import QuickSelect, TablerFormMixin
from techbridge.core.models import BilingualNameMixin, GlossaryTerm, Industry, TechnologyField
from techbridge.core.params import FIRST_YEAR, LAST_YEAR, int_param

#: The largest id a 64-bit database integer holds.
MAX_ID = 2**63 - 1


def _integer_key(queryset: Any, to_field_name: str | None) -> bool:
    field = (
        queryset.model._meta.pk
        if not to_field_name
        else queryset.model._meta.get_field(to_field_name)
    )
    while field.is_relation:  # a multi-table child's key is its parent's
        field = field.target_field
    return isinstance(field, models.IntegerField | models.AutoField)


class BoundedModelChoiceField(filter_fields.ModelChoiceField):
    """A record chosen by id: a number no database integer holds is an invalid choice."""

    def to_python(self, value: Any) -> Any:
        if (
            value not in self.empty_values
            and value != self.null_value
            and _integer_key(self.queryset, self.to_field_name)
            and int_param(value, hi=MAX_ID) is None
        ):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class BoundedModelMultipleChoiceField(filter_fields.ModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        if value and _integer_key(self.queryset, self.to_field_name):
            for item in value if isinstance(value, list | tuple) else [value]:
                if int_param(item, hi=MAX_ID) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super().clean(value)


class BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = BoundedModelChoiceField


class BoundedModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = BoundedModelMultipleChoiceField


BOUNDED_DEFAULTS: dict[Any, dict[str, Any]] = {
    **FILTER_FOR_DBFIELD_DEFAULTS,
    models.ForeignKey: {
        **FILTER_FOR_DBFIELD_DEFAULTS[models.ForeignKey],
        "filter_class": BoundedModelChoiceFilter,
    },
    models.OneToOneField: {
        **FILTER_FOR_DBFIELD_DEFAULTS[models.OneToOneField],
        "filter_class": BoundedModelChoiceFilter,
    },
    models.OneToOneRel: {
        **FILTER_FOR_DBFIELD_DEFAULTS[models.OneToOneRel],
        "filter_class": BoundedModelChoiceFilter,
    },
    models.ManyToManyField: {
        **FILTER_FOR_DBFIELD_DEFAULTS[models.ManyToManyField],
        "filter_class": BoundedModelMultipleChoiceFilter,
    },
}


#: django-filter's empty choice, "---------", which a list's filter names instead.
EMPTY = filter_settings.EMPTY_CHOICE_LABEL


class BaseFilterSet(django_filters.FilterSet):
    """Every register's FilterSet: bounded ids and years, the rest as django-filter does; its
    form's widgets carry Tabler's classes, as every other form's do."""

    FILTER_DEFAULTS = BOUNDED_DEFAULTS

    def get_form_class(self) -> type[forms.Form]:
        form = super().get_form_class()
        return type(form.__name__, (TablerFormMixin, form), {})

    @classmethod
    def filter_for_field(
        cls, field: models.Field[Any, Any], field_name: str, lookup_expr: str | None = None
    ) -> django_filters.Filter:
        flt = super().filter_for_field(field, field_name, lookup_expr)
        if (
            isinstance(flt, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter)
            and flt.field_class.widget is forms.Select
        ):
            flt.extra.setdefault("widget", QuickSelect)
            if flt.extra.get("empty_label", EMPTY) == EMPTY:  # (a model's choice sets it)
                flt.extra["empty_label"] = _("全部")
        choices = flt.extra.get("queryset")
        if (
            isinstance(choices, models.QuerySet)
            and choices.model.__str__ is BilingualNameMixin.__str__
        ):
            # A choice shows the record's name alone: its other columns are not read.
            flt.extra["queryset"] = choices.only("pk", "name_zh", "name_en")
        if isinstance(flt, django_filters.NumberFilter):
            if lookup_expr and lookup_expr.split("__")[0] == "year":
                flt.extra.setdefault("min_value", FIRST_YEAR)
                flt.extra.setdefault("max_value", LAST_YEAR)
            elif isinstance(field, models.IntegerField | models.AutoField):
                flt.extra.setdefault("min_value", -MAX_ID)
                flt.extra.setdefault("max_value", MAX_ID)
        return flt


class TechnologyFieldFilterSet(BaseFilterSet):
    class Meta:
        model = TechnologyField
        fields = {"parent": ["exact", "isnull"], "code": ["exact", "startswith"]}


class IndustryFilterSet(BaseFilterSet):
    class Meta:
        model = Industry
        fields = {"code": ["exact"]}


class GlossaryTermFilterSet(BaseFilterSet):
    class Meta:
        model = GlossaryTerm
        fields = {"field": ["exact"], "term_zh": ["exact"], "term_en": ["exact"]}
