"""How tool advice reads words: a situation's and a tool's text in the form they are compared in, where a
phrase's words stand, what a `not_for` text says a tool is not for, and the user's own words quoted back."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.advice.words import DATA_WORDS, GENERIC_WORDS, SAME_MEANING, SHARING_WORDS, STOPWORDS
from bot.text.normalize import count_sign_spelled, normalize

SHARING_REACH = 3
"""A data word at most this many words after a sharing word means data is shared ("send our data"), not
"send enumerators to collect data"."""


def near(tokens: set[str], places: Mapping[str, list[int]], reach: int) -> bool:
    """Whether the words occur together, all within `reach` words of one another somewhere in the text."""
    first, *others = sorted(tokens)
    return any(
        all(any(abs(place - start) <= reach for place in places.get(t, ())) for t in others)
        for start in places.get(first, ())
    )


def data_is_shared(tokens: list[str], words: frozenset[str] = DATA_WORDS) -> bool:
    """A sharing word with a data word right after it: "share aggregated trends", "send our data to"; with `words`
    FIGURE_WORDS, figures: "share aggregate numbers of GBV incidents"."""
    return any(
        token in SHARING_WORDS and any(t in words for t in tokens[i + 1 : i + 1 + SHARING_REACH])
        for i, token in enumerate(tokens)
    )


NEGATIONS = frozenset({"not", "never", "nor", "no"})
"""A user's own "not" says nothing about what a tool is not for."""
_NEGATED = re.compile(r"\b(?:not|never|nor|no)\b([^.;:,()]*)", re.IGNORECASE)


def negated(text: str) -> str:
    """The parts of a `not_for` text that say what the tool is not for: "it is not for counting people"."""
    return " ".join(found.group(1) for found in _NEGATED.finditer(text))


def same_meaning(tokens: list[str]) -> list[str]:
    return [SAME_MEANING.get(t, t) for t in tokens]


def canonical(text: str) -> str:
    """A tool's text in the form the situation's words are compared in."""
    return " ".join(same_meaning(normalize(text).split()))


def surface_words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", count_sign_spelled(text) if "#" in text else text)


def content_tokens(text: str) -> list[str]:
    return [t for t in same_meaning(normalize(text).split()) if t not in STOPWORDS]


def quote(words: list[str], tokens_of_word: list[list[str]], matched: set[str]) -> tuple[str, ...]:
    """Group the user's words that matched into the short spans they typed, e.g. "informal sites"."""
    spans: list[list[str]] = []
    previous_matched = False
    for word, tokens in zip(words, tokens_of_word, strict=True):
        if matched.intersection(tokens):
            if previous_matched:
                spans[-1].append(word)
            else:
                spans.append([word])
            previous_matched = True
        else:
            previous_matched = False
    seen: dict[str, None] = {}
    for span in spans:  # a span of words that say nothing specific ("many people", "14") is no reason
        if any(set(normalize(word).split()) - GENERIC_WORDS and not word.isdigit() for word in span):
            seen.setdefault(" ".join(span), None)
    return tuple(seen)[:4]
