"""A user's API tokens as a django-tables2 table, each with its revoke button."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from techbridge.core.tables import DetailTable

from .models import ApiToken

REVOKE = (
    "{% load i18n %}"
    '<form method="post" action="{% url \'accounts:revoke-token\' record.token_key %}">'
    '{% csrf_token %}<button class="btn btn-sm btn-outline-danger" type="submit">'
    '{% trans "撤销" %}</button></form>'
)


class TokenTable(DetailTable):
    name = tables.Column(verbose_name=_("名称"))
    scope = tables.Column(verbose_name=_("权限范围"))
    token_key = tables.TemplateColumn("<code>{{ value }}…</code>", verbose_name=_("前缀"))
    created = tables.DateTimeColumn(verbose_name=_("创建时间"), format="Y-m-d H:i")
    expiry = tables.DateColumn(verbose_name=_("到期时间"), format="Y-m-d")
    revoke = tables.TemplateColumn(REVOKE, verbose_name="", attrs={"td": {"class": "w-1"}})

    class Meta(DetailTable.Meta):
        model = ApiToken
        fields = ()
        attrs = {"class": "table card-table table-vcenter", "data-testid": "token-list"}
        row_attrs = {"data-testid": "token"}
        empty_text = _("还没有令牌。")
