from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportMode(models.TextChoices):
    PARTIAL = "partial", _("部分导入（跳过有错误的记录）")
    ALL_OR_NOTHING = "all_or_nothing", _("全部或不导入")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    UNDONE = "undone", _("已撤销")


class LinkStatus(models.TextChoices):
    AUTO = "auto", _("自动关联")
    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("已确认")
    REJECTED = "rejected", _("已拒绝")


#: Links that put the work on the expert's profile.
ATTACHING = (LinkStatus.AUTO, LinkStatus.ACCEPTED)
