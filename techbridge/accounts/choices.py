from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    HQ_STAFF = "hq_staff", _("总部工作人员")
    INSTITUTE_STAFF = "institute_staff", _("研究所工作人员")
    JIC_MANAGER = "jic_manager", _("联合创新中心经理")
    ENTERPRISE_USER = "enterprise_user", _("企业用户")
    EXPERT = "expert", pgettext_lazy("choice", "专家")


class TokenScope(models.TextChoices):
    READ = "read", _("只读")
    READ_WRITE = "read_write", _("读写")
