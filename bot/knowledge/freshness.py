"""How fresh an entry is: when it was last checked against its source, and when it is due again."""

from __future__ import annotations

import datetime

from bot import messages
from bot.knowledge.entries import Entry, KnowledgeBase
from bot.messages import say


def review_due(entry: Entry) -> datetime.date | None:
    """The day an entry is due for another check against its source; None when it was never checked."""
    if entry.reviewed is None:
        return None
    return entry.reviewed + datetime.timedelta(days=entry.review_every)


def due_for_review(kb: KnowledgeBase, today: datetime.date) -> list[Entry]:
    """Entries a curator should check again: never checked first, then the longest overdue."""
    due = [e for e in kb.entries if (review_due(e) or today) <= today]
    return sorted(due, key=lambda e: (e.reviewed is not None, review_due(e) or today, e.id))


def review_note(entry: Entry) -> str:
    """Why an entry is listed as due for review, for curators."""
    due = review_due(entry)
    return say(messages.CHECK_REVIEW_NOTE, reviewed=entry.reviewed, due=due) if due else say(messages.CHECK_NEVER_REVIEWED)


def checked_label(entry: Entry) -> str:
    """The small print under an answer, so a reader knows how fresh it is: "Checked Nov 2026"."""
    return say(messages.LABEL_CHECKED, month=f"{entry.reviewed:%b %Y}") if entry.reviewed else ""
