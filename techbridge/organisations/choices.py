from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    HEADQUARTERS = "headquarters", _("总部")
    INSTITUTE = "institute", _("研究所")
    ENTERPRISE = "enterprise", _("企业")
    UNIVERSITY = "university", _("高校")
    OVERSEAS_PARTNER = "overseas_partner", _("海外合作伙伴")


class EnterpriseSize(models.TextChoices):
    MICRO = "micro", _("微型")
    SMALL = "small", _("小型")
    MEDIUM = "medium", _("中型")
    LARGE = "large", _("大型")


class PartnerType(models.TextChoices):
    UNIVERSITY_DEPARTMENT = "university_department", _("高校院系")
    RESEARCH_ORGANISATION = "research_organisation", _("科研机构")
    COMPANY = "company", _("企业")
