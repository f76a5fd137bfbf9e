"""Delivery rules with an injected clock, against SQLite and PostgreSQL: once, on time, late within grace, never older."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.reminders import Reminder, channels_for, deliver_due, next_due, reminders_between
from bot.slack.delivery import web_client
from bot.slack.reminder_message import render_reminder, slack_poster
from bot.storage import CLAIM_LEASE, FAILED, SENT, SKIPPED, Store
from tests.test_events import COPENHAGEN, event

GRACE = timedelta(minutes=15)
START = datetime(2026, 12, 3, 14, 0, tzinfo=COPENHAGEN)  # 13:00 UTC
MEETING = event(start=START, repeat="FREQ=MONTHLY;BYDAY=1TH", remind=(timedelta(days=1), timedelta(hours=1)))


def to_channel(_event) -> list[str]:
    return ["C1"]


class Recorder:
    """Stands in for Slack in the delivery rules; the real poster is tested against the fake Slack API below."""

    def __init__(self, fail_times: int = 0) -> None:
        self.posted: list[tuple[str, datetime]] = []
        self.fail_times = fail_times
        self.lock = threading.Lock()

    def __call__(self, reminder: Reminder, now: datetime) -> str:
        with self.lock:
            if self.fail_times:
                self.fail_times -= 1
                raise RuntimeError("slack said no")
            self.posted.append((reminder.key, now))
            return f"{len(self.posted)}.0"


def deliver(store: Store, post, now: datetime, owner: str = "test"):
    return deliver_due(events=[MEETING], channels=to_channel, store=store, post=post, now=now, grace=GRACE, owner=owner)


@pytest.fixture
def store(database_url):
    opened = Store(database_url)
    yield opened
    opened.close()


def test_reminders_between_and_next_due() -> None:
    due = reminders_between([MEETING], to_channel, datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 4, tzinfo=UTC))
    assert [r.due_at.astimezone(UTC).isoformat() for r in due] == ["2026-12-02T13:00:00+00:00", "2026-12-03T12:00:00+00:00"]
    assert due[0].key == "meeting|2026-12-03T13:00:00Z|86400|C1"
    assert next_due([MEETING], datetime(2026, 12, 2, 13, 0, tzinfo=UTC)) == datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_channels_come_from_the_event_else_settings_and_subscriptions() -> None:
    subscriptions = [("C9", "webinar"), ("C8", "all"), ("C7", "working_meeting")]
    assert channels_for(MEETING, ["C1"], subscriptions) == ["C1", "C8", "C7"]
    assert channels_for(event(channels=("C5",)), ["C1"], subscriptions) == ["C5"]


def test_posted_once_at_due_time_and_not_again_after_a_restart(database_url) -> None:
    post = Recorder()
    due = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    first = Store(database_url)
    assert deliver(first, post, due - timedelta(seconds=1)).sent == []
    outcome = deliver(first, post, due + timedelta(seconds=2))
    assert [r.offset for r in outcome.sent] == [timedelta(hours=1)]
    first.close()
    restarted = Store(database_url)  # a new process on the same database
    assert deliver(restarted, post, due + timedelta(seconds=40)).sent == []
    assert len(post.posted) == 1
    assert restarted.status(outcome.sent[0].key) == SENT
    restarted.close()


def test_late_within_grace_is_posted_and_says_it_is_late(store) -> None:
    post = Recorder()
    now = datetime(2026, 12, 3, 12, 10, tzinfo=UTC)  # 10 minutes after the 1-hour reminder was due
    [sent] = deliver(store, post, now).sent
    message = render_reminder(sent, now)
    assert "late" in message["text"].lower()
    assert "10 minutes late" in str(message["blocks"])


def test_older_than_grace_is_skipped_logged_once_and_never_posted(store, caplog) -> None:
    post = Recorder()
    caplog.set_level(logging.WARNING, logger="bot.reminders")
    now = datetime(2026, 12, 3, 12, 30, tzinfo=UTC)  # 30 minutes late, grace is 15
    outcome = deliver(store, post, now)
    assert outcome.sent == [] and len(outcome.skipped) == 2  # the 1-day and the 1-hour reminders
    assert deliver(store, post, now + timedelta(minutes=1)).skipped == []
    assert post.posted == []
    assert sum("reminder skipped" in r.message for r in caplog.records) == 2
    assert store.status(outcome.skipped[0].key) == SKIPPED


def test_a_refused_post_is_retried_and_only_then_marked_sent(store) -> None:
    post = Recorder(fail_times=1)
    due = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    outcome = deliver(store, post, due)
    assert outcome.sent == [] and len(outcome.failed) == 1
    assert store.status(outcome.failed[0].key) == FAILED
    retried = deliver(store, post, due + timedelta(seconds=30))
    assert len(retried.sent) == 1 and len(post.posted) == 1
    assert store.status(retried.sent[0].key) == SENT


def test_a_claim_left_by_a_dead_process_is_taken_over_after_the_lease(store) -> None:
    due = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    [reminder] = reminders_between([MEETING], to_channel, due, due + timedelta(seconds=1))
    assert store.claim(reminder.key, **reminder.claim_details(due, "dead"))
    assert not store.claim(reminder.key, **reminder.claim_details(due + timedelta(seconds=30), "alive"))
    later = due + CLAIM_LEASE + timedelta(seconds=1)
    assert store.claim(reminder.key, **reminder.claim_details(later, "alive"))


def test_two_processes_sharing_the_database_post_once(database_url) -> None:
    post = Recorder()
    due = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    stores = [Store(database_url) for _ in range(4)]
    barrier = threading.Barrier(len(stores))

    def run(store: Store, name: str) -> None:
        barrier.wait()
        deliver(store, post, due + timedelta(seconds=1), owner=name)

    threads = [threading.Thread(target=run, args=(s, f"process-{i}")) for i, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(post.posted) == 1
    for store in stores:
        store.close()


def test_subscriptions(store) -> None:
    now = datetime(2026, 11, 26, tzinfo=UTC)
    assert store.subscribe("C1", "all", now) is True
    assert store.subscribe("C1", "all", now) is False
    assert store.subscribe("C1", "webinar", now) is True
    assert store.subscriptions() == [("C1", "all"), ("C1", "webinar")]
    assert store.unsubscribe("C1", "webinar") == 1
    assert store.unsubscribe("C1") == 1
    assert store.subscriptions() == []


def test_rate_limited_reminder_is_retried_by_the_slack_client_and_sent_once(store, fake_slack) -> None:
    fake_slack.fail_next("/api/chat.postMessage", 429, headers={"Retry-After": "1"})
    post = slack_poster(web_client("xoxb-test", fake_slack.url))
    due = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    [sent] = deliver(store, post, due).sent
    calls = fake_slack.calls_to("/api/chat.postMessage")
    assert len(calls) == 2 and calls[1].at - calls[0].at >= 0.9
    assert calls[1].body["channel"] == "C1"
    assert store.status(sent.key) == SENT


def test_reminder_message_shows_the_time_in_each_readers_zone_and_links() -> None:
    reminder = Reminder(MEETING, START, timedelta(hours=1), "C1")
    message = render_reminder(reminder, START - timedelta(hours=1))
    text = str(message["blocks"])
    assert f"<!date^{int(START.timestamp())}^" in text
    assert "in 1 hour" in text
    assert "calendar.google.com" in text and "https://pim.guide/" in text
    assert "late" not in message["text"].lower()


def test_processes_starting_together_on_a_new_database_all_start(database_url) -> None:
    """serve and clock start at the same moment on a database that has no tables yet."""
    errors: list[Exception] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        barrier.wait()
        try:
            Store(database_url).close()
        except Exception as exc:  # pragma: no cover - the failure this test guards against
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
