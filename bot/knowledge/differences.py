"""Curated notes on what sets two entries apart (knowledge/differences.yaml), read and checked by line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from bot import messages
from bot.knowledge.fields import Fields
from bot.knowledge.yamlfile import Node, Problem
from bot.messages import say

DIFFERENCES_SECTION = "differences"
MAX_DIFFERENCE = 600


@dataclass(frozen=True)
class Difference:
    """A curated note on how two entries differ, with its source."""

    between: frozenset[str]
    text: str
    sources: tuple[str, ...]
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)


def read_differences(items: Node, file: str, problems: list[Problem]) -> list[Difference]:
    """Each note of a differences file; its ids are checked later, against every entry."""
    notes = []
    for item in items.value:  # type: ignore[union-attr]
        fields = Fields(item, file, ("between", "difference", "source"), problems, what=say(messages.CHECK_ITEM_DIFFERENCE))
        if not fields.nodes:
            continue
        between = fields.texts("between")
        if len(set(between)) != 2:
            fields.field_problem("between", say(messages.CHECK_TWO_IDS))
        text = " ".join(fields.text("difference", required=True).split())
        if len(text) > MAX_DIFFERENCE:
            fields.field_problem("difference", say(messages.CHECK_TOO_LONG, length=len(text), limit=MAX_DIFFERENCE))
        sources = fields.urls("source", required=True)
        if fields.ok:
            notes.append(Difference(frozenset(between), text, sources, file, fields.line))
    return notes


def check_differences(notes: list[Difference], known_ids: set[str]) -> Iterator[Problem]:
    """Every id must name an entry, and each pair has at most one note."""
    seen: dict[frozenset[str], Difference] = {}
    for note in notes:
        for entry_id in sorted(note.between - known_ids):
            yield Problem(note.file, note.line, say(messages.CHECK_NO_SUCH_BETWEEN, id=entry_id))
        first = seen.setdefault(note.between, note)
        if first is not note:
            one, other = sorted(note.between)
            where = f"{first.file}:{first.line}"
            yield Problem(
                note.file, note.line, say(messages.CHECK_DIFFERENCE_TWICE, first=one, second=other, location=where)
            )
