"""Which reminders are due, and delivering each one exactly once.

Plain Python: the clock, the database and the way a reminder is posted are all passed in, so the
rules (claim before posting, post late within the grace period, skip and log after it) are tested
without Slack and without waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.events import Event

if TYPE_CHECKING:  # the database is passed in; importing SQLAlchemy is left to those who open one
    from bot.storage import Store

log = logging.getLogger(__name__)

LATE_AFTER = timedelta(seconds=60)
"""A reminder posted more than this after its due time says it is late."""
LOOKBACK = timedelta(days=2)
"""How far back missed reminders are looked for, to record them as skipped (and log them once)."""


@dataclass(frozen=True)
class Reminder:
    event: Event
    occurrence: datetime
    offset: timedelta
    channel: str

    @property
    def due_at(self) -> datetime:
        return self.occurrence - self.offset

    @property
    def key(self) -> str:
        """One reminder = (event, occurrence, offset, channel): the unique key that makes delivery exactly-once."""
        start = self.occurrence.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return f"{self.event.id}|{start}|{int(self.offset.total_seconds())}|{self.channel}"

    def claim_details(self, now: datetime, owner: str) -> dict:
        return {
            "event_id": self.event.id,
            "occurrence": self.occurrence,
            "offset": self.offset,
            "channel": self.channel,
            "due_at": self.due_at,
            "now": now,
            "owner": owner,
        }


ChannelsFor = Callable[[Event], Sequence[str]]
Post = Callable[[Reminder, datetime], str | None]
"""Posts a reminder (given the time it is posted) and returns Slack's message ts; raises when Slack refused."""


def channels_for(
    event: Event, default_channels: Sequence[str], subscriptions: Iterable[tuple[str, str]], post_examples: bool = False
) -> list[str]:
    """An event's own channels, else the configured channels plus every channel subscribed to all or to its kind.

    A shipped example goes nowhere unless a coordinator opts in: a posted "PIM training, Nairobi" could be
    taken for a real course."""
    if event.is_example and not post_examples:
        return []
    if event.channels:
        return list(event.channels)
    chosen = list(default_channels)
    chosen += [channel for channel, kind in subscriptions if kind in ("all", event.kind)]
    return list(dict.fromkeys(chosen))


def reminders_between(events: Iterable[Event], channels: ChannelsFor, start: datetime, end: datetime) -> list[Reminder]:
    """Every reminder due in [start, end), earliest first."""
    found = []
    for event in events:
        if not event.remind:
            continue
        longest, shortest = max(event.remind), min(event.remind)
        targets = channels(event)
        for occurrence in event.occurrences(start + shortest, end + longest):
            for offset in event.remind:
                if start <= occurrence - offset < end:
                    found += [Reminder(event, occurrence, offset, channel) for channel in targets]
    return sorted(found, key=lambda r: (r.due_at, r.key))


def next_due(events: Iterable[Event], after: datetime, horizon: timedelta = timedelta(days=400)) -> datetime | None:
    """The earliest reminder time after `after`: when the scheduler should wake next."""
    best: datetime | None = None
    for event in events:
        if not event.remind:
            continue
        for occurrence in event.occurrences(after + min(event.remind), after + horizon):
            due = [occurrence - offset for offset in event.remind if occurrence - offset > after]
            if due:
                candidate = min(due)
                best = candidate if best is None or candidate < best else best
                break
    return best


@dataclass
class Outcome:
    sent: list[Reminder]
    skipped: list[Reminder]
    failed: list[Reminder]


def deliver_due(
    *,
    events: Sequence[Event],
    channels: ChannelsFor,
    store: Store,
    post: Post,
    now: datetime,
    grace: timedelta,
    owner: str,
) -> Outcome:
    """Post every reminder due by `now` that nobody has posted yet; skip (and log once) those older than `grace`."""
    outcome = Outcome([], [], [])
    for reminder in reminders_between(events, channels, now - grace - LOOKBACK, now + timedelta(microseconds=1)):
        details = reminder.claim_details(now, owner)
        if reminder.due_at < now - grace:
            if store.skip(reminder.key, **details):
                log.warning(
                    "reminder skipped, %s late (grace %s): %s",
                    _minutes(now - reminder.due_at),
                    _minutes(grace),
                    reminder.key,
                )
                outcome.skipped.append(reminder)
            continue
        if not store.claim(reminder.key, **details):
            continue  # posted, or being posted, by this or another process
        try:
            message_ts = post(reminder, now)
        except Exception as exc:  # Slack refused even after retries: leave it for the next wake, within grace
            store.mark_failed(reminder.key)
            log.error("reminder not accepted by Slack (%s), will retry: %s", type(exc).__name__, reminder.key)
            outcome.failed.append(reminder)
            continue
        store.mark_sent(reminder.key, datetime.now(UTC), message_ts)
        log.info("reminder sent: %s", reminder.key)
        outcome.sent.append(reminder)
    return outcome


def _minutes(span: timedelta) -> str:
    return f"{span.total_seconds() / 60:.1f} min"
