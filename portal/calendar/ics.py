"""Calendar entries as an RFC 5545 iCalendar file, written with the ``icalendar`` library.

Deadlines are all-day events (``DTSTART;VALUE=DATE``, the next day as ``DTEND``). The
texts are in Vietnamese, the units' language, like the e-mails: a calendar program
fetches the feed without saying which language its user reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from documents.followup.deadlines import CalendarEntry
from documents.i18n import render


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def ics(entries: Iterable[CalendarEntry], name: str, now: datetime, links: dict[str, str]) -> bytes:
    """The calendar ``name`` with ``entries``; ``links`` maps a UID to the entry's page."""
    cal = Calendar()
    cal.add("prodid", "-//Ban Dan van Tinh uy//Cong van ban chi dao//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", _utc(now))
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", render(entry.summary))
        event.add("sequence", entry.sequence)
        event.add("last-modified", _utc(entry.last_modified))
        event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        if entry.uid in links:
            event.add("url", links[entry.uid])
        cal.add_component(event)
    return cal.to_ical()
