"""An achievement's transfers as a django-tables2 table (on the achievement's page)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import CountColumn, DateColumn, DetailTable

from .models import AchievementTransfer


class TransferTable(DetailTable):
    recipient = tables.Column(verbose_name=_("受让方"))
    mode = tables.Column(verbose_name=_("转化方式"))
    transferred_on = DateColumn(verbose_name=_("转化日期"))
    value_cny = CountColumn(verbose_name=_("合同金额（元）"))

    class Meta(DetailTable.Meta):
        model = AchievementTransfer
        fields = ()
        attrs = {**DetailTable.Meta.attrs, "data-testid": "transfers"}
        row_attrs = {"data-testid": "transfer"}
        empty_text = _("尚未转化。")
