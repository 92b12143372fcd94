"""One django-import-export resource per register, built from the register's columns.

Speed matters (50,000 rows in well under a minute), so the resource keeps
django-import-export's workflow (rows, widgets, ``full_clean``, row results, bulk writes,
one transaction) but replaces the parts that cost one query per row:

- existing records are matched on the register's natural key from one dictionary read
  at the start (:meth:`RegisterResource.get_instance`);
- foreign keys are resolved from dictionaries (:class:`~.widgets.NaturalKeyWidget`);
- uniqueness is checked against keys read once plus the rows already seen in the file, and
  ``CheckConstraint`` conditions are evaluated in Python (:mod:`.constraints`), so every
  violation is reported on its row and column before anything is written;
- a dry run (the preview) writes nothing; the confirmed import writes in bulk
  (``bulk_create`` / ``bulk_update`` in batches) inside one transaction that is rolled back
  when any row fails.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from import_export import fields, resources

from . import constraints, widgets

#: Natural keys by which a related record may be named in a file, most preferred first.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "core.technologyfield": ("code", "name_zh", "name_en"),
    "core.industry": ("code", "name_zh", "name_en"),
    "institutes.businessunit": ("code", "name_zh", "name_en"),
    "institutes.innovationplatform": ("code", "name_zh", "name_en"),
    "institutes.researchinstitute": ("name_zh", "short_name", "name_en"),
    "organisations.organisation": ("name_zh", "name_en"),
    "organisations.enterprise": ("name_zh", "name_en", "unified_credit_code"),
    "organisations.university": ("name_zh", "name_en"),
    "organisations.overseaspartner": ("name_zh", "name_en"),
    "jics.jointinnovationcenter": ("name_zh", "name_en"),
    "ventures.spinoff": ("name_zh", "name_en"),
    "cooperation.majorproject": ("name_zh", "name_en"),
    "cooperation.cooperationcontract": ("contract_number",),
    "talent.graduatecohort": ("name_zh", "name_en"),
    "talent.graduatestudent": ("name_zh", "name_en"),
    "talent.projectcourse": ("title_zh", "title_en"),
    "people.expert": ("email", "name_zh", "name_en"),
    "people.projectmanager": ("name_zh", "name_en"),
    "organisations.partnershipagreement": ("title",),
    "achievements.technologicalachievement": ("patent_number", "title"),
}
#: Records without a natural key are named by their id. An export writes the first key
#: that names a record alone, and its id where none does (see ``NaturalKeyWidget.render``).
BY_ID: tuple[str, ...] = ("pk",)

PROGRESS_EVERY = 500

#: First characters that make a spreadsheet cell a formula (quoted on export).
FORMULA_STARTS = ("=", "+", "-", "@")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def natural_keys(model: type[models.Model]) -> tuple[str, ...]:
    return NATURAL_KEYS.get(model._meta.label_lower, BY_ID)


class RegisterResource(resources.ModelResource):
    """Base of every register's resource; see the module docstring for what it changes."""

    #: Set by :func:`build_resource`: the import key (column names) of the register.
    natural_key: tuple[str, ...] = ("id",)

    #: Set by :func:`build_resource`: column -> the related records a user may name in it.
    related_querysets: dict[str, Callable[[Any], Any]] = {}

    #: Set by :func:`build_resource`: columns that also identify a stored record (an
    #: expert's e-mail, an enterprise's credit code) when a row leaves its id blank, so
    #: that importing the same file twice updates instead of duplicating. Compared without
    #: case and surrounding spaces; blank values match nothing.
    match_by: tuple[str, ...] = ()
    #: The service that writes one row's record (``writer(user, instance)``), where the
    #: register's model has a workflow step of its own (contracts); rows are then written
    #: one by one through it instead of in bulk.
    writer: Callable[[Any, Any], Any] | None = None

    def __init__(
        self,
        user: Any = None,
        progress: Callable[[int], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.user = user
        self.progress = progress
        self.written = []
        for name, visible in self.related_querysets.items():
            self.fields[name].widget.queryset = partial(visible, user)
        self._existing: dict[tuple[Any, ...], Any] | None = None
        self._existing_by: dict[str, dict[str, Any]] = {}
        self._matched_rows: dict[tuple[str, str], int] = {}
        self._checks = constraints.ModelChecks(self._meta.model, self.import_attributes())
        self._rows_done = 0
        self._keys_seen: dict[tuple[Any, ...], int] = {}
        self._fk_names = [
            f.name
            for f in self._meta.model._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.name in self.import_attributes()
        ]
        self._self_references = [
            name
            for name in self._fk_names
            if self._meta.model._meta.get_field(name).related_model is self._meta.model
        ]
        self._m2m_names = [
            name
            for name in self.import_attributes()
            if isinstance(self._meta.model._meta.get_field(name), models.ManyToManyField)
        ]
        self._row_m2m: dict[str, list[Any]] = {}
        self._m2m_written: list[tuple[Any, dict[str, list[Any]]]] = []
        self._m2m_stored: dict[str, dict[Any, set[Any]]] = {}

    # -- columns -------------------------------------------------------------------------

    def import_attributes(self) -> set[str]:
        return {f.attribute for f in self.get_import_fields() if f.attribute and not f.readonly}

    def required_columns(self) -> list[str]:
        """Columns a file must have: those of fields that are required and have no default."""
        model = self._meta.model
        required = []
        for field in self.get_import_fields():
            if field.readonly or field.attribute in (None, "id"):
                continue
            model_field = model._meta.get_field(field.attribute)
            if model_field.many_to_many or model_field.blank or model_field.null:
                continue
            if model_field.has_default():
                continue
            required.append(field.column_name)
        return required

    # -- matching existing records --------------------------------------------------------

    def _key_of(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(
            v.pk if isinstance(v, models.Model) else v
            for v in (values[name] for name in self.natural_key)
        )

    def _existing_records(self) -> dict[tuple[Any, ...], Any]:
        if self._existing is None:
            table = {}
            for obj in self.get_queryset():
                key = tuple(
                    getattr(obj, "pk" if name == "id" else self._attname(name))
                    for name in self.natural_key
                )
                table[key] = obj
            self._existing = table
        return self._existing

    def _attname(self, name: str) -> str:
        return str(self._meta.model._meta.get_field(name).attname)

    def get_instance(self, instance_loader: Any, row: dict[str, Any]) -> Any:
        values = {}
        for name in self.natural_key:
            field = self.fields[name]
            if field.column_name not in row:
                return None
            try:
                values[name] = field.clean(row)
            except ValueError as error:
                raise ValidationError({name: str(error)}) from None
        key = self._key_of(values)
        if any(v in (None, "") for v in key):
            return self._match_by_alternate_keys(row)
        self._current_key = key
        found = self._existing_records().get(key)
        if found is None and self.natural_key != ("id",):
            found = self._match_by_alternate_keys(row)
        if found is None and self.natural_key == ("id",):
            raise ValidationError(
                {"id": _("编号 %(id)s 不存在；新记录请留空编号。") % {"id": key[0]}}
            )
        return found

    @staticmethod
    def _normal(value: Any) -> str:
        return str(value or "").strip().casefold()

    def _match_by_alternate_keys(self, row: dict[str, Any]) -> Any:
        """The stored record a row without an id names by one of :attr:`match_by`."""
        for name in self.match_by:
            column = self.fields[name].column_name
            value = self._normal(row.get(column))
            if not value:
                continue
            first = self._matched_rows.setdefault((name, value), self._row_number)
            if first != self._row_number:
                raise ValidationError(
                    {
                        name: _("与第 %(row)s 行的 %(columns)s 重复。")
                        % {"row": first + 1, "columns": column}
                    }
                )
            if name not in self._existing_by:
                table: dict[str, Any] = {}
                for obj in self.get_queryset().exclude(**{name: ""}).order_by("pk"):
                    table.setdefault(self._normal(getattr(obj, name)), obj)
                self._existing_by[name] = table
            found = self._existing_by[name].get(value)
            if found is not None:
                return found
        return None

    def get_bulk_update_fields(self) -> list[str]:
        """The written columns a batch update sets: concrete, not the key, not read-only
        (many-to-many columns are exported only)."""
        concrete = {f.name for f in self._meta.model._meta.concrete_fields if not f.primary_key}
        return sorted(self.import_attributes() & concrete)

    # -- unchanged rows -------------------------------------------------------------------

    def _snapshot(self, instance: Any) -> tuple[Any, ...]:
        return tuple(
            getattr(instance, self._attname(f.attribute))
            for f in self.get_import_fields()
            if f.attribute
            and not f.readonly
            and f.attribute != "id"
            and f.attribute not in self._m2m_names
        )

    def _stored_m2m(self, name: str) -> dict[Any, set[Any]]:
        """Record id -> the ids its many-to-many column ``name`` holds, read once."""
        if name not in self._m2m_stored:
            field: Any = self._meta.model._meta.get_field(name)
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            table: dict[Any, set[Any]] = {}
            rows = field.remote_field.through.objects.values_list(f"{source}_id", f"{target}_id")
            for owner, related in rows:
                table.setdefault(owner, set()).add(related)
            self._m2m_stored[name] = table
        return self._m2m_stored[name]

    def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        """Set the row's columns on ``instance``; many-to-many columns (a list of natural
        keys) are kept for the write, after the record has its id."""
        pk = instance.pk
        before = self._snapshot(instance) if pk is not None else None
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if pk is not None:
            instance.pk = pk  # a record found by another key keeps its id (the row's is blank)
        self._row_m2m = {}
        for name in self._m2m_names:
            field = self.fields[name]
            if field.column_name not in row:
                continue  # a file without the column leaves the links as they are
            try:
                self._row_m2m[name] = field.clean(row)
            except ValueError as error:
                errors[name] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)
        self._unchanged = (
            before is not None
            and before == self._snapshot(instance)
            and all(
                {item.pk for item in items} == self._stored_m2m(name).get(pk, set())
                for name, items in self._row_m2m.items()
            )
        )

    def save_m2m(self, instance: Any, row: Any, **kwargs: Any) -> None:
        """Many-to-many columns are written with the whole file (:meth:`after_import`)."""

    def skip_row(
        self,
        instance: Any,
        original: Any,
        row: Any,
        import_validation_errors: dict[str, Any] | None = None,
    ) -> bool:
        """A stored record the row would not change is skipped and counted as unchanged
        (the comparison is made here: the resources keep no diff, for speed)."""
        return not import_validation_errors and self._unchanged

    _unchanged = False

    # -- validation -----------------------------------------------------------------------

    def validate_instance(
        self,
        instance: Any,
        import_validation_errors: dict[str, Any] | None = None,
        validate_unique: bool = True,
    ) -> None:
        errors = dict(import_validation_errors or {})
        # Foreign keys the widgets resolved exist already (ForeignKey.validate would ask the
        # database again, once per row); uniqueness and constraints are checked below.
        resolved = {name for name in self._fk_names if getattr(instance, name + "_id") is not None}
        try:
            instance.full_clean(
                exclude={*errors.keys(), *resolved},
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors and self._current_key is not None and self.natural_key != ("id",):
            first = self._keys_seen.setdefault(self._current_key, self._row_number)
            if first != self._row_number:
                errors[self.natural_key[0]] = [
                    _("与第 %(row)s 行的 %(columns)s 重复。")
                    % {"row": first + 1, "columns": "、".join(self.natural_key)}
                ]
        if not errors:
            for names, message in self._checks.violations(instance, self._row_number):
                errors.setdefault(names[0] if names else NON_FIELD_ERRORS, []).append(message)
        if errors:
            raise ValidationError(errors)

    _row_number = 0
    _current_key: tuple[Any, ...] | None = None

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        self._row_number = kwargs.get("row_number", 0)
        self._current_key = None

    def after_import_row(self, row: Any, row_result: Any, **kwargs: Any) -> None:
        self._rows_done += 1
        if self.progress is not None and self._rows_done % PROGRESS_EVERY == 0:
            self.progress(self._rows_done)

    # -- export ---------------------------------------------------------------------------

    _allowed: dict[str, set[Any]] | None = None
    #: ``(instance, created)`` for each row a confirmed import saved.
    written: list[tuple[Any, bool]]

    def _allowed_ids(self) -> dict[str, set[Any]]:
        if self._allowed is None:
            self._allowed = {
                name: set(visible(self.user).values_list("pk", flat=True))
                for name, visible in self.related_querysets.items()
            }
        return self._allowed

    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        """A column restricted by ``related_querysets`` names only records the user may see
        (e.g. a contract's need: empty unless the user reads that need). Text that a
        spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) is quoted."""
        if field.attribute in self.related_querysets:
            related_id = getattr(instance, self._attname(field.attribute))
            if related_id not in self._allowed_ids()[field.attribute]:
                return ""
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and value[:1] in FORMULA_STARTS and not _is_number(value):
            return "'" + value
        return value

    def import_field(self, field: Any, instance: Any, row: Any, *args: Any, **kwargs: Any) -> None:
        """An export leaves a link the user may not see blank; importing that blank cell back
        keeps the stored link instead of cutting it."""
        if field.attribute in self.related_querysets and instance.pk is not None:
            current = getattr(instance, self._attname(field.attribute))
            hidden = current is not None and current not in self._allowed_ids()[field.attribute]
            if hidden and row.get(field.column_name) in (None, ""):
                return
        super().import_field(field, instance, row, *args, **kwargs)

    # -- writing --------------------------------------------------------------------------

    def _remember(self, instance: Any) -> None:
        """A record that later rows of the file may name as their parent."""
        for name in self._self_references:
            self.fields[name].widget.remember(instance)

    def save_instance(self, instance: Any, is_create: bool, row: Any, **kwargs: Any) -> None:
        if self._is_dry_run(kwargs):
            self._remember(instance)
            return  # the preview validates only; the confirmed import writes
        if self.writer is not None:
            self.writer(self.user, instance)
        else:
            # Bulk-created instances get their primary keys when their batch is written.
            super().save_instance(instance, is_create, row, **kwargs)
        self._remember(instance)
        self.written.append((instance, is_create))
        if self._row_m2m:
            self._m2m_written.append((instance, self._row_m2m))

    def after_import(self, dataset: Any, result: Any, **kwargs: Any) -> None:
        """Write the many-to-many columns of every written row (their records have ids now)
        and, since bulk writes skip ``save()`` and so django-auditlog's signals, each
        written row's history entry, in the import's transaction (one entry per row, with
        the imported values, ``additional_data.source = "import"``)."""
        super().after_import(dataset, result, **kwargs)
        if self._is_dry_run(kwargs) or not self.written:
            return
        if result.has_errors() or result.has_validation_errors():
            return
        self._write_m2m()
        if self._meta.use_bulk:
            self._write_history()

    def _write_m2m(self) -> None:
        """Replace the links of each written row that has a many-to-many column, in bulk."""
        for name in self._m2m_names:
            pairs = [(obj, values[name]) for obj, values in self._m2m_written if name in values]
            if not pairs:
                continue
            field: Any = self._meta.model._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            through.objects.filter(**{f"{source}_id__in": [obj.pk for obj, _ in pairs]}).delete()
            through.objects.bulk_create(
                [
                    through(**{f"{source}_id": obj.pk, f"{target}_id": item.pk})
                    for obj, items in pairs
                    for item in items
                ],
                batch_size=2000,
            )

    def _write_history(self) -> None:
        from auditlog.diff import model_instance_diff
        from auditlog.models import LogEntry
        from auditlog.registry import auditlog
        from django.contrib.contenttypes.models import ContentType

        model = self._meta.model
        if not auditlog.contains(model):
            return
        content_type = ContentType.objects.get_for_model(model)
        actor = self.user if getattr(self.user, "is_authenticated", False) else None
        entries = [
            LogEntry(
                content_type=content_type,
                object_pk=str(instance.pk),
                object_id=instance.pk if isinstance(instance.pk, int) else None,
                object_repr=str(instance)[:2000],
                action=LogEntry.Action.CREATE if created else LogEntry.Action.UPDATE,
                changes=model_instance_diff(None, instance) or {},
                actor=actor,
                additional_data={"source": "import"},
            )
            for instance, created in self.written
        ]
        LogEntry.objects.bulk_create(entries, batch_size=2000)


def _widget_for(model_field: Any) -> Any:
    if isinstance(model_field, models.ManyToManyField):
        related = model_field.related_model
        return widgets.ManyKeysWidget(related, natural_keys(related))
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model
        return widgets.NaturalKeyWidget(related, natural_keys(related))
    if model_field.choices:
        empty = "" if isinstance(model_field, models.CharField) else None
        return widgets.ChoiceWidget(model_field.choices, empty=empty)
    if isinstance(model_field, models.DateTimeField):
        return widgets.DateTimeWidget()
    if isinstance(model_field, models.DateField):
        return widgets.DateWidget()
    if isinstance(model_field, models.DecimalField):
        return widgets.DecimalWidget()
    if isinstance(model_field, models.IntegerField | models.AutoField | models.BigAutoField):
        return widgets.IntegerWidget()
    if isinstance(model_field, models.BooleanField):
        return widgets.BooleanWidget()
    return widgets.TextWidget()


def _has_own_through(model_field: Any) -> bool:
    """A many-to-many field whose links are records of their own (a ``through`` model with
    fields of its own): a list of names cannot write them."""
    if not isinstance(model_field, models.ManyToManyField):
        return False
    through: Any = model_field.remote_field.through
    return not through._meta.auto_created


def build_resource(
    model: type[models.Model],
    columns: tuple[str, ...],
    natural_key: tuple[str, ...],
    readonly: tuple[str, ...] = (),
    related_querysets: dict[str, Callable[[Any], Any]] | None = None,
    use_bulk: bool = True,
    match_by: tuple[str, ...] = (),
    writer: Callable[[Any, Any], Any] | None = None,
) -> type[RegisterResource]:
    """A resource class for ``model`` whose file columns are ``columns`` (field names).

    ``readonly`` columns are exported but not imported (as are many-to-many fields with a
    ``through`` model of their own); many-to-many columns list natural keys;
    ``related_querysets`` (column -> function of the user) restricts which related records
    a file may name, e.g. the needs the importing user may see.
    """
    attrs: dict[str, Any] = {}
    for name in columns:
        model_field: Any = model._meta.get_field(name)
        attrs[name] = fields.Field(
            attribute=name,
            column_name=name,
            widget=_widget_for(model_field),
            readonly=name in readonly or _has_own_through(model_field) or not model_field.editable,
            default=model_field.default
            if model_field.has_default() and not callable(model_field.default)
            else fields.NOT_PROVIDED,
        )
    # Multi-table children (institutes, enterprises...) cannot be bulk-created, nor can rows
    # that later rows of the file may name (a technology field's parent).
    refers_to_itself = any(
        isinstance(model._meta.get_field(name), models.ForeignKey)
        and model._meta.get_field(name).related_model is model
        for name in columns
    )
    bulk = use_bulk and not model._meta.parents and writer is None and not refers_to_itself
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": columns,
            "import_id_fields": list(natural_key),
            "export_order": columns,
            "use_bulk": bulk,
            "batch_size": 2000,
            "skip_diff": True,
            "skip_unchanged": False,  # (see RegisterResource.skip_row)
            "clean_model_instances": True,
            "use_transactions": True,
        },
    )
    attrs["Meta"] = meta
    attrs["natural_key"] = natural_key
    attrs["match_by"] = match_by
    attrs["writer"] = staticmethod(writer) if writer is not None else None
    attrs["related_querysets"] = dict(related_querysets or {})
    return type(f"{model.__name__}RegisterResource", (RegisterResource,), attrs)
