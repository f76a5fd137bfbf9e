"""The small grammar over the safety word lists: who asks, what they want done, and with what data, in any
order, with negation; a telling near a harm, or a harm done to someone; publishing near data about people, or
people photographed for an outlet; a loss near data; and the few rules no model may talk down (bot/advice/safety.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.advice.alert_kinds import DATA_INCIDENT, DATA_REQUEST, DISCLOSURE, PUBLICATION
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
STORY_REACH = 5
"""A recording word this close before a survivor's story writes it down: "write down the survivor's story"."""
ARMED_VIOLENCE_REACH = 8
"""An armed actor this close to a recruitment, an abduction or a rape is who did it: "were recruited by the
dissidents", "girls were abducted by armed men"; a child this close is who it was done to."""
HARM_REACH = 25
"""How far apart (in words) a telling and a harm may be: "a girl told me yesterday ... her uncle abuses her"."""
PUBLISH_REACH = 16
"""How far apart a publishing word and a data word may be: "publish the cleaned survey dataset on HDX"."""
CAPTURE_REACH = 8
"""How far apart a capture and the person it shows may be: "selfies with the kids", "photos of the reunified kids"."""
INCIDENT_REACH = 10
"""How far apart a loss and a data word may be: "the tablet with last week's registration forms was stolen"."""
INCIDENT_HYPOTHETICAL_REACH = 10
"""A loss this soon after "if" or "training" is a what-if: "what should partners do if a phone with Kobo data is lost"."""
DATASET_REACH = 6
"""A data set this close after an ask or a move is what it asks for: "wants the GBVIMS dataset for the whole
governorate", "requests GBV data by district"."""
SECURITY_REACH = 5
"""A security requester this close before an ask is the one asking: "the intelligence service wants", "military
intelligence came to the office asking"."""
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
    figures = [n for n in lists["not_personal"].spans(words) if not _near(n, personal, 1)]
    asks = [a for a in affirmed(lists["asks"].spans(words), negations) if not _near_after(a, figures, 4)]
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


def asked_by_security(lists: Mapping[str, Lexicon], words: Words) -> bool:
    """A `security` requester asks, as the one asking: "the police want", "national security asked for"; not "the
    military restricted access" (no ask), nor "we asked the police"."""
    security = lists["security"].spans(words)
    ours = lists["self"].spans(words)
    return any(
        0 <= ask[0] - end < SECURITY_REACH and words.sentence[start] == words.sentence[ask[0]]
        for ask in affirmed(lists["asks"].spans(words), lists["negations"].spans(words))
        if not _near_before(ask, ours, 2)
        for start, end in security
    )


def asked_by_someone(ask: tuple[int, int], words: Words, ours: list[tuple[int, int]]) -> bool:
    """ "the office wants", "I was asked": yes; "we want", or a sentence starting "need to ...": no."""
    start = ask[0]
    if start == 0 or words.sentence[start - 1] != words.sentence[start]:
        return False
    return words[start - 1] in _PASSIVE or not _near_before(ask, ours, 2)


def _personal_data(lists: Mapping[str, Lexicon], words: list[str]) -> list[tuple[int, int]]:
    """Where the text names identifiable data: outright, or a data word about people, unless said to be aggregate."""
    denied = [n for n in lists["negations"].spans(words) if words[n[0]] in _DENIALS]  # "no household data"
    not_personal = lists["not_personal"].spans(words) + denied
    people = lists["people"].spans(words)
    things = [t for t in lists["things"].spans(words) if not _near(t, people, 2)]
    named = lists["data"].spans(words)
    about_people = [s for s in lists["containers"].spans(words) if _near(s, people, PEOPLE_REACH)]

    def of_things(span: tuple[int, int]) -> bool:  # "the names of the learning spaces", not "the registration book of"
        loose = span[1] - span[0] == 1 or words[span[1] - 1] == "of"
        return loose and _near_after(span, things, THINGS_REACH)

    return [s for s in named + about_people if not _near_before(s, not_personal, NOT_PERSONAL_REACH) and not of_things(s)]


def discloses(lists: Mapping[str, Lexicon], words: list[str]) -> bool:
    """A person told someone of a harm: a telling (not a what-if) close to a harm word; or a harm done to someone
    said as a fact, as a colleague reports it ("a volunteer from our partner abused a boy"), not a what-if."""
    hypotheticals = lists["hypotheticals"].spans(words)
    tellings = [s for s in lists["tellings"].spans(words) if not _near_before(s, hypotheticals, HYPOTHETICAL_REACH)]
    harms = lists["harms"].spans(words)
    if any(_near(telling, harms, HARM_REACH) for telling in tellings):
        return True
    victims = lists["victims"].spans(words)
    return any(
        _near_after(harm, victims, VICTIM_REACH) and not _near_before(harm, hypotheticals, HYPOTHETICAL_REACH)
        for harm in harms
    )


def reports_a_threat(lists: Mapping[str, Lexicon], words: Words) -> bool:
    """A threat against someone's life or safety, said as a fact ("our client received a death threat", "declared
    a military target", "men are outside his house right now"), not a what-if or a training ("the training covers
    death threats")."""
    hypotheticals = lists["hypotheticals"].spans(words)
    return any(not _near_before(t, hypotheticals, HYPOTHETICAL_REACH) for t in lists["threats"].spans(words))


def tells_of_armed_violence(lists: Mapping[str, Lexicon], words: Words) -> bool:
    """Violence by an armed actor, said as a fact, first-hand or heard: a child's recruitment or use ("two of her kids
    were recruited by the dissidents", "the militia used him as a porter"), an abduction or a rape ("a monitor heard
    that girls were abducted by armed men"), near who did it; or a recruitment with its agent said, or an abduction,
    near a child ("child (14) reports being recruited by a group"). In one sentence, not after a what-if or a
    training. "We recruited ten enumerators" names neither."""
    hypotheticals = lists["hypotheticals"].spans(words)
    pairs = [
        *((r, a) for r in lists["armed_violations"].spans(words) for a in lists["armed_actors"].spans(words)),
        *((r, c) for r in lists["child_violations"].spans(words) for c in lists["children"].spans(words)),
    ]
    return any(
        _near(done, [who], ARMED_VIOLENCE_REACH)
        and words.sentence[done[0]] == words.sentence[who[0]]
        and not _near_before(done, hypotheticals, HYPOTHETICAL_REACH)
        for done, who in pairs
    )


def records_a_story(lists: Mapping[str, Lexicon], words: Words) -> bool:
    """Writing down what a survivor disclosed, outside the systems trained caseworkers use for it: "is it ok to
    record the survivor's story in our kobo form?" (the GBV Pocket Guide: don't write the story down or record it in a
    form or database). A GBV case system or caseworker named ("in the GBVIMS intake form") is trained work."""
    if lists["trained_systems"].spans(words):
        return False
    stories = lists["stories"].spans(words)
    return any(
        0 <= story[0] - end < STORY_REACH and words.sentence[story[0]] == words.sentence[start]
        for start, end in lists["recording"].spans(words)
        for story in stories
    )


def publishes(lists: Mapping[str, Lexicon], words: list[str]) -> bool:
    """Publishing (not negated) close to data about people, not about organisations or services.

    Publishing is a word that publishes on its own, or placing data somewhere public: a dashboard already on
    a website is not being published."""
    negations = lists["negations"].spans(words)
    destinations = lists["destinations"].spans(words)
    placing = [s for s in lists["places"].spans(words) if _near(s, destinations, PUBLISH_REACH)]
    publishing = affirmed(lists["publishes"].spans(words) + placing, negations)
    excluded = lists["excluded"].spans(words)
    data = [s for s in lists["data"].spans(words) if not _near(s, excluded, 3)]
    return any(_near(span, data, PUBLISH_REACH) for span in publishing)


def shows_people(lists: Mapping[str, Lexicon], words: Words) -> bool:
    """People photographed, filmed, interviewed or quoted for an outlet: "a TV crew wants a live interview with a
    child survivor", "selfies with the kids for their insta". A capture (not negated) near someone it shows, and
    an outlet anywhere in the text; a water point or a published report shows no one, and a what-if, a policy
    question or consent already given by an adult (`not_shown`) leaves it to the other rules."""
    if not lists["outlets"].spans(words) or lists["not_shown"].spans(words) or opens_with_what_if(words):
        return False
    subjects = lists["subjects"].spans(words)
    captures = affirmed(lists["captures"].spans(words), lists["negations"].spans(words))
    return any(_near(capture, subjects, CAPTURE_REACH) for capture in captures)


def reports_incident(lists: Mapping[str, Lexicon], words: list[str]) -> bool:
    """Data about people lost, stolen, leaked or seen by the wrong people: a loss (not a what-if) close to data."""
    losses = _losses(lists, words)
    excluded = lists["excluded"].spans(words)
    data = [s for s in lists["data"].spans(words) if not _near(s, excluded, EXCLUDED_REACH)]
    return any(_near(loss, data, INCIDENT_REACH) for loss in losses)


def _losses(lists: Mapping[str, Lexicon], words: list[str]) -> list[tuple[int, int]]:
    """The losses said as facts, not after a what-if."""
    hypotheticals = lists["hypotheticals"].spans(words)
    return [s for s in lists["losses"].spans(words) if not _near_before(s, hypotheticals, INCIDENT_HYPOTHETICAL_REACH)]


def opens_with_what_if(words: list[str]) -> bool:
    """ "What if a phone with case files is stolen...": a question about something that has not happened."""
    return words[:2] in (["what", "if"], ["in", "case"]) or words[:1] in (["if"], ["suppose"], ["imagine"])


def affirmed(spans: list[tuple[int, int]], negations: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [s for s in spans if not _near_before(s, negations, NEGATION_REACH)]


def _near_before(span: tuple[int, int], others: list[tuple[int, int]], reach: int) -> bool:
    """Another span ends at most `reach` words before this one starts."""
    return any(0 <= span[0] - end <= reach - 1 or start <= span[0] < end for start, end in others)


def _near_after(span: tuple[int, int], others: list[tuple[int, int]], reach: int) -> bool:
    """Another span starts at most `reach` words after this one ends."""
    return any(0 <= start - span[1] <= reach - 1 for start, _ in others)


def _near(span: tuple[int, int], others: list[tuple[int, int]], reach: int) -> bool:
    """Another span within `reach` words of this one, on either side (or overlapping it)."""
    return any(start - span[1] < reach and span[0] - end < reach for start, end in others)


def stands_without_model(kind: str, lists: Mapping[str, Lexicon], words: Words, listed: bool) -> bool:
    """The rules no model may talk down:
    - a request (the lists saw one): the police, an army or an intelligence service asking, or a data set about GBV,
      child protection or protection incidents named ("UNFPA wants the GBVIMS dataset");
    - a disclosure: a survivor's story written down outside a GBV case system (the model learnt recording questions
      as ordinary work), a threat against someone's life reported (it knows little of threats), violence by an
      armed actor told or heard (a child's recruitment, an abduction);
    - a publication: people photographed, filmed or interviewed for an outlet (it knows little of cameras);
    - an incident: data or photos of people already put on a platform (it learnt photos posted as publishing)."""
    if kind == DATA_REQUEST:
        return listed and (asked_by_security(lists, words) or names_an_asked_dataset(lists, words))
    if kind == DISCLOSURE:
        return records_a_story(lists, words) or reports_a_threat(lists, words) or tells_of_armed_violence(lists, words)
    if kind == DATA_INCIDENT:
        return listed and exposed_online(lists, words)
    return kind == PUBLICATION and shows_people(lists, words)


def names_an_asked_dataset(lists: Mapping[str, Lexicon], words: list[str]) -> bool:
    """A data set about people's cases named as what is asked for or moved."""
    verbs = affirmed(lists["asks"].spans(words) + lists["moves"].spans(words), lists["negations"].spans(words))
    return bool(asked_datasets(lists, words, verbs))


def exposed_online(lists: Mapping[str, Lexicon], words: Words) -> bool:
    """A loss the lists saw close to a platform ("the donor monitor posted pics of the women on her linkedin", "a
    screenshot of our case list on a facebook page"): it has happened, and the people in it are exposed now."""
    platforms = lists["platforms"].spans(words)
    return any(_near(loss, platforms, INCIDENT_REACH) for loss in _losses(lists, words))
