"""Which PIM Principles to mind for a situation, and the sharing agreements to point to.

The principles themselves are PIM's (knowledge/principles.yaml); which words call for which is pimbot's design
choice (bot.advice.words), not a PIM rule.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.advice.suggestions import FIRST_SHOWN, Suggestion
from bot.advice.words import COLLECTION_WORDS, PERSONAL_DATA_WORDS
from bot.knowledge.entries import Entry, KnowledgeBase

SHARING_POINTERS = ("information-sharing-protocol", "data-sharing-agreement")


def at_stake_for(
    kb: KnowledgeBase,
    principles: Mapping[str, Entry],
    tokens: set[str],
    suggestions: tuple[Suggestion, ...],
    sharing: bool,
) -> tuple[tuple[Entry, ...], tuple[Entry, ...]]:
    """Up to three of the `principles` (by id) for what the situation's words and first suggestions put at stake,
    and, when data is shared, the entries on sharing it."""
    personal = bool(tokens & PERSONAL_DATA_WORDS) or any(
        s.tool.tool is not None and s.tool.tool.personal_data == "yes" for s in suggestions[:FIRST_SHOWN]
    )
    collecting = bool(tokens & COLLECTION_WORDS)
    wanted: list[str] = []
    if personal:
        wanted += ["informed-consent-and-confidentiality", "do-no-harm", "data-responsibility-protection-and-security"]
    if sharing:
        wanted += ["data-responsibility-protection-and-security", "do-no-harm", "coordination-and-collaboration"]
    if collecting:
        wanted += ["defined-purpose", "people-centred-and-inclusive"]
    if not wanted:
        wanted = ["defined-purpose", "do-no-harm"]
    chosen = tuple(dict.fromkeys(principles[i] for i in wanted if i in principles))[:3]
    pointers = tuple(e for e in (kb.get(i) for i in SHARING_POINTERS) if e)
    return chosen, pointers if sharing else ()
