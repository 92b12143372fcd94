"""The publication import runs' list as a django-tables2 table: sortable, paged."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import CountColumn, ListTable

from .models import ImportRun


class ImportRunTable(ListTable):
    file_name = tables.Column(verbose_name=_("文件"), order_by=("-created_at",))
    status = tables.Column(verbose_name=_("状态"))
    read_count = CountColumn(verbose_name=_("读取"))
    created_count = CountColumn(verbose_name=_("新建"))
    merged_count = CountColumn(verbose_name=_("合并"))
    review_count = CountColumn(verbose_name=_("待审核"))
    rejected_count = CountColumn(verbose_name=_("拒收"))
    created_by = tables.Column(verbose_name=_("导入人"), default="—")

    class Meta(ListTable.Meta):
        model = ImportRun
        fields = ()
        attrs = {"class": "table card-table table-vcenter table-sm", "data-testid": "runs"}
        row_attrs = {"data-testid": "run"}
        empty_text = _("暂无导入。")

    def render_file_name(self, record: ImportRun) -> SafeString:
        return format_html(
            '<a href="{}">{}</a><div class="text-secondary small">{}</div>',
            reverse("publications:run", args=[record.pk]),
            record.file_name,
            record.created_at.strftime("%Y-%m-%d %H:%M"),
        )
