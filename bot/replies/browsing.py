"""The `/pim` replies that show what pimbot holds rather than answer a question: a collection of the framework, the
glossary, help and the upcoming events. Each needs only the knowledge base or the calendar, never the matcher."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot import messages
from bot.knowledge.entries import KnowledgeBase
from bot.messages import say
from bot.replies.grammar import COLLECTIONS
from bot.replies.reminder_types import EventsReply
from bot.replies.types import CollectionReply, GlossaryReply, HelpReply
from bot.text.normalize import fold

if TYPE_CHECKING:
    from bot.reminders.calendar import Calendar
    from bot.reminders.events import Event

_GLOSSARY_GROUPS = (
    ("principle", messages.GROUP_PRINCIPLES),
    ("matrix_category", messages.GROUP_MATRIX_CATEGORIES),
    ("process_step", messages.GROUP_PROCESS_STEPS),
    ("term", messages.GROUP_TERMS),
    ("tool", messages.GROUP_TOOLS),
)


def collection(kb: KnowledgeBase, kind: str) -> CollectionReply:
    title, about_id = COLLECTIONS[kind]
    return CollectionReply(kind, say(title), kb.get(about_id), tuple(kb.of_kind(kind)))


def glossary(kb: KnowledgeBase, only: str = "") -> GlossaryReply:
    """Every entry, grouped by kind; with `only` ("tool"), the entries of that kind."""
    groups = []
    for kind, label in _GLOSSARY_GROUPS:
        entries = kb.of_kind(kind) if only in ("", kind) else []
        if entries:
            groups.append((say(label), tuple(entries)))
    return GlossaryReply(tuple(groups), only)


def help_reply(kb: KnowledgeBase, topic: str = "general") -> HelpReply:
    """Help on a topic, with an example term this knowledge base has."""
    example = "informed consent" if kb.get("informed-consent") else kb.entries[0].title.lower()
    return HelpReply(example, len(kb), topic)


def upcoming_events(
    calendar: Calendar | None,
    everything: bool = False,
    now: datetime | None = None,
    kind: str = "",
    about: str = "",
    within: str = "",
) -> EventsReply:
    """The next five upcoming events (or all), of one kind when asked ("any trainings coming up?"), and only those
    that mention what the question asked after ("any training on kobo?"), unless none does; with a period asked
    about ("this month"), whether any falls in it, so that the reply can say when none does."""
    if calendar is None:
        return EventsReply((), everything, 0, kind, about, within=within)
    now = now or datetime.now(UTC)
    calendar.refresh_soon()
    upcoming = [(e, s) for e, s in calendar.upcoming(now, limit=None) if kind in ("", e.kind)]
    about_words = fold(about).split()
    mentioning = [(e, s) for e, s in upcoming if about_words and _mentions(e, about_words)]
    found = bool(mentioning) or not about_words
    shown = mentioning or upcoming
    start, end = period(within, now) if within else (now, now)
    in_period = not within or any(start <= when < end for _, when in shown)
    total = len(calendar.events())
    return EventsReply(tuple(shown if everything else shown[:5]), everything, total, kind, about, found, within, in_period)


def period(within: str, now: datetime) -> tuple[datetime, datetime]:
    """Where "today", "this week", "next month" ... begin and end, in UTC (weeks start on Monday)."""
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    month = midnight.replace(day=1)
    next_month = (month + timedelta(days=32)).replace(day=1)
    monday = midnight - timedelta(days=midnight.weekday())
    return {
        "today": (now, midnight + timedelta(days=1)),
        "tonight": (now, midnight + timedelta(days=1)),
        "tomorrow": (midnight + timedelta(days=1), midnight + timedelta(days=2)),
        "this week": (now, monday + timedelta(days=7)),
        "next week": (monday + timedelta(days=7), monday + timedelta(days=14)),
        "this month": (now, next_month),
        "next month": (next_month, (next_month + timedelta(days=32)).replace(day=1)),
    }[within]


def _mentions(event: Event, words: list[str]) -> bool:
    """Whether each of the words is in the event's title or description (folded, whole words)."""
    said = set(fold(f"{event.title} {event.description}").split())
    return all(word in said for word in words)
