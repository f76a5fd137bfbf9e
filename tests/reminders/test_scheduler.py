"""The reminder clock: wakes at the next due time, follows edits to the events file, keeps the last good one."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.reminders.calendar import Calendar
from bot.reminders.scheduler import WAKE_JOB, ReminderService
from bot.storage.database import Store
from tests.conftest import knowledge_copy

EVENT = """\
events:
  - id: webinar
    title: Webinar
    kind: webinar
    description: d
    url: https://pim.guide/
    starts_at: "{start}"
    duration: 1h
    remind: [1h]
"""


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def service(tmp_path):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "events.yaml").write_text(EVENT.format(start="2026-12-10T15:00:00+00:00"))
    clock = Clock(datetime(2026, 12, 10, 13, 0, tzinfo=UTC))
    posted = []

    class Poster:  # stands in for Slack: the scheduler's timing is under test here
        def post(self, reminder, now, within):
            posted.append((reminder.key, now))
            return "1.0"

        def find(self, reminder):
            return None

    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    calendar = Calendar(folder, store, ["C1"], clock=clock)
    reminders = ReminderService(calendar, store, Poster(), timedelta(minutes=15), clock=clock)
    reminders.scheduler.start(paused=True)  # computes next run times without running anything
    yield reminders, clock, folder, posted
    reminders.shutdown(wait=False)
    store.close()


def wake_time(reminders: ReminderService) -> datetime:
    return reminders.scheduler.get_job(WAKE_JOB).next_run_time.astimezone(UTC)


def test_the_scheduler_wakes_at_the_due_time_not_on_a_poll(service) -> None:
    reminders, clock, _, posted = service
    reminders.tick()
    assert wake_time(reminders) == datetime(2026, 12, 10, 14, 0, tzinfo=UTC)
    clock.now = datetime(2026, 12, 10, 14, 0, 1, tzinfo=UTC)
    reminders.tick()
    assert [key for key, _ in posted] == ["webinar|2026-12-10T15:00:00Z|3600|C1"]
    assert reminders.scheduler.get_job(WAKE_JOB) is None  # nothing left to wake for


def test_an_edited_time_reschedules_and_a_broken_edit_keeps_the_last_good(service, caplog) -> None:
    reminders, _, folder, _ = service
    reminders.tick()
    (folder / "events.yaml").write_text(EVENT.format(start="2026-12-10T18:30:00+00:00"))
    reminders.tick()
    assert wake_time(reminders) == datetime(2026, 12, 10, 17, 30, tzinfo=UTC)
    (folder / "events.yaml").write_text(EVENT.format(start="not a date"))
    with caplog.at_level(logging.ERROR):
        reminders.tick()
    assert "events.yaml:" in caplog.text and "starts_at" in caplog.text, "the broken edit is logged by file and field"
    assert wake_time(reminders) == datetime(2026, 12, 10, 17, 30, tzinfo=UTC)
    assert [e.id for e in reminders.calendar.events()] == ["webinar"]


def test_the_first_shipped_example_is_the_next_event(tmp_path) -> None:
    knowledge_copy(tmp_path / "k")
    calendar = Calendar(tmp_path / "k", None, [], clock=lambda: datetime(2026, 11, 26, tzinfo=UTC))
    assert calendar.upcoming(datetime(2026, 11, 26, tzinfo=UTC))[0][0].id == "example-monthly-working-meeting"
