"""The replies only admins get: the gaps in the knowledge base, and a reload of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.knowledge.entries import Entry
from bot.replies.base import BaseReply

if TYPE_CHECKING:
    from bot.storage.curation import Gaps

OVERDUE_SHOWN = 15
"""How many entries due for review /pim gaps lists."""


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
