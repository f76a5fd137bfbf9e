"""Which reminders are due, and delivering each one exactly once.

Plain Python: the clock, the database and the way a reminder is posted are all passed in, so the
rules (claim before posting, post late within the grace period, skip and log after it) are tested
without Slack and without waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from bot.reminders.events import Event

if TYPE_CHECKING:  # the database is passed in; importing SQLAlchemy is left to those who open one
    from bot.storage.database import Claim, Store

CLAIM_LEASE = timedelta(seconds=90)
"""The longest a claim lasts. Its holder stops trying to post by half of it; so a claim older than this is from
a process that died or gave up, and another may take it over, after looking in the channel."""

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


class NotPosted(Exception):
    """Slack refused the reminder (or there was no time left to try): it is certainly not in the channel.

    `for_good`: refused for a reason trying again cannot mend (pimbot is not in the channel, the channel is gone or
    archived, the token is revoked); `hint` says what a person can do about it."""

    def __init__(self, reason: str, for_good: bool = False, hint: str = "") -> None:
        super().__init__(reason)
        self.for_good = for_good
        self.hint = hint


class OutcomeUnknown(Exception):
    """The post may or may not have reached the channel: a timeout, a dropped connection, a server error."""


class CannotCheck(Exception):
    """Whether a reminder is already in its channel cannot be found out (no access to the channel's history)."""


class Poster(Protocol):
    """How reminders reach a channel (Slack in production: bot.slack.reminder_message)."""

    def post(self, reminder: Reminder, now: datetime, within: timedelta) -> str | None:
        """Post it, giving up unless done `within` this time; Slack's message ts. Raises NotPosted or OutcomeUnknown."""
        ...

    def find(self, reminder: Reminder) -> str | None:
        """The ts of an earlier post of this reminder in its channel, or None. Raises CannotCheck."""
        ...


def claim_lease(grace: timedelta) -> timedelta:
    """How long a claim lasts: at most CLAIM_LEASE, and at most half the grace, so that a process that dies
    holding a claim leaves time, within the grace, for another to take it over."""
    return min(CLAIM_LEASE, grace / 2)


def is_reminded(event: Event, post_examples: bool = False) -> bool:
    """A shipped example is reminded of nowhere unless a coordinator opts in: a posted "PIM training, Nairobi" could
    be taken for a real course."""
    return post_examples or not event.is_example


def channels_for(
    event: Event, default_channels: Sequence[str], subscriptions: Iterable[tuple[str, str]], post_examples: bool = False
) -> list[str]:
    """An event's own channels, else the configured channels plus every channel subscribed to all or to its kind;
    none for an event not reminded of (`is_reminded`)."""
    if not is_reminded(event, post_examples):
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
    sent: list[Reminder] = field(default_factory=list)
    skipped: list[Reminder] = field(default_factory=list)
    failed: list[Reminder] = field(default_factory=list)
    """Refused by Slack: tried again at the next check, within the grace."""
    refused: list[Reminder] = field(default_factory=list)
    """Refused for a reason only a person can mend (see NotPosted): logged once with what to do, not tried again."""
    unknown: list[Reminder] = field(default_factory=list)
    """Maybe posted (a timeout, or no way to check): looked for in the channel before any new try."""


def deliver_due(
    *,
    events: Sequence[Event],
    channels: ChannelsFor,
    store: Store,
    poster: Poster,
    now: datetime,
    grace: timedelta,
    owner: str,
) -> Outcome:
    """Post every reminder due by `now` that nobody has posted yet; skip (and log once) those older than `grace`.

    Exactly once: a reminder is claimed in the database before it is posted. A post whose outcome is unknown
    is never blindly repeated: whoever claims it next looks for it in the channel first (Slack message
    metadata carries the reminder's key), and leaves it alone if it cannot look.
    """
    outcome = Outcome()
    lease = claim_lease(grace)
    for reminder in reminders_between(events, channels, now - grace - LOOKBACK, now + timedelta(microseconds=1)):
        details = reminder.claim_details(now, owner)
        if reminder.due_at < now - grace:
            if store.skip(reminder.key, lease=lease, **details):
                log.warning(
                    "reminder skipped, %s late (grace %s): %s",
                    _minutes(now - reminder.due_at),
                    _minutes(grace),
                    reminder.key,
                )
                outcome.skipped.append(reminder)
            continue
        claim = store.claim(reminder.key, lease=lease, **details)
        if claim is None:
            continue  # posted, or being posted, by this or another process
        if claim.check_first and not _not_posted_yet(reminder, claim, store, poster, now, outcome):
            continue
        try:
            message_ts = poster.post(reminder, now, within=lease / 2)  # the other half: for a slow Slack to settle
        except NotPosted as exc:  # certainly not in the channel
            if exc.for_good:  # a retry every check would only fill the log: one line, saying what to do
                store.mark_refused(claim)
                log.error("reminder not posted, Slack refused it (%s): %s Not tried again: %s", exc, exc.hint, reminder.key)
                outcome.refused.append(reminder)
            else:  # tried again at the next wake, within grace
                store.mark_failed(claim)
                log.error("reminder not accepted by Slack (%s), will retry: %s", exc, reminder.key)
                outcome.failed.append(reminder)
            continue
        except Exception as exc:  # OutcomeUnknown, or anything unforeseen: it may have been posted
            store.mark_unknown(claim)
            reason = str(exc) if isinstance(exc, OutcomeUnknown) else type(exc).__name__
            log.warning("reminder may or may not be posted (%s); will look before any retry: %s", reason, reminder.key)
            outcome.unknown.append(reminder)
            continue
        if store.mark_sent(claim, datetime.now(UTC), message_ts):
            log.info("reminder sent: %s", reminder.key)
        else:
            log.error("reminder sent, but its claim had been taken over meanwhile: %s", reminder.key)
        outcome.sent.append(reminder)
    return outcome


def _not_posted_yet(reminder: Reminder, claim: Claim, store: Store, poster: Poster, now: datetime,
                    outcome: Outcome) -> bool:  # fmt: skip
    """After an unknown outcome: True if the reminder is surely not in its channel yet, so it may be posted."""
    try:
        found = poster.find(reminder)
    except Exception as exc:  # CannotCheck, or anything unforeseen: do not post blindly
        store.mark_unknown(claim)
        log.error("reminder may already be posted and cannot be checked (%s); not posting it again: %s", exc, reminder.key)
        outcome.unknown.append(reminder)
        return False
    if found is None:
        return True
    store.mark_sent(claim, now, found)
    log.info("reminder was already in the channel (an earlier try got through): %s", reminder.key)
    outcome.sent.append(reminder)
    return False


def _minutes(span: timedelta) -> str:
    return f"{span.total_seconds() / 60:.1f} min"
