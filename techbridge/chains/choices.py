"""Choices of the technology-chain app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordType(models.TextChoices):
    """The kinds of record a key technology can be mapped to."""

    NEED = "need", _("技术需求")
    INSTITUTE = "institute", _("研究所")
    EXPERT = "expert", _("专家")
    ACHIEVEMENT = "achievement", _("科技成果")
    CONTRACT = "contract", _("合同")
    SPINOFF = "spinoff", _("衍生企业")
    PARTNER = "partner", _("海外合作伙伴")


#: Record types that supply a technology (needs are the demand side).
SUPPLY_TYPES = (
    RecordType.INSTITUTE,
    RecordType.EXPERT,
    RecordType.ACHIEVEMENT,
    RecordType.CONTRACT,
    RecordType.PARTNER,
)


class MappingSource(models.TextChoices):
    """Where a mapping comes from: the engine's suggestion or a staff decision."""

    SUGGESTED = "suggested", _("引擎建议")
    CONFIRMED = "confirmed", _("人工确认")
    REJECTED = "rejected", _("已驳回")


class Coverage(models.TextChoices):
    """How well a key technology is covered; the graph colours nodes by it."""

    GAP = "gap", _("有需求无供给")
    FRAGILE = "fragile", _("供给薄弱")
    COVERED = "covered", _("已覆盖")
    IDLE = "idle", _("暂无需求")
