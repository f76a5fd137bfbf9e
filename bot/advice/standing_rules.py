"""The rules no model may talk down: where the word lists see one of these, the alert stands whatever the
examples' model says (bot/advice/safety.py), because the model knows too little of them or learnt them as ordinary
work. Each reads the lists through the grammar in `safety_grammar.py`."""

from __future__ import annotations

from collections.abc import Mapping

from bot.advice.alert_kinds import DATA_INCIDENT, DATA_REQUEST, DISCLOSURE, PUBLICATION
from bot.advice.safety_grammar import (
    HYPOTHETICAL_REACH,
    INCIDENT_REACH,
    Lexicon,
    Words,
    affirmed,
    asked_datasets,
    near,
    near_before,
    opens_with_what_if,
    said_losses,
)

STORY_REACH = 5
"""A recording word this close before a survivor's story writes it down: "write down the survivor's story"."""
ARMED_VIOLENCE_REACH = 8
"""An armed actor this close to a recruitment, an abduction or a rape is who did it: "were recruited by the
dissidents", "girls were abducted by armed men"; a child this close is who it was done to."""
CAPTURE_REACH = 8
"""How far apart a capture and the person it shows may be: "selfies with the kids", "photos of the reunified kids"."""
HEARSAY_REACH = 15
"""How far from a violent act the word that reports it may be: "KI in Ayod: cattle raiders shot 3 herders"."""
SECURITY_REACH = 5
"""A security requester this close before an ask is the one asking: "the intelligence service wants", "military
intelligence came to the office asking"."""


def asked_by_security(lists: Mapping[str, Lexicon], words: Words) -> bool:
    """A `security` requester asks, as the one asking: "the police want", "national security asked for"; not "the
    military restricted access" (no ask), nor "we asked the police"."""
    security = lists["security"].spans(words)
    ours = lists["self"].spans(words)
    return any(
        0 <= ask[0] - end < SECURITY_REACH and words.sentence[start] == words.sentence[ask[0]]
        for ask in affirmed(lists["asks"].spans(words), lists["negations"].spans(words))
        if not near_before(ask, ours, 2)
        for start, end in security
    )


def reports_a_threat(lists: Mapping[str, Lexicon], words: Words) -> bool:
    """A threat against someone's life or safety, said as a fact ("our client received a death threat", "declared
    a military target", "men are outside his house right now"), not a what-if or a training ("the training covers
    death threats")."""
    hypotheticals = lists["hypotheticals"].spans(words)
    return any(not near_before(t, hypotheticals, HYPOTHETICAL_REACH) for t in lists["threats"].spans(words))


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
        near(done, [who], ARMED_VIOLENCE_REACH)
        and words.sentence[done[0]] == words.sentence[who[0]]
        and not near_before(done, hypotheticals, HYPOTHETICAL_REACH)
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


def shows_people(lists: Mapping[str, Lexicon], words: Words) -> bool:
    """People photographed, filmed, interviewed or quoted for an outlet: "a TV crew wants a live interview with a
    child survivor", "selfies with the kids for their insta". A capture (not negated) near someone it shows, and
    an outlet anywhere in the text; a water point or a published report shows no one, and a what-if, a policy
    question or consent already given by an adult (`not_shown`) leaves it to the other rules."""
    if not lists["outlets"].spans(words) or lists["not_shown"].spans(words) or opens_with_what_if(words):
        return False
    subjects = lists["subjects"].spans(words)
    captures = affirmed(lists["captures"].spans(words), lists["negations"].spans(words))
    return any(near(capture, subjects, CAPTURE_REACH) for capture in captures)


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
        return (
            records_a_story(lists, words)
            or reports_a_threat(lists, words)
            or tells_of_armed_violence(lists, words)
            or reports_violence_heard(lists, words)
        )
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
    return any(near(loss, platforms, INCIDENT_REACH) for loss in said_losses(lists, words))


def reports_violence_heard(lists: Mapping[str, Lexicon], words: Words) -> bool:
    """Violence reported to the user, as something that happened, first-hand or heard ("KI in Ayod: cattle raiders
    shot 3 herders", "according to the village chief, men in uniform whipped two traders"): a report near a violent
    act in one sentence, not after a what-if or a training, and not a trend or published figures ("abductions up
    20% this quarter", "ACLED recorded ..."). Rumours are left to rumour tracking."""
    hypotheticals = lists["hypotheticals"].spans(words)
    counted = {words.sentence[start] for start, _ in lists["aggregates"].spans(words)}
    heard = lists["hearsay"].spans(words)
    return any(
        words.sentence[act[0]] not in counted
        and not near_before(act, hypotheticals, HYPOTHETICAL_REACH)
        and any(near(act, [h], HEARSAY_REACH) and words.sentence[h[0]] == words.sentence[act[0]] for h in heard)
        for act in lists["violent_acts"].spans(words)
    )
