"""The replies about reminders: upcoming events, and subscribing a channel to them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot import messages
from bot.messages import say
from bot.reminders.events import Event
from bot.replies.base import DATABASE_DOWN, BaseReply
from bot.replies.refs import EventsRef, encode
from bot.text.echo import one_line


@dataclass(frozen=True)
class EventsReply(BaseReply):
    """Upcoming events, each with its next start; `everything` when the user asked for all of them."""

    upcoming: tuple[tuple[Event, datetime], ...]
    everything: bool
    total: int
    kind: str = ""
    """One kind asked about ("any trainings coming up?"), or "" for every kind."""
    about: str = ""
    """What the question asked after ("JIAF"): only the events that mention it are listed, or, when none does
    (`about_found` False), every one, saying so."""
    about_found: bool = True
    within: str = ""
    """The period the question named ("this month"), or ""."""
    within_found: bool = True
    """False when no event shown falls in that period: the reply says so before the next ones."""

    @property
    def ref(self) -> str:
        return encode(EventsRef(self.everything, self.kind, self.about, self.within))

    @property
    def kind_label(self) -> str:
        """The kind asked about, as a plural ("trainings"); "" for every kind."""
        return say(_KIND_PLURALS[self.kind]) if self.kind in _KIND_PLURALS else ""

    def none_mentions(self, quote: Callable[[str], str] = one_line) -> str:
        """What to say when no event mentions what was asked after ("" when one does, or nothing was asked)."""
        if self.about_found or not self.about:
            return ""
        return say(messages.NONE_MENTIONS, kinds=self.kind_label or say(messages.EVENTS_WORD), about=quote(self.about))

    def none_within(self) -> str:
        """What to say when no event falls in the period asked about ("" when one does, or none was asked)."""
        if self.within_found or self.within not in _PERIODS:
            return ""
        kinds = self.kind_label or say(messages.EVENTS_WORD)
        return say(messages.NONE_WITHIN, kinds=kinds, within=say(_PERIODS[self.within]))

    def examples_note(self) -> str:
        """What to say when a shipped example is listed: two trials read them as real events ("" when none is)."""
        return say(messages.EVENTS_EXAMPLES) if any(event.is_example for event, _ in self.upcoming) else ""

    @property
    def title(self) -> str:
        """ "Next PIM events", "All upcoming trainings": the heading both renderers show over the list."""
        if self.kind:
            key = messages.ALL_UPCOMING_OF_KIND if self.everything else messages.NEXT_EVENTS_OF_KIND
            return say(key, kinds=self.kind_label)
        return say(messages.ALL_UPCOMING_EVENTS if self.everything else messages.NEXT_EVENTS)


@dataclass(frozen=True)
class SubscriptionReply(BaseReply):
    """The outcome of /pim subscribe or unsubscribe for the current channel; `problem` when it could not be done."""

    subscribe: bool
    kind: str
    changed: bool = False
    problem: str | None = None
    under_all: bool = False
    """One kind asked for where the channel already gets every kind: that subscription decides."""

    def message(self, quote: Callable[[str], str] = one_line) -> str:
        """What to say; `quote` shows back the kind the user typed (Slack escapes it, so it can ping nobody)."""
        what = say(_KIND_PLURALS[self.kind]) if self.kind in _KIND_PLURALS else self.kind
        if self.problem == "unknown kind":
            kinds = ", ".join(say(k) for k in _KIND_PLURALS.values())
            return say(messages.UNKNOWN_KIND, kind=quote(self.kind), kinds=kinds)
        if self.problem == "no channel":
            return say(messages.SUBSCRIBE_IN_CHANNEL)
        if self.problem == "no database":
            return say(messages.REMINDERS_OFF)
        if self.problem == DATABASE_DOWN:
            return say(messages.DATABASE_DOWN)
        if self.under_all:
            return say(messages.ALREADY_UNDER_ALL if self.subscribe else messages.STILL_UNDER_ALL, what=what)
        if self.subscribe:
            return say(messages.SUBSCRIBED if self.changed else messages.ALREADY_SUBSCRIBED, what=what)
        return say(messages.UNSUBSCRIBED if self.changed else messages.NOT_SUBSCRIBED, what=what)


_PERIODS = {
    "today": messages.PERIOD_TODAY,
    "tonight": messages.PERIOD_TODAY,
    "tomorrow": messages.PERIOD_TOMORROW,
    "this week": messages.PERIOD_THIS_WEEK,
    "next week": messages.PERIOD_NEXT_WEEK,
    "this month": messages.PERIOD_THIS_MONTH,
    "next month": messages.PERIOD_NEXT_MONTH,
}
_KIND_PLURALS = {
    "all": messages.KIND_ALL,
    "working_meeting": messages.KIND_WORKING_MEETING,
    "webinar": messages.KIND_WEBINAR,
    "training": messages.KIND_TRAINING,
    "briefing": messages.KIND_BRIEFING,
    "other": messages.KIND_OTHER,
}
