"""The events as pimbot currently knows them: reloaded when the file changes, the last good version kept
when an edit breaks it, and combined with the channels that asked for reminders."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.knowledge.yamlfile import KnowledgeError, folder_stamp
from bot.reminders.events import Event, load_events
from bot.reminders.posting import channels_for

if TYPE_CHECKING:
    from bot.storage.database import Store

log = logging.getLogger(__name__)


class Calendar:
    def __init__(
        self,
        directory: Path,
        store: Store | None = None,
        default_channels: Sequence[str] = (),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        strict: bool = True,
        post_examples: bool = False,
    ) -> None:
        """With `strict`, a broken events file stops the start (KnowledgeError): reminders must not go quiet
        unnoticed. Later edits that break it are logged and the last good events are kept."""
        self.directory = directory
        self.store = store
        self.default_channels = tuple(default_channels)
        self.post_examples = post_examples
        self.clock = clock
        self._events: list[Event] = []
        self._stamp: tuple | None = None
        self._lock = threading.Lock()
        self._upcoming: tuple[list[Event], datetime, list[tuple[Event, datetime]]] | None = None
        self._refreshing: threading.Thread | None = None
        if strict:
            self._events, warnings = load_events(directory, now=clock())
            self._stamp = folder_stamp(directory)
            for warning in warnings:
                log.warning("%s", warning)
            self._next_starts(self._events, clock())  # at start, not in the first request
        else:
            self.refresh()

    def events(self) -> list[Event]:
        return self._events

    def refresh(self) -> bool:
        """Read the events again if a file changed; True when the events were (re)loaded."""
        with self._lock:
            stamp = folder_stamp(self.directory)
            if stamp == self._stamp:
                return False
            self._stamp = stamp
            try:
                events, warnings = load_events(self.directory, now=self.clock())
            except KnowledgeError as exc:
                log.error("events not reloaded, keeping the last good ones (%d):\n%s", len(self._events), exc)
                return False
            for warning in warnings:
                log.warning("%s", warning)
            self._next_starts(events, self.clock())  # worked out here, in the background, not in a request
            self._events = events
            log.info("events loaded: %d", len(events))
            return True

    def refresh_soon(self) -> None:
        """Like `refresh`, but in the background: a request never waits for a large events file to be read."""
        if self._refreshing is not None and self._refreshing.is_alive():
            return
        if folder_stamp(self.directory) == self._stamp:
            return
        self._refreshing = threading.Thread(target=self.refresh, name="events-refresh", daemon=True)
        self._refreshing.start()

    def channel_picker(self) -> Callable[[Event], list[str]]:
        """Who gets each event's reminders, from one read of the subscriptions (not one read per event)."""
        subscriptions = self.store.subscriptions() if self.store else []
        return lambda event: channels_for(event, self.default_channels, subscriptions, self.post_examples)

    def upcoming(self, now: datetime, limit: int | None = 5) -> list[tuple[Event, datetime]]:
        """The next start of each event that has one, soonest first."""
        found = [(event, start) for event, start in self._next_starts(self._events, now) if start >= now]
        return found if limit is None else found[:limit]

    def _next_starts(self, events: list[Event], now: datetime) -> list[tuple[Event, datetime]]:
        """Worked out once and kept until the soonest start passes or the events change: with thousands of
        repeating events, `/pim events` must still answer within Slack's 3 seconds."""
        cached = self._upcoming
        if cached is None or cached[0] is not events or now < cached[1] or (cached[2] and now > cached[2][0][1]):
            found = [(event, start) for event in events if (start := event.next_start(now)) is not None]
            found.sort(key=lambda pair: pair[1])
            cached = self._upcoming = (events, now, found)
        return cached[2]
