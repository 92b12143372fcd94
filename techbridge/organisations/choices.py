from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationKind(models.TextChoices):
    HEADQUARTERS = "headquarters", _("总部")
    INSTITUTE = "institute", pgettext_lazy("choice", "研究所")
    ENTERPRISE = "enterprise", pgettext_lazy("choice", "企业")
    UNIVERSITY = "university", pgettext_lazy("choice", "高校")
    OVERSEAS_PARTNER = "overseas_partner", pgettext_lazy("choice", "海外合作伙伴")


class EnterpriseSize(models.TextChoices):
    MICRO = "micro", _("微型")
    SMALL = "small", _("小型")
    MEDIUM = "medium", _("中型")
    LARGE = "large", _("大型")


class PartnerType(models.TextChoices):
    UNIVERSITY_DEPARTMENT = "university_department", _("高校院系")
    RESEARCH_ORGANISATION = "research_organisation", _("科研机构")
    COMPANY = "company", pgettext_lazy("choice", "企业")
