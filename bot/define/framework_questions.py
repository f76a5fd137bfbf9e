"""Questions about the PIM framework's numbered parts, as people phrase them.

"how many PIM principles are there?" and "list the matrix categories" ask for a whole collection;
"principle 4", "the third step of the PIM process" and "matrix cat 5" ask for one numbered entry. The
fuzzy matcher cannot read these (it sees "many" or "4"), and the tool advisor must never get them.
Only a text made of framework words, numbers and question words counts, so "humanitarian principles"
or "GBV guiding principles" are left to the matcher: they are other sets, not the PIM Principles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.query import Query

PRINCIPLE, MATRIX_CATEGORY, PROCESS_STEP = "principle", "matrix_category", "process_step"
_KIND_WORDS = {
    "principle": PRINCIPLE,
    "principles": PRINCIPLE,
    "category": MATRIX_CATEGORY,
    "categories": MATRIX_CATEGORY,
    "cat": MATRIX_CATEGORY,
    "matrix": MATRIX_CATEGORY,
    "step": PROCESS_STEP,
    "steps": PROCESS_STEP,
    "process": PROCESS_STEP,
}
_PLURALS = {"principles", "categories", "steps"}
_NUMBERS = {
    **{str(n): n for n in range(1, 9)},
    **dict.fromkeys(("one", "first", "1st"), 1),
    **dict.fromkeys(("two", "second", "2nd"), 2),
    **dict.fromkeys(("three", "third", "3rd"), 3),
    **dict.fromkeys(("four", "fourth", "4th"), 4),
    **dict.fromkeys(("five", "fifth", "5th"), 5),
    **dict.fromkeys(("six", "sixth", "6th"), 6),
    **dict.fromkeys(("seven", "seventh", "7th"), 7),
    **dict.fromkeys(("eight", "eighth", "8th"), 8),
}
_MAX_NUMBER = 99
"""Numbers past the last part are still read ("principle 9"): the collection is shown, saying there is no such part."""
_FILLER = frozenset((
    "what", "whats", "which", "is", "are", "were", "the", "a", "an", "of", "in", "on", "for", "pim", "number", "no",
    "nr", "how", "many", "much", "there", "list", "show", "me", "all", "tell", "about", "does", "do", "have", "has",
    "give", "name", "names", "explain", "our", "its", "their", "please", "and", "each", "every",
))  # fmt: skip
"""Question words and the like: a text of only these, framework words and numbers is a framework question."""
_WORD = re.compile(r"[a-z0-9]+")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)?")
_STEPS_OF_A_SYSTEM = re.compile(
    r"\bsteps? (?:to|for|in) (?:design(?:ing)?|set(?:ting)? up|build(?:ing)?|develop(?:ing)?|plan(?:ning)?)"
    r"(?: (?:a|an|the|our|my))?(?: \w+){0,3} (?:information |im )?systems?\b"
)
"""The steps to design, set up or build an information system are the PIM Process ("steps to register refugees" are not)."""
_SAYS = frozenset(("say", "says", "mean", "means", "cover", "covers", "require", "requires"))
"""After a numbered part ("what does principle 5 say about ..."), what the question goes on to ask is about that part."""


@dataclass(frozen=True)
class FrameworkQuestion:
    kind: str
    """PRINCIPLE, MATRIX_CATEGORY or PROCESS_STEP."""
    number: int | None
    """The numbered entry asked for; None when the question is about the whole collection."""


def framework_question(text: str | Query) -> FrameworkQuestion | None:
    """What a question about the PIM Principles, Matrix or Process asks for; None for anything else."""
    if _STEPS_OF_A_SYSTEM.search(Query.of(text).folded):  # "what are the steps to design a monitoring system?"
        return FrameworkQuestion(PROCESS_STEP, None)
    words = _WORD.findall(Query.of(text).folded)
    said = next((i for i, w in enumerate(words) if w in _SAYS), None)
    if said is not None and any(_number(w) for w in words[:said]):
        words = words[:said]  # "what does principle 5 say about data protection": principle 5, whatever follows
    kinds = {_KIND_WORDS[w] for w in words if w in _KIND_WORDS}
    if MATRIX_CATEGORY in kinds and PROCESS_STEP in kinds:  # "the process of the matrix": not one of ours
        return None
    if len(kinds - {PROCESS_STEP}) > 1 or not kinds:
        return None
    if any(w not in _FILLER and w not in _KIND_WORDS and not _number(w) for w in words):
        return None  # another word qualifies it: "humanitarian principles", "steps to register"
    kind = next(iter(kinds))
    if kind == PROCESS_STEP and not {"step", "steps"} & set(words):
        return None  # "the pim process" alone is the entry about the process, which the matcher finds
    numbers = [n for n in map(_number, words) if n]
    if _PLURALS & set(words) or (not numbers and {"list", "all", "many"} & set(words)):
        return FrameworkQuestion(kind, None)  # "the principles", "list all matrix categories"
    return FrameworkQuestion(kind, numbers[0]) if numbers else None


def _number(word: str) -> int | None:
    """The number a word says ("4", "fourth", "12"), or None."""
    digits = _ORDINAL.fullmatch(word)
    if digits:
        return int(digits[1]) if 0 < int(digits[1]) <= _MAX_NUMBER else None
    return _NUMBERS.get(word)
