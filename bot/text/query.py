"""A text someone typed, understood once: its folded form, its words, and the term it asks about.

The grammar, the matcher, the comparisons, the framework questions and curation all read the same Query
instead of folding the text again each. It also carries a guess at the text's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.text.language import guess_language
from bot.text.normalize import fold, normalize, strip_folded_question


@dataclass(frozen=True)
class Query:
    raw: str
    """As typed (Slack's mentions already removed)."""

    @classmethod
    def of(cls, text: str | Query) -> Query:
        return text if isinstance(text, Query) else cls(text)

    @cached_property
    def language(self) -> str | None:
        """ "fr", "es" or "ar" when the text reads as another language than English (pimbot reads English only)."""
        return guess_language(self.raw)

    @cached_property
    def folded(self) -> str:
        """Lower case, no accents or punctuation: "what's a DPIA?" is "whats a dpia"."""
        return fold(self.raw)

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(self.folded.split())

    @cached_property
    def asked(self) -> str:
        """Without its question words: "what does DPIA mean?" asks about "dpia" (folded)."""
        return strip_folded_question(self.folded)

    @cached_property
    def key(self) -> str:
        """What is looked up and counted: the question words removed, singular, American spelling."""
        return normalize(self.asked)

    @property
    def is_phrased_as_question(self) -> bool:
        """Question words were peeled off ("what is X", "explain X")."""
        return self.asked != self.folded

    def __str__(self) -> str:
        return self.raw
