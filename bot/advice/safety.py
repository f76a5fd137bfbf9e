"""Notice when a described situation can put people at risk, so the safe course is said before any tool.

Three situations call for it: someone wants identifiable data about people, a person disclosed violence,
or data about people is about to be published. The wording and the word lists live in the knowledge
folder (`safeguards.yaml`), so coordinators can change them; this module holds only the small grammar
that combines the lists: who asks, what they want done, and with what data, in any order, with negation.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from bot.advice import model_cache
from bot.advice.classifier import Example, Model, features, train_all
from bot.text.normalize import normalize

DATA_REQUEST = "data-request"
DISCLOSURE = "disclosure"
PUBLICATION = "publication"
WORD_GROUPS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        DATA_REQUEST: (
            "data",
            "containers",
            "people",
            "not_personal",
            "things",
            "requesters",
            "asks",
            "moves",
            "self",
            "channels",
            "negations",
        ),
        DISCLOSURE: ("harms", "tellings", "hypotheticals"),
        PUBLICATION: ("publishes", "places", "destinations", "data", "excluded", "negations"),
    }
)
"""The word lists each alert needs; `read_safeguards` insists on every one."""

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
HARM_REACH = 25
"""How far apart (in words) a telling and a harm may be: "a girl told me yesterday ... her uncle abuses her"."""
PUBLISH_REACH = 16
"""How far apart a publishing word and a data word may be: "publish the cleaned survey dataset on HDX"."""
SURE_ALONE = 0.4
"""The examples' model raises an alert on its own when it is at least this sure: phrasings the lists miss.

Most examples call for no alert, so the model leans against one; below 50% is still a strong signal."""
SURE_WITH_LISTS = 0.2
"""When the word lists raise an alert, the model need only be this sure: it still drops their clearest misfires.

Both thresholds were chosen on rounds of examples neither method had seen (README "Safety")."""


@dataclass(frozen=True)
class Point:
    text: str
    entries: tuple[str, ...]
    """Knowledge entries that explain the point ("purpose-limitation")."""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Alert:
    """What to say first: a title and a few points, each linked to entries, with the guidance it rests on."""

    kind: str
    title: str
    points: tuple[Point, ...]
    sources: tuple[str, ...]

    @property
    def entries(self) -> tuple[str, ...]:
        """Every entry the points link to, once, in the order of the points."""
        return tuple(dict.fromkeys(i for p in self.points for i in p.entries))


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
        """(start, end) of every occurrence, end excluded."""
        found = []
        for start, word in enumerate(words):
            for phrase in self._by_first.get(word, ()):
                if tuple(words[start : start + len(phrase)]) == phrase:
                    found.append((start, start + len(phrase)))
                    break
        return found


@dataclass(frozen=True)
class Safeguard:
    alert: Alert
    words: Mapping[str, Lexicon]
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Safeguards:
    """The alerts of one knowledge folder, and what triggers each."""

    by_kind: Mapping[str, Safeguard]
    examples: tuple[Example, ...] = ()

    @cached_property
    def models(self) -> Mapping[str, Model]:
        """What the example situations taught, per alert; an alert without examples has the word lists only.

        Learnt on first use (about three seconds), so commands that never advise, like `pimbot define`, don't wait;
        and learnt again only when the examples or the word lists changed, not on every edit of the knowledge.
        """
        lists = tuple(
            (kind, group, lexicon.phrases) for kind, guard in self.by_kind.items() for group, lexicon in guard.words.items()
        )
        key = (tuple((example.text, example.kinds) for example in self.examples), lists)
        with _LEARNT_LOCK:
            if key in _LEARNT:
                _LEARNT[key] = _LEARNT.pop(key)  # used last: dropped last
            else:
                examples = [(example.text, sorted(example.kinds)) for example in self.examples]  # sets: no fixed order
                stored_as = model_cache.digest((examples, lists))
                learnt = model_cache.load(stored_as)
                if learnt is None:
                    learnt = train_all(self.examples, WORD_GROUPS, self.features)
                    model_cache.save(stored_as, learnt)
                _LEARNT[key] = learnt
                while len(_LEARNT) > _LEARNT_KEPT:
                    del _LEARNT[next(iter(_LEARNT))]
            return _LEARNT[key]

    def features(self, text: str, words: list[str] | None = None) -> frozenset[str]:
        """What the model sees: the text's words and word pairs, and which word lists it touches ("@disclosure:harms").

        The marks let the examples teach combinations ("told" counts only with a harm), and let a word added to a
        list count in the model too. `words`: the text's normalised words, when the caller has them already.
        """
        words = _Words(text) if words is None else words
        marks = {
            f"@{kind}:{group}"
            for kind, safeguard in self.by_kind.items()
            for group, lexicon in safeguard.words.items()
            if lexicon.spans(words)
        }
        return features(text) | marks

    @cached_property
    def request_words(self) -> frozenset[str]:
        """The single words of asking and moving data ("access", "copy"): in a request they say nothing of a tool."""
        safeguard = self.by_kind.get(DATA_REQUEST)
        if safeguard is None:
            return frozenset()
        return frozenset(w for group in ("asks", "moves") for w in safeguard.words[group].single_words)

    def asked_by_others(self, text: str) -> bool:
        """Someone other than the user asks for something ("the donor wants", "UNICEF asked us for"): with
        figures about survivors or children, what they get is shared data even when it names nobody."""
        safeguard = self.by_kind.get(DATA_REQUEST)
        if safeguard is None:
            return False
        lists, words = safeguard.words, _Words(text)
        asks = _affirmed(lists["asks"].spans(words), lists["negations"].spans(words))
        ours = lists["self"].spans(words)
        return any(_asked_by_someone(a, words, ours) for a in asks) or bool(asks and lists["requesters"].spans(words))

    def unlearnt(self) -> list[str]:
        """The alerts no example teaches (none calls for it, or every one does): only their word lists raise them."""
        counts = {kind: sum(kind in e.kinds for e in self.examples) for kind in self.by_kind}
        return [kind for kind, count in counts.items() if not 0 < count < len(self.examples)]

    def alerts(self, text: str) -> tuple[Alert, ...]:
        """The alerts a situation calls for, most urgent first: a disclosure, then a request, then publishing."""
        words = _Words(text)
        seen = self.features(text, words) if self.models else frozenset()
        found = []
        for kind, detect in ((DISCLOSURE, _discloses), (DATA_REQUEST, _requests_data), (PUBLICATION, _publishes)):
            safeguard = self.by_kind.get(kind)
            if safeguard is None:
                continue
            listed = detect(safeguard.words, words)
            model = self.models.get(kind)
            if model is None:
                called_for = listed
            else:
                likelihood = model.probability(seen)
                called_for = likelihood >= (SURE_WITH_LISTS if listed else SURE_ALONE)
            if called_for:
                found.append(safeguard.alert)
        return tuple(found)


NO_SAFEGUARDS = Safeguards(MappingProxyType({}))
_LEARNT: dict[tuple, Mapping[str, Model]] = {}
"""Models by what they were learnt from, so a reload after editing an ordinary entry does not learn again."""
_LEARNT_KEPT = 4
_LEARNT_LOCK = threading.Lock()
_SENTENCE_END = re.compile(r"[.!?;\n]+(?:\s|$)")
_DENIALS = frozenset({"no", "not", "none", "nobody"})
_PASSIVE = frozenset({"was", "were", "been", "being", "get", "got", "am", "is", "are"})


class _Words(list[str]):
    """The normalised words of a text, and the sentence each word is in."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.sentence: list[int] = []
        for number, sentence in enumerate(_SENTENCE_END.split(text)):
            words = normalize(sentence).split()
            self.extend(words)
            self.sentence.extend([number] * len(words))


def _requests_data(lists: Mapping[str, Lexicon], words: _Words) -> bool:
    """Identifiable data with a verb of asking or moving it in one sentence, and someone outside or a channel.

    "Someone outside" is a known requester ("the police"), or anyone who asks but us ("the office wants").
    """
    personal = _personal_data(lists, words)
    negations = lists["negations"].spans(words)
    # "Finance wants to know how many ...": an ask for figures is not an ask for people's data
    # ("the phone numbers of all households" is, though: "numbers of" there is part of the data).
    figures = [n for n in lists["not_personal"].spans(words) if not _near(n, personal, 1)]
    asks = [a for a in _affirmed(lists["asks"].spans(words), negations) if not _near_after(a, figures, 4)]
    moves = _affirmed(lists["moves"].spans(words), negations)
    # The data is named in the verb's sentence, or in the next one: "they want to sync our server. Full records."
    if not any(0 <= words.sentence[p[0]] - words.sentence[v[0]] <= 1 for v in asks + moves for p in personal):
        return False
    ours = lists["self"].spans(words)
    someone_asks = any(_asked_by_someone(a, words, ours) for a in asks)
    if someone_asks or lists["requesters"].spans(words):
        return True
    return bool(moves and lists["channels"].spans(words))


def _asked_by_someone(ask: tuple[int, int], words: _Words, ours: list[tuple[int, int]]) -> bool:
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


def _discloses(lists: Mapping[str, Lexicon], words: list[str]) -> bool:
    """A person told someone of a harm: a telling (not a what-if) close to a harm word."""
    hypotheticals = lists["hypotheticals"].spans(words)
    tellings = [s for s in lists["tellings"].spans(words) if not _near_before(s, hypotheticals, HYPOTHETICAL_REACH)]
    harms = lists["harms"].spans(words)
    return any(_near(telling, harms, HARM_REACH) for telling in tellings)


def _publishes(lists: Mapping[str, Lexicon], words: list[str]) -> bool:
    """Publishing (not negated) close to data about people, not about organisations or services.

    Publishing is a word that publishes on its own, or placing data somewhere public: a dashboard already on
    a website is not being published."""
    negations = lists["negations"].spans(words)
    destinations = lists["destinations"].spans(words)
    placing = [s for s in lists["places"].spans(words) if _near(s, destinations, PUBLISH_REACH)]
    publishing = _affirmed(lists["publishes"].spans(words) + placing, negations)
    excluded = lists["excluded"].spans(words)
    data = [s for s in lists["data"].spans(words) if not _near(s, excluded, 3)]
    return any(_near(span, data, PUBLISH_REACH) for span in publishing)


def _affirmed(spans: list[tuple[int, int]], negations: list[tuple[int, int]]) -> list[tuple[int, int]]:
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


def build_safeguards(safeguards: list[Safeguard], examples: Iterable[Example] = ()) -> Safeguards:
    return Safeguards(MappingProxyType({s.alert.kind: s for s in safeguards}), tuple(examples))
