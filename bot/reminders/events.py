"""PIM events (working meetings, webinars, trainings) from `events:` YAML, and when each one happens.

Times are kept in the event's own time zone, and repeats are computed on local wall-clock time there,
so a meeting at 14:00 in Copenhagen stays at 14:00 local when daylight saving time starts or ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from dateutil.rrule import rrule, rrulestr

from bot import messages
from bot.messages import SPAN_DAYS, SPAN_HOURS, SPAN_MINUTES, SPAN_SECONDS, SPAN_WEEKS, say, say_count

KINDS = {
    "working_meeting": messages.EVENT_KIND_WORKING_MEETING,
    "webinar": messages.EVENT_KIND_WEBINAR,
    "training": messages.EVENT_KIND_TRAINING,
    "briefing": messages.EVENT_KIND_BRIEFING,
    "other": messages.EVENT_KIND_OTHER,
}
"""Each kind of event (the `kind` field) and its label, a message said in `Event.kind_label`."""
DEFAULT_REMIND = (timedelta(days=1), timedelta(hours=1))
_SPAN = re.compile(r"^\s*(?:(\d+)\s*w)?\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$")
_UNTIL_UTC = re.compile(r"UNTIL=(\d{8}T\d{6})Z", re.IGNORECASE)
_MAX_SCAN = 2000
"""The most occurrences looked at in one window: a rule firing every second must not hang the bot."""


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    kind: str
    description: str
    url: str
    start: datetime
    """The first start, aware, in the event's time zone."""
    zone: tzinfo
    duration: timedelta
    repeat: str | None = None
    remind: tuple[timedelta, ...] = DEFAULT_REMIND
    channels: tuple[str, ...] = ()
    location: str | None = None
    file: str = ""
    line: int = 0

    @property
    def is_example(self) -> bool:
        """One of the examples shipped in knowledge/events.yaml (ids starting "example-")."""
        return self.id.startswith("example-")

    @property
    def kind_label(self) -> str:
        return say(KINDS[self.kind])

    @property
    def zone_name(self) -> str:
        return getattr(self.zone, "key", None) or self.start.strftime("UTC%z")

    def occurrences(self, after: datetime, before: datetime) -> Iterator[datetime]:
        """Every start in [after, before), aware and in the event's time zone, in order."""
        if self.repeat is None:
            if after <= self.start < before:
                yield self.start
            return
        rule = self._rule()
        # The rule runs on local wall-clock time; widen the window by a day for the offset, then filter.
        local_after = after.astimezone(self.zone).replace(tzinfo=None) - timedelta(days=1)
        local_before = before.astimezone(self.zone).replace(tzinfo=None) + timedelta(days=1)
        for count, local in enumerate(rule.xafter(max(local_after, self._local_start()), inc=True)):
            if local >= local_before or count >= _MAX_SCAN:
                return
            start = local.replace(tzinfo=self.zone)
            if after <= start < before:
                yield start

    def next_start(self, after: datetime, horizon: timedelta = timedelta(days=400)) -> datetime | None:
        return next(self.occurrences(after, after + horizon), None)

    def _local_start(self) -> datetime:
        return self.start.replace(tzinfo=None)

    def _rule(self) -> rrule:
        return rrulestr(local_rule(self.repeat or "", self.zone), dtstart=self._local_start())  # type: ignore[return-value]


def parse_span(text: str) -> timedelta | None:
    """ "90m", "2h", "1h30m", "7d", "30s" -> timedelta; None when it is not such a span."""
    found = _SPAN.match(text.lower())
    if not found or not any(found.groups()):
        return None
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in found.groups())
    return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)


def describe_span(span: timedelta) -> str:
    """timedelta(days=1) -> "1 day"; the largest unit that fits, for "starts in ..." texts."""
    seconds = int(span.total_seconds())
    for unit, size in ((SPAN_WEEKS, 604800), (SPAN_DAYS, 86400), (SPAN_HOURS, 3600), (SPAN_MINUTES, 60)):
        if seconds >= size:
            count = round(seconds / size) if unit is not SPAN_WEEKS or seconds % size == 0 else None
            if count is None:
                continue
            return say_count(unit, count)
    return say_count(SPAN_SECONDS, seconds)


def describe_length(span: timedelta) -> str:
    """timedelta(minutes=90) -> "1 hour 30 minutes": exact, for how long an event lasts."""
    seconds = int(span.total_seconds())
    parts = []
    for unit, size in ((SPAN_DAYS, 86400), (SPAN_HOURS, 3600), (SPAN_MINUTES, 60)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(say_count(unit, count))
    return " ".join(parts) or describe_span(span)


def local_rule(repeat: str, zone: tzinfo) -> str:
    """The rule with UNTIL written in the event's local time, as the rule runs on local wall-clock time."""

    def to_local(found: re.Match) -> str:
        until = datetime.strptime(found.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=UTC).astimezone(zone)
        return "UNTIL=" + until.strftime("%Y%m%dT%H%M%S")

    return _UNTIL_UTC.sub(to_local, repeat)


def local_time(event: Event, moment: datetime) -> str:
    """A moment as the event's own time zone shows it, the one format every reply uses: "Tue 03 Mar 2026, 14:00 UTC"."""
    return moment.astimezone(event.zone).strftime("%a %d %b %Y, %H:%M ") + event.zone_name
