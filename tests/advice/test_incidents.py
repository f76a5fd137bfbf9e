"""Data incidents: data about people lost, stolen, leaked or sent to the wrong people gets the incident response
first (tests/data/incidents: round 1's test split and round 3, neither learnt from). README "Safety"."""

from __future__ import annotations

import pytest

from bot.advice.ranking import Advisor
from bot.advice.safety import DATA_INCIDENT, DATA_REQUEST
from bot.knowledge.entries import KnowledgeBase
from tests.conftest import DATA, read_yaml

INCIDENTS = DATA / "incidents"
HELD = {
    "test": (21, 2),
    "round3": (33, 1),
    "round4": (25, 3),
    "round5": (44, 0),
    "round6": (24, 3),
    "round7": (29, 6),
    "round8": (37, 5),
    "round9": (33, 4),
}
"""Incidents alerted and false alarms, as last scored (README "Safety" lists every look): round 1's test split (28
and 28), rounds 3 to 9 (60 and 60 each), with the lists and the incident model learnt from every safety example as
what is no incident. The test split's two false alarms and round 4's second came with the change that gave round 6 its
first run (lists see an incident unless the model is under 5% sure); rounds 7, 8 and 9's were there at their first
runs. The change that read rounds 8 and 9's misses (more losses, the model alone from 20%, a loss near a platform
standing without the model) added round 3's, round 4's third (not read), two in round 8 (a voucher and new arrivals
sent "to the wrong" place) and two in round 9 (a partner's empty car stolen, a leak that soaked a printer)."""


def split(name: str) -> list[dict]:
    return read_yaml(INCIDENTS / f"{name}.yaml")["situations"]


def alerted(kb: KnowledgeBase, text: str) -> bool:
    return any(alert.kind == DATA_INCIDENT for alert in kb.safeguards.alerts(text))


def test_the_held_out_rounds_hold_four_voices_and_are_never_learnt_from(knowledge_base: KnowledgeBase) -> None:
    learnt = {e.text for e in knowledge_base.safeguards.incident_examples}
    assert len(learnt) == 184
    for name, size in (("test", 56), *((f"round{n}", 120) for n in range(3, 10))):
        rows = split(name)
        assert len(rows) == size and len({s["role"] for s in rows}) == 4
        assert sum(s["incident"] for s in rows) == size // 2
        assert not learnt & {s["text"] for s in rows}


@pytest.mark.parametrize("name", sorted(HELD))
def test_incidents_nobody_tuned_for_are_alerted_as_when_last_scored(knowledge_base: KnowledgeBase, name: str) -> None:
    rows = split(name)
    caught = sum(alerted(knowledge_base, s["text"]) for s in rows if s["incident"])
    false_alarms = sum(alerted(knowledge_base, s["text"]) for s in rows if not s["incident"])
    assert caught >= HELD[name][0]
    assert false_alarms <= HELD[name][1]


@pytest.mark.parametrize(
    "situation",
    [
        "what if a phone with case files is stolen at a checkpoint",
        "training next week: what should enumerators do if a tablet is lost?",
        "the fuel and the generator were stolen from the warehouse",
        "the water pipe has a leak next to the registration desk",
        "hacked together a dashboard from the 5W files",
    ],
)
def test_a_what_if_or_a_loss_of_things_is_no_incident(knowledge_base: KnowledgeBase, situation: str) -> None:
    assert not alerted(knowledge_base, situation)


def test_an_incident_leads_and_the_sharing_checklist_is_left_out(advisor: Advisor) -> None:
    """After a theft, "before any personal data leaves your hands" is not what to do now; a request the word lists
    see is still raised."""
    stolen = advisor.advise("a laptop with Kobo exports of protection monitoring (names, phone numbers) was stolen")
    assert [a.kind for a in stolen.alerts] == [DATA_INCIDENT]
    assert stolen.alerts[0].points[0].text.startswith("Report it at once")
    assert "data-breach" in stolen.alerts[0].entries
    both = advisor.advise("the police seized our laptop and now want the list of names of the IDPs on it")
    assert [a.kind for a in both.alerts] == [DATA_INCIDENT, DATA_REQUEST]


@pytest.mark.parametrize(
    "situation",
    [
        "a laptop with Kobo exports of protection monitoring (names, phone numbers) was stolen from our car in Kharkiv",
        "a caseworker's phone was taken by CJTF at a checkpoint, it has case notes on it",
        "partner staff posted a photo of a girl on WhatsApp status, she is a CP case",
        # an everyday user's trial: a typo and no "the" got the sharing checklist, as if nothing had happened yet
        "colleague accidentaly sent our beneficiary list to wrong whatsapp group",
        # a cluster IMO's trial: data a partner should never have sent or posted got no incident response
        "a partner in Darfur sent us an excel with names and ages of GBV survivors, what do i do",
        "partner in Sittwe shared a spreadsheet of Rohingya GBV survivors with our cluster email",
        "a partner posted a list of unaccompanied children with names and locations in the cluster whatsapp group",
    ],
)
def test_what_new_users_reported_is_an_incident(knowledge_base: KnowledgeBase, situation: str) -> None:
    """From three new users' trials: each got tools, or the data-sharing checklist, and no incident response."""
    assert alerted(knowledge_base, situation)


def test_check_counts_the_incident_examples(pimbot_cli, knowledge_base: KnowledgeBase) -> None:
    result = pimbot_cli("check")
    assert result.returncode == 0, result.stderr
    safeguards = knowledge_base.safeguards
    assert f"{len(safeguards.examples)} safety examples, {len(safeguards.incident_examples)} incident examples" in (
        result.stdout
    )


def test_the_fresh_rounds_are_never_learnt_from(knowledge_base: KnowledgeBase) -> None:
    """The sixth gaps round (committed unread, for the next change), and the rounds scored before (incident rounds 4
    to 10, safety rounds 1 to 10, the first five gaps rounds): nothing learns from them (no alert is computed here,
    so this looks at none of their answers)."""
    learnt = {e.text for e in knowledge_base.safeguards.incident_examples} | {
        e.text for e in knowledge_base.safeguards.examples
    }
    fresh_safety = [read_yaml(DATA / "safety-fresh" / f"round{n}.yaml")["situations"] for n in range(1, 11)]
    for rows in (*(split(f"round{n}") for n in range(4, 11)), *fresh_safety):
        assert len(rows) == 120
        assert not learnt & {s["text"] for s in rows}
    for name in ("gaps1", "gaps2", "gaps3", "gaps4", "gaps5", "gaps6"):
        gaps = read_yaml(DATA / "safety-fresh" / f"{name}.yaml")["situations"]
        assert len(gaps) == 80 and not learnt & {s["text"] for s in gaps}


@pytest.mark.parametrize(
    "situation",
    [
        "partner lost laptop with case files of UASC in monguno, wat do we do",
        "we emailed the CPIMS+ export to wrong person",
        "a caseworker lost her phone with case files",
        "the volunteer forgot the register book in the bus",
        "a visitor took photos of the children at the CFS and posted them on facebook",
        "Policía Nacional raided our office and took two hard drives with client files",
        "our site office was burnt in a fire and the computer with the household list is gone",
        "our monitor was detained at a checkpoint and his phone with the Kobo app was taken",
    ],
)
def test_data_already_gone_gets_the_incident_response_not_the_sharing_checklist(
    knowledge_base: KnowledgeBase, situation: str
) -> None:
    """A child protection coordinator's trial: the first two got "before any personal data leaves your hands" (the
    data had left), the others nothing; the incident model put them between 7% and 20% once the lists saw them."""
    kinds = [alert.kind for alert in knowledge_base.safeguards.alerts(situation)]
    assert kinds[0] == DATA_INCIDENT and DATA_REQUEST not in kinds


def test_after_a_data_incident_tools_come_only_when_one_is_asked_for(advisor: Advisor) -> None:
    """Users' trials: after the incident steps came SurveyCTO ("you mentioned 'unencrypted'"), HXL, a phone survey
    ("'lost'"). The steps are the answer, unless the situation asks for a tool or guidance."""
    assert advisor.advise("our laptop with unencrypted case files was stolen").suggestions == ()
    asked = advisor.advise(
        "A partner's laptop with survivor case files was stolen last night. Is there guidance on handling data breaches?"
    )
    assert asked.alerts[0].kind == DATA_INCIDENT and asked.suggestions


@pytest.mark.parametrize(
    ("situation", "incident"),
    [
        ("a caseworker who resigned took home the USB stick with our client database", True),
        ("the newsletter went out with every recipient in CC, not BCC, all of them survivors", True),
        ("printed intake forms with names were found in the bin behind the office", True),
        ("the visiting donor posted pics of the children at the CFS on his linkedin", True),
        ("the embassy reposted photos of the kids in the UASC shelter on twitter", True),  # the model: 2%
        ("a partner quoted our internal case report in a public statement, with the names", True),
        ("the shelling burned the cabinet with the paper registration files", True),
        ("we want to post photos of the distribution on our facebook page, faces visible, ok if parents agree?", False),
        ("which tool should we use to back up the registration files every night?", False),
    ],
)
def test_things_taken_destroyed_seen_or_sent_to_the_wrong_people_are_incidents(
    knowledge_base: KnowledgeBase, situation: str, incident: bool
) -> None:
    """Incident rounds 8 and 9: the lists had no words for these kinds of loss (README "Safety"). A plan to post
    photos stays a publication: "visible" and a bare "posted" were tried and turned such plans into incidents."""
    assert alerted(knowledge_base, situation) is incident


@pytest.mark.parametrize(
    ("situation", "incident"),
    [
        ("A staff member lost her laptop charger in Kyiv", False),
        ("Our intern posted the job ad on facebook with his own phone number", False),
        ("the caseworker lost her laptop with the case files in a taxi", True),
    ],
)
def test_things_that_hold_no_ones_data_are_no_incident(
    knowledge_base: KnowledgeBase, situation: str, incident: bool
) -> None:
    """An HQ adviser's trial of ordinary work: a lost charger and a job ad were data incidents."""
    assert alerted(knowledge_base, situation) is incident
