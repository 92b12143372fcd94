from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    NEW_MATCH = "new_match", _("新的对接引荐")
    STAGE_CHANGE = "stage_change", _("对接阶段变更")
    OVERDUE_MILESTONE = "overdue_milestone", _("里程碑逾期")
    NEED_STATUS = "need_status", _("需求状态变更")
    CASE_MESSAGE = "case_message", _("对接留言")
    CASE_MEETING = "case_meeting", _("对接会议")
    STALLED_CASE = "stalled_case", _("对接停滞")
