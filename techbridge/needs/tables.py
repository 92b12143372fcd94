"""The needs' list as a django-tables2 table: paged, sortable by what every reader may see.

Each row shows what its reader may read of the need (:class:`NeedProjection`): the title and
the enterprise only where the reader may; so the table sorts by field, confidentiality,
status and date, never by a title or enterprise some readers do not see.
"""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import DateColumn, ListTable

from .models import TechnologyNeed
from .projection import NeedProjection
from .visibility import NeedAudience


class NeedTable(ListTable):
    id = tables.Column(verbose_name="#", attrs={"td": {"class": "text-secondary"}})
    title = tables.Column(verbose_name=_("需求"), accessor="pk", orderable=False)
    enterprise = tables.Column(verbose_name=_("企业"), accessor="pk", orderable=False)
    technology_field = tables.Column(
        verbose_name=_("技术领域"), order_by=("technology_field__code",)
    )
    confidentiality = tables.Column(verbose_name=_("保密级别"))
    status = tables.Column(verbose_name=_("状态"), attrs={"td": {"class": "text-nowrap"}})
    submitted_on = DateColumn(verbose_name=_("提交日期"))

    class Meta(ListTable.Meta):
        model = TechnologyNeed
        fields = ()
        attrs = {**ListTable.Meta.attrs, "data-testid": "need-table"}
        empty_text = _("没有符合条件的需求。")

    def project(self, audience: NeedAudience) -> None:
        """What ``audience`` may read of the needs shown: the current page, or every row of an
        unpaged table (asked once)."""
        rows = self.page.object_list if hasattr(self, "page") else self.rows
        needs = [row.record for row in rows]
        self.projections = {p.pk: p for p in NeedProjection.many(needs, audience)}

    def render_title(self, record: TechnologyNeed) -> SafeString:
        shown = self.projections[record.pk]
        link = format_html(
            '<a href="{}">{}</a>', reverse("needs:detail", args=[record.pk]), shown.title
        )
        if shown.full:
            return link
        return format_html('{} <span class="badge bg-azure-lt">{}</span>', link, _("摘要"))

    def render_enterprise(self, record: TechnologyNeed) -> str:
        return self.projections[record.pk].enterprise_name

    def render_confidentiality(self, record: TechnologyNeed) -> SafeString:
        return format_html(
            '<span class="badge bg-secondary-lt">{}</span>', record.get_confidentiality_display()
        )
