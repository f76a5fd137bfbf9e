"""Suggest PIM tools and systems for a situation described in the user's own words.

Each tool lists, in `fits`, the phrases practitioners use for the needs it meets. A situation scores a
tool by the distinct words it shares with those phrases, each word weighted by how rare it is among
tools (so "grave violations" says more than "data"), plus a bonus for whole phrases. The words that
scored are quoted back as the reason. Too little to go on means one clarifying question, not a guess.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from bot.knowledge import CROSS_CUTTING, Entry, KnowledgeBase
from bot.normalize import normalize
from bot.typos import TypoFixer

MAX_SUGGESTIONS = 8
FIRST_SHOWN = 3
MIN_SCORE = 3.0
"""Below this best score the situation is too vague to advise on: ask instead."""
CLARIFY_QUESTION = "Which kind of information do you need? Pick the closest, or describe what you need to know."
DESCRIBE_OPTION = "describe"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words(
    """
    a about after all also am an and any are as at be been before best but by can could do does doing for
    from get give go good got has have help how i if in into is it its just keep know let like me more most
    much my need needs new of on one or our out over please recommend right s should so some something
    someone suggest suggestion than that the their them then there these they thing things this those to
    tool tools try us use used using very want wants was way we were what when where which who why will with
    would you your system systems
    """
)
# Words that show what is at stake, mapped to the principles to mind. A design choice of pimbot, not a PIM rule:
# the principles themselves are PIM's (knowledge/principles.yaml), the triggers are ours.
PERSONAL_DATA_WORDS = _words(
    """
    name names phone individual individuals case cases survivor survivors child children biometric
    biometrics fingerprint fingerprints iris registration register registering registered beneficiary
    beneficiaries personal identifiable identity gbv sgbv rape sexual victim victims unaccompanied separated
    uasc address addresses household households detention detained
    """
)
SHARING_WORDS = _words(
    """
    share shares shared sharing send sending transfer transferring exchange exchanging publish publishing
    hand handover disclose give giving donor donors asks asked request requested another
    """
)
COLLECTION_WORDS = _words(
    """
    survey surveys assessment assessments questionnaire questionnaires interview interviews collect
    collecting collection enumerator enumerators form forms
    """
)


@dataclass(frozen=True)
class Suggestion:
    tool: Entry
    score: float
    why: tuple[str, ...]
    """The user's own words that led to this tool."""
    categories: tuple[str, ...] = ()
    """The names of the PIM Matrix categories the tool serves."""


@dataclass(frozen=True)
class Advice:
    situation: str
    suggestions: tuple[Suggestion, ...]
    principles: tuple[Entry, ...]
    sharing: tuple[Entry, ...]
    """Entries to point to (information sharing protocol, data sharing agreement) when data is shared."""
    clarify: bool
    category: Entry | None = None
    """The Matrix category the user picked when asked to clarify."""
    options: tuple[Entry, ...] = ()
    """The Matrix categories offered when the situation was too vague."""


@dataclass(frozen=True)
class _Phrase:
    tokens: frozenset[str]
    weight: float


class Advisor:
    """An index over the tools of one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.tools = [e for e in kb.entries if e.tool is not None]
        self.categories = kb.of_kind("matrix_category")
        phrases_of: dict[str, list[frozenset[str]]] = {}
        document_frequency: dict[str, int] = defaultdict(int)
        for tool in self.tools:
            assert tool.tool is not None
            phrases = [frozenset(_content_tokens(p)) for p in tool.tool.fits]
            phrases_of[tool.id] = [p for p in phrases if p]
            for token in set().union(*phrases_of[tool.id]) if phrases_of[tool.id] else ():
                document_frequency[token] += 1
        count = max(len(self.tools), 1)
        self._idf = {t: math.log(1 + count / df) for t, df in document_frequency.items()}
        self._phrases = {
            tool_id: [_Phrase(p, sum(self._idf[t] for t in p)) for p in phrases] for tool_id, phrases in phrases_of.items()
        }
        self._typos = TypoFixer(self._idf, length_change=2)
        self._position = {tool.id: number for number, tool in enumerate(self.tools)}
        self._tools_with_token: dict[str, set[str]] = defaultdict(set)
        for tool_id, phrases in phrases_of.items():
            for phrase in phrases:
                for token in phrase:
                    self._tools_with_token[token].add(tool_id)
        self._principles = {e.id: e for e in kb.of_kind("principle")}

    def advise(self, situation: str, category_id: str | None = None) -> Advice:
        """Rank tools for the situation; with `category_id` (a clarifying answer) only tools of that category."""
        words = _surface_words(situation)
        tokens_of_word = [normalize(w).split() for w in words]
        corrected = self._corrections({t for tokens in tokens_of_word for t in tokens})
        tokens_of_word = [[corrected.get(t, t) for t in tokens] for tokens in tokens_of_word]
        tokens = {t for ts in tokens_of_word for t in ts} - STOPWORDS
        category = self.kb.get(category_id) if category_id else None
        if category is None:  # only tools described with one of the situation's words can score
            ids = set().union(*(self._tools_with_token.get(t, ()) for t in tokens))
            considered = [self.kb.by_id[i] for i in sorted(ids, key=self._position.__getitem__)]
        else:
            considered = self.tools
        scored = []
        for tool in considered:
            score, matched = self._score(tool.id, tokens)
            scored.append((score, matched, tool))
        if category is not None:
            in_category = [s for s in scored if category.id in s[2].tool.categories]  # type: ignore[union-attr]
            in_category.sort(key=lambda s: (-s[0], s[2].tool.categories.index(category.id)))  # type: ignore[union-attr]
            ranked = in_category
        else:
            ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: -s[0])
        clarify = category is None and (not ranked or ranked[0][0] < MIN_SCORE)
        suggestions = tuple(
            Suggestion(tool, round(score, 2), _quote(words, tokens_of_word, matched), self._category_names(tool))
            for score, matched, tool in ranked[:MAX_SUGGESTIONS]
        )
        if clarify:
            suggestions = ()
        principles, sharing = self._at_stake(tokens, suggestions)
        options = tuple(self.categories) if clarify else ()
        return Advice(situation, suggestions, principles, sharing, clarify, category, options)

    def _score(self, tool_id: str, tokens: set[str]) -> tuple[float, set[str]]:
        covered: set[str] = set()
        whole_phrase_bonus = 0.0
        for phrase in self._phrases[tool_id]:
            matched = phrase.tokens & tokens
            if not matched:
                continue
            coverage = sum(self._idf[t] for t in matched) / phrase.weight
            if coverage >= 0.5:
                covered |= matched
            if coverage == 1.0 and len(phrase.tokens) > 1:
                whole_phrase_bonus = max(whole_phrase_bonus, 0.5 * phrase.weight)
        return sum(self._idf[t] for t in covered) + whole_phrase_bonus, covered

    def _corrections(self, tokens: set[str]) -> dict[str, str]:
        """Fix 1-2 letter typos in longer words ("registation"), toward the words tools are described with."""
        fixed = {}
        for token in tokens:
            if token in self._idf or len(token) < 5 or token in STOPWORDS:
                continue
            closest = self._typos.closest(token)
            if closest:
                fixed[token] = closest[0][0]
        return fixed

    def _at_stake(
        self, tokens: set[str], suggestions: tuple[Suggestion, ...]
    ) -> tuple[tuple[Entry, ...], tuple[Entry, ...]]:
        personal = bool(tokens & PERSONAL_DATA_WORDS) or any(
            s.tool.tool is not None and s.tool.tool.personal_data == "yes" for s in suggestions[:FIRST_SHOWN]
        )
        sharing = bool(tokens & SHARING_WORDS)
        collecting = bool(tokens & COLLECTION_WORDS)
        wanted: list[str] = []
        if personal:
            wanted += ["informed-consent-and-confidentiality", "do-no-harm", "data-responsibility-protection-and-security"]
        if sharing:
            wanted += ["data-responsibility-protection-and-security", "coordination-and-collaboration"]
        if collecting:
            wanted += ["defined-purpose", "people-centred-and-inclusive"]
        if not wanted:
            wanted = ["defined-purpose", "do-no-harm"]
        principles = tuple(dict.fromkeys(self._principles[i] for i in wanted if i in self._principles))[:3]
        pointers = tuple(
            e for e in (self.kb.get("information-sharing-protocol"), self.kb.get("data-sharing-agreement")) if e
        )
        return principles, pointers if sharing else ()

    def _category_names(self, tool: Entry) -> tuple[str, ...]:
        assert tool.tool is not None
        names = []
        for category_id in tool.tool.categories:
            if category_id == CROSS_CUTTING:
                names.append("Cross-cutting (all categories)")
            elif (category := self.kb.get(category_id)) is not None:
                names.append(category.title)
        return tuple(names)


def _surface_words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", text)


def _content_tokens(text: str) -> list[str]:
    return [t for t in normalize(text).split() if t not in STOPWORDS]


def _quote(words: list[str], tokens_of_word: list[list[str]], matched: set[str]) -> tuple[str, ...]:
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
    for span in spans:
        seen.setdefault(" ".join(span), None)
    return tuple(seen)[:4]
