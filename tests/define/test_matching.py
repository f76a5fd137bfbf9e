"""The matcher finds what people mean, and says so honestly when it does not know."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.define.matching import Matcher, Status
from bot.knowledge.loading import load_knowledge
from bot.replies import EntryReply
from tests.conftest import DATA, MINI_TERMS, read_yaml

ALL_QUERIES = read_yaml(DATA / "define_queries.yaml")["queries"]
WHOLE_REPLY_TYPES = ("count_or_list", "ordinal", "difference", "about_pim", "misleading")
"""Judged on the whole reply (tests/test_define_questions.py), not on the matcher alone."""
QUERIES = [q for q in ALL_QUERIES if q["type"] not in WHOLE_REPLY_TYPES]


def test_the_quality_data_set_is_big_and_varied_enough() -> None:
    kinds = Counter(q["type"] for q in QUERIES)
    assert len(QUERIES) >= 150
    assert kinds["not_pim"] >= 30
    for kind in ("exact", "case", "typo", "spelling", "acronym", "plural", "question"):
        assert kinds[kind] >= 10, kind


def test_top1_accuracy_and_honest_rejection_on_the_data_set(responder) -> None:
    pim = [q for q in QUERIES if q["expect"] is not None]
    not_pim = [q for q in QUERIES if q["expect"] is None]
    hits = [q for q in pim if (m := responder.matcher.match(q["q"]).match) and m.entry.id == q["expect"]]
    rejected = [q for q in not_pim if responder.matcher.match(q["q"]).match is None]
    misses = [q["q"] for q in pim if q not in hits]
    wrong = [q["q"] for q in not_pim if q not in rejected]
    assert len(hits) / len(pim) >= 0.95, f"missed: {misses}"
    assert len(rejected) / len(not_pim) >= 0.95, f"answered although not PIM: {wrong}"


def test_expected_ids_in_the_data_set_exist(knowledge_base) -> None:
    for q in ALL_QUERIES:
        ids = [q.get("expect"), *q.get("expect_pair", ()), *q.get("acceptable", ())]
        assert all(i is None or knowledge_base.get(i) for i in ids), q


@pytest.mark.parametrize("query", ["anonymsation", "pseudonimisation", "refferal pathway", "vulnerabilty"])
def test_typos_of_one_or_two_letters_are_matched(responder, query: str) -> None:
    result = responder.matcher.match(query)
    assert result.status is Status.MATCH
    assert result.match.score < 100


def test_a_typo_in_a_short_word_only_gets_a_suggestion(responder) -> None:
    result = responder.matcher.match("date")
    assert result.status is Status.UNSURE
    assert result.candidates[0].entry.id == "data"


def test_a_part_of_a_name_suggests_rather_than_answers(responder) -> None:
    result = responder.matcher.match("harm")
    assert result.status is Status.UNSURE
    assert "do-no-harm" in [c.entry.id for c in result.candidates]
    assert len(result.candidates) <= 3


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("how to anonymise data", "anonymisation"),
        ("anonymize", "anonymisation"),
        ("pseudonymise", "pseudonymisation"),
        ("how to de-identify data", "de-identification"),
    ],
)
def test_the_verb_finds_the_entry_of_its_noun(responder, text: str, entry_id: str) -> None:
    """A new user's trial asked "how to anonymise data" and got the entry "Data"."""
    reply = responder.reply(text)
    assert isinstance(reply, EntryReply) and reply.entry.id == entry_id, reply


@pytest.mark.parametrize("query", ["pizza", "kubernetes", "weather tomorrow", "asdfgh", "", "   ", "?!"])
def test_nothing_close_means_no_match(responder, query: str) -> None:
    result = responder.matcher.match(query)
    assert result.match is None
    assert result.status in (Status.NOT_FOUND, Status.EMPTY)


def test_an_acronym_with_several_meanings_lists_them_all(make_knowledge) -> None:
    matcher = Matcher(load_knowledge(make_knowledge({"terms.yaml": MINI_TERMS})))
    result = matcher.match("what does PM mean?")
    assert result.status is Status.AMBIGUOUS
    assert result.match is None
    assert {c.entry.id for c in result.candidates} == {"protection-monitoring-term", "project-management"}


def test_huge_and_odd_input_does_not_break_the_matcher(responder) -> None:
    for query in ("x" * 100_000, "<@U123> <!here>", "\x00\x1f", "data " * 5000, "ÅÄÖ ß ﬁ"):
        responder.matcher.match(query)


@pytest.mark.parametrize(
    ("query", "not_this"),
    [("protection data", "data-protection"), ("data processor", "information"), ("CPIMS", "pim")],
)
def test_near_misses_are_never_confident_wrong_answers(responder, query: str, not_this: str) -> None:
    match = responder.matcher.match(query).match
    assert match is None or match.entry.id != not_this


def test_typo_ties_go_to_the_word_that_fits_the_rest(responder) -> None:
    assert responder.matcher.match("primery data").match.entry.id == "primary-data"


@pytest.mark.parametrize(
    ("query", "entry_id"),
    [
        ("case mgmt", "case-management"),
        ("info sharing protocol", "information-sharing-protocol"),
        ("what is the process of pim", "pim-process"),
        ("wetin be PIM", "pim"),
        ("abeg wetin be CCCM", "camp-coordination-and-camp-management"),
        ("shu ya3ni DSA", "data-sharing-agreement"),
        ("DSA ya3ni eh", "data-sharing-agreement"),
        ("ma3na DPIA", "data-protection-impact-assessment"),
        ("شو يعني ISP", "information-sharing-protocol"),
        ("what does do no harm mean for data", "do-no-harm"),
    ],
)
def test_short_forms_and_other_word_orders_find_the_entry(responder, query: str, entry_id: str) -> None:
    """A child protection coordinator's trial: "case mgmt" was not found, "the process of pim" offered Asylum."""
    result = responder.matcher.match(query)
    assert result.match is not None and result.match.entry.id == entry_id, result


def test_a_comparison_introduced_by_explain_compares(responder) -> None:
    from bot.replies import ComparisonReply

    reply = responder.reply("explain me the difference between data and information")
    assert isinstance(reply, ComparisonReply) and [e.id for e in reply.entries] == ["data", "information"]


def test_the_competencies_of_a_protection_im_officer_are_the_pim_core_competencies(responder) -> None:
    """The fact sheet's example question 27 got the definition of PIM itself."""
    from bot.replies import EntryReply

    reply = responder.reply("What competencies should a protection IM officer have?")
    assert isinstance(reply, EntryReply) and reply.entry.id == "pim-core-competencies"


def test_a_long_acronym_with_two_letters_swapped_is_asked_about_never_taken_as_found(knowledge_base) -> None:
    """A GBV coordinator's trial: "GBVMIS", a common slip for GBVIMS, was "not a PIM term"."""
    matcher = Matcher(knowledge_base)
    result = matcher.match("GBVMIS")
    assert result.status is Status.UNSURE
    assert [c.entry.id for c in result.candidates] == ["gbvims"]
    assert matcher.match("PMI").status is not Status.MATCH  # too short to read as "PIM"
