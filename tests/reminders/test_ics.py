"""The calendar feed (/events.ics): the events reminders go out for, as an Outlook or Google calendar reads them."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.reminders.calendar import Calendar
from bot.reminders.ics import events_ics
from tests.conftest import knowledge_copy
from tests.reminders.test_events import TWO_EVENTS


def test_the_feed_carries_each_event_in_its_own_time_zone_with_its_repeat(make_knowledge) -> None:
    calendar = Calendar(make_knowledge({"events.yaml": TWO_EVENTS}), clock=lambda: datetime(2026, 12, 1, tzinfo=UTC))
    feed = events_ics(calendar.reminded()).decode()
    assert feed.count("BEGIN:VEVENT") == 2
    assert "RRULE:FREQ=MONTHLY;BYDAY=1TH" in feed
    assert 'DTSTART;TZID="UTC+01:00":20261203T140000' in feed, "its own wall-clock time, with its offset"
    assert "SUMMARY:Monthly" in feed


def test_the_shipped_examples_are_in_the_feed_only_when_they_are_reminded_of(tmp_path) -> None:
    """A subscribed Outlook calendar would show "Example: PIM training, Nairobi" as a real course."""
    folder = knowledge_copy(tmp_path / "kb")
    now = lambda: datetime(2026, 11, 30, tzinfo=UTC)  # noqa: E731
    assert "Example:" not in events_ics(Calendar(folder, clock=now).reminded()).decode()
    demo = events_ics(Calendar(folder, clock=now, post_examples=True).reminded()).decode()
    assert "SUMMARY:Example: monthly PIM working meeting" in demo
    assert "RRULE:FREQ=MONTHLY;BYDAY=1TH" in demo and "DTSTART;TZID=Europe/Copenhagen:20261203T140000" in demo
    assert "BEGIN:VTIMEZONE" in demo
