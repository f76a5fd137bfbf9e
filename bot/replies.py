"""What pimbot answers to a line of `/pim ...`, as plain data that Slack and the terminal each render.

Nothing here knows about Slack. Each reply has a `ref`, a short string that rebuilds the same reply
later (a button's value), so "Share in channel" and "did you mean" buttons carry no state.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.advice import FIRST_SHOWN, MAX_SUGGESTIONS, STOPWORDS, Advice, Advisor
from bot.comparisons import Difference, find_pair
from bot.events import Event
from bot.framework_questions import FrameworkQuestion, framework_question
from bot.knowledge import Entry, KnowledgeBase, due_for_review
from bot.matching import Matcher, MatchResult, Status
from bot.normalize import clean_query, fold, normalize, strip_question

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.calendar import Calendar
    from bot.curation import Curation, Gaps

log = logging.getLogger(__name__)
DATABASE_DOWN = "database down"
DATABASE_DOWN_TEXT = "That needs pimbot's database, which is not answering right now. Try again in a minute."

MAX_REF_TEXT = 1500
"""A situation carried in a button value is cut to this (Slack allows 2,000 characters per value)."""
SITUATION_MIN_WORDS = 3
"""Text that is no known term and has at least this many meaningful words is read as a situation."""

COLLECTIONS = {
    # kind: (title, id of the entry that introduces the collection)
    "principle": ("The PIM Principles", "pim-principles"),
    "matrix_category": ("The PIM Matrix categories", "pim-matrix"),
    "process_step": ("The PIM Process steps", "pim-process"),
}
_WORDS = {
    "help": "help",
    "?": "help",
    "start": "help",
    "hi": "help",
    "hello": "help",
    "define": "define",
    "def": "define",
    "list": "list",
    "glossary": "list",
    "terms": "list",
    "index": "list",
    "principles": "principle",
    "matrix": "matrix_category",
    "categories": "matrix_category",
    "process": "process_step",
    "steps": "process_step",
    "tools": "tools",
    "tool": "tools",
    "suggest": "tools",
    "advise": "tools",
    "advice": "tools",
    "events": "events",
    "event": "events",
    "meetings": "events",
    "calendar": "events",
    "subscribe": "subscribe",
    "unsubscribe": "unsubscribe",
    "gaps": "gaps",
    "reload": "reload",
}
_TOOL_QUESTION = re.compile(
    r"^\s*(?:what|which)\s+(?:tools?|systems?|software|platforms?|apps?)\b(?!\s+(?:is|are|does|do)\s+\w+\s*\??$)",
    re.IGNORECASE,
)
_TAKES_ARGUMENT = ("define", "tools", "events", "subscribe", "unsubscribe")
_SUBSCRIPTION_KINDS = {
    "": "all",
    "all": "all",
    "everything": "all",
    "event": "all",
    "reminder": "all",
    "webinar": "webinar",
    "training": "training",
    "briefing": "briefing",
    "meeting": "working_meeting",
    "working meeting": "working_meeting",
    "pim working meeting": "working_meeting",
    "working_meeting": "working_meeting",
    "other": "other",
}


@dataclass(frozen=True)
class EntryReply:
    entry: Entry
    related: tuple[Entry, ...]

    @property
    def ref(self) -> str:
        return f"entry:{self.entry.id}"

    @property
    def rated_ids(self) -> list[str]:
        """The entries a "helpful / not helpful" vote on this answer counts for."""
        return [self.entry.id]


@dataclass(frozen=True)
class ComparisonReply:
    """Two entries side by side ("ISP vs DSA"), and the curated note on what sets them apart, if there is one."""

    entries: tuple[Entry, Entry]
    difference: Difference | None

    @property
    def ref(self) -> str:
        return f"compare:{self.entries[0].id}:{self.entries[1].id}"

    @property
    def rated_ids(self) -> list[str]:
        return [e.id for e in self.entries]


@dataclass(frozen=True)
class ChoicesReply:
    """Several entries fit: "did you mean" when unsure, every meaning when an acronym has several."""

    query: str
    choices: tuple[Entry, ...]
    ambiguous: bool

    @property
    def ref(self) -> str:
        return ""

    @property
    def options(self) -> list[tuple[str, str]]:
        return [(e.title, f"entry:{e.id}") for e in self.choices]

    @property
    def asked(self) -> str:
        """What to call the query in the reply: the acronym itself when it has several meanings."""
        return strip_question(self.query).upper() if self.ambiguous else self.query


@dataclass(frozen=True)
class NotFoundReply:
    query: str
    size: int

    @property
    def ref(self) -> str:
        return ""


@dataclass(frozen=True)
class CollectionReply:
    kind: str
    title: str
    about: Entry | None
    entries: tuple[Entry, ...]

    @property
    def ref(self) -> str:
        return f"collection:{self.kind}"


@dataclass(frozen=True)
class GlossaryReply:
    groups: tuple[tuple[str, tuple[Entry, ...]], ...]

    @property
    def ref(self) -> str:
        return "list"


@dataclass(frozen=True)
class HelpReply:
    """What pimbot can do; `topic` is "define" or "tools" when a command came without its text."""

    example: str
    size: int
    topic: str = "general"

    @property
    def ref(self) -> str:
        return "help" if self.topic == "general" else f"help:{self.topic}"

    @property
    def lead(self) -> str:
        """The opening sentence; commands in it are written without the `/pim` prefix."""
        if self.topic == "define":
            return f"Which term should I define? For example: `define {self.example}`."
        if self.topic == "tools":
            return (
                "Describe your situation in a sentence or two: what you need to know, about whom, and what for. "
                "For example: `tools we need to know how many IDPs live in informal sites and who they are`."
            )
        return "I explain Protection Information Management (PIM) and suggest tools and systems for your situation."

    @property
    def commands(self) -> list[tuple[str, str]]:
        """(what to type after /pim, what it does)."""
        return [
            (f"define {self.example}", f"what a term means (or just: {self.example})"),
            ("what is DPIA?", "questions and acronyms work too"),
            ("tools SITUATION", "tools and systems for a situation you describe"),
            ("principles | matrix | process", "the PIM framework"),
            ("events", "upcoming PIM meetings, webinars and trainings (`events all` for every one)"),
            ("subscribe [webinars]", "reminders in this channel (all events, or one kind); `unsubscribe` to stop"),
            ("list", f"all {self.size} entries"),
            ("help", "this message"),
        ]


@dataclass(frozen=True)
class AdviceReply:
    """Tool suggestions for a situation, or (when `advice.clarify`) one question with category options."""

    advice: Advice
    shown: int = FIRST_SHOWN

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
            ("Something else: I'll describe it", "help:tools")
        ]

    def _ref(self, shown: int, category: str) -> str:
        return f"tools:{shown}:{category}:{self.advice.situation[:MAX_REF_TEXT]}"


@dataclass(frozen=True)
class EventsReply:
    """Upcoming events, each with its next start; `everything` when the user asked for all of them."""

    upcoming: tuple[tuple[Event, datetime], ...]
    everything: bool
    total: int

    @property
    def ref(self) -> str:
        return "events:all" if self.everything else "events"


@dataclass(frozen=True)
class SubscriptionReply:
    """The outcome of /pim subscribe or unsubscribe for the current channel; `problem` when it could not be done."""

    subscribe: bool
    kind: str
    changed: bool = False
    problem: str | None = None

    @property
    def ref(self) -> str:
        return ""

    @property
    def message(self) -> str:
        what = _KIND_PLURALS.get(self.kind, self.kind)
        if self.problem == "unknown kind":
            return f"I don't know the kind “{self.kind}”. Use one of: " + ", ".join(_KIND_PLURALS.values()) + "."
        if self.problem == "no channel":
            return "Reminders go to Slack channels: type `/pim subscribe` in the channel that should get them."
        if self.problem == "no database":
            return "Reminders are switched off on this pimbot (it has no database)."
        if self.problem == DATABASE_DOWN:
            return DATABASE_DOWN_TEXT
        if self.subscribe:
            if self.changed:
                return f"This channel will now get reminders for {what}. `/pim unsubscribe` stops them."
            return f"This channel already gets reminders for {what}."
        if self.changed:
            return f"This channel will no longer get reminders for {what}."
        return f"This channel had no subscription for {what}."


_KIND_PLURALS = {
    "all": "all PIM events",
    "working_meeting": "PIM working meetings",
    "webinar": "webinars",
    "training": "trainings",
    "briefing": "briefings",
    "other": "other events",
}


@dataclass(frozen=True)
class GapsReply:
    """For admins: what users could not find, and the least helpful answers."""

    gaps: Gaps | None
    problem: str | None = None
    overdue: tuple[Entry, ...] = ()
    """Entries due for another check against their source (never checked first)."""

    @property
    def ref(self) -> str:
        return ""


@dataclass(frozen=True)
class ReloadReply:
    """For admins: the knowledge base was read again, or why the last good one is still served."""

    loaded: bool
    entries: int = 0
    problems: tuple[str, ...] = ()
    problem: str | None = None

    @property
    def ref(self) -> str:
        return ""


NO_CURATION = "No counts are kept here: the curation loop needs pimbot's database."
NOT_ADMIN = "Only pimbot admins can do that (their Slack user ids are in PIM_ADMINS)."

Reply = (
    EntryReply
    | ComparisonReply
    | ChoicesReply
    | NotFoundReply
    | CollectionReply
    | GlossaryReply
    | HelpReply
    | AdviceReply
    | EventsReply
    | SubscriptionReply
    | GapsReply
    | ReloadReply
)


@dataclass(frozen=True)
class Command:
    action: str
    argument: str = ""
    explicit: bool = False
    """True when the user named the action ("define X"), so we do not second-guess it."""


def parse_command(text: str) -> Command:
    """Split `/pim` text into what to do and about what. Anything that is not a known word is a term to define."""
    text = re.sub(r"^\s*/pim\b", "", text)  # typed in the local chat out of Slack habit
    asked_for_tools = _TOOL_QUESTION.match(text)
    if asked_for_tools:  # "which tool for 5W?", "what system should we use to ..."
        return Command("tools", text.strip(), explicit=True)
    words = text.split()
    if not words:
        return Command("help")
    first = fold(words[0]) or words[0]
    action = _WORDS.get(first)
    if action in _TAKES_ARGUMENT:
        rest = text.split(None, 1)[1] if len(words) > 1 else ""
        return Command(action, rest.lstrip(": ").strip(), explicit=True)
    if action and len(words) == 1:
        return Command(action)
    return Command("define", text.strip())


class Responder:
    """Answers `/pim` text from one loaded knowledge base."""

    def __init__(
        self,
        kb: KnowledgeBase,
        calendar: Calendar | None = None,
        curation: Curation | None = None,
        admins: frozenset[str] | None = None,
        reload: Callable[[], ReloadReply] | None = None,
    ) -> None:
        """`admins` None means a local user (the terminal), who may do everything."""
        self.kb = kb
        self.matcher = Matcher(kb)
        self.advisor = Advisor(kb)
        self.calendar = calendar
        self.curation = curation
        self.admins = admins
        self._reload = reload

    def is_admin(self, user: str | None) -> bool:
        return self.admins is None or (user is not None and user in self.admins)

    def reply(self, text: str, channel: str | None = None, user: str | None = None) -> Reply:
        """The answer to `/pim TEXT`; `channel` is where it was typed (subscriptions need it), `user` who typed it."""
        command = parse_command(text)
        if command.action == "help":
            return self.help()
        if command.action == "gaps":
            if not self.is_admin(user):
                return GapsReply(None, NOT_ADMIN)
            overdue = tuple(due_for_review(self.kb, datetime.now(UTC).date()))
            if self.curation is None:
                return GapsReply(None, NO_CURATION, overdue)
            try:
                return GapsReply(self.curation.gaps(self.kb), overdue=overdue)
            except Exception as error:
                if not _database_failed(error):
                    raise
                log.warning("gaps not read, database unavailable: %s", type(error).__name__)
                return GapsReply(None, DATABASE_DOWN_TEXT, overdue)
        if command.action == "reload":
            if not self.is_admin(user):
                return ReloadReply(False, problem=NOT_ADMIN)
            if self._reload is None:
                return ReloadReply(False, problem="This pimbot reads its knowledge once, at start.")
            return self._reload()
        if command.action == "events":
            return self.events(everything=fold(command.argument) in ("all", "everything", "every"))
        if command.action in ("subscribe", "unsubscribe"):
            return self.subscription(command.action == "subscribe", command.argument, channel)
        if command.action == "list":
            return self.glossary()
        if command.action in COLLECTIONS:
            return self.collection(command.action)
        if not command.argument:
            return self.help(topic=command.action)
        if command.action == "tools":
            return self.advise(command.argument)
        if command.explicit and _WORDS.get(fold(command.argument)) in (*COLLECTIONS, "list"):
            return self.reply(command.argument)  # "define principles" shows the principles
        framework = self._framework_or_comparison(command.argument)
        if framework is not None:
            return framework
        result = self.matcher.match(command.argument)
        alerts = self.kb.safeguards.alerts(command.argument) if result.status is not Status.MATCH else ()
        if command.explicit or not (alerts or _reads_as_situation(command.argument, result)):
            reply = self._answer(command.argument, result)
            unanswered = isinstance(reply, NotFoundReply) or (isinstance(reply, ChoicesReply) and not reply.ambiguous)
            if self.curation and unanswered:
                self.curation.count_unanswered(clean_query(command.argument))
            return reply
        if not alerts:  # a question about PIM itself is never answered with tools
            about_pim = self._named_in_question(command.argument, framework_only=True)
            if about_pim is not None:
                return about_pim
        advice = self.advisor.advise(command.argument, alerts=alerts)
        if advice.clarify and not alerts:  # no tool fits: a question naming a term gets the term
            named = self._named_in_question(command.argument)
            if named is not None:
                return named
        return AdviceReply(advice)

    def define(self, query: str) -> Reply:
        """A framework question, a comparison or one entry: never tools."""
        return self._framework_or_comparison(query) or self._answer(query, self.matcher.match(query))

    def _answer(self, text: str, result: MatchResult) -> Reply:
        if result.status is Status.NOT_FOUND:
            named = self._named_in_question(text)
            if named is not None:
                return named
        return self.reply_for_match(result)

    def _named_in_question(self, text: str, framework_only: bool = False) -> Reply | None:
        """A question that names entries ("who started the PIM initiative?"): that entry, or a choice of them."""
        if not _asks(text):
            return None
        named = self.matcher.names_in(text)
        if framework_only and not any(_is_framework(e) for e in named):
            return None
        if len(named) == 1:
            return self.entry(named[0])
        return ChoicesReply(text, tuple(named), ambiguous=False) if named else None

    def _framework_or_comparison(self, text: str) -> Reply | None:
        question = framework_question(text)
        if question is not None:  # "how many PIM principles?", "step 2 of the PIM process"
            return self.framework_part(question)
        pair = find_pair(text, self._sure_id)
        if pair is not None:  # "ISP vs DSA", "difference between IHL and IHRL"
            return self.comparison(*pair)
        return None

    def advise(self, situation: str, category_id: str | None = None, shown: int = FIRST_SHOWN) -> AdviceReply:
        return AdviceReply(self.advisor.advise(situation, category_id), shown)

    def reply_for_match(self, result: MatchResult) -> Reply:
        if result.status is Status.MATCH:
            return self.entry(result.candidates[0].entry)
        if result.status in (Status.UNSURE, Status.AMBIGUOUS):
            choices = tuple(c.entry for c in result.candidates)
            return ChoicesReply(result.query, choices, ambiguous=result.status is Status.AMBIGUOUS)
        if result.status is Status.EMPTY:
            return self.help(topic="define")
        return NotFoundReply(result.query, len(self.kb))

    def entry(self, entry: Entry) -> EntryReply:
        related = tuple(e for e in (self.kb.get(i) for i in entry.related) if e is not None)
        return EntryReply(entry, related)

    def comparison(self, first_id: str, second_id: str) -> ComparisonReply:
        first, second = self.kb.by_id[first_id], self.kb.by_id[second_id]
        return ComparisonReply((first, second), self.kb.difference(first_id, second_id))

    def _sure_id(self, text: str) -> str | None:
        found = self.matcher.match(text).match
        return found.entry.id if found else None

    def framework_part(self, question: FrameworkQuestion) -> Reply:
        """The numbered entry asked for, or the whole collection (also when the number does not exist)."""
        if question.number is not None:
            for entry in self.kb.of_kind(question.kind):
                if entry.number == question.number:
                    return self.entry(entry)
        return self.collection(question.kind)

    def collection(self, kind: str) -> CollectionReply:
        title, about_id = COLLECTIONS[kind]
        return CollectionReply(kind, title, self.kb.get(about_id), tuple(self.kb.of_kind(kind)))

    def glossary(self) -> GlossaryReply:
        groups = []
        for kind, label in (
            ("principle", "PIM Principles"),
            ("matrix_category", "PIM Matrix categories"),
            ("process_step", "PIM Process steps"),
            ("term", "Terms"),
            ("tool", "Tools and systems"),
        ):
            entries = self.kb.of_kind(kind)
            if entries:
                groups.append((label, tuple(entries)))
        return GlossaryReply(tuple(groups))

    def events(self, everything: bool = False, now: datetime | None = None) -> EventsReply:
        if self.calendar is None:
            return EventsReply((), everything, 0)
        self.calendar.refresh_soon()
        upcoming = self.calendar.upcoming(now or datetime.now(UTC), limit=None if everything else 5)
        return EventsReply(tuple(upcoming), everything, len(self.calendar.events()))

    def subscription(self, subscribe: bool, argument: str, channel: str | None) -> SubscriptionReply:
        kind = _SUBSCRIPTION_KINDS.get(normalize(argument))
        if kind is None:
            return SubscriptionReply(subscribe, argument, problem="unknown kind")
        if channel is None:
            return SubscriptionReply(subscribe, kind, problem="no channel")
        if self.calendar is None or self.calendar.store is None:
            return SubscriptionReply(subscribe, kind, problem="no database")
        store = self.calendar.store
        try:
            if subscribe:
                changed = store.subscribe(channel, kind, datetime.now(UTC))
            else:
                changed = store.unsubscribe(channel, None if kind == "all" else kind) > 0
        except Exception as error:
            if not _database_failed(error):
                raise
            log.warning("subscription not changed, database unavailable: %s", type(error).__name__)
            return SubscriptionReply(subscribe, kind, problem=DATABASE_DOWN)
        return SubscriptionReply(subscribe, kind, changed)

    def help(self, topic: str = "general") -> HelpReply:
        example = "informed consent" if self.kb.get("informed-consent") else self.kb.entries[0].title.lower()
        return HelpReply(example, len(self.kb), topic)

    def from_ref(self, ref: str) -> Reply | None:
        """Rebuild the reply a button refers to; None when the knowledge base no longer has it."""
        kind, _, value = ref.partition(":")
        if kind == "entry":
            entry = self.kb.get(value)
            return self.entry(entry) if entry else None
        if kind == "compare":
            first, _, second = value.partition(":")
            if self.kb.get(first) is None or self.kb.get(second) is None or first == second:
                return None
            return self.comparison(first, second)
        if kind == "collection" and value in COLLECTIONS:
            return self.collection(value)
        if kind == "list":
            return self.glossary()
        if kind == "help":
            return self.help(value or "general")
        if kind == "events":
            return self.events(everything=value == "all")
        if kind == "tools":
            shown, _, rest = value.partition(":")
            category, _, situation = rest.partition(":")
            if not shown.isdigit() or (category and self.kb.get(category) is None):
                return None
            return self.advise(situation, category or None, min(int(shown), MAX_SUGGESTIONS))
        return None


_QUESTION_WORDS = frozenset(
    ("who", "what", "whats", "why", "when", "where", "which", "how", "can", "could", "do", "does", "is", "are", "should",
     "may", "must", "will", "would")
)  # fmt: skip


def _asks(text: str) -> bool:
    """Whether a text is a question: "who started PIM", "can a child consent?"."""
    words = fold(text).split()
    return bool(words) and (words[0] in _QUESTION_WORDS or text.rstrip().endswith("?"))


def _is_framework(entry: Entry) -> bool:
    """The PIM framework itself: its principles, Matrix, Process and the entries about PIM."""
    return entry.kind in ("principle", "matrix_category", "process_step") or entry.id.split("-")[0] == "pim"


def _reads_as_situation(text: str, result: MatchResult) -> bool:
    """Long text that is no known term describes a situation; a definition question stays a definition."""
    if result.status in (Status.MATCH, Status.AMBIGUOUS):
        return False
    is_question = strip_question(text) != fold(text)
    if is_question and result.status is Status.UNSURE:
        return False
    return len([w for w in fold(text).split() if w not in STOPWORDS]) >= SITUATION_MIN_WORDS


def _database_failed(error: Exception) -> bool:
    """Whether an error came from the database (SQLAlchemy is loaded whenever there is a database to fail)."""
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(error, SQLAlchemyError)
