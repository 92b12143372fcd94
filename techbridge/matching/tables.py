"""The glossary's list as a django-tables2 table: sortable and paged."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from techbridge.core.models import GlossaryTerm
from techbridge.core.tables import ListTable


class GlossaryTable(ListTable):
    term_zh = tables.Column(verbose_name=_("中文术语"))
    term_en = tables.Column(verbose_name=_("英文术语"))
    field = tables.Column(verbose_name=_("技术领域"), order_by=("field__code",))
    note = tables.Column(verbose_name=_("说明"), orderable=False)
    updated_at = tables.DateColumn(verbose_name=_("更新时间"), format="Y-m-d")
    edit = tables.TemplateColumn(
        template_name="matching/_glossary_actions.html", verbose_name="", orderable=False
    )

    class Meta(ListTable.Meta):
        model = GlossaryTerm
        fields = ("term_zh", "term_en", "field", "note", "updated_at")
        sequence = ("term_zh", "term_en", "field", "note", "updated_at", "edit")
        attrs = {"class": "table card-table table-vcenter", "data-testid": "glossary-table"}
        row_attrs = {"data-testid": "glossary-row"}
        template_name = "django_tables2/bootstrap5.html"
        empty_text = _("术语表还是空的。")
