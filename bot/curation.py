"""The curation loop: what users could not find, and which answers they found unhelpful.

Counts only, per day, with no user or channel ids: a query is counted by its normalised text, and only
when it is short and holds no digits or @, so that a name, a phone number or a sentence about a case
typed into /pim define is never kept. Counts older than the retention period are deleted.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.knowledge import Entry, KnowledgeBase
from bot.storage import Store

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
    def __init__(self, store: Store, retention_days: int = 90, clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.store = store
        self.retention_days = retention_days
        self.clock = clock
        self._purged_on: date | None = None

    def count_unanswered(self, normalised_query: str) -> None:
        if countable(normalised_query):
            self._safely(self.store.count_gap, normalised_query, self._today())

    def count_feedback(self, entry_ids: Iterable[str], helpful: bool) -> None:
        for entry_id in entry_ids:
            self._safely(self.store.count_feedback, entry_id, helpful, self._today())

    def gaps(self, kb: KnowledgeBase, limit: int = 10) -> Gaps:
        self.purge()
        votes = self.store.feedback()
        rated = [(kb.get(i), up, down) for i, (up, down) in votes.items() if down > 0 and kb.get(i)]
        rated.sort(key=lambda row: (-(row[2] - row[1]), -row[2], row[0].id))  # type: ignore[union-attr]
        return Gaps(tuple(self.store.top_gaps(limit)), tuple(rated[:limit]), self.retention_days)  # type: ignore[arg-type]

    def purge(self) -> int:
        """Delete counts older than the retention period (done at most once a day)."""
        today = self._today()
        if self._purged_on == today:
            return 0
        self._purged_on = today
        return self.store.forget_counts_before(today - timedelta(days=self.retention_days))

    def _today(self) -> date:
        return self.clock().astimezone(UTC).date()

    def _safely(self, count: Callable[..., None], *args: object) -> None:
        """A count must never cost the user their answer: failures are logged and dropped."""
        try:
            self.purge()
            count(*args)
        except Exception as exc:
            log.error("curation count not stored: %s", type(exc).__name__)
