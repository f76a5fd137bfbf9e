"""The curation loop: what users could not find, and which answers they found unhelpful.

Counts only, per day, with no user or channel ids: a query is counted by its normalised text, and only
when it is short and holds no digits or @, so that a name, a phone number or a sentence about a case
typed into /pim define is never kept. Counts older than the retention period are deleted.

Counts gather in memory and a background thread writes them every few seconds (and at a clean stop), so
answering never waits on the database, even a frozen one; counts the database refused wait for the next write.
The last few seconds of counts may be lost if the process is killed, which is acceptable for counts (reminders,
which must not be lost, are written at once: see bot.reminders.posting).
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from bot.knowledge.entries import Entry, KnowledgeBase

if TYPE_CHECKING:
    from bot.storage.database import Store

log = logging.getLogger(__name__)
MAX_WORDS = 5
MAX_CHARACTERS = 60
_UNSAFE = re.compile(r"[\d@]")


def countable(normalised_query: str) -> bool:
    """Short, digit-free text only: a term someone looked for, not a sentence about a person."""
    words = normalised_query.split()
    return 0 < len(words) <= MAX_WORDS and len(normalised_query) <= MAX_CHARACTERS and not _UNSAFE.search(normalised_query)


@dataclass(frozen=True)
class Gaps:
    unanswered: tuple[tuple[str, int], ...]
    """(normalised query, times asked), most asked first."""
    least_helpful: tuple[tuple[Entry, int, int], ...]
    """(entry, helpful, not helpful), least helpful first."""
    retention_days: int


class Curation:
    def __init__(
        self,
        store: Store,
        retention_days: int = 90,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        flush_every: float = 10.0,
    ) -> None:
        self.store = store
        self.retention_days = retention_days
        self.clock = clock
        self.flush_every = flush_every
        self._purged_on: date | None = None
        self._lock = threading.Lock()
        self._gaps: Counter[tuple[str, date]] = Counter()
        self._votes: Counter[tuple[str, bool, date]] = Counter()
        self._stopping = threading.Event()
        self._timer: threading.Thread | None = None

    def start(self) -> None:
        """Write the counts every `flush_every` seconds, in a background thread, until `stop`."""
        if self._timer is None:
            self._timer = threading.Thread(target=self._flush_regularly, name="curation-flush", daemon=True)
            self._timer.start()

    def stop(self) -> None:
        """Stop the timer and write what is left (a clean stop, SIGTERM included, loses no count)."""
        self._stopping.set()
        if self._timer is not None:
            self._timer.join(timeout=self.flush_every + 10)
        self.flush()

    def _flush_regularly(self) -> None:
        while not self._stopping.wait(self.flush_every):
            self.flush()

    def count_unanswered(self, normalised_query: str) -> None:
        if countable(normalised_query):
            with self._lock:
                _add_kept(self._gaps, {(normalised_query, self._today()): 1})

    def count_feedback(self, entry_ids: Iterable[str], helpful: bool) -> None:
        with self._lock:
            _add_kept(self._votes, {(entry_id, helpful, self._today()): 1 for entry_id in entry_ids})

    def flush(self) -> None:
        """Write the counts gathered in memory. A failure (the database down) is logged, never raised, and the
        counts not written go back to memory for the next flush."""
        with self._lock:
            gaps, self._gaps = self._gaps, Counter()
            votes, self._votes = self._votes, Counter()
        try:
            self.purge()
            for (query, day), count in list(gaps.items()):  # each written one leaves: a failure keeps the rest
                self.store.count_gap(query, day, count)
                del gaps[(query, day)]
            for (entry_id, helpful, day), count in list(votes.items()):
                self.store.count_feedback(entry_id, helpful, day, count)
                del votes[(entry_id, helpful, day)]
        except Exception as exc:
            log.error("curation counts not stored, kept for the next try: %s", type(exc).__name__)
            with self._lock:
                _add_kept(self._gaps, gaps)
                _add_kept(self._votes, votes)

    def gaps(self, kb: KnowledgeBase, limit: int = 10) -> Gaps:
        self.flush()
        votes = self.store.feedback()
        rated = [(kb.get(i), up, down) for i, (up, down) in votes.items() if down > 0 and kb.get(i)]
        rated.sort(key=lambda row: (-(row[2] - row[1]), -row[2], row[0].id))  # type: ignore[union-attr]
        return Gaps(tuple(self.store.top_gaps(limit)), tuple(rated[:limit]), self.retention_days)  # type: ignore[arg-type]

    def purge(self) -> int:
        """Delete counts older than the retention period (done at most once a day)."""
        today = self._today()
        if self._purged_on == today:
            return 0
        deleted = self.store.forget_counts_before(today - timedelta(days=self.retention_days))
        self._purged_on = today  # only once done: a purge the database refused is tried again
        return deleted

    def _today(self) -> date:
        return self.clock().astimezone(UTC).date()


MAX_KEPT = 10_000
"""Distinct counts held in memory at most (a query or a vote per day each): while the database is down they wait
there, and past this the new ones are dropped rather than let memory grow."""


def _add_kept(counts: Counter, more: Mapping) -> None:
    for key, times in more.items():
        if key in counts or len(counts) < MAX_KEPT:
            counts[key] += times
