"""What pimbot answers, as plain data that Slack and the terminal each render.

Nothing here knows about Slack. Each reply has a `ref` (bot.replies.refs), a short string that rebuilds
the same reply later (a button's value), so "Share in channel" and "did you mean" buttons carry no state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot import messages
from bot.advice.ranking import MAX_SUGGESTIONS
from bot.advice.suggestions import FIRST_SHOWN, Advice
from bot.knowledge.differences import Difference
from bot.knowledge.entries import Entry
from bot.messages import say
from bot.reminders.events import Event
from bot.replies.refs import (
    CollectionRef,
    CompareRef,
    DescribeRef,
    EventsRef,
    HelpRef,
    ListRef,
    ToolsRef,
    encode,
    entry_ref,
)
from bot.text.echo import one_line
from bot.text.normalize import strip_question

if TYPE_CHECKING:
    from bot.storage.curation import Gaps

DATABASE_DOWN = "database down"


OVERDUE_SHOWN = 15
"""How many entries due for review /pim gaps lists."""


class BaseReply:
    """What every reply has: a `ref` to rebuild it from a button ("" when it cannot be), and the entries a
    "helpful / not helpful" vote on it counts for (none by default)."""

    @property
    def ref(self) -> str:
        return ""

    @property
    def rated_ids(self) -> list[str]:
        return []


@dataclass(frozen=True)
class EntryReply(BaseReply):
    entry: Entry
    related: tuple[Entry, ...]
    categories: tuple[str, ...] = ()
    """For a tool, the names of its PIM Matrix categories: shown with who runs it, its personal data, and what it is
    not for, as in a list of suggestions."""
    unknown_side: str = ""
    """The side of a comparison pimbot has no entry for ("JIAF vs IPC": "ipc"), said before the side it knows."""

    @property
    def ref(self) -> str:
        return entry_ref(self.entry.id)

    @property
    def rated_ids(self) -> list[str]:
        """The entries a "helpful / not helpful" vote on this answer counts for."""
        return [self.entry.id]


@dataclass(frozen=True)
class ComparisonReply(BaseReply):
    """Two entries side by side ("ISP vs DSA"), and the curated note on what sets them apart, if there is one."""

    entries: tuple[Entry, Entry]
    difference: Difference | None

    @property
    def ref(self) -> str:
        return encode(CompareRef(self.entries[0].id, self.entries[1].id))

    @property
    def rated_ids(self) -> list[str]:
        return [e.id for e in self.entries]

    @property
    def sources(self) -> list[str]:
        """Both entries' sources and the note's, each once."""
        notes = self.difference.sources if self.difference else ()
        return list(dict.fromkeys([*self.entries[0].sources, *self.entries[1].sources, *notes]))


@dataclass(frozen=True)
class ChoicesReply(BaseReply):
    """Several entries fit: "did you mean" when unsure, every meaning when an acronym has several."""

    query: str
    choices: tuple[Entry, ...]
    ambiguous: bool

    @property
    def options(self) -> list[tuple[str, str]]:
        return [(e.title, entry_ref(e.id)) for e in self.choices]

    @property
    def asked(self) -> str:
        """What to call the query in the reply: the acronym itself when it has several meanings."""
        return strip_question(self.query).upper() if self.ambiguous else self.query


@dataclass(frozen=True)
class NotFoundReply(BaseReply):
    query: str
    size: int
    other_language: bool = False
    """The query shows signs of French, Spanish or Arabic: the reply says pimbot reads English only."""


@dataclass(frozen=True)
class ThanksReply(BaseReply):
    """The answer to "thanks", "ok" and the like: no lookup, no gap counted."""

    thanked: bool = True
    """False for an acknowledgement ("ok", "got it"), which is answered "Okay", not "You're welcome"."""


@dataclass(frozen=True)
class EnglishOnlyReply(BaseReply):
    """pimbot reads English only for now: said when asked for another language, or instead of a clarifying
    question about a text written in one."""

    query: str = ""


@dataclass(frozen=True)
class FollowUpReply(BaseReply):
    """A short text that leans on an earlier message ("and for that?"): pimbot reads each message on its own."""

    query: str


@dataclass(frozen=True)
class CollectionReply(BaseReply):
    kind: str
    title: str
    about: Entry | None
    entries: tuple[Entry, ...]

    @property
    def ref(self) -> str:
        return encode(CollectionRef(self.kind))


@dataclass(frozen=True)
class GlossaryReply(BaseReply):
    groups: tuple[tuple[str, tuple[Entry, ...]], ...]
    only: str = ""
    """The one kind of entry listed ("tool": `/pim list tools`), or "" for all."""

    @property
    def ref(self) -> str:
        return encode(ListRef(self.only))


@dataclass(frozen=True)
class HelpReply(BaseReply):
    """What pimbot can do; `topic` is "define" or "tools" when a command came without its text."""

    example: str
    size: int
    topic: str = "general"

    @property
    def ref(self) -> str:
        return encode(HelpRef(self.topic))

    @property
    def lead(self) -> str:
        """The opening sentence; commands in it are written without the `/pim` prefix."""
        if self.topic == "define":
            return say(messages.HELP_DEFINE, example=self.example)
        if self.topic == "tools":
            return say(messages.HELP_TOOLS)
        return say(messages.HELP_GENERAL)

    @property
    def commands(self) -> list[tuple[str, str]]:
        """(what to type after /pim, what it does): for a topic, its own commands and `help` for the rest (after
        "Something else: I'll describe it", the whole list buried the one line that matters)."""
        everything = [
            (f"define {self.example}", say(messages.HELP_DEFINE_LINE, example=self.example)),
            ("what is DPIA?", say(messages.HELP_QUESTIONS_LINE)),
            ("tools SITUATION", say(messages.HELP_TOOLS_LINE)),
            ("principles | matrix | process", say(messages.HELP_FRAMEWORK_LINE)),
            ("events", say(messages.HELP_EVENTS_LINE)),
            ("subscribe [webinars]", say(messages.HELP_SUBSCRIBE_LINE)),
            ("list", say(messages.HELP_LIST_LINE, count=self.size)),
            ("help", say(messages.HELP_HELP_LINE)),
        ]
        if self.topic == "general":
            return everything
        own = {"define": ("define", "what is"), "tools": ("tools",)}.get(self.topic, ())
        return [c for c in everything if c[0].startswith(own)] + [("help", say(messages.HELP_EVERYTHING_LINE))]


@dataclass(frozen=True)
class AdviceReply(BaseReply):
    """Tool suggestions for a situation, or (when `advice.clarify`) one question with category options."""

    advice: Advice
    shown: int = FIRST_SHOWN
    defined: Entry | None = None
    """The term a two-part question asked about first ("What is a DPIA, and when should we do one?"): its summary
    comes before the tools, after any safety alert."""

    @property
    def ref(self) -> str:
        return self._ref(self.shown, self.advice.category.id if self.advice.category else "")

    @property
    def rated_ids(self) -> list[str]:
        return [] if self.advice.clarify else [s.tool.id for s in self.advice.suggestions[: self.shown]]

    @property
    def more_ref(self) -> str | None:
        """The ref that shows every suggestion, when some are hidden."""
        if len(self.advice.suggestions) <= self.shown:
            return None
        return self._ref(MAX_SUGGESTIONS, self.advice.category.id if self.advice.category else "")

    @property
    def options(self) -> list[tuple[str, str]]:
        """The answers to the clarifying question: each Matrix category, or describing the need."""
        if not self.advice.clarify:
            return []
        return [(c.title, self._ref(FIRST_SHOWN, c.id)) for c in self.advice.options] + [
            (say(messages.DESCRIBE_IT), encode(DescribeRef(self.advice.situation)))
        ]

    def _ref(self, shown: int, category: str) -> str:
        return encode(ToolsRef(shown, category, self.advice.situation))


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

    @property
    def ref(self) -> str:
        return encode(EventsRef(self.everything, self.kind, self.about))

    @property
    def kind_label(self) -> str:
        """The kind asked about, as a plural ("trainings"); "" for every kind."""
        return say(_KIND_PLURALS[self.kind]) if self.kind in _KIND_PLURALS else ""

    def none_mentions(self, quote: Callable[[str], str] = one_line) -> str:
        """What to say when no event mentions what was asked after ("" when one does, or nothing was asked)."""
        if self.about_found or not self.about:
            return ""
        return say(messages.NONE_MENTIONS, kinds=self.kind_label or say(messages.EVENTS_WORD), about=quote(self.about))

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


_KIND_PLURALS = {
    "all": messages.KIND_ALL,
    "working_meeting": messages.KIND_WORKING_MEETING,
    "webinar": messages.KIND_WEBINAR,
    "training": messages.KIND_TRAINING,
    "briefing": messages.KIND_BRIEFING,
    "other": messages.KIND_OTHER,
}


@dataclass(frozen=True)
class GapsReply(BaseReply):
    """For admins: what users could not find, and the least helpful answers."""

    gaps: Gaps | None
    problem: str | None = None
    overdue: tuple[Entry, ...] = ()
    """Entries due for another check against their source (never checked first)."""

    @property
    def overdue_shown(self) -> tuple[Entry, ...]:
        """The first of them, as many as a reply lists; `pimbot check` lists them all."""
        return self.overdue[:OVERDUE_SHOWN]

    @property
    def overdue_hidden(self) -> int:
        return len(self.overdue) - len(self.overdue_shown)


@dataclass(frozen=True)
class ReloadReply(BaseReply):
    """For admins: the knowledge base was read again, or why the last good one is still served."""

    loaded: bool
    entries: int = 0
    problems: tuple[str, ...] = ()
    problem: str | None = None
    partly: bool = False
    """The files with problems keep their last good version; the other edits were taken."""


Reply = (
    EntryReply
    | ComparisonReply
    | ChoicesReply
    | NotFoundReply
    | ThanksReply
    | EnglishOnlyReply
    | FollowUpReply
    | CollectionReply
    | GlossaryReply
    | HelpReply
    | AdviceReply
    | EventsReply
    | SubscriptionReply
    | GapsReply
    | ReloadReply
)
