"""Suggest PIM tools and systems for a situation described in the user's own words.

Each tool lists, in `fits`, the phrases practitioners use for the needs it meets. A situation scores a
tool by the distinct words it shares with those phrases, each word weighted by how rare it is among
tools (so "grave violations" says more than "data"), plus a bonus for whole phrases. The words that
scored are quoted back as the reason. Too little to go on means one clarifying question, not a guess.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.advice.bm25 import Bm25, askers_words, expanded_text, tool_text
from bot.advice.fusion import fuse
from bot.advice.likeness import Likeness, ToolExample, likeness, ranks, requests_of
from bot.advice.naming import ToolNames, names_the_asker, not_names
from bot.advice.principles import at_stake_for
from bot.advice.reading import (
    NEGATIONS,
    canonical,
    content_tokens,
    data_is_shared,
    near,
    negated,
    quote,
    same_meaning,
    surface_words,
)
from bot.advice.safety import DATA_INCIDENT, DATA_REQUEST, DISCLOSURE, PUBLICATION, Alert
from bot.advice.suggestions import ALIKE, SAFE_COURSE, Advice, Suggestion, category_names, holds_personal_data
from bot.advice.vagueness import MIN_SCORE, too_vague
from bot.advice.words import (
    FIGURE_WORDS,
    GENERIC_WORDS,
    PEOPLE_WORDS,
    SENSITIVE_TOPICS,
    SHORTHAND,
    STOPWORDS,
    asks_for_a_tool,
    names_a_tool,
)
from bot.knowledge.entries import CROSS_CUTTING, Entry, KnowledgeBase
from bot.text.normalize import crude_stem, normalize
from bot.text.typos import TypoFixer

MAX_SUGGESTIONS = 8
NAMED_BONUS = MIN_SCORE + 1
"""A tool the user names ("5W", "KoBo", "who does what where") is always among the candidates."""
SHARING_BONUS = MIN_SCORE + 2
"""When people's data is asked for, or data is shared, the first data-sharing guidance comes first."""
DESCRIBE_OPTION = "describe"
SHARING_ENTRY = "data-sharing"
NOT_FOR_MIN = 4.0
"""How much of a tool's `not_for` text (in rare words) a situation must share for the tool to be demoted."""
NEW_WORD_RARITY = 3.0
"""The weight of a `not_for` word that no tool's description uses: rare, so telling."""
REASON_MIN_IDF = 1.2
"""A word is quoted as the reason only when it is this specific to few tools: never "many" or "council"."""
PHRASE_REACH = 3
"""A phrase's words count together only when at most this many words (plus the phrase's length) apart."""
LIKENESS_CANDIDATES = 3
"""The tools most alike to the situation are always among the candidates, even sharing no `fits` word."""


@dataclass(frozen=True)
class _Phrase:
    tokens: frozenset[str]
    weight: float


SECURITY_ONLY = "security-and-situational-awareness"
"""Tools serving only this category (INSO, ACLED, SIIM) log security incidents; a disclosed rape is not one."""


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
            phrases = [frozenset(not_names(content_tokens(p))) for p in tool.tool.fits]
            phrases_of[tool.id] = [p for p in phrases if p]
            for token in set().union(*phrases_of[tool.id]) if phrases_of[tool.id] else ():
                document_frequency[token] += 1
        count = max(len(self.tools), 1)
        self._idf = {t: math.log(1 + count / df) for t, df in document_frequency.items()}
        self._phrases = {
            tool_id: [_Phrase(p, math.fsum(self._idf[t] for t in p)) for p in phrases]
            for tool_id, phrases in phrases_of.items()
        }
        self._typos = TypoFixer(self._idf, length_change=2)
        self._position = {tool.id: number for number, tool in enumerate(self.tools)}
        self._tools_with_token: dict[str, set[str]] = defaultdict(set)
        for tool_id, phrases in phrases_of.items():
            for phrase in phrases:
                for token in phrase:
                    self._tools_with_token[token].add(tool_id)
        self._names = ToolNames(self.tools)
        self._principles = {e.id: e for e in kb.of_kind("principle")}
        # The safe course when people's data is shared: the tools related to the "data-sharing" entry (coordinators
        # can change them), offered even if they handle personal data (sdcMicro: it is how to share less of it).
        sharing = kb.get(SHARING_ENTRY)
        self._sharing_tools = [i for i in (sharing.related if sharing else ()) if i in phrases_of]
        self._sharing_guidance = [i for i in self._sharing_tools if kb.by_id[i].tool.personal_data == "n/a"]  # type: ignore[union-attr]
        # Each part of a tool's text read once: its own words (names, definition, fits), `not_for`, the requests.
        own = {tool.id: canonical(tool_text(tool, with_requests=False)) for tool in self.tools}
        not_for = {tool.id: canonical(tool.tool.not_for) for tool in self.tools}  # type: ignore[union-attr]
        requests = {tool.id: canonical(" ".join(tool.tool.asked_as)).split() for tool in self.tools}  # type: ignore[union-attr]
        # BM25 reads all of a tool's text, `not_for` too: what a tool is not for also says what it is about.
        askers = askers_words(list(requests.values()))
        self._bm25 = Bm25(
            [(i, expanded_text(own[i], not_for[i], requests[i], askers)) for i in (tool.id for tool in self.tools)]
        )
        self._likeness = self._learnt_likeness(kb.tool_examples)
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
        described = {tool.id: frozenset(own[tool.id].split()) | frozenset(requests[tool.id]) for tool in self.tools}
        frequency: dict[str, int] = defaultdict(int)
        for words in described.values():
            for word in words:
                frequency[word] += 1
        self._rarity = {word: math.log(1 + count / df) for word, df in frequency.items()}
        self._not_for = {
            tool.id: frozenset(
                crude_stem(t)
                for t in set(content_tokens(negated(tool.tool.not_for))) - described[tool.id] - GENERIC_WORDS - NEGATIONS  # type: ignore[union-attr]
            )
            for tool in self.tools
        }
        # of the words that share a stem, the alphabetically first gives it its weight (set order varies by process)
        self._rarity.update({crude_stem(word): weight for word, weight in sorted(self._rarity.items(), reverse=True)})

    def _learnt_likeness(self, examples: Sequence[ToolExample]) -> Likeness:
        return likeness(requests_of(((t.id, t.tool.asked_as) for t in self.tools), examples))  # type: ignore[union-attr]

    def learning_from(self, examples: Sequence[ToolExample]) -> Advisor:
        """The same advisor with its likeness learnt from these examples instead: only the likeness reads them, so an
        evaluation that leaves one round of examples out need not build the rest again."""
        other = copy.copy(self)
        other.kb = dataclasses.replace(self.kb, tool_examples=tuple(examples))
        other._likeness = other._learnt_likeness(other.kb.tool_examples)
        return other

    def advise(
        self, situation: str, category_id: str | None = None, alerts: tuple[Alert, ...] | None = None, ask: bool = True
    ) -> Advice:
        """Rank tools for the situation; with `category_id` (a clarifying answer) only tools of that category.

        `alerts` are the situation's safety alerts when the caller already has them. `ask=False` once the user was
        asked and chose to describe the need: never the same question twice, the closest tools instead."""
        words = surface_words(situation)
        tokens_of_word = [same_meaning(normalize(self._spell_out(w)).split()) for w in words]
        as_typed = {t for ts in tokens_of_word for t in ts} - STOPWORDS
        corrected = self._corrections(as_typed)
        tokens_of_word = [[corrected.get(t, t) for t in tokens] for tokens in tokens_of_word]
        tokens = {t for ts in tokens_of_word for t in ts} - STOPWORDS
        places: dict[str, list[int]] = defaultdict(list)  # where each content word is, counted in content words
        for place, token in enumerate(t for ts in tokens_of_word for t in ts if t not in STOPWORDS):
            places[token].append(place)
        at_stake = tokens | as_typed  # what is at stake is judged on the words as typed too: "raped" is not "rapid"
        named = self._names.named_in(words, [t for ts in tokens_of_word for t in ts])
        boosted = dict.fromkeys(named, NAMED_BONUS)
        if alerts is None:
            alerts = self.kb.safeguards.alerts(situation)
        kinds = {a.kind for a in alerts}
        requested = DATA_REQUEST in kinds
        flat = [w for ts in tokens_of_word for w in ts]
        sensitive_figures = bool(tokens & FIGURE_WORDS and tokens & SENSITIVE_TOPICS)
        shares_data = (
            requested
            or data_is_shared(flat)
            or (sensitive_figures and (self.kb.safeguards.asked_by_others(situation) or data_is_shared(flat, FIGURE_WORDS)))
        )  # figures about GBV or children, asked for or shared: "share aggregate numbers of GBV incidents by village"
        # Its first guidance leads; the rest competes with the tools for the need, so that one of those has room.
        # before publishing, de-identifying is the safe course too (sdcMicro): kept with an alert, like the guidance
        safe_course = set(self._sharing_tools) if shares_data or PUBLICATION in kinds else set()
        if shares_data and self._sharing_guidance:
            guidance = self._sharing_guidance[0]
            boosted[guidance] = boosted.get(guidance, 0.0) + SHARING_BONUS
        category = self.kb.get(category_id) if category_id else None
        lexical = self._bm25.scores(not_names(tokens))
        alike = self._likeness.scores(situation)
        alike_rank = ranks(alike)
        most_alike = {i for i, rank in alike_rank.items() if rank <= LIKENESS_CANDIDATES}
        if category is None:  # only tools described with one of the situation's words, or most alike, can score
            ids = set().union(*(self._tools_with_token.get(t, ()) for t in tokens)) | set(boosted) | set(lexical)
            ids |= most_alike | safe_course
            considered = [self.kb.by_id[i] for i in sorted(ids, key=self._position.__getitem__)]
        else:  # the chosen category narrows the situation: its own tools, and those that serve every category
            considered = [t for t in self.tools if {category.id, CROSS_CUTTING} & set(t.tool.categories)]  # type: ignore[union-attr]
        scored = []
        for tool in considered:
            score, matched = self._score(tool.id, tokens, places)
            if not matched and tool.id in lexical:  # found by BM25 alone: quote its specific words the user typed
                matched = self._reason_words(tool.id, tokens)
            if not matched and tool.id in most_alike:  # found by likeness alone: the words that speak most for it
                matched = self._likeness.telling(tool.id, tokens, GENERIC_WORDS)
            scored.append((score + boosted.get(tool.id, 0.0), matched | named.get(tool.id, set()), tool))
        stems = frozenset(map(crude_stem, tokens))
        demoted = {t.id for _, _, t in scored if self._not_for_weight(t.id, stems) >= NOT_FOR_MIN}
        ranked = fuse(scored, lexical, alike_rank, most_alike, boosted, demoted, category)
        data_sits_in: tuple[Entry, ...] = ()
        if requested:
            asks = self.kb.safeguards.ask_words
            data_sits_in = tuple(
                t
                for _, _, t in ranked
                if t.id in named and holds_personal_data(t) and not names_the_asker(named[t.id], flat, asks)
            )
            # "access" in "give the police access" is not humanitarian access: asking words score no tool
            asking = self.kb.safeguards.request_words
            ranked = [s for s in ranked if s[2].id in boosted or not s[1] <= asking]
        named_by_alert = {i for a in alerts for i in a.entries}
        if requested or DISCLOSURE in kinds:  # after a data incident, tools as usual: the alert says what to do now
            # A system holding personal data is never the way to meet a request for it, nor the first answer
            # to a disclosure: what the person needs is a safe referral, not a record. One the alert's own steps
            # name is the exception (the MRM, for a child's recruitment): it comes after them.
            ranked = [s for s in ranked if s[2].id in safe_course | named_by_alert or not holds_personal_data(s[2])]
        elif PUBLICATION in kinds:  # nor the source of what is published (a tool that may hold it, sdcMicro, may help)
            ranked = [s for s in ranked if not holds_personal_data(s[2], surely=True)]
        if DISCLOSURE in kinds or requested:  # case work or people's data, which security incident databases are not for
            ranked = [s for s in ranked if set(s[2].tool.categories) != {SECURITY_ONLY}]  # type: ignore[union-attr]
        # who it is about counts only with a figure asked for ("idp numbers by oblast", not "anything for women?")
        about = set() if tokens & FIGURE_WORDS else PEOPLE_WORDS
        known = sum(map(self._knows, tokens - GENERIC_WORDS - about))
        vague = too_vague(ranked, lexical, alike, bool(named), known)
        clarify = ask and not alerts and not shares_data and category is None and (not ranked or vague)
        unquoted = self.kb.safeguards.request_words if requested else frozenset()  # "ask" is no reason for a tool
        basis = {**dict.fromkeys(most_alike, ALIKE), **dict.fromkeys(safe_course, SAFE_COURSE)}  # said when no word is
        suggestions = tuple(
            Suggestion(
                tool,
                round(score, 2),
                quote(words, tokens_of_word, matched - unquoted),
                category_names(self.kb, tool),
                basis.get(tool.id, ""),
            )
            for score, matched, tool in ranked[:MAX_SUGGESTIONS]
            if not alerts or score >= MIN_SCORE or tool.id in safe_course | named_by_alert or category is not None
        )
        filmed = PUBLICATION in kinds and not names_a_tool(flat) and self.kb.safeguards.shows_people(situation)
        steps_first = filmed or (kinds & {DATA_INCIDENT, DISCLOSURE} and not asks_for_a_tool(flat))
        if clarify or steps_first:
            # after a data incident, a disclosure or people filmed for an outlet, with no tool asked for, the steps
            # are the answer ("a journalist wants to film in the site": DTM for "IDP" confused a user's trial)
            suggestions = ()
        # An alert already says how to share safely; the short pointer is for sharing no alert is about.
        principles, sharing = at_stake_for(self.kb, self._principles, at_stake, suggestions, shares_data and not requested)
        options = tuple(self.categories) if clarify else ()
        linked = {i: e for a in alerts for i in a.entries if (e := self.kb.get(i)) is not None}
        return Advice(
            situation, suggestions, principles, sharing, clarify, category, options, alerts, data_sits_in[:3], linked,
            closest=not ask and not alerts and vague,
        )  # fmt: skip

    def _knows(self, word: str) -> bool:
        """Whether any tool's text or request uses the word: a situation with at most one such word (besides
        generic ones) says too little to advise on."""
        return word in self._idf or word in self._bm25.vocabulary or self._likeness.knows(word)

    def _spell_out(self, word: str) -> str:
        """A term's acronym written in capitals ("SDR", "KIIs"), or chat shorthand ("ppl"), as the words it stands for."""
        if word.lower() in SHORTHAND:
            return SHORTHAND[word.lower()]
        if len(word) > 1 and word[0].isupper() and sum(c.isupper() for c in word) >= 2:
            return self._spelled_out.get(word.upper(), self._spelled_out.get(word.upper().removesuffix("S"), word))
        return word

    def _not_for_weight(self, tool_id: str, stems: frozenset[str]) -> float:
        return math.fsum(self._rarity.get(t, NEW_WORD_RARITY) for t in stems & self._not_for[tool_id])

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
            if len(matched) > 1 and not near(matched, places, PHRASE_REACH + len(phrase.tokens)):
                continue  # "problem statement ... will they trust" is not the phrase "trust statement"
            coverage = math.fsum(self._idf[t] for t in matched) / phrase.weight
            if coverage >= 0.5:
                covered |= matched
            if coverage == 1.0 and len(phrase.tokens) > 1:
                whole_phrase_bonus = max(whole_phrase_bonus, 0.5 * phrase.weight)
        return math.fsum(self._idf[t] for t in covered) + whole_phrase_bonus, covered

    def _corrections(self, tokens: set[str]) -> dict[str, str]:
        """Fix 1-2 letter typos in longer words ("registation"), toward the words tools are described with."""
        fixed = {}
        for token in tokens:
            if token in self._idf or len(token) < 7 or token in STOPWORDS or token in GENERIC_WORDS:  # real words
                continue
            closest = self._typos.closest(token)
            if closest:
                fixed[token] = closest[0][0]
        return fixed
