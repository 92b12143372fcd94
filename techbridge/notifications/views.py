"""The current user's notifications: the list, opening one, marking all read."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .models import Notification


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient_id=request.user.pk).order_by(
        F("read_at").desc(nulls_first=True), "-created_at", "-id"
    )
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread": services.unread_count(request.user)},
    )


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    messages.success(request, _("已将 %(count)d 条通知标记为已读。") % {"count": count})
    return redirect("notifications:list")


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to its page, in the reader's language."""
    notification = get_object_or_404(Notification, pk=pk, recipient_id=request.user.pk)
    services.mark_read(notification)
    url = notification.url
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect("notifications:list")
    language = translation.get_language() or settings.LANGUAGE_CODE
    # Stored paths are in the default language, which is where they resolve.
    with translation.override(settings.LANGUAGE_CODE):
        return redirect(translate_url(url, language))
