"""What tool advice answers, as plain data: the suggestions, the principles at stake, the safety alerts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.advice.safety import Alert, Point
from bot.knowledge.entries import Entry

FIRST_SHOWN = 3
"""Suggestions shown before "show more"."""
HOLDS_PERSONAL_DATA = ("yes", "depends")
"""Tools that hold (or may hold) personal data: never offered as the way to meet a request for it."""


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
