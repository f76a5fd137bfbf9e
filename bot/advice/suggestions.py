"""What tool advice answers, as plain data: the suggestions, the principles at stake, the safety alerts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot import messages
from bot.advice.safety import Alert, Point
from bot.knowledge.entries import CROSS_CUTTING, Entry, KnowledgeBase
from bot.messages import say

FIRST_SHOWN = 3
"""Suggestions shown before "show more"."""
HOLDS_PERSONAL_DATA = ("yes", "depends")
"""Tools that hold (or may hold) personal data: never offered as the way to meet a request for it."""


def category_names(kb: KnowledgeBase, tool: Entry) -> tuple[str, ...]:
    """The names of the PIM Matrix categories a tool serves, as a user reads them."""
    assert tool.tool is not None
    names = []
    for category_id in tool.tool.categories:
        if category_id == CROSS_CUTTING:
            names.append(say(messages.CROSS_CUTTING_CATEGORY))
        elif (category := kb.get(category_id)) is not None:
            names.append(category.title)
    return tuple(names)


def holds_personal_data(tool: Entry, surely: bool = False) -> bool:
    """Whether the tool holds (or, unless `surely`, may hold) personal data."""
    return tool.tool is not None and tool.tool.personal_data in (("yes",) if surely else HOLDS_PERSONAL_DATA)


@dataclass(frozen=True)
class Suggestion:
    tool: Entry
    score: float
    why: tuple[str, ...]
    """The user's own words that led to this tool."""
    categories: tuple[str, ...] = ()
    """The names of the PIM Matrix categories the tool serves."""
    basis: str = ""
    """Why it is here when none of the user's words say so: ALIKE or SAFE_COURSE ("" when `why` says it)."""


ALIKE = "alike"
"""Found because situations described like this one were answered with it (likeness), not by a word."""
SAFE_COURSE = "safe course"
"""The guidance on sharing people's data that leads when data is shared."""
BASIS_LABEL = {ALIKE: messages.WHY_ALIKE, SAFE_COURSE: messages.WHY_SAFE_COURSE}


@dataclass(frozen=True)
class Advice:
    situation: str
    suggestions: tuple[Suggestion, ...]
    principles: tuple[Entry, ...]
    sharing: tuple[Entry, ...]
    """Entries to point to (information sharing protocol, data sharing agreement) when data is shared."""
    clarify: bool
    category: Entry | None = None
    """The Matrix category the user picked when asked to clarify."""
    options: tuple[Entry, ...] = ()
    """The Matrix categories offered when the situation was too vague."""
    alerts: tuple[Alert, ...] = ()
    """What to say before any tool: a request for people's data, a disclosure, publishing data."""
    data_sits_in: tuple[Entry, ...] = ()
    """Systems the user named that hold the requested data: their own access rules apply."""
    linked: Mapping[str, Entry] = field(default_factory=dict)
    """The entries the alerts' points link to, by id."""
    closest: bool = False
    """Still vague after the user chose to describe it: the closest tools, said to be so, not the question again."""

    def points(self, alert: Alert) -> list[tuple[Point, tuple[Entry, ...]]]:
        """Each point of an alert with the entries that explain it."""
        return [(p, tuple(self.linked[i] for i in p.entries if i in self.linked)) for p in alert.points]
