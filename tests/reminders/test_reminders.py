"""Delivery rules with an injected clock, against SQLite and PostgreSQL: once, on time, late within grace, never older."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.reminders.events import Event
from bot.reminders.posting import (
    CLAIM_LEASE,
    NotPosted,
    Reminder,
    channels_for,
    claim_lease,
    deliver_due,
    next_due,
    reminders_between,
)
from bot.slack.reminder_message import REMINDER_EVENT_TYPE, SlackReminders, render_reminder
from bot.storage.database import CLAIMED, FAILED, REFUSED, SENT, SKIPPED, UNKNOWN, Store
from tests.reminders.test_events import COPENHAGEN, event

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

    def post(self, reminder: Reminder, now: datetime, within: timedelta) -> str:
        with self.lock:
            if self.fail_times:
                self.fail_times -= 1
                raise NotPosted("slack said no")
            self.posted.append((reminder.key, now))
            return f"{len(self.posted)}.0"

    def find(self, reminder: Reminder) -> str | None:
        with self.lock:
            return next((f"{i + 1}.0" for i, (key, _) in enumerate(self.posted) if key == reminder.key), None)


def deliver(store: Store, poster, now: datetime, owner: str = "test", grace: timedelta = GRACE, events=(MEETING,)):
    return deliver_due(
        events=list(events), channels=to_channel, store=store, poster=poster, now=now, grace=grace, owner=owner
    )


def due_now() -> tuple[Event, datetime]:
    """A meeting whose reminder is due now, in real time: Slack stamps messages with real time, and finding an
    earlier post looks at messages since the reminder was due."""
    due = datetime.now(UTC).replace(microsecond=0)
    return event(start=due + timedelta(hours=1), remind=(timedelta(hours=1),)), due


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
    caplog.set_level(logging.WARNING, logger="bot.reminders.posting")
    now = datetime(2026, 12, 3, 12, 30, tzinfo=UTC)  # 30 minutes late, grace is 15
    outcome = deliver(store, post, now)
    assert outcome.sent == [] and len(outcome.skipped) == 2  # the 1-day and the 1-hour reminders
    assert deliver(store, post, now + timedelta(minutes=1)).skipped == []
    assert post.posted == []
    assert sum("reminder skipped" in r.message for r in caplog.records) == 2
    assert store.status(outcome.skipped[0].key) == SKIPPED


def test_a_refusal_only_a_person_can_mend_is_logged_once_with_what_to_do_and_not_retried(store, fake_slack, caplog) -> None:
    """pimbot not in the channel: each check would be refused again, about thirty log lines per reminder."""
    fake_slack.fail_next("/api/chat.postMessage", 200, error="not_in_channel")
    poster = SlackReminders("xoxb-test", fake_slack.url)
    meeting, due = due_now()
    with caplog.at_level(logging.ERROR, logger="bot.reminders.posting"):
        [refused] = deliver(store, poster, due, events=[meeting]).refused
    assert store.status(refused.key) == REFUSED
    assert "not_in_channel" in caplog.text and "/invite @pimbot" in caplog.text
    later = deliver(store, poster, due + timedelta(minutes=1), events=[meeting])
    assert (later.sent, later.failed, later.refused) == ([], [], []), "not tried again"
    assert len(fake_slack.calls_to("/api/chat.postMessage")) == 1 and fake_slack.messages == []


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
    assert store.claim(reminder.key, lease=CLAIM_LEASE, **reminder.claim_details(due, "dead"))
    assert not store.claim(reminder.key, lease=CLAIM_LEASE, **reminder.claim_details(due + timedelta(seconds=30), "alive"))
    later = due + CLAIM_LEASE + timedelta(seconds=1)
    taken = store.claim(reminder.key, lease=CLAIM_LEASE, **reminder.claim_details(later, "alive"))
    assert taken is not None and taken.check_first, "the dead process may have posted it: look first"
    dead = store_claim_of_dead(reminder)
    assert not store.mark_sent(dead, later, "1.0"), "the dead claim can no longer settle it"
    assert not store.mark_failed(dead) and not store.mark_unknown(dead), "neither as failed nor as unknown"
    assert store.status(reminder.key) == CLAIMED, "still the live claim's"


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


def store_claim_of_dead(reminder: Reminder):
    from bot.storage.database import Claim

    return Claim(reminder.key, "dead", 1, check_first=False)


def test_a_rate_limited_reminder_waits_out_retry_after_and_is_sent_once(store, fake_slack) -> None:
    fake_slack.fail_next("/api/chat.postMessage", 429, headers={"Retry-After": "1"})
    due = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    [sent] = deliver(store, SlackReminders("xoxb-test", fake_slack.url), due).sent
    calls = fake_slack.calls_to("/api/chat.postMessage")
    assert len(calls) == 2 and calls[1].at - calls[0].at >= 0.9
    assert calls[1].body["channel"] == "C1"
    assert calls[1].body["metadata"] == {"event_type": REMINDER_EVENT_TYPE, "event_payload": {"key": sent.key}}
    assert store.status(sent.key) == SENT


def test_a_retry_after_past_the_claim_is_not_waited_for_and_it_is_posted_once(store, fake_slack) -> None:
    """429 with Retry-After 50 s: the try gives up (certainly not posted) and the next wake posts it, once."""
    fake_slack.fail_next("/api/chat.postMessage", 429, headers={"Retry-After": "50"})
    due = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    poster = SlackReminders("xoxb-test", fake_slack.url)
    first = deliver(store, poster, due)
    assert first.sent == [] and len(first.failed) == 1 and store.status(first.failed[0].key) == FAILED
    again = deliver(store, poster, due + timedelta(seconds=30), owner="clock")  # another process, next wake
    assert len(again.sent) == 1
    assert len(fake_slack.messages) == 1


def test_slack_answering_after_the_timeout_is_found_not_posted_again(store, fake_slack) -> None:
    """The post reached Slack, which answered after the client gave up: the outcome is unknown, so the next
    try looks in the channel, finds it by its metadata, and records it instead of posting again."""
    fake_slack.delay("/api/chat.postMessage", 2.0)
    poster = SlackReminders("xoxb-test", fake_slack.url, timeout=1.0)
    meeting, due = due_now()
    first = deliver(store, poster, due, events=[meeting])
    [maybe] = first.unknown
    assert store.status(maybe.key) == UNKNOWN
    assert deliver(store, poster, due + timedelta(seconds=30), events=[meeting]).sent == [], "claim still running"
    fake_slack.delay("/api/chat.postMessage", 0.0)
    after_lease = due + CLAIM_LEASE + timedelta(seconds=1)
    assert [r.key for r in deliver(store, poster, after_lease, owner="clock", events=[meeting]).sent] == [maybe.key]
    assert len(fake_slack.messages) == 1 and len(fake_slack.calls_to("/api/chat.postMessage")) == 1
    assert store.status(maybe.key) == SENT


@pytest.mark.parametrize("answer", [503, None], ids=["5xx", "connection-dropped"])
def test_a_post_slack_took_but_answered_with_an_error_or_not_at_all_is_not_posted_again(store, fake_slack, answer) -> None:
    """Slack put the message in the channel, then answered 503, or dropped the connection: the outcome is unknown,
    never retried blindly (no second message, neither by pimbot nor by the Slack client's own retries), and the
    next try after the claim finds it in the channel."""
    fake_slack.take_then_fail(answer)
    poster = SlackReminders("xoxb-test", fake_slack.url)
    meeting, due = due_now()
    [maybe] = deliver(store, poster, due, events=[meeting]).unknown
    assert store.status(maybe.key) == UNKNOWN
    assert len(fake_slack.messages) == 1 and len(fake_slack.calls_to("/api/chat.postMessage")) == 1
    after_lease = due + CLAIM_LEASE + timedelta(seconds=1)
    assert [r.key for r in deliver(store, poster, after_lease, owner="clock", events=[meeting]).sent] == [maybe.key]
    assert len(fake_slack.messages) == 1 and len(fake_slack.calls_to("/api/chat.postMessage")) == 1
    assert store.status(maybe.key) == SENT


def test_a_claim_that_died_before_reaching_slack_is_posted_within_a_short_grace(store, fake_slack) -> None:
    """Grace 60 s: the claim lasts 30 s, so another process takes over in time, looks, finds nothing, posts."""
    grace = timedelta(seconds=60)
    meeting, due = due_now()
    [reminder] = reminders_between([meeting], to_channel, due, due + timedelta(seconds=1))
    assert claim_lease(grace) == timedelta(seconds=30)
    assert claim_lease(timedelta(hours=1)) == timedelta(seconds=90), "never more than 90 s, however long the grace"
    assert store.claim(reminder.key, lease=claim_lease(grace), **reminder.claim_details(due, "killed"))
    poster = SlackReminders("xoxb-test", fake_slack.url)
    assert deliver(store, poster, due + timedelta(seconds=20), grace=grace, events=[meeting]).sent == []
    [sent] = deliver(store, poster, due + timedelta(seconds=31), owner="clock", grace=grace, events=[meeting]).sent
    assert sent.key == reminder.key and len(fake_slack.messages) == 1
    assert fake_slack.calls_to("/api/conversations.history"), "it looked before posting"


def test_an_unknown_outcome_that_cannot_be_checked_is_not_posted_blindly(store, fake_slack, caplog) -> None:
    fake_slack.delay("/api/chat.postMessage", 2.0)
    fake_slack.deny_history("C1")
    poster = SlackReminders("xoxb-test", fake_slack.url, timeout=1.0)
    meeting, due = due_now()
    [maybe] = deliver(store, poster, due, events=[meeting]).unknown
    fake_slack.delay("/api/chat.postMessage", 0.0)
    with caplog.at_level(logging.ERROR, logger="bot.reminders.posting"):
        outcome = deliver(store, poster, due + CLAIM_LEASE + timedelta(seconds=1), owner="clock", events=[meeting])
    assert outcome.unknown == [maybe] and outcome.sent == []
    assert len(fake_slack.calls_to("/api/chat.postMessage")) == 1, "never posted again without looking"
    assert "cannot be checked (not_in_channel)" in caplog.text


def test_reminder_message_shows_the_time_in_each_readers_zone_and_links() -> None:
    reminder = Reminder(MEETING, START, timedelta(hours=1), "C1")
    message = render_reminder(reminder, START - timedelta(hours=1))
    text = str(message["blocks"])
    assert f"<!date^{int(START.timestamp())}^" in text
    assert "in 1 hour" in text
    assert "calendar.google.com" in text and "https://pim.guide/" in text
    assert "late" not in message["text"].lower()


def test_reminder_message_labels_the_duration_and_escapes_the_title_in_the_fallback() -> None:
    """ "in 1 hour (1 hour)" read as two starts; the fallback (what notifications show) once carried `<!channel>`."""
    pinging = Reminder(event(start=START, title="Meeting <!channel> & co"), START, timedelta(hours=1), "C1")
    message = render_reminder(pinging, START - timedelta(minutes=1))
    assert "in 1 minute (lasts 1 hour 30 minutes)" in str(message["blocks"])
    assert "<!channel>" not in message["text"] and "&lt;!channel&gt; &amp; co" in message["text"]


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
