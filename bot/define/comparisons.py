"""Questions that compare two things: "ISP vs DSA", "difference between IHL and IHRL", "compare X with Y".

People ask this way as often as they ask for one term; the matcher alone would see one long unknown name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.text.query import Query

_PATTERNS = (
    re.compile(
        r"^(?:(?:please |pls |can you |could you )?(?:explain|tell|show|give)(?: me| us)? )?"
        r"(?:(?:what|whats) (?:is |are )?)?(?:the )?(?:main )?(?:diff?e?re?nces?|diffs?) (?:between|btwn|btw|betw)"
        r" (?P<a>.+?) and (?P<b>.+?)$"
    ),
    re.compile(r"^(?:how (?:do|does|is|are) )?(?P<a>.+?) (?:differ from|different from) (?P<b>.+?)$"),
    re.compile(r"^compare (?P<a>.+?) (?:and|with|to) (?P<b>.+?)$"),
    re.compile(  # French and Spanish: "quelle est la différence entre X et Y", "¿cuál es la diferencia entre X y Y?"
        r"^(?:(?:quelle|quelles) (?:est|sont) )?(?:la |les )?differences? entre (?:l |le |la |les )?(?P<a>.+?)"
        r" et (?:l |le |la |les )?(?P<b>.+?)$"
    ),
    re.compile(
        r"^(?:(?:cual|cuales) (?:es|son) )?(?:la |las )?diferencias? entre (?:el |la |los |las )?(?P<a>.+?)"
        r" y (?:el |la |los |las )?(?P<b>.+?)$"
    ),
    re.compile(r"^(?:is|are) (?:a |an |the )?(?P<a>.+?) (?:the same (?:thing )?as|same as) (?:a |an |the )?(?P<b>.+?)$"),
    re.compile(r"^(?P<a>.+?) (?:vs|versus|or|compared to|compared with) (?P<b>.+?)(?: difference| differences)?$"),
    re.compile(r"^(?:what|whats) (?:is |are )?(?:a |an |the )?(?P<a>\S+) and (?:a |an |the )?(?P<b>\S+)$"),
)
"""The last: two names asked at once ("whats CFM and AAP"), one word each, so that a phrase with "and" in it
("what is monitoring and evaluation") stays one name."""


MAX_SIDE_WORDS = 5
"""A second side followed by more of the question is tried in its first words, at most this many; a first side longer
than this is a sentence, not a name ("we need IDP figures for the PiN, DTM or OCHA CODs?" compares nothing)."""


def comparison_sides(text: str | Query) -> tuple[str, str] | None:
    """The two things a comparing question names, as typed; None when the text does not compare."""
    folded = Query.of(text).folded.removesuffix(" differ").strip()
    for pattern in _PATTERNS:
        found = pattern.match(folded)
        if found:
            a, b = found.group("a").strip(), found.group("b").strip()
            if a and b and a != b and len(a.split()) <= MAX_SIDE_WORDS:
                return a, b
    return None


def sides_to_try(a: str, b: str) -> Iterable[tuple[str, str]]:
    """The sides as typed, then with a shared word restored: "primary vs secondary data" means "primary data",
    and "data protection vs security" means "data security"; then the second side's first words, when the question
    goes on after it."""
    yield a, b
    a_words, b_words = a.split(), b.split()
    if len(b_words) > 1:
        yield f"{a} {' '.join(b_words[1:])}", b
    if len(a_words) > 1:
        yield a, f"{' '.join(a_words[:-1])} {b}"
    for size in range(min(len(b_words) - 1, MAX_SIDE_WORDS), 0, -1):  # "isp and dsa, and when is each needed"
        yield a, " ".join(b_words[:size])


def compared_entries(text: str | Query, sure_match: Callable[[str], str | None]) -> tuple[str, ...] | None:
    """The ids of the two different entries the text compares, each matched with certainty; or, when only one side
    is known ("protection vs safety"), that one id; or () when neither is. None when the text does not compare."""
    sides = comparison_sides(text)
    if sides is None:
        return None
    matched: dict[str, str | None] = {}  # each side's wording matched once: the tries share their first side

    def match(side: str) -> str | None:
        if side not in matched:
            matched[side] = sure_match(side)
        return matched[side]

    known: list[str] = []
    for a, b in sides_to_try(*sides):
        first, second = match(a), match(b)
        if first and second and first != second:
            return first, second
        for found in (first, second):
            if found and found not in known:  # "4W vs 5W": two names of one entry
                known.append(found)
    return tuple(known) if len(known) == 1 else ()


def as_typed(folded: str, raw: str) -> str:
    """Words of the text, folded ("ipc"), as the user typed them ("IPC"); folded when accents hide them: a side
    pimbot does not know is named back as written."""
    found = re.search(r"\W+".join(map(re.escape, folded.split())), raw, re.IGNORECASE)
    return found.group(0) if found else folded
