"""iCalendar (RFC 5545) text for the meetings, so participants subscribe in their own calendar.

Pure: events in, text out (`meeting_event` turns a meeting, with its trajectory's dossier and
call loaded, into an event). Times are written in UTC ("Z"), which every client converts to its
own zone, so no VTIMEZONE block is needed.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from sessions.enums import MeetingKind

BRUSSELS = ZoneInfo("Europe/Brussels")
LINE_OCTETS = 75
CRLF = "\r\n"


@dataclass(frozen=True)
class Event:
    uid: str
    day: date | None
    start: time | None
    end: time | None
    summary: str
    location: str = ""
    description: str = ""


def escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and newlines."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets (UTF-8), never inside a
    character; continuation lines start with one space (which counts toward the 75)."""
    pieces, current, size = [], "", 0
    for char in line:
        octets = len(char.encode())
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1
        if size + octets > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += octets
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _times(event: Event) -> list[str]:
    if event.start is None:  # a date without an hour: an all-day event
        return [
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
        ]
    start = datetime.combine(event.day, event.start, tzinfo=BRUSSELS)
    end = (
        datetime.combine(event.day, event.end, tzinfo=BRUSSELS)
        if event.end and event.end > event.start
        else start + timedelta(hours=1)
    )
    return [f"DTSTART:{utc_stamp(start)}", f"DTEND:{utc_stamp(end)}"]


def calendar_text(*, name: str, events: Iterable[Event], now: datetime) -> str:
    """A VCALENDAR with one VEVENT per event (events without a date are left out)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Koning Boudewijnstichting//PLG Portal//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Europe/Brussels",
    ]
    for event in events:
        if event.day is None:
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{utc_stamp(now)}",
            *_times(event),
            f"SUMMARY:{escape(event.summary)}",
            f"LOCATION:{escape(event.location)}",
            f"DESCRIPTION:{escape(event.description)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def meeting_event(meeting, host: str) -> Event:
    """One meeting as an event; the UID stays the same when the meeting is re-planned."""
    if meeting.kind == MeetingKind.PLG:
        dossier = meeting.trajectory.dossier
        summary = _("PLG-bijeenkomst %(position)s – %(dossier)s") % {
            "position": meeting.position,
            "dossier": dossier.working_title or dossier.reference,
        }
    else:
        summary = f"{meeting.get_kind_display()} – {meeting.call.title}"
    return Event(
        uid=f"meeting-{meeting.pk}@{host}",
        day=meeting.date,
        start=meeting.start_time,
        end=meeting.end_time,
        summary=summary,
        location=meeting.address,
        description=meeting.agenda,
    )


@dataclass(frozen=True)
class FeedAddress:
    """A feed's address to copy into a calendar, and the same as a webcal:// link, which calendar
    apps (Apple, Outlook, Thunderbird) open straight in their subscribe dialog."""

    url: str

    @property
    def webcal(self) -> str:
        return "webcal://" + self.url.split("://", 1)[1]
