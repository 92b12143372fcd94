"""The industry chains' list as a django-tables2 table: sortable, paged."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import CountColumn, ListTable

from .models import IndustryChain


class ChainTable(ListTable):
    name = tables.Column(verbose_name=_("技术链"), accessor="pk", order_by=("code",))
    industry = tables.Column(verbose_name=_("行业"), order_by=("industry__code",), default="—")
    link_count = CountColumn(verbose_name=_("环节"))
    technology_count = CountColumn(verbose_name=_("关键技术"))

    class Meta(ListTable.Meta):
        model = IndustryChain
        fields = ()
        attrs = {**ListTable.Meta.attrs, "data-testid": "chain-table"}
        empty_text = _("暂无技术链。")

    def render_name(self, record: IndustryChain) -> SafeString:
        return format_html(
            '<a href="{}">{}</a><div class="text-secondary small">{}</div>',
            reverse("chains:detail", args=[record.pk]),
            record.name,
            Truncator(record.description).chars(80),
        )
