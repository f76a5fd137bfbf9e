"""Turn what people type into a canonical form, so one spelling of a term finds every other.

Both the knowledge base keys and the queries go through `normalize`, so the rules only need to be
consistent, not linguistically perfect: "IDPs" and "IDP", "anonymisation" and "anonymization",
"people-centred" and "people centered" all end up the same.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUESTION_PATTERNS = [
    re.compile(p)
    for p in (
        r"^what (?:does|do) (?P<q>.+?) (?:mean|stand for)$",
        r"^what (?:does|do) (?P<q>.+?) mean (?:for|in|when it comes to) (?:data|information|im|pim|our work)$",
        r"^what is (?:meant|understood) by (?P<q>.+)$",
        r"^what do (?:you|we|they) mean by (?P<q>.+)$",
        r"^(?:please |pls |plz )?(?:can you |could you )?(?:define|explain|describe)"
        r"(?: (?:to me|for me))?(?: what)?(?: is| are)? (?P<q>.+)$",
        r"^what (?:a |an |the )?(?P<q>.+?) (?:is|are|means)$",
        r"^(?:please )?(?:tell me|teach me)(?: more)? about (?P<q>.+)$",
        r"^(?:what|who) (?:counts|count|qualifies|qualify) as (?P<q>.+)$",
        r"^what (?:is|are) (?P<q>.+?) (?:for|used for|about|good for)$",
        r"^(?:what|who) (?:is|are|was|were) (?P<q>.+)$",
        r"^whats (?P<q>.+)$",
        r"^what (?:means|mean|is mean by|is meant) (?P<q>.+)$",  # "what means matrix in pim"
        r"^(?:abeg )?wetin (?:be|bi|mean|dey mean) (?P<q>.+)$",  # Nigerian Pidgin: "(abeg) wetin be PIM"
        r"^(?:the )?(?:meaning|definition) of (?P<q>.+)$",
        r"^(?P<q>.+?) (?:meaning|definition)$",
        r"^(?P<q>.+?) means what$",
        r"^(?:define|explain) (?P<q>.+)$",
        # asked in French or Spanish ("c'est quoi DTM", "¿qué es un DPIA?"): the term is what is looked up
        r"^(?:cest quoi|quest ce que|quest ce quun|quest ce quune) (?:cest )?(?:le |la |les |l |un |une )?(?P<q>.+)$",
        r"^(?:que|qu) (?:es|son|significa) (?:un |una |el |la |los |las )?(?P<q>.+)$",
        # asked in Arabic ("ما هو PIM"): the term, often typed in Latin letters, is what is looked up
        r"^(?:ما هو|ما هي|ماهو|ماهي|ما معنى|شو هو|شو هي|شو يعني|ايش يعني|ايش|معنى) (?P<q>.+)$",
        # Arabic typed in Latin letters ("shu ya3ni DSA", "ma3na DPIA", "DSA ya3ni eh")
        r"^(?:shu|sho|shou|esh|eish|aish|ish|eh) (?:ya3ni|yaani|yani|ya3ny) (?P<q>.+)$",
        r"^(?:ma3na|maana|ma3ana|ya3ni|yaani) (?P<q>.+)$",
        r"^(?P<q>.+?) (?:ya3ni|yaani|yani|يعني) (?:eh|eih|shu|sho|ايه|ايش|شو)$",
    )
]
_WHAT_MISTYPED = re.compile(r"^(?:wat|wht|wot|waht|whta)(s?)\b")
""""wat is X", "wats X": chat spellings of "what" that start a definition question."""
_LEADING_FILLER = re.compile(r"^(?:(?:the|a|an|term|word|concept|acronym|abbreviation|phrase|pim define)\s+)+")
_TRAILING_FILLER = re.compile(r"(?:\s+(?:please|pls|plz|thanks|thank you|again|exactly|actually|in pim|is|are|means))+$")
_BRITISH = [
    (re.compile(r"(?<=[a-z]{3})is(ation|ations|e|ed|es|ing)\b"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{3})ys(e|ed|es|ing)\b"), r"yz\1"),
    (re.compile(r"(?<=[a-z]{2}[^aeiou])re\b"), "er"),
    (re.compile(r"(?<=[a-z]{2}[^aeiou])red\b"), "ered"),
    (re.compile(r"\bprogramme"), "program"),
    (re.compile(r"(?<=[a-z]{3})our\b"), "or"),
    (re.compile(r"(?<=[a-z]{3})ence\b"), "ense"),
]
_JOINED_PREFIX = re.compile(r"\b(de|re|non|co|pre|multi|inter|cross)[-\u2010\u2011](?=[a-z])")
_SPACED_PREFIX = re.compile(r"\b(de|re|non) (?=(?:identif|anonym|register|registr|personal)[a-z]*\b)")
"""'de identification' as typed for 'de-identification': only before the words where this happens in PIM."""
_COUNT_SIGN = re.compile(r"#\s*of\b")
""""# of GBV survivors per ward" asks for a count, as "number of" does."""
_NO_PLURAL_ENDINGS = ("ss", "us", "is", "ics")
_SAME_IN_BOTH = frozenset({"bias", "alias", "atlas", "canvas", "news", "series", "species"})
"""Words whose final s is no plural: "bias" is not the plural of the acronym "BIA"."""
_NOT_A_WORD = re.compile(r"[^\w]+|_")
_SIGNS = bytes(c for c in range(128) if not chr(c).isalnum())
_ASCII_SIGNS = bytes.maketrans(_SIGNS, b" " * len(_SIGNS))
"""Every ASCII sign to a space in one pass ("&" and "+" are made words before, and an apostrophe goes)."""


def fold(text: str) -> str:
    """Lower-case and strip accents, dashes and punctuation, keeping letters, digits and single spaces."""
    return " ".join(_folded_words(text))


def _folded_words(text: str) -> list[str]:
    """The words of `fold(text)`: `normalize` goes on from them without joining and splitting again."""
    if text.isascii():
        text = text.lower()
        if "-" in text and _JOINED_PREFIX.search(text):  # most hyphens join no prefix ("entry-1"): no substitution
            text = _JOINED_PREFIX.sub(r"\1", text)
        if ("de " in text or "re " in text or "non " in text) and _SPACED_PREFIX.search(text):
            text = _SPACED_PREFIX.sub(r"\1", text)
        if "&" in text or "+" in text:
            text = text.replace("&", " and ").replace("+", " plus ")
        if "#" in text:
            text = count_sign_spelled(text)
        # bytes.translate is one C-level pass over a 256-byte table, several times faster than str.translate
        return text.encode("ascii").translate(_ASCII_SIGNS, b"'").decode("ascii").split()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " and ").replace("+", " plus ").replace("'", "").replace("\u2019", "")
    text = count_sign_spelled(text)
    text = _SPACED_PREFIX.sub(r"\1", _JOINED_PREFIX.sub(r"\1", text))
    return _NOT_A_WORD.sub(" ", text).split()


def count_sign_spelled(text: str) -> str:
    """ "# of GBV survivors per ward" as "number of ...": a count is asked, as "number of" asks one."""
    return _COUNT_SIGN.sub("number of", text)


def singular(word: str) -> str:
    """A crude singular that is good enough when applied to both sides of a comparison."""
    if len(word) <= 3 or word.endswith(_NO_PLURAL_ENDINGS) or word.isdigit() or word in _SAME_IN_BOTH:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word


_ANY_BRITISH = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _BRITISH))
"""One search that tells whether any spelling above may apply: most words need none, and loading 10,000 entries
normalises some 13,000 distinct words."""


_BRITISH_ENDINGS = ("isation", "isations", "ise", "ised", "ises", "ising", "yse", "ysed", "yses", "ysing", "re", "red")
_BRITISH_ENDINGS += ("our", "ence")
"""What a word must end with for a spelling above to apply (or start with: "programme"): a cheap test first."""


def americanize(word: str) -> str:
    """One word (letters and digits) in American spelling."""
    if not (word.endswith(_BRITISH_ENDINGS) or word.startswith("programme")) or not _ANY_BRITISH.search(word):
        return word
    for pattern, replacement in _BRITISH:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=65536)
def normalize_word(word: str) -> str:
    """One folded word, singular and in American spelling (cached: the same words come back all the time)."""
    return americanize(singular(word))


def normalize(text: str) -> str:
    """The canonical form used for every lookup: folded, singular, American spelling."""
    return " ".join(map(normalize_word, _folded_words(text)))


def strip_question(text: str) -> str:
    """Peel "what does X mean?", "explain X", "define: X" and the like down to X (already folded)."""
    return strip_folded_question(fold(text))


def strip_folded_question(folded: str) -> str:
    """strip_question for a text already folded."""
    folded = _WHAT_MISTYPED.sub(r"what\1", folded)
    for _ in range(3):  # "please explain what is X" needs more than one pass
        before = folded
        for pattern in _QUESTION_PATTERNS:
            found = pattern.match(folded)
            if found:
                folded = found.group("q")
                break
        folded = _TRAILING_FILLER.sub("", _LEADING_FILLER.sub("", folded))
        if folded == before:
            break
    return folded


_SUFFIXES = ("ing", "ed", "es", "s")


def crude_stem(word: str) -> str:
    """Suffix stripping, enough for "sharing", "shared", "shares" and "counting" to meet their stem: the safety
    model's features and the `not_for` comparison of tool advice (not lookups: "processes" stays a word)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
