"""The database: reminders sent, channels subscribed, and the anonymous counts of the curation loop.
SQLite by default, PostgreSQL too.

A reminder is claimed by inserting its unique key before it is posted, so when two processes share
the database (a web process and a clock process, or two web workers) only one of them posts it. The
database, not the scheduler, is the record of what was sent.
"""

from __future__ import annotations

import concurrent.futures
import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import (
    Table,
    and_,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError

from bot.storage.schema import (
    DATABASE_TIMEOUT,
    channel_subscriptions,
    create_tables,
    entry_feedback,
    make_engine,
    query_gaps,
    reminder_deliveries,
    seen_once,
)

log = logging.getLogger(__name__)
DATABASE_THREADS = 16
"""Threads that make the database calls; more than the pool's 15 connections, so a free one never waits."""

CLAIMED, SENT, FAILED, SKIPPED, UNKNOWN, REFUSED = "claimed", "sent", "failed", "skipped", "unknown", "refused"
"""A reminder's states. FAILED: Slack refused it, so it was not posted. UNKNOWN: it may have been (a timeout)."""


@dataclass(frozen=True)
class Claim:
    """The right to post one reminder, held by `owner` for its `attempt`-th try."""

    key: str
    owner: str
    attempt: int
    check_first: bool
    """An earlier try may have posted it (its outcome is unknown, or its process died): look before posting."""


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


_Result = TypeVar("_Result")
_inside = threading.local()


def _bounded(method: Callable[..., _Result]) -> Callable[..., _Result]:
    """Give up on a database call after the store's timeout (plus a second), whatever the network does.

    The server-side statement timeout cannot help when the network itself stalls (a frozen server, a
    dropped route): the call would wait for minutes. So each call runs in the store's own threads and the
    caller stops waiting in time; a stuck thread holds one pooled connection, and the pool is bounded.
    """

    @functools.wraps(method)
    def bounded(self: Store, *args: object, **kwargs: object) -> _Result:
        if getattr(_inside, "active", False):  # already inside a bounded call (skip -> claim)
            return method(self, *args, **kwargs)

        def call() -> _Result:
            _inside.active = True
            try:
                return method(self, *args, **kwargs)
            finally:
                _inside.active = False

        try:
            future = self._calls.submit(call)
        except RuntimeError:  # the interpreter is exiting (a last flush at exit): no new threads, call directly
            return method(self, *args, **kwargs)
        try:
            return future.result(timeout=self.timeout + 1)
        except concurrent.futures.TimeoutError:
            raise DatabaseTimeout(f"the database did not answer within {self.timeout + 1:g} s") from None

    return bounded


class DatabaseTimeout(SQLAlchemyTimeoutError):
    """A database call that was given up on: the database or the network to it stalled."""


class Store:
    def __init__(self, url: str, timeout: float = DATABASE_TIMEOUT) -> None:
        self.timeout = timeout
        """Seconds before a database call is given up on (PIM_DATABASE_TIMEOUT)."""
        self.engine = make_engine(url, timeout)
        self._calls = concurrent.futures.ThreadPoolExecutor(max_workers=DATABASE_THREADS, thread_name_prefix="db")
        create_tables(self.engine)

    def reachable(self) -> bool:
        """Whether the database answers now (GET /readyz)."""
        try:
            self._ping()
            return True
        except Exception as error:  # any driver error or a stall means "not ready"; the reason goes to the log
            log.warning("database not reachable: %s", type(error).__name__)
            return False

    @_bounded
    def _ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(select(1))

    @_bounded
    def claim(self, key: str, *, event_id: str, occurrence: datetime, offset: timedelta, channel: str, due_at: datetime,
              now: datetime, owner: str, lease: timedelta) -> Claim | None:  # fmt: skip
        """Take the right to post one reminder: a Claim for exactly one caller, whatever runs concurrently.

        A reminder Slack refused (FAILED) can be claimed again at once. One whose outcome is unknown, or a
        claim whose process died, only once `lease` has passed since it was claimed (every try ends by half
        the lease, and a slow Slack gets the other half to show the message), and with `check_first`.
        """
        row = {
            "key": key,
            "event_id": event_id,
            "occurrence": _naive_utc(occurrence),
            "offset_seconds": int(offset.total_seconds()),
            "channel": channel,
            "due_at": _naive_utc(due_at),
            "status": CLAIMED,
            "claimed_at": _naive_utc(now),
            "claimed_by": owner,
            "attempts": 1,
        }
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(reminder_deliveries).values(**row))
            return Claim(key, owner, 1, check_first=False)
        except IntegrityError:
            pass
        table = reminder_deliveries.c
        with self.engine.begin() as connection:
            current = connection.execute(
                select(table.status, table.claimed_at, table.attempts).where(table.key == key)
            ).one_or_none()
            if current is None:
                return None
            expired = current.status in (CLAIMED, UNKNOWN) and current.claimed_at < _naive_utc(now - lease)
            if current.status != FAILED and not expired:
                return None
            attempt = current.attempts + 1
            taken = connection.execute(  # only if nobody else took it since we looked
                update(reminder_deliveries)
                .where(table.key == key, table.attempts == current.attempts)
                .values(status=CLAIMED, claimed_at=_naive_utc(now), claimed_by=owner, attempts=attempt)
            ).rowcount
        return Claim(key, owner, attempt, check_first=current.status != FAILED) if taken == 1 else None

    @_bounded
    def mark_sent(self, claim: Claim, now: datetime, message_ts: str | None) -> bool:
        """Record the post; False (and nothing changed) if the claim was no longer ours."""
        return self._settle(claim, status=SENT, sent_at=_naive_utc(now), message_ts=message_ts)

    @_bounded
    def mark_failed(self, claim: Claim) -> bool:
        """Slack refused: certainly not posted, so it may be claimed and posted again."""
        return self._settle(claim, status=FAILED)

    @_bounded
    def mark_refused(self, claim: Claim) -> bool:
        """Slack refused it for a reason only a person can mend (pimbot is not in the channel): not tried again."""
        return self._settle(claim, status=REFUSED)

    @_bounded
    def mark_unknown(self, claim: Claim) -> bool:
        """The post may have reached the channel: whoever claims it next must look first."""
        return self._settle(claim, status=UNKNOWN)

    @_bounded
    def skip(self, key: str, **details: object) -> bool:
        """Record a reminder that is too late to post; True the first time (so it is logged once)."""
        claim = self.claim(key, **details)  # type: ignore[arg-type]
        if claim is None:
            return False
        self._settle(claim, status=SKIPPED)
        return True

    @_bounded
    def status(self, key: str) -> str | None:
        with self.engine.connect() as connection:
            return connection.execute(
                select(reminder_deliveries.c.status).where(reminder_deliveries.c.key == key)
            ).scalar_one_or_none()

    @_bounded
    def first_time(self, key: str, ttl: timedelta, now: datetime) -> bool:
        """True for exactly one caller per key within `ttl`, whatever runs concurrently, in any process."""
        expires = _naive_utc(now + ttl)
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(seen_once).values(key=key, expires_at=expires))
            return True
        except IntegrityError:
            pass
        renew = update(seen_once).where(seen_once.c.key == key, seen_once.c.expires_at < _naive_utc(now))
        with self.engine.begin() as connection:  # an expired key counts as new: one caller renews it
            return connection.execute(renew.values(expires_at=expires)).rowcount == 1

    @_bounded
    def forget_seen_before(self, now: datetime) -> int:
        with self.engine.begin() as connection:
            return connection.execute(delete(seen_once).where(seen_once.c.expires_at < _naive_utc(now))).rowcount

    @_bounded
    def subscribe(self, channel: str, kind: str, now: datetime) -> bool:
        """True when this adds a subscription, False when the channel already had it."""
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    insert(channel_subscriptions).values(channel=channel, kind=kind, created_at=_naive_utc(now))
                )
            return True
        except IntegrityError:
            return False

    @_bounded
    def unsubscribe(self, channel: str, kind: str | None = None) -> int:
        """Remove one kind, or (kind None) every subscription of the channel; returns how many were removed."""
        condition = channel_subscriptions.c.channel == channel
        if kind is not None:
            condition = and_(condition, channel_subscriptions.c.kind == kind)
        with self.engine.begin() as connection:
            return connection.execute(delete(channel_subscriptions).where(condition)).rowcount

    @_bounded
    def subscriptions(self) -> list[tuple[str, str]]:
        """(channel, kind) pairs, kind being an event kind or "all"."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(channel_subscriptions.c.channel, channel_subscriptions.c.kind))
            return sorted((row.channel, row.kind) for row in rows)

    @_bounded
    def count_gap(self, query: str, day: date, times: int = 1) -> None:
        self._increment(query_gaps, {"query": query, "day": day}, {"count": times})

    @_bounded
    def count_feedback(self, entry_id: str, helpful: bool, day: date, times: int = 1) -> None:
        values = {"helpful": times if helpful else 0, "not_helpful": 0 if helpful else times}
        self._increment(entry_feedback, {"entry_id": entry_id, "day": day}, values)

    @_bounded
    def top_gaps(self, limit: int) -> list[tuple[str, int]]:
        total = func.sum(query_gaps.c.count).label("total")
        query = select(query_gaps.c.query, total).group_by(query_gaps.c.query).order_by(total.desc(), query_gaps.c.query)
        with self.engine.connect() as connection:
            return [(row.query, int(row.total)) for row in connection.execute(query.limit(limit))]

    @_bounded
    def feedback(self) -> dict[str, tuple[int, int]]:
        """entry id -> (helpful, not helpful), summed over the days kept."""
        query = select(
            entry_feedback.c.entry_id, func.sum(entry_feedback.c.helpful), func.sum(entry_feedback.c.not_helpful)
        ).group_by(entry_feedback.c.entry_id)
        with self.engine.connect() as connection:
            return {row[0]: (int(row[1]), int(row[2])) for row in connection.execute(query)}

    @_bounded
    def forget_counts_before(self, day: date) -> int:
        """Delete curation counts older than `day`; returns how many rows went."""
        with self.engine.begin() as connection:
            gone = connection.execute(delete(query_gaps).where(query_gaps.c.day < day)).rowcount
            return gone + connection.execute(delete(entry_feedback).where(entry_feedback.c.day < day)).rowcount

    def close(self) -> None:
        self._calls.shutdown(wait=False)
        self.engine.dispose()

    def _increment(self, table: Table, key: dict, amounts: dict) -> None:
        """Add to counters in one statement, safe when several processes count at once."""
        insert_for = postgresql_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        statement = insert_for(table).values(**key, **amounts)
        statement = statement.on_conflict_do_update(
            index_elements=list(key), set_={name: table.c[name] + statement.excluded[name] for name in amounts}
        )
        with self.engine.begin() as connection:
            connection.execute(statement)

    def _settle(self, claim: Claim, **values: object) -> bool:
        table = reminder_deliveries.c
        ours = (table.key == claim.key, table.claimed_by == claim.owner, table.attempts == claim.attempt)
        with self.engine.begin() as connection:
            return connection.execute(update(reminder_deliveries).where(*ours).values(**values)).rowcount == 1
