"""A case meeting as an iCalendar event (RFC 5545): the page's ``.ics`` download and the
invitation e-mailed to the case's parties.

Every calendar of one meeting carries the same UID (the meeting's ``calendar_uid``), so a
calendar that receives it again, from a download or a second e-mail, updates its event
instead of adding another. Times are written in UTC, which every calendar converts.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar, Event, vCalAddress, vText

from .models import CaseMeeting

PRODUCT_ID = "-//TechBridge//Cooperation cases//ZH"
UID_DOMAIN = "techbridge"


def meeting_uid(meeting: CaseMeeting) -> str:
    return f"{meeting.calendar_uid}@{UID_DOMAIN}"


def case_url(meeting: CaseMeeting) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return f"{settings.SITE_URL}{reverse('cooperation:case', args=[meeting.case_id])}"


def meeting_calendar(
    meeting: CaseMeeting,
    *,
    method: str = "PUBLISH",
    organiser_email: str = "",
    attendee_emails: tuple[str, ...] = (),
) -> bytes:
    """The meeting as a calendar file. ``PUBLISH`` (a download) needs no addresses;
    ``REQUEST`` (an e-mailed invitation) names the organiser and the attendees."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", 0)
    event.add("dtstamp", (meeting.updated_at or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
    event.add("dtend", meeting.ends_at.astimezone(dt.UTC))
    event.add("summary", meeting.title)
    place = meeting.location or meeting.online_url
    if place:
        event.add("location", place)
    link = case_url(meeting)
    lines = [
        f"对接项目 / Cooperation case: {meeting.case.resource_name}",
        f"{link}",
    ]
    if meeting.online_url:
        lines.insert(1, f"线上会议 / Online: {meeting.online_url}")
    event.add("description", "\n".join(lines))
    event.add("url", meeting.online_url or link)
    if organiser_email:
        organiser = vCalAddress(f"mailto:{organiser_email}")
        organiser.params["cn"] = vText("TechBridge")
        event.add("organizer", organiser)
    for email in attendee_emails:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    return calendar.to_ical()


def meeting_filename(meeting: CaseMeeting) -> str:
    return f"meeting-{meeting.pk}.ics"
