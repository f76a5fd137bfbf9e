"""The reminder clock: APScheduler wakes at the next reminder's due time, plus a check every 30 seconds
(PIM_CHECK_SECONDS) that picks up edited events and new subscriptions and retries what Slack refused.

APScheduler's own job store is memory only and rebuilt at start: the database (bot.storage) is the
record of what was sent, so a restart, or two processes running this, never posts a reminder twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from bot.reminders.calendar import Calendar
from bot.reminders.posting import Outcome, Poster, deliver_due, next_due

if TYPE_CHECKING:
    from bot.storage.database import Store

log = logging.getLogger(__name__)
CHECK_EVERY = timedelta(seconds=30)
WAKE_JOB, CHECK_JOB = "reminders-wake", "reminders-check"


class ReminderService:
    def __init__(
        self,
        calendar: Calendar,
        store: Store,
        poster: Poster,
        grace: timedelta,
        *,
        blocking: bool = False,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        check_every: timedelta = CHECK_EVERY,
    ) -> None:
        """`store` records what was sent (the same database as the calendar's subscriptions)."""
        self.calendar = calendar
        self.store = store
        self.check_every = check_every
        self.poster = poster
        self.grace = grace
        self.clock = clock
        self.owner = f"{socket.gethostname()}:{os.getpid()}"
        defaults = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}  # lateness is judged in tick()
        kind = BlockingScheduler if blocking else BackgroundScheduler
        self.scheduler: BaseScheduler = kind(timezone=UTC, job_defaults=defaults)
        self._lock = threading.Lock()

    def start(self) -> None:
        """Check at once (reminders that fell due while pimbot was down), then keep checking. Blocks if blocking."""
        self.scheduler.add_job(self.tick, "interval", seconds=self.check_every.total_seconds(), id=CHECK_JOB,
                               next_run_time=datetime.now(UTC))  # fmt: skip
        log.info("reminder scheduler started (%s)", self.owner)
        self.scheduler.start()

    def shutdown(self, wait: bool = True) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)
            log.info("reminder scheduler stopped")

    def tick(self) -> Outcome:
        with self._lock:
            self.calendar.refresh()
            now = self.clock()
            events = self.calendar.events()
            outcome = deliver_due(
                events=events,
                channels=self.calendar.channel_picker(),
                store=self.store,
                poster=self.poster,
                now=now,
                grace=self.grace,
                owner=self.owner,
            )
            self._wake_at(next_due(events, now))
            return outcome

    def _wake_at(self, when: datetime | None) -> None:
        if when is None:
            if self.scheduler.get_job(WAKE_JOB):
                self.scheduler.remove_job(WAKE_JOB)
            return
        self.scheduler.add_job(self.tick, "date", run_date=when, id=WAKE_JOB, replace_existing=True)
