"""Answer each Slack event once and count each public vote once, however many processes serve the app.

Slack delivers an event again when our acknowledgement was slow or lost, and the retry can reach any
process: the database (shared by every worker and dyno) decides who answers. Votes are kept by a keyed hash
of message, voter and answer, so the table never holds a user id.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from bot.storage.database import Store

log = logging.getLogger(__name__)
EVENT_TTL = timedelta(hours=1)
"""Slack retries an event three times within minutes; an hour leaves a wide margin."""
VOTE_TTL = timedelta(days=1)
REPLAY_WINDOW = timedelta(minutes=6)
"""A little longer than the 5 minutes in which Slack's signature timestamp is accepted."""
PURGE_EVERY = 500
"""Expired keys are deleted every this many checks."""


class RecentIds:
    """Remembers ids for `ttl` seconds in this process's memory: the fallback while the database is down."""

    def __init__(self, ttl: float = 3600.0, capacity: int = 50_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._capacity = capacity
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        """True the first time a key is seen, False for every repeat within the ttl."""
        now = self._clock()
        with self._lock:
            while self._seen and (next(iter(self._seen.values())) < now or len(self._seen) > self._capacity):
                self._seen.popitem(last=False)
            if key in self._seen:
                return False
            self._seen[key] = now + self._ttl
            return True


class SeenOnce:
    """Which events were answered and which votes counted, in the database; in memory only while it is down."""

    def __init__(self, store: Store | None, secret: str, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._store = store
        self._secret = secret.encode()
        self._clock = clock
        self._memory = RecentIds(ttl=VOTE_TTL.total_seconds())
        self._requests = RecentIds(ttl=REPLAY_WINDOW.total_seconds())
        self._checks = 0

    def event(self, event_id: str) -> bool:
        """True if this process should answer the event: nobody has yet."""
        return self._first(f"event:{event_id}", EVENT_TTL)

    def request(self, signature: str) -> bool:
        """True the first time a signed command or button press is seen: Slack never sends one twice, so a
        repeat within the 5 minutes a signature is valid is a replay. Kept in this process's memory only,
        so that answering a command never waits on the database."""
        return self._requests.first_time(signature)

    def vote(self, message_ts: str, user_id: str, answer: str) -> bool:
        """True if this person's vote on this answer in this message has not been counted yet."""
        digest = hmac.new(self._secret, f"{message_ts}:{user_id}:{answer}".encode(), hashlib.sha256).hexdigest()
        return self._first(f"vote:{digest[:48]}", VOTE_TTL)

    def _first(self, key: str, ttl: timedelta) -> bool:
        if self._store is None:
            return self._memory.first_time(key)
        now = self._clock()
        try:
            first = self._store.first_time(key, ttl, now)
            self._checks += 1
            if self._checks % PURGE_EVERY == 0:
                self._store.forget_seen_before(now)
            return first
        except SQLAlchemyError as error:  # answer rather than drop: at worst, a retry is answered twice
            log.warning("database unavailable, remembering in memory only: %s", type(error).__name__)
            return self._memory.first_time(key)
