from django.db import models
from django.utils.translation import gettext_lazy as _


class FellowLevel(models.TextChoices):
    FELLOW = "fellow", _("研究员（Fellow）")
    JUNIOR_FELLOW = "junior_fellow", _("青年研究员（Junior Fellow）")


class Degree(models.TextChoices):
    MASTER = "master", _("硕士")
    DOCTOR = "doctor", _("博士")


class Term(models.TextChoices):
    SPRING = "spring", _("春季学期")
    AUTUMN = "autumn", _("秋季学期")
