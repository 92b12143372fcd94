"""Choices shared by several domains."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Language(models.TextChoices):
    ZH = "zh", _("中文")
    EN = "en", _("英文")


class Region(models.TextChoices):
    """Jiangsu's 13 prefecture-level cities, the rest of China, and abroad."""

    NANJING = "nanjing", _("南京")
    SUZHOU = "suzhou", _("苏州")
    WUXI = "wuxi", _("无锡")
    CHANGZHOU = "changzhou", _("常州")
    NANTONG = "nantong", _("南通")
    XUZHOU = "xuzhou", _("徐州")
    YANGZHOU = "yangzhou", _("扬州")
    ZHENJIANG = "zhenjiang", _("镇江")
    TAIZHOU = "taizhou", _("泰州")
    YANCHENG = "yancheng", _("盐城")
    HUAIAN = "huaian", _("淮安")
    LIANYUNGANG = "lianyungang", _("连云港")
    SUQIAN = "suqian", _("宿迁")
    OTHER_CHINA = "other_china", _("国内其他地区")
    ABROAD = "abroad", _("境外")


class Role(models.TextChoices):
    """What a person does in the network; held through a membership of an organisation."""

    HQ_STAFF = "hq_staff", _("总部工作人员")
    INSTITUTE_STAFF = "institute_staff", _("研究所工作人员")
    JIC_MANAGER = "jic_manager", _("联合创新中心经理")
    ENTERPRISE_USER = "enterprise_user", _("企业用户")
    EXPERT = "expert", pgettext_lazy("choice", "专家")
