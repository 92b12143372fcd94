from django.db import models
from django.utils.translation import gettext_lazy as _


class AcademicTitle(models.TextChoices):
    PROFESSOR = "professor", _("教授")
    ASSOCIATE_PROFESSOR = "associate_professor", _("副教授")
    RESEARCHER = "researcher", _("研究员")
    ASSOCIATE_RESEARCHER = "associate_researcher", _("副研究员")
    SENIOR_ENGINEER = "senior_engineer", _("高级工程师")
    ENGINEER = "engineer", _("工程师")
    ACADEMICIAN = "academician", _("院士")


class ProfileDocumentKind(models.TextChoices):
    PAPER = "paper", _("论文")
    PATENT = "patent", _("专利")
    PROJECT = "project", _("项目")


class TeamRole(models.TextChoices):
    CORE = "core", _("核心成员")
    ENGINEER = "engineer", _("工程师")
    BUSINESS = "business", _("商务")
