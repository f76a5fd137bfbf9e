"""Questions that compare two things ("ISP vs DSA", "difference between IHL and IHRL") and the curated notes on
what sets two entries apart (knowledge/differences.yaml).

People ask this way as often as they ask for one term; the matcher alone would see one long unknown name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from bot.query import Query
from bot.yamlfile import Fields, Node, Problem

DIFFERENCES_SECTION = "differences"
MAX_DIFFERENCE = 600

_PATTERNS = (
    re.compile(r"^(?:(?:what|whats) (?:is |are )?)?(?:the )?(?:main )?differences? between (?P<a>.+?) and (?P<b>.+?)$"),
    re.compile(r"^(?:how (?:do|does|is|are) )?(?P<a>.+?) (?:differ from|different from) (?P<b>.+?)$"),
    re.compile(r"^compare (?P<a>.+?) (?:and|with|to) (?P<b>.+?)$"),
    re.compile(r"^(?P<a>.+?) (?:vs|versus|or|compared to|compared with) (?P<b>.+?)(?: difference| differences)?$"),
)


@dataclass(frozen=True)
class Difference:
    """A curated note on how two entries differ, with its source."""

    between: frozenset[str]
    text: str
    sources: tuple[str, ...]
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)


def comparison_sides(text: str | Query) -> tuple[str, str] | None:
    """The two things a comparing question names, as typed; None when the text does not compare."""
    folded = Query.of(text).folded.removesuffix(" differ").strip()
    for pattern in _PATTERNS:
        found = pattern.match(folded)
        if found:
            a, b = found.group("a").strip(), found.group("b").strip()
            if a and b and a != b:
                return a, b
    return None


def sides_to_try(a: str, b: str) -> Iterable[tuple[str, str]]:
    """The sides as typed, then with a shared word restored: "primary vs secondary data" means "primary data",
    and "data protection vs security" means "data security"."""
    yield a, b
    a_words, b_words = a.split(), b.split()
    if len(b_words) > 1:
        yield f"{a} {' '.join(b_words[1:])}", b
    if len(a_words) > 1:
        yield a, f"{' '.join(a_words[:-1])} {b}"


def find_pair(text: str | Query, sure_match: Callable[[str], str | None]) -> tuple[str, str] | None:
    """The ids of two different entries the text compares, each matched with certainty; None otherwise."""
    sides = comparison_sides(text)
    if sides is None:
        return None
    for a, b in sides_to_try(*sides):
        first, second = sure_match(a), sure_match(b)
        if first and second and first != second:
            return first, second
    return None


def read_differences(items: Node, file: str, problems: list[Problem]) -> list[Difference]:
    """Each note of a differences file; its ids are checked later, against every entry."""
    notes = []
    for item in items.value:  # type: ignore[union-attr]
        fields = Fields(item, file, ("between", "difference", "source"), problems, what="difference")
        if not fields.nodes:
            continue
        between = fields.texts("between")
        if len(set(between)) != 2:
            fields.field_problem("between", "name exactly two different entry ids, like [anonymisation, pseudonymisation]")
        text = " ".join(fields.text("difference", required=True).split())
        if len(text) > MAX_DIFFERENCE:
            fields.field_problem("difference", f"{len(text)} characters, keep it under {MAX_DIFFERENCE}")
        sources = fields.urls("source", required=True)
        if fields.ok:
            notes.append(Difference(frozenset(between), text, sources, file, fields.line))
    return notes


def check_differences(notes: list[Difference], known_ids: set[str]) -> Iterator[Problem]:
    """Every id must name an entry, and each pair has at most one note."""
    seen: dict[frozenset[str], Difference] = {}
    for note in notes:
        for entry_id in sorted(note.between - known_ids):
            yield Problem(note.file, note.line, f"difference, field 'between': no entry has the id '{entry_id}'")
        first = seen.setdefault(note.between, note)
        if first is not note:
            pair = " and ".join(sorted(note.between))
            yield Problem(note.file, note.line, f"difference: {pair} already have a note at {first.file}:{first.line}")
