"""The events as pimbot currently knows them (a view of the knowledge folder, bot.snapshot), combined with the
channels that asked for reminders."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.reminders.events import Event
from bot.reminders.posting import channels_for, is_reminded

if TYPE_CHECKING:
    from bot.snapshot import KnowledgeFolder, Snapshot
    from bot.storage.database import Store

log = logging.getLogger(__name__)


class Calendar:
    def __init__(
        self,
        folder: KnowledgeFolder | Path,
        store: Store | None = None,
        default_channels: Sequence[str] = (),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        post_examples: bool = False,
    ) -> None:
        """`folder`: the watcher shared with the knowledge base; a path makes one that reads only the events.
        A broken events file stops the start (KnowledgeError): reminders must not go quiet unnoticed. Later
        edits that break it are logged and the last good events are kept."""
        from bot.snapshot import KnowledgeFolder

        if not isinstance(folder, KnowledgeFolder):
            folder = KnowledgeFolder(folder, entries=False, now=clock)
        self.folder = folder
        self.store = store
        self.default_channels = tuple(default_channels)
        self.post_examples = post_examples
        self.clock = clock
        self._upcoming: tuple[list[Event], datetime, list[tuple[Event, datetime]]] | None = None
        self._events = list(folder.snapshot.events)
        self._next_starts(self._events, clock())  # at start, not in the first request
        folder.listen(self._take)

    def events(self) -> list[Event]:
        return self._events

    def reminded(self) -> list[Event]:
        """The events reminders go out for: the shipped examples only with PIM_POST_EXAMPLES=on. What the calendar
        feed carries, so that an Outlook calendar never shows "Example: PIM training, Nairobi" as a real course."""
        return [e for e in self._events if is_reminded(e, self.post_examples)]

    def refresh(self) -> bool:
        """Read the folder again if a file changed (the reminder clock, every check); True when it was read."""
        return self.folder.reread_if_changed() is not None

    def refresh_soon(self) -> None:
        """Like `refresh`, but in the background: a request never waits for a large events file to be read."""
        self.folder.poll(now=True)

    def _take(self, snapshot: Snapshot) -> None:
        events = list(snapshot.events)
        if events != self._events:
            self._next_starts(events, self.clock())  # worked out here, in the background, not in a request
            self._events = events

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
