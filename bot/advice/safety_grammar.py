"""The small grammar over the safety word lists: who asks, what they want done, and with what data, in any
order, with negation; a telling near a harm, or a harm done to someone; publishing near data about people; a loss
near data. The few rules no model may talk down are in `standing_rules.py`; the alerts in `safety.py`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.text.normalize import normalize

NEGATION_REACH = 3
"""A negation counts for a verb at most this many words after it: "we will never share", "don't want to give"."""
PEOPLE_REACH = 4
"""A data word is about people when a people word is this close: "list of all UASC", "survivors' files"."""
THINGS_REACH = 6
"""A single data word is about things when one follows this close: "the names and locations of the learning spaces"."""
NOT_PERSONAL_REACH = 3
"""A word this close before a data word makes it non-personal: "aggregated data", "number of files", "org names"."""
HYPOTHETICAL_REACH = 6
"""A telling this soon after "if" or "training" is a what-if: "what to do if a survivor discloses"."""
VICTIM_REACH = 2
"""A harm done to someone: the person harmed this close after the harm ("abused a boy", "raped the girl")."""
HARM_REACH = 25
"""How far apart (in words) a telling and a harm may be: "a girl told me yesterday ... her uncle abuses her"."""
PUBLISH_REACH = 16
"""How far apart a publishing word and a data word may be: "publish the cleaned survey dataset on HDX"."""
INCIDENT_REACH = 10
"""How far apart a loss and a data word may be: "the tablet with last week's registration forms was stolen"."""
INCIDENT_HYPOTHETICAL_REACH = 10
"""A loss this soon after "if" or "training" is a what-if: "what should partners do if a phone with Kobo data is lost"."""
DATASET_REACH = 6
"""A data set this close after an ask or a move is what it asks for: "wants the GBVIMS dataset for the whole
governorate", "requests GBV data by district"."""
EXCLUDED_REACH = 2
"""A data word this close to an excluded one is about something else: "aggregated figures", "public report"."""


class Lexicon:
    """Phrases to find in a normalised text, longest first at each word."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(normalize(phrase).split())
            if words and words not in self._by_first.setdefault(words[0], []):
                self._by_first[words[0]].append(words)
        for candidates in self._by_first.values():
            candidates.sort(key=len, reverse=True)

    @property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted(phrase for phrases in self._by_first.values() for phrase in phrases))

    @property
    def single_words(self) -> list[str]:
        return [phrase[0] for phrases in self._by_first.values() for phrase in phrases if len(phrase) == 1]

    def spans(self, words: list[str]) -> list[tuple[int, int]]:
        """(start, end) of every occurrence, end excluded (found once per text: each alert and the model's
        features look for the same lists; callers never change the list)."""
        known = getattr(words, "spans_found", None)
        if known is not None and id(self) in known:
            return known[id(self)]
        found = []
        for start, word in enumerate(words):
            for phrase in self._by_first.get(word, ()):
                if tuple(words[start : start + len(phrase)]) == phrase:
                    found.append((start, start + len(phrase)))
                    break
        if known is not None:
            known[id(self)] = found
        return found


_SENTENCE_END = re.compile(r"[.!?;\n]+(?:\s|$)")
_DENIALS = frozenset({"no", "not", "none", "nobody"})
_PASSIVE = frozenset({"was", "were", "been", "being", "get", "got", "am", "is", "are"})


class Words(list[str]):
    """The normalised words of a text, and the sentence each word is in."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.sentence: list[int] = []
        self.spans_found: dict[int, list[tuple[int, int]]] = {}
        for number, sentence in enumerate(_SENTENCE_END.split(text)):
            words = normalize(sentence).split()
            self.extend(words)
            self.sentence.extend([number] * len(words))


def requests_data(lists: Mapping[str, Lexicon], words: Words) -> bool:
    """Identifiable data with a verb of asking or moving it in one sentence, and someone outside or a channel.

    "Someone outside" is a known requester ("the police"), or anyone who asks but us ("the office wants").
    """
    personal = _personal_data(lists, words)
    negations = lists["negations"].spans(words)
    # "Finance wants to know how many ...": an ask for figures is not an ask for people's data
    # ("the phone numbers of all households" is, though: "numbers of" there is part of the data).
    figures = [n for n in lists["not_personal"].spans(words) if not near(n, personal, 1)]
    asks = [a for a in affirmed(lists["asks"].spans(words), negations) if not near_after(a, figures, 4)]
    moves = affirmed(lists["moves"].spans(words), negations)
    personal += asked_datasets(lists, words, asks + moves)
    # The data is named in the verb's sentence, or in the next one: "they want to sync our server. Full records."
    if not any(0 <= words.sentence[p[0]] - words.sentence[v[0]] <= 1 for v in asks + moves for p in personal):
        return False
    ours = lists["self"].spans(words)
    someone_asks = any(asked_by_someone(a, words, ours) for a in asks)
    if someone_asks or lists["requesters"].spans(words):
        return True
    return bool(moves and lists["channels"].spans(words))


def asked_datasets(lists: Mapping[str, Lexicon], words: list[str], verbs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The data sets about people's cases named as what a verb asks for or moves ("UNFPA wants the GBVIMS dataset",
    "put the incident recorder on google drive"); not one named before it ("partners on the Incident Recorder want
    something web-based")."""
    return [s for s in lists["sensitive_datasets"].spans(words) if any(0 <= s[0] - v[1] < DATASET_REACH for v in verbs)]


def asked_by_someone(ask: tuple[int, int], words: Words, ours: list[tuple[int, int]]) -> bool:
    """ "the office wants", "I was asked": yes; "we want", or a sentence starting "need to ...": no."""
    start = ask[0]
    if start == 0 or words.sentence[start - 1] != words.sentence[start]:
        return False
    return words[start - 1] in _PASSIVE or not near_before(ask, ours, 2)


def _personal_data(lists: Mapping[str, Lexicon], words: list[str]) -> list[tuple[int, int]]:
    """Where the text names identifiable data: outright, or a data word about people, unless said to be aggregate."""
    denied = [n for n in lists["negations"].spans(words) if words[n[0]] in _DENIALS]  # "no household data"
    not_personal = lists["not_personal"].spans(words) + denied
    people = lists["people"].spans(words)
    things = [t for t in lists["things"].spans(words) if not near(t, people, 2)]
    named = lists["data"].spans(words)
    about_people = [s for s in lists["containers"].spans(words) if near(s, people, PEOPLE_REACH)]

    def of_things(span: tuple[int, int]) -> bool:  # "the names of the learning spaces", not "the registration book of"
        loose = span[1] - span[0] == 1 or words[span[1] - 1] == "of"
        return loose and near_after(span, things, THINGS_REACH)

    return [s for s in named + about_people if not near_before(s, not_personal, NOT_PERSONAL_REACH) and not of_things(s)]


def discloses(lists: Mapping[str, Lexicon], words: list[str]) -> bool:
    """A person told someone of a harm: a telling (not a what-if) close to a harm word; or a harm done to someone
    said as a fact, as a colleague reports it ("a volunteer from our partner abused a boy"), not a what-if."""
    hypotheticals = lists["hypotheticals"].spans(words)
    tellings = [s for s in lists["tellings"].spans(words) if not near_before(s, hypotheticals, HYPOTHETICAL_REACH)]
    harms = lists["harms"].spans(words)
    if any(near(telling, harms, HARM_REACH) for telling in tellings):
        return True
    victims = lists["victims"].spans(words)
    return any(
        near_after(harm, victims, VICTIM_REACH) and not near_before(harm, hypotheticals, HYPOTHETICAL_REACH)
        for harm in harms
    )


def publishes(lists: Mapping[str, Lexicon], words: list[str]) -> bool:
    """Publishing (not negated) close to data about people, not about organisations or services.

    Publishing is a word that publishes on its own, or placing data somewhere public: a dashboard already on
    a website is not being published."""
    negations = lists["negations"].spans(words)
    destinations = lists["destinations"].spans(words)
    placing = [s for s in lists["places"].spans(words) if near(s, destinations, PUBLISH_REACH)]
    publishing = affirmed(lists["publishes"].spans(words) + placing, negations)
    excluded = lists["excluded"].spans(words)
    data = [s for s in lists["data"].spans(words) if not near(s, excluded, 3)]
    return any(near(span, data, PUBLISH_REACH) for span in publishing)


def reports_incident(lists: Mapping[str, Lexicon], words: list[str]) -> bool:
    """Data about people lost, stolen, leaked or seen by the wrong people: a loss (not a what-if) close to data."""
    losses = said_losses(lists, words)
    excluded = lists["excluded"].spans(words)
    data = [s for s in lists["data"].spans(words) if not near(s, excluded, EXCLUDED_REACH)]
    return any(near(loss, data, INCIDENT_REACH) for loss in losses)


def said_losses(lists: Mapping[str, Lexicon], words: list[str]) -> list[tuple[int, int]]:
    """The losses said as facts, not after a what-if."""
    hypotheticals = lists["hypotheticals"].spans(words)
    return [s for s in lists["losses"].spans(words) if not near_before(s, hypotheticals, INCIDENT_HYPOTHETICAL_REACH)]


def opens_with_what_if(words: list[str]) -> bool:
    """ "What if a phone with case files is stolen...": a question about something that has not happened."""
    return words[:2] in (["what", "if"], ["in", "case"]) or words[:1] in (["if"], ["suppose"], ["imagine"])


def affirmed(spans: list[tuple[int, int]], negations: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [s for s in spans if not near_before(s, negations, NEGATION_REACH)]


def near_before(span: tuple[int, int], others: list[tuple[int, int]], reach: int) -> bool:
    """Another span ends at most `reach` words before this one starts."""
    return any(0 <= span[0] - end <= reach - 1 or start <= span[0] < end for start, end in others)


def near_after(span: tuple[int, int], others: list[tuple[int, int]], reach: int) -> bool:
    """Another span starts at most `reach` words after this one ends."""
    return any(0 <= start - span[1] <= reach - 1 for start, _ in others)


def near(span: tuple[int, int], others: list[tuple[int, int]], reach: int) -> bool:
    """Another span within `reach` words of this one, on either side (or overlapping it)."""
    return any(start - span[1] < reach and span[0] - end < reach for start, end in others)
