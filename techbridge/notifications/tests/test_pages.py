"""The notification list: one's own only, unread first, mark all read, both languages."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from techbridge.notifications.choices import NotificationKind
from techbridge.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _note(user: Any, title: str, *, read: bool = False, url: str = "/") -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=NotificationKind.NEED_STATUS,
        title=title,
        url=url,
        read_at=timezone.now() if read else None,
    )


@pytest.fixture
def me(user_factory: Any) -> Any:
    return user_factory("me-notify")


@pytest.fixture
def client_for(me: Any) -> Client:
    client = Client()
    client.force_login(me)
    return client


def test_list_shows_only_my_notifications_unread_first(
    me: Any, user_factory: Any, client_for: Client, django_assert_max_num_queries: Any
) -> None:
    # Given my read and unread notifications and someone else's
    _note(me, "已读的旧通知", read=True)
    _note(me, "未读的新通知")
    _note(user_factory("someone-else"), "别人的通知")

    # When I open the list
    with django_assert_max_num_queries(12):
        response = client_for.get("/notifications/")

    # Then I see mine, unread first, and the bell counts one unread
    html = response.content.decode()
    assert response.status_code == 200
    assert "别人的通知" not in html
    assert html.index("未读的新通知") < html.index("已读的旧通知")
    assert [n.title for n in response.context["page"]] == ["未读的新通知", "已读的旧通知"]
    assert response.context["unread"] == 1


def test_mark_all_read_marks_only_mine(me: Any, user_factory: Any, client_for: Client) -> None:
    # Given two unread notifications of mine and one of someone else
    _note(me, "一")
    _note(me, "二")
    theirs = _note(user_factory("someone-else"), "三")

    # When I mark all read (GET is refused)
    assert client_for.get("/notifications/read-all/").status_code == 405
    response = client_for.post("/notifications/read-all/")

    # Then mine are read and theirs is not
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(
    me: Any, user_factory: Any, client_for: Client
) -> None:
    # Given my notification pointing at a page, and someone else's
    mine = _note(me, "看看", url="/cooperation/contracts/")
    theirs = _note(user_factory("someone-else"), "别看")

    # When I open mine in English, and try to open theirs
    response = client_for.get(f"/en/notifications/{mine.pk}/open/")
    other = client_for.get(f"/notifications/{theirs.pk}/open/")

    # Then mine is read and leads to the English page; theirs is not found
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert response["Location"] == "/en/cooperation/contracts/"
    assert other.status_code == 404


def test_external_links_are_not_followed(me: Any, client_for: Client) -> None:
    note = _note(me, "外链", url="https://evil.example/")
    response = client_for.get(f"/notifications/{note.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_pages_render_in_english(me: Any, client_for: Client) -> None:
    # Given a notification
    _note(me, "通知")

    # When the list is opened under /en/
    response = client_for.get("/en/notifications/")

    # Then it renders in English
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_anonymous_users_are_sent_to_login() -> None:
    response = Client().get("/notifications/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_bell_shows_the_unread_count(me: Any, rf: Any) -> None:
    from django.template.loader import render_to_string

    # Given two unread notifications
    _note(me, "一")
    _note(me, "二")

    # When the bell renders for me
    html = render_to_string("notifications/_bell.html", {"user": me})

    # Then it links to the list with a badge of two
    assert "ti ti-bell" in html and "/notifications/" in html
    assert 'data-testid="notification-badge">2<' in html
