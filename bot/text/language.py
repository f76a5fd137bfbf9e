"""A rough guess at whether a text is French, Spanish or Arabic rather than English.

pimbot reads English only for now. When a text it could not answer looks written in another language, it
says so instead of "not a PIM term" or a clarifying question the writer cannot act on. The guess is
deliberately cautious: one accented place name ("Cúcuta") in an English sentence is not French.
"""

from __future__ import annotations

import re

from bot.text.normalize import fold

_FUNCTION_WORDS = {
    "fr": frozenset(
        {"le", "la", "les", "des", "du", "une", "est", "et", "pour", "avec", "dans", "sur", "qui", "que", "quoi", "je",
         "nous", "vous", "il", "elle", "ils", "sont", "pas", "au", "aux", "ce", "cette", "mais", "comment", "pourquoi",
         "quel", "quelle", "svp", "en", "cest", "quest", "nest", "jai", "dun", "dune", "sil"}
    ),
    "es": frozenset(
        {"el", "la", "los", "las", "una", "es", "y", "para", "con", "por", "como", "que", "donde", "cuando", "pero",
         "nosotros", "ellos", "en", "del"}
    ),
}  # fmt: skip
"""Short words that English texts hardly use (not "a", "on", "un" for the UN, "de" as in "de facto"); French
contractions as folded ("c'est" is "cest")."""
_ACCENTED = {"fr": re.compile(r"[éèêëàâçôûùïî]"), "es": re.compile(r"[ñáíóú¿¡]")}
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")


def guess_language(text: str) -> str | None:
    """ "fr", "es" or "ar" when the text reads as that language; None for English or too little to tell."""
    if len(_ARABIC.findall(text)) >= 2:
        return "ar"
    words = fold(text).split()
    if not words:
        return None
    lowered = text.lower()
    signs = {
        language: sum(w in function_words for w in words) + len(_ACCENTED[language].findall(lowered))
        for language, function_words in _FUNCTION_WORDS.items()
    }
    language = max(signs, key=signs.__getitem__)
    return language if signs[language] >= 2 and signs[language] * 3 >= len(words) else None


def maybe_other_language(text: str) -> bool:
    """Any sign of another language: enough to add "I read English only" to a reply that found nothing."""
    return guess_language(text) is not None or bool(_ACCENTED["fr"].search(text) or _ACCENTED["es"].search(text))
