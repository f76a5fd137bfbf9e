"""The events as an iCalendar feed (RFC 5545), so Outlook or Google Calendar can subscribe to /events.ics."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from bot import messages
from bot.messages import say
from bot.reminders.events import Event


def events_ics(events: Iterable[Event], now: datetime | None = None) -> bytes:
    import icalendar  # on the first feed request, not at every start: 80 modules, a tenth of a second

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//pimbot//PIM events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", say(messages.CALENDAR_NAME))
    stamp = now or datetime.now(UTC)
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"{event.id}@pimbot")
        item.add("dtstamp", stamp)
        item.add("summary", event.title)
        item.add("dtstart", event.start)
        item.add("dtend", event.start + event.duration)
        item.add("description", f"{event.kind_label}. {event.description}\n{event.url}")
        item.add("url", event.url)
        item.add("categories", [event.kind_label])
        if event.location:
            item.add("location", event.location)
        if event.repeat:
            item.add("rrule", icalendar.vRecur.from_ical(event.repeat))
        calendar.add_component(item)
    calendar.add_missing_timezones()  # VTIMEZONE blocks, so local times and their DST rules travel with the feed
    return calendar.to_ical()
