"""Registers: the record lists that pages list, export and import.

Each app declares its registers in its own ``registers.py`` (``REGISTERS = [Register(...)]``);
the registers app collects them (``techbridge.registers.registry``) and serves the list,
export and import pages. A :class:`Register` names its model, the file columns (model field
names; foreign keys are written and read by natural key, see
:data:`~.resources.NATURAL_KEYS`), the key that matches a file row to a stored record, the
FilterSet (the app's own where it has one), and who may see which records: reference
registers are for network staff (:func:`~techbridge.core.permissions.is_network_staff`);
an app gives its own rule where records are confidential (``visible_rule``). See
``docs/registers.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import django_filters
from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst
from django_filters.filterset import filterset_factory

from techbridge.core.filtersets import BaseFilterSet
from techbridge.core.glossary import save_term
from techbridge.core.permissions import is_network_staff

from .resources import RegisterResource, build_resource

Visible = Callable[[HttpRequest], QuerySet[Any]]


@dataclass
class Register:
    slug: str
    model_label: str
    columns: tuple[str, ...]
    natural_key: tuple[str, ...] = ("id",)
    #: Columns that find a stored record when a row has no id (see ``RegisterResource``).
    match_by: tuple[str, ...] = ()
    #: The service that writes one imported record, where the model has a workflow step of
    #: its own (``writer(user, instance)``); see ``RegisterResource.writer``.
    writer: Callable[[Any, Any], Any] | None = None
    filterset: str | tuple[str, ...] = ()
    search: tuple[str, ...] = ("name_zh", "name_en")
    staff_only: bool = True
    importable: bool = True
    readonly: tuple[str, ...] = ()
    related_querysets: dict[str, Callable[[Any], QuerySet[Any]]] = field(default_factory=dict)
    visible_rule: Visible | None = None
    list_columns: tuple[str, ...] = ()
    icon: str = "ti-database"

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def verbose_name(self) -> str:
        """The register's name as a heading: its records' plural name, capitalised ("Glossary")."""
        return capfirst(str(self.model._meta.verbose_name_plural))

    @property
    def change_permission(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.change_{opts.model_name}"

    def may_view(self, request: HttpRequest) -> bool:
        if not request.user.is_authenticated:
            return False
        return not self.staff_only or is_network_staff(request.user)

    @property
    def add_permission(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.add_{opts.model_name}"

    def may_import(self, request: HttpRequest) -> bool:
        """An import adds and changes records: both permissions are needed."""
        return (
            self.importable
            and is_network_staff(request.user)
            and request.user.has_perm(self.change_permission)
            and request.user.has_perm(self.add_permission)
        )

    def visible(self, request: HttpRequest) -> QuerySet[Any]:
        """The records ``request.user`` may list and export (none if they may not view)."""
        if not self.may_view(request):
            return self.model._default_manager.none()
        if self.visible_rule is not None:
            return self.visible_rule(request)
        return self.model._default_manager.all()

    def filterset_class(self) -> type[django_filters.FilterSet]:
        if isinstance(self.filterset, str):
            module, name = self.filterset.rsplit(".", 1)
            filterset: type[django_filters.FilterSet] = getattr(
                __import__(module, fromlist=[name]), name
            )
            return filterset
        return filterset_factory(self.model, filterset=BaseFilterSet, fields=list(self.filterset))

    def search_q(self, text: str) -> Q:
        query = Q()
        for name in self.search:
            query |= Q(**{f"{name}__icontains": text})
        return query

    def shown_columns(self) -> tuple[str, ...]:
        return self.list_columns or self.columns[:6]

    def related_columns(self) -> list[str]:
        opts = self.model._meta
        return [
            c
            for c in self.columns
            if isinstance(opts.get_field(c), models.ForeignKey | models.OneToOneField)
        ]

    def m2m_columns(self) -> list[str]:
        opts = self.model._meta
        return [c for c in self.columns if isinstance(opts.get_field(c), models.ManyToManyField)]

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """``queryset`` with the related records every column reads, fetched up front."""
        return queryset.select_related(*self.related_columns()).prefetch_related(
            *self.m2m_columns()
        )

    _resource: type[RegisterResource] | None = field(default=None, init=False, repr=False)

    @property
    def resource_class(self) -> type[RegisterResource]:
        if self._resource is None:
            self._resource = build_resource(
                self.model,
                self.columns,
                self.natural_key,
                readonly=self.readonly,
                related_querysets=self.related_querysets,
                match_by=self.match_by,
                writer=self.writer,
            )
        return self._resource

    def resource(self, user: Any = None, **kwargs: Any) -> RegisterResource:
        return self.resource_class(user=user, **kwargs)


def request_for(user: Any) -> HttpRequest:
    """A request carrying only ``user``, for rules written against a request."""
    return SimpleNamespace(user=user)  # type: ignore[return-value]


#: The term pairs matching translates by (its pages check rights through this register).
GLOSSARY = Register(
    "glossary",
    "core.GlossaryTerm",
    ("term_zh", "term_en", "field", "note"),
    natural_key=("term_zh", "term_en"),
    writer=save_term,
    filterset=("field",),
    search=("term_zh", "term_en", "note"),
    icon="ti-language",
)

#: The shared taxonomies every other register names its records by.
REGISTERS: list[Register] = [
    Register(
        "technology-fields",
        "core.TechnologyField",
        ("code", "name_zh", "name_en", "parent"),
        natural_key=("code",),
        filterset=("parent",),
        search=("code", "name_zh", "name_en"),
        icon="ti-hierarchy-2",
    ),
    GLOSSARY,
    Register(
        "industries",
        "core.Industry",
        ("code", "name_zh", "name_en"),
        natural_key=("code",),
        search=("code", "name_zh", "name_en"),
        icon="ti-building-factory",
    ),
]
