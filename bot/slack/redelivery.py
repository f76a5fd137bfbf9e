"""Answer each Slack event once: Slack delivers an event again when our acknowledgement was slow or lost."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class RecentIds:
    """Remembers ids for `ttl` seconds (Slack retries within minutes), in this process's memory."""

    def __init__(self, ttl: float = 3600.0, capacity: int = 50_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._capacity = capacity
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is seen, False for every repeat within the ttl."""
        now = self._clock()
        with self._lock:
            while self._seen and (next(iter(self._seen.values())) < now or len(self._seen) > self._capacity):
                self._seen.popitem(last=False)
            if event_id in self._seen:
                return False
            self._seen[event_id] = now + self._ttl
            return True
