"""Button values: a short string that rebuilds a reply later, so buttons carry no state on pimbot's side.

Every value is made and read here, and nowhere else: `entry:do-no-harm`, `compare:isp:dsa`,
`collection:principle`, `list`, `help:tools`, `events:all`, `tools:3:case-management:SITUATION`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.reminders.events import KINDS as EVENT_KINDS
from bot.text.echo import without_contacts

MAX_REF_TEXT = 1500
"""A situation carried in a button value is cut to this (Slack allows 2,000 characters per value)."""
PERIODS = ("today", "tonight", "tomorrow", "this week", "next week", "this month", "next month")
"""The periods a question about events can name ("any training this month?")."""
MAX_ABOUT = 80
"""Characters of what events were asked after that a button keeps."""
MAX_ABOUT_WORDS = 8
"""Words of it a button value read back keeps (a forged value can hold more)."""


@dataclass(frozen=True)
class EntryRef:
    entry_id: str


@dataclass(frozen=True)
class CompareRef:
    first: str
    second: str


@dataclass(frozen=True)
class CollectionRef:
    kind: str


@dataclass(frozen=True)
class ListRef:
    kind: str = ""
    """One kind of entry ("tool"), or "" for every entry."""


@dataclass(frozen=True)
class HelpRef:
    topic: str = "general"


@dataclass(frozen=True)
class EventsRef:
    everything: bool = False
    kind: str = ""
    """One kind of event ("training"), or "" for every kind."""
    about: str = ""
    """Words the events were asked after ("JIAF"); "" for none."""
    within: str = ""
    """The period asked about ("this month"); "" for none."""


@dataclass(frozen=True)
class ToolsRef:
    shown: int
    category: str
    """A Matrix category id, or "" for none."""
    situation: str


@dataclass(frozen=True)
class DescribeRef:
    """The answer "Something else: I'll describe it" to the clarifying question about `situation`."""

    situation: str


Ref = EntryRef | CompareRef | CollectionRef | ListRef | HelpRef | EventsRef | ToolsRef | DescribeRef


def encode(ref: Ref) -> str:
    match ref:
        case EntryRef(entry_id):
            return f"entry:{entry_id}"
        case CompareRef(first, second):
            return f"compare:{first}:{second}"
        case CollectionRef(kind):
            return f"collection:{kind}"
        case ListRef(kind):
            return f"list:{kind}" if kind else "list"
        case HelpRef(topic):
            return "help" if topic == "general" else f"help:{topic}"
        case EventsRef(everything, kind, about, within):
            which = ("all" if everything else kind) + (f"@{within.replace(' ', '-')}" if within else "")
            value = f"events:{which}" if which or about else "events"
            return f"{value}:{without_contacts(about)[:MAX_ABOUT]}" if about else value
        case ToolsRef(shown, category, situation):
            return f"tools:{shown}:{category}:{without_contacts(situation)[:MAX_REF_TEXT]}"
        case DescribeRef(situation):
            return f"describe:{without_contacts(situation)[:MAX_REF_TEXT]}"
    raise TypeError(f"not a ref: {ref!r}")


def decode(value: str) -> Ref | None:
    """The ref a button value holds; None for anything else (an old or forged value)."""
    kind, _, rest = value.partition(":")
    if kind == "entry" and rest:
        return EntryRef(rest)
    if kind == "compare":
        first, _, second = rest.partition(":")
        return CompareRef(first, second) if first and second and first != second else None
    if kind == "collection" and rest:
        return CollectionRef(rest)
    if kind == "list":
        return ListRef(rest)
    if kind == "help":
        return HelpRef(rest or "general")
    if kind == "events":
        which, _, about = rest.partition(":")
        which, _, period = which.partition("@")
        about = " ".join(about.split()[:MAX_ABOUT_WORDS])
        within = period.replace("-", " ") if period.replace("-", " ") in PERIODS else ""
        return EventsRef(which == "all", which if which in EVENT_KINDS else "", about, within)  # a kind pimbot knows
    if kind == "tools":
        shown, _, rest = rest.partition(":")
        category, _, situation = rest.partition(":")
        return ToolsRef(int(shown), category, situation) if shown.isdigit() else None
    if kind == "describe":
        return DescribeRef(rest)
    return None


def entry_ref(entry_id: str) -> str:
    """The value of a button that opens one entry (related entries, "did you mean", acronym meanings)."""
    return encode(EntryRef(entry_id))
