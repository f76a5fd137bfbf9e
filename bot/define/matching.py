"""Find the knowledge base entry a user means, and be honest when we do not know.

The order of checks goes from certain to uncertain: an exact name or alias, an acronym, the same after
fixing 1-2 letter typos word by word, then a fuzzy comparison of the whole phrase. Only the first
three, or a clear fuzzy winner, count as a match; anything weaker becomes "did you mean".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from bot.knowledge.entries import Entry, KnowledgeBase, acronym_key, name_keys
from bot.text.query import Query
from bot.text.typos import TypoFixer

CONFIDENT = 90.0
"""A fuzzy score at or above this, with a clear lead over the runner-up, is taken as the answer."""
SUGGEST = 75.0
"""A fuzzy score at or above this is offered as "did you mean"."""
LEAD = 4.0
"""How far the best fuzzy candidate must lead the next one to be taken without asking."""
REORDERED_PENALTY = 12.0
"""Same words in another order may mean another thing ("protection data" is not "data protection")."""
MAX_SUGGESTIONS = 3
MAX_NAME_WORDS = 8
MIN_SWAPPED_ACRONYM = 5
"""Acronyms this long or longer are recognised with two neighbouring letters swapped ("GBVMIS"); a shorter one
would find another acronym ("PIM" in "PMI")."""
CLOSE_SPELLING = 88.0
"""A suggestion holds every word typed, or scores this much as a near spelling of a whole name: sharing one
word ("sun protection", "social protection", "password reset") is not worth a "did you mean"."""
SHORT_FORMS = {
    "mgmt": "management",
    "mgt": "management",
    "mngt": "management",
    "mgmnt": "management",
    "info": "information",
    "govt": "government",
    "assmt": "assessment",
    "assmnt": "assessment",
    "coord": "coordination",
    "eval": "evaluation",
}
"""Short forms people type for words of names ("case mgmt", "info sharing protocol"): read as the whole word."""
_OF_PIM = " of pim"
""""the process of PIM" names "PIM process", as "principles of PIM" names the PIM Principles."""
_STOPWORDS = frozenset({"the", "a", "an", "of", "and", "in", "with", "for", "to", "on", "or", "pim", "what", "is"})


class Status(StrEnum):
    MATCH = "match"
    UNSURE = "unsure"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"
    EMPTY = "empty"


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float


@dataclass(frozen=True)
class MatchResult:
    query: str
    status: Status
    candidates: tuple[Candidate, ...] = ()

    @property
    def match(self) -> Candidate | None:
        """The answer, only when we are sure of it."""
        return self.candidates[0] if self.status is Status.MATCH else None


class Matcher:
    """An index over one knowledge base, built once so that each query costs only lookups and one fuzzy pass."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._exact: dict[str, str] = {}
        self._acronyms: dict[str, list[str]] = defaultdict(list)
        self._fuzzy_keys: list[str] = []
        self._sorted_keys: list[str] = []
        self._fuzzy_owners: list[str] = []
        name_tokens: set[str] = set()
        self._entries_with_token: dict[str, set[str]] = defaultdict(set)
        self._keys_with_token: dict[str, set[int]] = defaultdict(set)
        key_length: dict[str, int] = {}
        for entry in kb.entries:
            for key in name_keys(entry):
                self._exact.setdefault(key, entry.id)
                self._fuzzy_keys.append(key)
                self._sorted_keys.append(" ".join(sorted(key.split())))
                self._fuzzy_owners.append(entry.id)
                for token in key.split():
                    self._entries_with_token[token].add(entry.id)
                    self._keys_with_token[token].add(len(self._fuzzy_keys) - 1)
                    name_tokens.add(token)
                key_length[entry.id] = min(key_length.get(entry.id, 999), len(key))
            for acronym in entry.acronyms:
                key = acronym_key(acronym)
                if entry.id not in self._acronyms[key]:
                    self._acronyms[key].append(entry.id)
                self._entries_with_token[key].add(entry.id)
        self._shortest_key = key_length
        self._longest_acronym = max(map(len, self._acronyms), default=0)
        # Typos are fixed toward words of names only: "cpims" must not become the acronym "pim".
        self._typos = TypoFixer(name_tokens, popularity=lambda word: len(self._entries_with_token[word]))
        self._known_tokens = frozenset(t for t in name_tokens if len(t) >= 4)

    def match(self, text: str | Query) -> MatchResult:
        asked = Query.of(text)
        text, query = asked.raw, asked.key
        if not query:
            return MatchResult(text, Status.EMPTY)
        found = self._lookup(query, score=100.0)
        if found:
            return MatchResult(text, *found)
        written_out = _written_out(query)
        if written_out != query:
            found = self._lookup(written_out, score=100.0)
            if found:
                return MatchResult(text, *found)
            query = written_out
        corrected, distance, trusted = self._correct_typos(query)
        if corrected != query:
            found = self._lookup(corrected, score=100.0 - 3 * distance)
            if found:
                status, candidates = found
                if status is Status.MATCH and not trusted:
                    status = Status.UNSURE
                return MatchResult(text, status, candidates)
        swapped = self._acronym_with_letters_swapped(query)
        if swapped:
            return MatchResult(text, Status.UNSURE, tuple(Candidate(self.kb.by_id[i], 97.0) for i in swapped))
        return self._fuzzy(text, corrected)

    def _acronym_with_letters_swapped(self, query: str) -> list[str]:
        """ "GBVMIS": an acronym of 5 letters or more typed with two neighbouring letters swapped is asked
        about ("did you mean"), never taken as found. Typos are not fixed toward acronyms otherwise: "cpims" must not
        become "pim"."""
        if " " in query or not MIN_SWAPPED_ACRONYM <= len(query) <= self._longest_acronym:
            return []
        for i in range(len(query) - 1):
            swapped = query[:i] + query[i + 1] + query[i] + query[i + 2 :]
            if swapped == query:  # the same letter twice
                continue
            for key in (swapped, acronym_key(swapped)):
                if key in self._acronyms:
                    return self._acronyms[key]
        return []

    def _lookup(self, query: str, score: float) -> tuple[Status, tuple[Candidate, ...]] | None:
        entry_id = self._exact.get(query)
        if entry_id:
            return Status.MATCH, (Candidate(self.kb.by_id[entry_id], score),)
        squeezed = query.replace(" ", "")
        meanings = self._acronyms.get(squeezed) or self._acronyms.get(squeezed.removesuffix("s"))
        if meanings:
            candidates = tuple(Candidate(self.kb.by_id[i], score) for i in meanings)
            return (Status.MATCH if len(candidates) == 1 else Status.AMBIGUOUS), candidates
        return None

    def names_in(self, text: str | Query) -> list[Entry]:
        """Entries named inside a longer text ("who started the PIM initiative?"): longest names first, and no
        name that is part of a longer one found ("pim" inside "pim initiative")."""
        words = Query.of(text).key.split()
        spans: list[tuple[int, int, str]] = []
        for start in range(len(words)):
            for end in range(min(len(words), start + MAX_NAME_WORDS), start, -1):
                phrase = " ".join(words[start:end])
                if phrase in _STOPWORDS and phrase != "pim":
                    continue
                meanings = self._acronyms.get(phrase.replace(" ", ""), [])
                entry_id = self._exact.get(phrase) or (meanings[0] if len(meanings) == 1 else None)
                if entry_id:
                    spans.append((start, end, entry_id))
                    break
        found: list[str] = []
        taken: set[int] = set()
        for start, end, entry_id in sorted(spans, key=lambda span: span[0] - span[1]):
            if taken.isdisjoint(range(start, end)) and entry_id not in found:
                found.append(entry_id)
                taken.update(range(start, end))
        return [self.kb.by_id[i] for i in found[:MAX_SUGGESTIONS]]

    def _correct_typos(self, query: str) -> tuple[str, int, bool]:
        """Replace each unknown word by the closest known one within 1 letter (2 for long words).

        Returns the corrected query, the total number of letters changed, and whether every
        correction was on a word long enough (5+ letters) for the fix to be trusted as the answer.
        """
        words, total, trusted = [], 0, True
        known = [w for w in query.split() if w in self._known_tokens]
        for word in query.split():
            if word in self._known_tokens or len(word) < 4 or not word.isalpha():
                words.append(word)
                continue
            fix = self._closest_word(word, known)
            if fix is None:
                words.append(word)
                continue
            words.append(fix[0])
            total += fix[1]
            trusted = trusted and len(word) >= 5
        return " ".join(words), total, trusted

    def _closest_word(self, word: str, context: list[str]) -> tuple[str, int] | None:
        """The closest known word; among equally close ones, the one that shares a name with the other words
        typed ("primery data" is "primary data", not "primero")."""
        tied = self._typos.closest(word)
        for candidate, distance in tied:
            if any(self._entries_with_token[candidate] & self._entries_with_token[other] for other in context):
                return candidate, distance
        return tied[0] if tied else None

    def _fuzzy(self, text: str, query: str) -> MatchResult:
        best: dict[str, float] = {}
        sorted_query = " ".join(sorted(query.split()))
        # Only names sharing a word with the query are compared: typos were fixed word by word already,
        # and a query with no known word at all is not PIM. This keeps a query fast at 10,000 entries.
        words = [w for w in query.split() if w not in _STOPWORDS]
        pim_typed = "pim" in query.split()
        candidates = set().union(*(self._keys_with_token.get(w, ()) for w in words))
        for index in candidates:
            score = max(
                fuzz.ratio(query, self._fuzzy_keys[index], score_cutoff=SUGGEST),
                fuzz.ratio(sorted_query, self._sorted_keys[index], score_cutoff=SUGGEST + REORDERED_PENALTY)
                - REORDERED_PENALTY,
            )
            if pim_typed and "pim" not in self._fuzzy_keys[index].split():
                score = min(score, CONFIDENT - 1)  # "PIM working group" is not the "IM working group"
            if score >= SUGGEST:
                owner = self._fuzzy_owners[index]
                best[owner] = max(best.get(owner, 0.0), score)
        every_word = self._containing_all_words(query)
        for entry_id, score in every_word.items():
            best[entry_id] = max(best.get(entry_id, 0.0), score)
        # A suggestion holds every word typed, or is a near spelling of the whole: "social protection" is not
        # "child protection", and "sun protection" is not "protection".
        best = {i: score for i, score in best.items() if i in every_word or score >= CLOSE_SPELLING}
        if not best:
            return MatchResult(text, Status.NOT_FOUND)
        ranked = sorted(best.items(), key=lambda item: (-item[1], self._shortest_key[item[0]]))
        candidates = tuple(Candidate(self.kb.by_id[i], round(s, 1)) for i, s in ranked[:MAX_SUGGESTIONS])
        top = candidates[0].score
        runner_up = candidates[1].score if len(candidates) > 1 else 0.0
        if top >= CONFIDENT and top - runner_up >= LEAD:
            return MatchResult(text, Status.MATCH, candidates[:1])
        return MatchResult(text, Status.UNSURE, candidates)

    def _containing_all_words(self, query: str) -> dict[str, float]:
        """Entries with a name holding every meaningful word of the query: "harm" suggests "Do no harm".

        The larger the part of the name the query covers, the higher the score, never enough to be sure.
        """
        words = [w for w in query.split() if w not in _STOPWORDS]
        if not words or any(w not in self._keys_with_token for w in words):
            return {}
        typed = len(" ".join(words))
        scores: dict[str, float] = {}
        for index in set.intersection(*(self._keys_with_token[w] for w in words)):
            owner = self._fuzzy_owners[index]
            score = min(CONFIDENT - 1, SUGGEST + 15 * typed / len(self._fuzzy_keys[index]))
            scores[owner] = max(scores.get(owner, 0.0), score)
        return scores


def _written_out(query: str) -> str:
    """The query with its short forms written out and "X of PIM" as "PIM X"."""
    words = " ".join(SHORT_FORMS.get(word, word) for word in query.split())
    if words.endswith(_OF_PIM):
        words = "pim " + words.removesuffix(_OF_PIM)
    return words
