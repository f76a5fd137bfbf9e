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
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.advice.bm25 import Bm25, tool_text
from bot.advice.safety import DATA_REQUEST, DISCLOSURE, Alert, Point
from bot.advice.words import (
    COLLECTION_WORDS,
    DATA_WORDS,
    GENERIC_WORDS,
    PERSONAL_DATA_WORDS,
    SAME_MEANING,
    SHARING_WORDS,
    SHORTHAND,
    STOPWORDS,
    WORDS_NOT_ACRONYMS,
)
from bot.knowledge.entries import CROSS_CUTTING, Entry, KnowledgeBase
from bot.text.normalize import normalize
from bot.text.typos import TypoFixer

MAX_SUGGESTIONS = 8
FIRST_SHOWN = 3
MIN_SCORE = 2.1
"""Below this best score the situation is too vague to advise on: ask instead."""
NAMED_BONUS = MIN_SCORE + 1
"""A tool the user names ("5W", "KoBo", "who does what where") is always among the candidates."""
SHARING_BONUS = MIN_SCORE + 2
"""When people's data is asked for, or data is shared, the data-sharing guidance is always among the candidates."""
SHARING_REACH = 3
"""A data word at most this many words after a sharing word means data is shared ("send our data"), not
"send enumerators to collect data"."""
HOLDS_PERSONAL_DATA = ("yes", "depends")
"""Tools that hold (or may hold) personal data: never offered as the way to meet a request for it."""
DESCRIBE_OPTION = "describe"
SHARING_ENTRY = "data-sharing"
FUSION_K = 3.0
"""Reciprocal rank fusion: a tool scores 1/(K + rank) in each ranking; a small K trusts the top ranks more."""
BM25_WEIGHT = 3.0
"""How much BM25's ranking counts next to pimbot's own (which counts 1)."""
BM25_SURE = 6.0
"""A BM25 score this high means the situation says enough to advise on, even when no `fits` phrase matched."""
NOT_FOR_MIN = 4.0
"""How much of a tool's `not_for` text (in rare words) a situation must share for the tool to be demoted."""
NEW_WORD_RARITY = 3.0
"""The weight of a `not_for` word that no tool's description uses: rare, so telling."""
REASON_MIN_IDF = 1.2
"""A word is quoted as the reason only when it is this specific to few tools: never "many" or "council"."""
PHRASE_REACH = 3
"""A phrase's words count together only when at most this many words (plus the phrase's length) apart."""


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
    alerts: tuple[Alert, ...] = ()
    """What to say before any tool: a request for people's data, a disclosure, publishing data."""
    data_sits_in: tuple[Entry, ...] = ()
    """Systems the user named that hold the requested data: their own access rules apply."""
    linked: Mapping[str, Entry] = field(default_factory=dict)
    """The entries the alerts' points link to, by id."""

    def points(self, alert: Alert) -> list[tuple[Point, tuple[Entry, ...]]]:
        """Each point of an alert with the entries that explain it."""
        return [(p, tuple(self.linked[i] for i in p.entries if i in self.linked)) for p in alert.points]


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
            # "DEEP platform": a name that is also an English word is recognised as a name (_named), never as a word
            phrases = [frozenset(_content_tokens(p)) - WORDS_NOT_ACRONYMS for p in tool.tool.fits]
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
        # Names the user may type: each tool's name and aliases (any case), and its acronyms (in capitals).
        self._names: dict[str, list[str]] = defaultdict(list)
        self._acronyms: dict[str, str] = {}
        for tool in self.tools:
            # A fit made only of common words ("who is doing what where") is matched as a whole phrase.
            plain = [f for f in tool.tool.fits if not _content_tokens(f)]  # type: ignore[union-attr]
            for name in (tool.title, *tool.aliases, *plain):
                if normalize(name) in WORDS_NOT_ACRONYMS:  # "REACH" is named in capitals only, as an acronym
                    continue
                if tool.id not in self._names[normalize(name)]:
                    self._names[normalize(name)].append(tool.id)
            for acronym in tool.acronyms:
                self._acronyms.setdefault(acronym.upper().rstrip("S"), tool.id)
        self._longest_name = max((len(n.split()) for n in self._names), default=1)
        # The guidance to offer whenever people's data is to be shared: the tools the knowledge base relates to
        # data sharing (the `related` field of its "data-sharing" entry), so coordinators can change them.
        sharing = kb.get(SHARING_ENTRY)
        self._sharing_tools = [i for i in (sharing.related if sharing else ()) if i in phrases_of]
        # BM25 reads all of a tool's text, `not_for` too: what a tool is not for also says what it is about.
        self._bm25 = Bm25([(tool.id, _canonical(tool_text(tool, with_not_for=True))) for tool in self.tools])
        # The words a tool's fits and name use: a reason for a tool BM25 alone found must be one of them.
        self._own_words = {
            tool.id: frozenset().union(*(p.tokens for p in self._phrases[tool.id]), normalize(tool.title).split())
            for tool in self.tools
        }
        # A term's acronym stands for its name ("SDR" is "secondary data review"), when it has one meaning only.
        meanings: dict[str, set[str]] = defaultdict(set)
        for entry in kb.entries:
            for acronym in entry.acronyms:
                meanings[acronym.upper()].add(entry.id)
        self._spelled_out = {
            acronym: normalize(kb.by_id[next(iter(ids))].title)
            for acronym, ids in meanings.items()
            if len(ids) == 1 and kb.by_id[next(iter(ids))].tool is None
        }
        # What each tool is not for, in the words its own description does not use: "counting" for a registration
        # system whose not_for says it is not for counting people.
        described = {tool.id: frozenset(_canonical(tool_text(tool)).split()) for tool in self.tools}
        frequency: dict[str, int] = defaultdict(int)
        for words in described.values():
            for word in words:
                frequency[word] += 1
        self._rarity = {word: math.log(1 + count / df) for word, df in frequency.items()}
        self._not_for = {
            tool.id: frozenset(
                _stem(t)
                for t in set(_content_tokens(_negated(tool.tool.not_for))) - described[tool.id] - GENERIC_WORDS - NEGATIONS  # type: ignore[union-attr]
            )
            for tool in self.tools
        }
        self._rarity.update({_stem(word): weight for word, weight in self._rarity.items()})

    def advise(self, situation: str, category_id: str | None = None, alerts: tuple[Alert, ...] | None = None) -> Advice:
        """Rank tools for the situation; with `category_id` (a clarifying answer) only tools of that category.

        `alerts` are the situation's safety alerts when the caller already has them."""
        words = _surface_words(situation)
        tokens_of_word = [_same_meaning(normalize(self._spell_out(w)).split()) for w in words]
        as_typed = {t for ts in tokens_of_word for t in ts} - STOPWORDS
        corrected = self._corrections(as_typed)
        tokens_of_word = [[corrected.get(t, t) for t in tokens] for tokens in tokens_of_word]
        tokens = {t for ts in tokens_of_word for t in ts} - STOPWORDS
        places: dict[str, list[int]] = defaultdict(list)  # where each content word is, counted in content words
        for place, token in enumerate(t for ts in tokens_of_word for t in ts if t not in STOPWORDS):
            places[token].append(place)
        at_stake = tokens | as_typed  # what is at stake is judged on the words as typed too: "raped" is not "rapid"
        named = self._named(words, [t for ts in tokens_of_word for t in ts])
        boosted = dict.fromkeys(named, NAMED_BONUS)
        if alerts is None:
            alerts = self.kb.safeguards.alerts(situation)
        kinds = {a.kind for a in alerts}
        requested = DATA_REQUEST in kinds
        shares_data = requested or _shares_data([w for ts in tokens_of_word for w in ts])
        if shares_data:
            for rank, tool_id in enumerate(self._sharing_tools):  # in the order the knowledge base lists them
                boosted[tool_id] = boosted.get(tool_id, 0.0) + SHARING_BONUS - rank / 100
        category = self.kb.get(category_id) if category_id else None
        lexical = self._bm25.scores(tokens - WORDS_NOT_ACRONYMS)  # "a deep analysis" is not DEEP
        if category is None:  # only tools described with one of the situation's words can score
            ids = set().union(*(self._tools_with_token.get(t, ()) for t in tokens)) | set(boosted) | set(lexical)
            considered = [self.kb.by_id[i] for i in sorted(ids, key=self._position.__getitem__)]
        else:  # the chosen category narrows the situation: its own tools, and those that serve every category
            considered = [t for t in self.tools if {category.id, CROSS_CUTTING} & set(t.tool.categories)]  # type: ignore[union-attr]
        scored = []
        for tool in considered:
            score, matched = self._score(tool.id, tokens, places)
            if not matched and tool.id in lexical:  # found by BM25 alone: quote its specific words the user typed
                matched = self._reason_words(tool.id, tokens)
            scored.append((score + boosted.get(tool.id, 0.0), matched | named.get(tool.id, set()), tool))
        ranked = self._fuse(scored, lexical, boosted, tokens, category)
        data_sits_in: tuple[Entry, ...] = ()
        if requested:
            data_sits_in = tuple(t for _, _, t in ranked if t.id in named and _holds_personal_data(t))
            # "access" in "give the police access" is not humanitarian access: asking words score no tool
            asking = self.kb.safeguards.request_words
            ranked = [s for s in ranked if s[2].id in boosted or not s[1] <= asking]
        if requested or DISCLOSURE in kinds:
            # A system holding personal data is never the way to meet a request for it, nor the first answer
            # to a disclosure: what the person needs is a safe referral, not a record.
            ranked = [s for s in ranked if not _holds_personal_data(s[2])]
        best_own = max((score for score, _, _ in ranked), default=0.0)
        vague = best_own < MIN_SCORE and max(lexical.values(), default=0.0) < BM25_SURE
        clarify = not alerts and category is None and (not ranked or vague)
        suggestions = tuple(
            Suggestion(tool, round(score, 2), _quote(words, tokens_of_word, matched), self._category_names(tool))
            for score, matched, tool in ranked[:MAX_SUGGESTIONS]
            if not alerts or score >= MIN_SCORE or category is not None
        )
        if clarify:
            suggestions = ()
        # An alert already says how to share safely; the short pointer is for data that identifies nobody.
        principles, sharing = self._at_stake(at_stake, suggestions, shares_data and not requested)
        options = tuple(self.categories) if clarify else ()
        linked = {i: e for a in alerts for i in a.entries if (e := self.kb.get(i)) is not None}
        return Advice(
            situation, suggestions, principles, sharing, clarify, category, options, alerts, data_sits_in[:3], linked
        )

    def _fuse(
        self,
        scored: list[tuple[float, set[str], Entry]],
        lexical: Mapping[str, float],
        boosted: Mapping[str, float],
        tokens: set[str],
        category: Entry | None,
    ) -> list[tuple[float, set[str], Entry]]:
        """One ranking from pimbot's own scores and BM25's, by reciprocal rank fusion.

        Tools the user named, and the sharing guidance when data is shared, come first; a tool whose `not_for`
        describes the situation comes after the others; with a chosen category, its own tools break ties."""
        own_order = [t.id for score, _, t in sorted(scored, key=lambda s: -s[0]) if score > 0]
        own_rank = {tool_id: rank for rank, tool_id in enumerate(own_order, 1)}
        scored_ids = {t.id for _, _, t in scored}
        bm25_order = sorted((i for i in lexical if i in scored_ids), key=lambda i: -lexical[i])
        bm25_rank = {tool_id: rank for rank, tool_id in enumerate(bm25_order, 1)}

        def fused(tool_id: str) -> float:
            value = 1 / (FUSION_K + own_rank[tool_id]) if tool_id in own_rank else 0.0
            return value + (BM25_WEIGHT / (FUSION_K + bm25_rank[tool_id]) if tool_id in bm25_rank else 0.0)

        def fit(tool: Entry) -> int:
            categories = tool.tool.categories  # type: ignore[union-attr]
            return categories.index(category.id) if category and category.id in categories else len(categories) + 1

        # Without a chosen category, a tool must share a telling word with the situation: BM25 alone can rank a
        # tool on "people" and "day", and a suggestion needs a reason in the user's words.
        kept = (
            scored if category is not None else [s for s in scored if s[2].id in own_rank or (s[2].id in bm25_rank and s[1])]
        )
        return sorted(
            kept,
            key=lambda s: (
                s[2].id not in boosted,
                -boosted.get(s[2].id, 0.0),
                self._not_for_weight(s[2].id, tokens) >= NOT_FOR_MIN,
                -fused(s[2].id) if s[1] else 0.0,  # a tool with no telling word shared ranks by fit alone
                fit(s[2]),
                not s[1] and _holds_personal_data(s[2]),  # with no reason to pick it, a system of records comes last
            ),
        )

    def _spell_out(self, word: str) -> str:
        """A term's acronym written in capitals ("SDR", "KIIs"), or chat shorthand ("ppl"), as the words it stands for."""
        if word.lower() in SHORTHAND:
            return SHORTHAND[word.lower()]
        if len(word) > 1 and word[0].isupper() and sum(c.isupper() for c in word) >= 2:
            return self._spelled_out.get(word.upper(), self._spelled_out.get(word.upper().removesuffix("S"), word))
        return word

    def _not_for_weight(self, tool_id: str, tokens: set[str]) -> float:
        stems = {_stem(t) for t in tokens}
        return sum(self._rarity.get(t, NEW_WORD_RARITY) for t in stems & self._not_for[tool_id])

    def _reason_words(self, tool_id: str, tokens: set[str]) -> set[str]:
        """The user's words that say what this tool is for: in its fits or names, and specific to few tools."""
        return {
            t
            for t in tokens & self._own_words[tool_id]
            if self._idf.get(t, 0.0) >= REASON_MIN_IDF and t not in GENERIC_WORDS
        }

    def _score(self, tool_id: str, tokens: set[str], places: Mapping[str, list[int]]) -> tuple[float, set[str]]:
        covered: set[str] = set()
        whole_phrase_bonus = 0.0
        for phrase in self._phrases[tool_id]:
            matched = phrase.tokens & tokens
            if not matched or matched <= GENERIC_WORDS:
                continue
            if len(matched) > 1 and not _near(matched, places, PHRASE_REACH + len(phrase.tokens)):
                continue  # "problem statement ... will they trust" is not the phrase "trust statement"
            coverage = sum(self._idf[t] for t in matched) / phrase.weight
            if coverage >= 0.5:
                covered |= matched
            if coverage == 1.0 and len(phrase.tokens) > 1:
                whole_phrase_bonus = max(whole_phrase_bonus, 0.5 * phrase.weight)
        return sum(self._idf[t] for t in covered) + whole_phrase_bonus, covered

    def _named(self, words: list[str], tokens: list[str]) -> dict[str, set[str]]:
        """Tools the situation names outright, with the words that named them."""
        found: dict[str, set[str]] = {}
        for word in words:  # acronyms count when written as acronyms ("DEEP", not "a deep analysis"), or in lower
            # case when the acronym is no English word ("dtm", "hdx")
            written_as_acronym = word.isupper() or any(c.isdigit() for c in word)
            if len(word) > 2 and word.islower() and {word, word.removesuffix("s")}.isdisjoint(WORDS_NOT_ACRONYMS):
                written_as_acronym = True
            if len(word) > 1 and written_as_acronym:
                tool_id = self._acronyms.get(word.upper().rstrip("S"))
                if tool_id:
                    found.setdefault(tool_id, set()).update(normalize(word).split())
        for size in range(self._longest_name, 0, -1):
            for start in range(len(tokens) - size + 1):
                window = tokens[start : start + size]
                if size == 1 and window[0] in STOPWORDS:
                    continue
                for tool_id in self._names.get(" ".join(window), ()):
                    found.setdefault(tool_id, set()).update(window)
        return found

    def _corrections(self, tokens: set[str]) -> dict[str, str]:
        """Fix 1-2 letter typos in longer words ("registation"), toward the words tools are described with."""
        fixed = {}
        for token in tokens:
            if token in self._idf or len(token) < 7 or token in STOPWORDS:  # short words are too often real words
                continue
            closest = self._typos.closest(token)
            if closest:
                fixed[token] = closest[0][0]
        return fixed

    def _at_stake(
        self, tokens: set[str], suggestions: tuple[Suggestion, ...], sharing: bool
    ) -> tuple[tuple[Entry, ...], tuple[Entry, ...]]:
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


def _holds_personal_data(tool: Entry) -> bool:
    return tool.tool is not None and tool.tool.personal_data in HOLDS_PERSONAL_DATA


def _near(tokens: set[str], places: Mapping[str, list[int]], reach: int) -> bool:
    """Whether the words occur together, all within `reach` words of one another somewhere in the text."""
    first, *others = sorted(tokens)
    return any(
        all(any(abs(place - start) <= reach for place in places.get(t, ())) for t in others)
        for start in places.get(first, ())
    )


def _shares_data(tokens: list[str]) -> bool:
    """A sharing word with a data word right after it: "share aggregated trends", "send our data to"."""
    return any(
        token in SHARING_WORDS and any(t in DATA_WORDS for t in tokens[i + 1 : i + 1 + SHARING_REACH])
        for i, token in enumerate(tokens)
    )


NEGATIONS = frozenset({"not", "never", "nor", "no"})
"""A user's own "not" says nothing about what a tool is not for."""
_NEGATED = re.compile(r"\b(?:not|never|nor|no)\b([^.;:,()]*)", re.IGNORECASE)


def _negated(text: str) -> str:
    """The parts of a `not_for` text that say what the tool is not for: "it is not for counting people"."""
    return " ".join(found.group(1) for found in _NEGATED.finditer(text))


def _stem(word: str) -> str:
    """A rough stem, enough to see "counting" in "count": the comparison with `not_for` texts only."""
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _same_meaning(tokens: list[str]) -> list[str]:
    return [SAME_MEANING.get(t, t) for t in tokens]


def _canonical(text: str) -> str:
    """A tool's text in the form the situation's words are compared in."""
    return " ".join(_same_meaning(normalize(text).split()))


def _surface_words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", text)


def _content_tokens(text: str) -> list[str]:
    return [t for t in _same_meaning(normalize(text).split()) if t not in STOPWORDS]


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
    for span in spans:  # a span of words that say nothing specific ("many people") is no reason
        if any(set(normalize(word).split()) - GENERIC_WORDS for word in span):
            seen.setdefault(" ".join(span), None)
    return tuple(seen)[:4]
