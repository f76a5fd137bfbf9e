"""Data incidents: data about people lost, stolen, leaked or sent to the wrong people gets the incident response
first (tests/data/incidents: dev tuned on, test never read). README "Safety" reports both splits."""

from __future__ import annotations

import pytest

from bot.advice.ranking import Advisor
from bot.advice.safety import DATA_INCIDENT, DATA_REQUEST
from bot.knowledge.entries import KnowledgeBase
from tests.conftest import DATA, read_yaml

INCIDENTS = DATA / "incidents"
TEST_CAUGHT, TEST_FALSE_ALARMS = 16, 2
"""The test split, printed twice: 13 of 28 incidents alerted and 2 false alarms of 28 ordinary with the lists
tuned on dev; 16 and 2 after round 2 (dev2) was scored once and tuned on. These hold it; README "Safety"."""


def split(name: str) -> list[dict]:
    return read_yaml(INCIDENTS / f"{name}.yaml")["situations"]


def alerted(kb: KnowledgeBase, text: str) -> bool:
    return any(alert.kind == DATA_INCIDENT for alert in kb.safeguards.alerts(text))


def test_the_set_has_four_voices_split_alternately() -> None:
    dev, test = split("dev"), split("test")
    assert len(dev) + len(test) == 120 and len(split("dev2")) == 120
    for part in (dev, test):
        assert len({s["role"] for s in part}) == 4
        assert {s["incident"] for s in part} == {True, False}
    assert not {s["text"] for s in dev + split("dev2")} & {s["text"] for s in test}


def test_incidents_on_the_test_split_are_alerted_as_when_last_scored(knowledge_base: KnowledgeBase) -> None:
    test = split("test")
    caught = sum(alerted(knowledge_base, s["text"]) for s in test if s["incident"])
    false_alarms = sum(alerted(knowledge_base, s["text"]) for s in test if not s["incident"])
    assert caught >= TEST_CAUGHT
    assert false_alarms <= TEST_FALSE_ALARMS


@pytest.mark.parametrize(("name", "caught", "false_alarms"), [("dev", 30, 0), ("dev2", 48, 3)])
def test_the_dev_rounds_are_learnt(knowledge_base: KnowledgeBase, name: str, caught: int, false_alarms: int) -> None:
    """Tuned on: these say only that the lists hold what they were tuned to (README "Safety")."""
    rows = split(name)
    assert sum(alerted(knowledge_base, s["text"]) for s in rows if s["incident"]) >= caught
    assert sum(alerted(knowledge_base, s["text"]) for s in rows if not s["incident"]) <= false_alarms


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
