"""What pimbot answers, as plain data that Slack and the terminal each render.

Nothing here knows about Slack. Each reply has a `ref` (bot.replies.refs), a short string that rebuilds
the same reply later (a button's value), so "Share in channel" and "did you mean" buttons carry no state.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import messages
from bot.advice.ranking import MAX_SUGGESTIONS
from bot.advice.suggestions import FIRST_SHOWN, Advice
from bot.knowledge.differences import Difference
from bot.knowledge.entries import KIND_BY_NAME, Entry
from bot.messages import say
from bot.replies.admin_types import GapsReply, ReloadReply
from bot.replies.base import BaseReply
from bot.replies.refs import (
    CollectionRef,
    CompareRef,
    DescribeRef,
    HelpRef,
    ListRef,
    ToolsRef,
    encode,
    entry_ref,
)
from bot.replies.reminder_types import EventsReply, SubscriptionReply
from bot.text.normalize import strip_question


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
    missing: int | None = None
    """The number asked for that no entry has ("principle 9"): said above the collection."""

    @property
    def ref(self) -> str:
        return encode(CollectionRef(self.kind))

    @property
    def missing_note(self) -> str:
        """ "There is no PIM Principle 9: there are 8, all shown here." or ""."""
        if self.missing is None:
            return ""
        kind = say(KIND_BY_NAME[self.kind].label)
        return say(messages.NO_SUCH_NUMBER, kind=kind, number=self.missing, count=len(self.entries))


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
