"""Generic register pages: index, filtered list, CSV/Excel export, import with preview.

Every page reads records through :meth:`Register.visible` (the registry's one rule per
register), so the list, its count on the index and its export always agree.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from techbridge.accounts import security
from techbridge.core.forms import TablerFormMixin
from techbridge.core.permissions import is_network_staff

from . import progress, services
from .registry import REGISTERS, Register, get
from .tables import table_class

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PAGE_SIZE = 50


class UploadForm(TablerFormMixin, forms.Form):
    file = forms.FileField(label=_("CSV 或 Excel 文件"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.REGISTERS_IMPORT_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(_("文件太大：最多 %(mb)s MB。") % {"mb": limit})
        return upload


def _register(request: HttpRequest, slug: str) -> Register:
    register = get(slug)
    if register is None:
        raise Http404
    if not register.may_view(request):
        raise PermissionDenied
    return register


def _importable(request: HttpRequest, slug: str) -> Register:
    register = _register(request, slug)
    if not register.may_import(request):
        raise PermissionDenied
    return register


def _filtered(request: HttpRequest, register: Register) -> tuple[Any, models.QuerySet[Any]]:
    """The filter form and exactly the records the list shows (all pages)."""
    queryset = register.visible(request)
    filterset = register.filterset_class()(request.GET or None, queryset=queryset)
    staff = is_network_staff(request.user)
    for name, field in filterset.form.fields.items():
        select = isinstance(field.widget, forms.Select)
        field.widget.attrs["class"] = "form-select" if select else "form-control"
        if not staff and isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
            # Outside the network a choice list names only what the user's own rows name
            # (a contract's client list would otherwise show every enterprise).
            source = filterset.filters[name].field_name
            field.queryset = field.queryset.filter(pk__in=queryset.values(source))
    records = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    text = request.GET.get("q", "").strip()
    if text:
        records = records.filter(register.search_q(text))
    return filterset, records


@login_required
def index(request: HttpRequest) -> HttpResponse:
    registers = [
        (register, register.visible(request).count())
        for register in REGISTERS
        if register.may_view(request)
    ]
    return render(request, "registers/index.html", {"registers": registers})


@login_required
def register_list(request: HttpRequest, slug: str) -> HttpResponse:
    register = _register(request, slug)
    filterset, records = _filtered(request, register)
    table = table_class(register)(register.export_queryset(records))
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registers/list.html",
        {
            "register": register,
            "filterset": filterset,
            "table": table,
            "page": table.page,
            "query": query.urlencode(),
            "search": request.GET.get("q", ""),
            "may_import": register.may_import(request),
        },
    )


@login_required
def register_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The filtered list, every page, as CSV or Excel; columns as the import expects them."""
    register = _register(request, slug)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _filterset, records = _filtered(request, register)
    dataset = register.resource(user=request.user).export(
        queryset=register.export_queryset(records)
    )
    body: Any = dataset.export(fmt)
    security.record(
        security.EXPORT,
        request,
        register=slug,
        format=fmt,
        rows=len(dataset),
        query=request.GET.urlencode()[:500],
    )
    if fmt == "csv":
        body = "\ufeff" + body  # a BOM so that Excel opens Chinese CSV as UTF-8
    response = HttpResponse(body, content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slug}.{fmt}"'
    return response


@login_required
def register_template(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """An empty file with the header row the import reads."""
    register = _importable(request, slug)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    body: Any = services.template_dataset(register).export(fmt)
    if fmt == "csv":
        body = "\ufeff" + body
    response = HttpResponse(body, content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slug}-template.{fmt}"'
    return response


@login_required
def register_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload -> the whole file validated -> preview (counts, every error); nothing written."""
    register = _importable(request, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"register": register, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            fmt = services.format_of(upload.name)
            dataset = services.read_dataset(upload.read(), fmt)
            report = services.validate(register, dataset, request.user)
        except services.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            upload.seek(0)
            token = (
                services.save_upload(request.user, slug, upload.name, upload.read())
                if report.valid
                else ""
            )
            context.update(report=report, token=token, filename=upload.name)
            return render(request, "registers/preview.html", context)
    return render(request, "registers/import.html", context)


@login_required
@require_POST
def register_import_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Start the confirmed import (validated again, written all at once or not at all)."""
    register = _importable(request, slug)
    try:
        services.start_import(register, request.user, token)
    except services.ImportFileError as error:
        return render(
            request,
            "registers/import.html",
            {"register": register, "form": UploadForm(), "problem": str(error)},
        )
    return render(
        request,
        "registers/progress.html",
        {
            "register": register,
            "token": token,
            "state": progress.get(token, int(request.user.pk or 0)),
        },
    )


@login_required
def register_import_progress(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The progress bar partial the progress page polls every second."""
    register = _importable(request, slug)
    state = progress.get(token, int(request.user.pk or 0))
    if state is None:
        raise Http404
    return render(
        request,
        "registers/_progress.html",
        {"register": register, "token": token, "state": state},
    )
