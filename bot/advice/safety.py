"""Notice when a described situation can put people at risk, so the safe course is said before any tool.

Four situations call for it: someone wants identifiable data about people, a person disclosed violence, data
about people has been lost or leaked, or it is about to be published. The wording and the word lists live in the knowledge
folder (`safeguards.yaml`), so coordinators can change them; `safety_grammar.py` holds the small grammar that
combines the lists (who asks, what they want done, and with what data, in any order, with negation), and this
module the alerts, and the model that learns from example situations beside the lists.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType

from bot.advice import model_cache
from bot.advice.alert_kinds import (
    DATA_INCIDENT,
    DATA_REQUEST,
    DISCLOSURE,
    LEARNT,
    PUBLICATION,
    SURE_ALONE,
    SURE_ALONE_OF,
    SURE_WITH_LISTS,
    SURE_WITH_LISTS_OF,
    UNMARKED,
)
from bot.advice.classifier import Example, Model, features, train_all
from bot.advice.safety_grammar import (
    Lexicon,
    Words,
    affirmed,
    asked_by_someone,
    discloses,
    opens_with_what_if,
    publishes,
    reports_incident,
    requests_data,
)
from bot.advice.standing_rules import shows_people, stands_without_model


@dataclass(frozen=True)
class Point:
    text: str
    entries: tuple[str, ...]
    """Knowledge entries that explain the point ("purpose-limitation")."""
    line: int = field(default=0, compare=False)
    leads_when: Lexicon | None = field(default=None, compare=False)
    """Words that put this point first: "aid worker" or "in exchange for" in a disclosure make the SEA point lead."""
    only_when: Lexicon | None = field(default=None, compare=False)
    """Words without which this point is left out, and with which it leads: the words to a survivor who writes
    themselves ("my teacher touches me") are for them alone, not for every colleague reporting a disclosure."""


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
    incident_examples: tuple[Example, ...] = ()
    """Situations labelled as data incidents or not (incident-examples.yaml). Only the incident model learns from
    them (with every safety example as no incident), so the other alerts' models stay as their examples taught them."""

    @cached_property
    def models(self) -> Mapping[str, Model]:
        """What the example situations taught, per alert; an alert without examples has the word lists only.

        Learnt on first use (about three seconds), so commands that never advise, like `pimbot define`, don't wait;
        and learnt again only when the examples or the word lists changed, not on every edit of the knowledge.
        """
        lists = self._lists(LEARNT)
        examples = [(example.text, sorted(example.kinds)) for example in self.examples]  # sets: no fixed order
        learnt = _learnt_once(
            (tuple((example.text, example.kinds) for example in self.examples), lists),
            lambda: model_cache.digest((examples, lists)),
            lambda: train_all(self.examples, LEARNT, self.features),
        )
        incident_lists = self._lists((DATA_INCIDENT,))
        # the safety examples teach it what is no incident: everyday work, and requests, disclosures and publications
        # (on its own examples alone, half of them incidents, it saw incidents in one ordinary message in ten)
        taught = (*self.incident_examples, *self.examples)
        labelled = [(example.text, sorted(example.kinds)) for example in taught]
        incident = _learnt_once(
            (DATA_INCIDENT, tuple((example.text, example.kinds) for example in taught), incident_lists),
            lambda: model_cache.digest((DATA_INCIDENT, labelled, incident_lists)),
            lambda: train_all(taught, (DATA_INCIDENT,), self.incident_features),
        )
        return MappingProxyType({**learnt, **incident})

    def _lists(self, kinds: tuple[str, ...]) -> tuple:
        return tuple(
            (kind, group, lexicon.phrases)
            for kind, guard in self.by_kind.items()
            if kind in kinds
            for group, lexicon in guard.words.items()
        )

    def incident_features(
        self, text: str, words: list[str] | None = None, plain: frozenset[str] | None = None
    ) -> frozenset[str]:
        """What the incident model sees: the text's words and word pairs, and which incident word lists it touches.
        `plain`: the text's `features`, when the caller has them already."""
        return self._marked(text, words, plain, (DATA_INCIDENT,))

    def features(self, text: str, words: list[str] | None = None, plain: frozenset[str] | None = None) -> frozenset[str]:
        """What the model sees: the text's words and word pairs, and which word lists it touches ("@disclosure:harms").

        The marks let the examples teach combinations ("told" counts only with a harm), and let a word added to a
        list count in the model too. `words`: the text's normalised words, and `plain` its words and word pairs
        (`classifier.features`), when the caller has them already.
        """
        return self._marked(text, words, plain, LEARNT)

    def _marked(
        self, text: str, words: list[str] | None, plain: frozenset[str] | None, kinds: tuple[str, ...]
    ) -> frozenset[str]:
        """The text's words and word pairs, with a mark for each word list of these alerts it touches."""
        words = Words(text) if words is None else words
        marks = {
            f"@{kind}:{group}"
            for kind, safeguard in self.by_kind.items()
            if kind in kinds
            for group, lexicon in safeguard.words.items()
            if (kind, group) not in UNMARKED and lexicon.spans(words)
        }
        return (features(text) if plain is None else plain) | marks

    @cached_property
    def ask_words(self) -> frozenset[str]:
        """The single words of asking for data ("wants", "asked"), normalised."""
        safeguard = self.by_kind.get(DATA_REQUEST)
        return frozenset(safeguard.words["asks"].single_words) if safeguard else frozenset()

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
        lists, words = safeguard.words, Words(text)
        asks = affirmed(lists["asks"].spans(words), lists["negations"].spans(words))
        ours = lists["self"].spans(words)
        return any(asked_by_someone(a, words, ours) for a in asks) or bool(asks and lists["requesters"].spans(words))

    def shows_people(self, text: str) -> bool:
        """People photographed, filmed or interviewed for an outlet ("a journalist wants to film in the site and
        interview women"): consent for that very use is the answer, not a data tool."""
        safeguard = self.by_kind.get(PUBLICATION)
        return safeguard is not None and shows_people(safeguard.words, Words(text))

    def unlearnt(self) -> list[str]:
        """The alerts no example teaches (none calls for it, or every one does): only their word lists raise them."""
        counts = {kind: sum(kind in e.kinds for e in self.examples) for kind in self.by_kind if kind in LEARNT}
        return [kind for kind, count in counts.items() if not 0 < count < len(self.examples)]

    def alerts(self, text: str) -> tuple[Alert, ...]:
        """The alerts a situation calls for, most urgent first: a disclosure, a data incident, then a request, then
        publishing. After an incident ("the laptop with the case files was stolen"), a request is raised only when
        its word lists see one: the data is gone, and the sharing checklist is not what to do now."""
        words = Words(text)
        plain = features(text) if self.models else frozenset()  # read once for every model
        seen = self.features(text, words, plain) if self.models else frozenset()
        found = []
        detectors = (
            (DISCLOSURE, discloses),
            (DATA_INCIDENT, reports_incident),
            (DATA_REQUEST, requests_data),
            (PUBLICATION, publishes),
        )
        for kind, detect in detectors:
            safeguard = self.by_kind.get(kind)
            if safeguard is None:
                continue
            listed = detect(safeguard.words, words)
            model = self.models.get(kind)
            if model is None:
                called_for = listed
            elif stands_without_model(kind, safeguard.words, words, listed):
                called_for = True
            elif kind == DATA_REQUEST and not listed and any(a.kind == DATA_INCIDENT for a in found):
                called_for = False
            elif kind == DATA_INCIDENT and not listed and opens_with_what_if(words):
                called_for = False  # the lists' what-if words, for the model too
            else:
                likelihood = model.probability(self.incident_features(text, words, plain) if kind == DATA_INCIDENT else seen)
                with_lists = SURE_WITH_LISTS_OF.get(kind, SURE_WITH_LISTS)
                called_for = likelihood >= (with_lists if listed else SURE_ALONE_OF.get(kind, SURE_ALONE))
            if called_for:
                found.append(_points_in_order(safeguard.alert, words))
        return tuple(found)


def _points_in_order(alert: Alert, words: Words) -> Alert:
    """The alert with the points the situation's words call for first ("the distribution staff wants sex": report
    it as SEA), the others in their order; a point only for some situations is left out of the others."""
    points = [p for p in alert.points if p.only_when is None or p.only_when.spans(words)]
    leading = [p for p in points if p.only_when is not None or (p.leads_when is not None and p.leads_when.spans(words))]
    if not leading and len(points) == len(alert.points):
        return alert
    return replace(alert, points=(*leading, *(p for p in points if p not in leading)))


NO_SAFEGUARDS = Safeguards(MappingProxyType({}))
_LEARNT: dict[tuple, Mapping[str, Model]] = {}
"""Models by what they were learnt from, so a reload after editing an ordinary entry does not learn again."""
_LEARNT_KEPT = 8
"""Two sets of models per knowledge version (the three learnt alerts, and data incidents): four versions kept."""
_LEARNT_LOCK = threading.Lock()


def build_safeguards(
    safeguards: list[Safeguard], examples: Iterable[Example] = (), incident_examples: Iterable[Example] = ()
) -> Safeguards:
    return Safeguards(MappingProxyType({s.alert.kind: s for s in safeguards}), tuple(examples), tuple(incident_examples))


def _learnt_once(key: tuple, stored_as: Callable[[], str], train: Callable[[], Mapping[str, Model]]) -> Mapping[str, Model]:
    """Models learnt from these examples: kept in memory by `key`, on disk by the digest `stored_as` gives, and
    learnt only when neither has them."""
    with _LEARNT_LOCK:
        if key in _LEARNT:
            _LEARNT[key] = _LEARNT.pop(key)  # used last: dropped last
        else:
            name = stored_as()
            learnt = model_cache.load(name)
            if learnt is None:
                learnt = train()
                model_cache.save(name, learnt)
            _LEARNT[key] = learnt
            while len(_LEARNT) > _LEARNT_KEPT:
                del _LEARNT[next(iter(_LEARNT))]
        return _LEARNT[key]
