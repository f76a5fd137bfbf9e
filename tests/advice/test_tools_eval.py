"""Tool advice on situations nobody tuned for (tests/data/tools_eval), next to plain BM25 computed here.

Issue 11 asks for recall@3 of 90% on the test split and never below BM25; README "How tool suggestions work"
reports where that stands (not met: these tests hold what is reached, so that nothing slips back).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable

import pytest

from bot.advice.bm25 import Bm25, tool_text
from bot.advice.ranking import Advisor
from bot.advice.safety import DATA_REQUEST, DISCLOSURE
from bot.advice.suggestions import ALIKE, SAFE_COURSE, Advice
from bot.advice.words import GENERIC_WORDS
from bot.knowledge.entries import KnowledgeBase
from bot.text.normalize import normalize
from tests.conftest import DATA, read_yaml, safe_course

EVAL = DATA / "tools_eval"
SPLITS = (
    "round1", "dev", "test", "test_round4", "test_round5", "test_round6", "test_round7", "test_round8", "test_round9",
    "test_round10", "test_round11", "round12", "round13", "test_round14", "test_round15", "round16", "round17",
    "round18", "round19", "test_round20", "test_round21", "test_round22", "test_round23",
)  # fmt: skip
TEST_SPLIT = "test_round20"
"""The held-out round last run: issue 11's test. Written before the changes it judges, never read, run once."""
HELD_OUT = (TEST_SPLIT, "test_round21", "test_round22", "test_round23")
"""Never tuned on, never learnt from. Rounds 3 to 11, 14 and 15 were held out when first run and are tuned on since;
rounds 12, 13 and 16 to 19 were written as examples to learn from; round 21 was written for the next changes, and
run once, a later session, before and after that session's changes; round 22 was written then, and its texts were
printed once by mistake; round 23, written after, is the clean held-out round for the next changes, not run yet.
All other rounds are what pimbot learns from (knowledge/tool-examples.yaml), so each is judged by an advisor that
learnt from the others only (README "How tool suggestions work")."""
ROLES = {"protection-officer", "im-officer", "gbv-coordinator", "cp-caseworker", "cluster-coordinator", "donor-liaison"}


def split(name: str) -> list[dict]:
    return read_yaml(EVAL / f"{name}.yaml")["situations"]


Advise = Callable[[str], Advice]


def hits(
    top3: Callable[[str], list[str]], situations: list[dict], kb: KnowledgeBase | None = None, advise: Advise | None = None
) -> int:
    """Concrete situations with an accepted tool in the first three (recall@3 is this over `concrete`). With `kb`
    and `advise`, the safety rule applies to both rankers: where pimbot's safety check sees a request for people's
    data or a disclosure, a system holding personal data is no acceptable answer (pimbot never offers one there;
    BM25 knows no such rule)."""
    return sum(bool(set(top3(s["text"])) & acceptable(s, kb, advise)) for s in situations if not s.get("clarify"))


def concrete(situations: list[dict]) -> int:
    return sum(not s.get("clarify") for s in situations)


def acceptable(situation: dict, kb: KnowledgeBase | None, advise: Advise | None) -> set[str]:
    """The accepted tools; with an alert, only those holding no personal data, or the safe course itself (the tools
    related to data sharing: sdcMicro may handle personal data, to share less of it)."""
    accepted = set(situation["accept"])
    if kb is None or advise is None or not {a.kind for a in advise(situation["text"]).alerts} & {DATA_REQUEST, DISCLOSURE}:
        return accepted
    course = safe_course(kb)
    return {t for t in accepted if t in course or kb.by_id[t].tool.personal_data not in ("yes", "depends")}  # type: ignore[union-attr]


def ours(advise: Advise) -> Callable[[str], list[str]]:
    return lambda text: [s.tool.id for s in advise(text).suggestions[:3]]


@pytest.fixture(scope="module")
def advise_for(knowledge_base: KnowledgeBase) -> Callable[[str], Advise]:
    """For a split, advice by an advisor that learnt nothing from it (leave one round out): its situations are
    removed from the knowledge base's tool examples. Each situation is advised once per module."""

    everything = Advisor(knowledge_base)

    @functools.cache
    def advise(name: str) -> Advise:
        texts = {s["text"] for s in split(name)}
        advisor = everything.learning_from([e for e in knowledge_base.tool_examples if e.text not in texts])
        return functools.lru_cache(maxsize=None)(advisor.advise)

    return advise


@pytest.fixture(scope="module")
def plain_bm25(knowledge_base) -> Bm25:
    """The baseline: BM25 over each tool's own YAML text, `not_for` included, with nothing of pimbot's rules."""
    return Bm25([(t.id, tool_text(t, with_not_for=True)) for t in knowledge_base.of_kind("tool")])


def test_rounds_of_156_from_six_roles_each(knowledge_base) -> None:
    rounds = {name: split(name) for name in SPLITS}
    for situations in rounds.values():
        assert len(situations) == 156
        assert Counter(s["role"] for s in situations) == dict.fromkeys(ROLES, 26)
        assert sum(bool(s.get("clarify")) for s in situations) == 18
    tuned_on = {s["text"] for name in SPLITS if name not in HELD_OUT for s in rounds[name]}
    learnt_from = {e.text for e in knowledge_base.tool_examples}
    for name in HELD_OUT:
        assert not {s["text"] for s in rounds[name]} & (tuned_on | learnt_from), name
    assert learnt_from <= tuned_on, "pimbot learns from the rounds tuned on, nothing else of these sets"
    for situation in [s for situations in rounds.values() for s in situations]:
        assert situation.get("clarify") or all(knowledge_base.get(t).tool for t in situation["accept"]), situation


def test_the_knowledge_base_has_fifty_tools_each_fully_described(knowledge_base) -> None:
    tools = knowledge_base.of_kind("tool")
    assert len(tools) >= 50
    assert all(t.tool.run_by and t.tool.categories and t.tool.fits and t.tool.not_for for t in tools)
    assert all(len(t.tool.asked_as) >= 12 for t in tools), "each tool has requests in the six roles' voices"


def test_a_request_is_found_by_words_only_its_asked_as_holds(knowledge_base) -> None:
    """`asked_as` is read by BM25: a word no other field of any tool uses finds the tool that was asked that way."""
    tools = knowledge_base.of_kind("tool")
    without = Bm25([(t.id, tool_text(t, with_requests=False)) for t in tools])
    with_requests = Bm25([(t.id, tool_text(t)) for t in tools])
    kobo = knowledge_base.by_id["kobotoolbox"]
    own = set(normalize(tool_text(kobo, with_requests=False)).split())
    fresh = [w for w in normalize(" ".join(kobo.tool.asked_as)).split() if w not in without.vocabulary and w not in own]
    assert fresh, "the requests add words"
    assert "kobotoolbox" in with_requests.scores(fresh) and not without.scores(fresh)


def held(advise_for: Callable[[str], Advise], plain_bm25: Bm25, kb: KnowledgeBase, name: str) -> tuple[int, ...]:
    """Situations of one split with an accepted tool in the first three: pimbot (plain, then with the safety rule),
    BM25 with the safety rule, and plain BM25.

    On the way, every reason given in the split must say something."""
    advise, situations = advise_for(name), split(name)
    for situation in situations:
        for suggestion in advise(situation["text"]).suggestions:
            for reason in suggestion.why:
                assert set(normalize(reason).split()) - GENERIC_WORDS, (situation["text"], suggestion.tool.id, reason)
    bm25_top = functools.lru_cache(maxsize=None)(plain_bm25.top)
    return (
        hits(ours(advise), situations),
        hits(ours(advise), situations, kb, advise),
        hits(bm25_top, situations, kb, advise),
        hits(bm25_top, situations),
    )


@pytest.mark.parametrize(
    ("name", "reached", "behind_bm25_safe", "behind_bm25_plain", "asked"),
    [  # rounds 1 to 19, each by an advisor that learnt from the others (leave one round out)
        ("round1", 132, 0, 0, 17),  # 95.7%
        ("dev", 123, 0, 0, 18),  # round 2: 89.1%
        ("test", 117, 0, 1, 18),  # round 3: 84.8%; one behind plain BM25, ahead with the safety rule on both
        ("test_round4", 119, 0, 0, 18),  # 86.2% (87.0% before a disclosure asked as a recording question was alerted)
        ("test_round5", 129, 0, 0, 18),  # 93.5%
        ("test_round6", 124, 0, 0, 18),  # 89.9% (90.6% for a while in a later session, as word lists moved the model)
        ("test_round7", 121, 0, 0, 18),  # 87.7% (87.0% until a later session)
        ("test_round8", 131, 0, 0, 18),  # 94.9% (94.2% before sdcMicro was kept after a publication alert)
        ("test_round9", 122, 0, 0, 17),  # 88.4% (87.7% until a later session)
        ("test_round10", 125, 0, 0, 18),  # 90.6%
        ("test_round11", 124, 0, 0, 17),  # 89.9% (87.7% when first run, held out, and when run again)
        ("round12", 121, 0, 0, 18),  # 87.7% (86.2% when first run, before it was learnt from)
        ("round13", 125, 0, 0, 18),  # 90.6% (89.9% when first run, and until a later session)
        ("test_round14", 124, 0, 0, 16),  # 89.9% (89.1%, then 88.4%, when held out)
        ("test_round15", 123, 0, 0, 17),  # 89.1% (87.7% when held out, run once)
        ("round16", 119, 0, 4, 17),  # 86.2% (87.0% when first run, and before the same); four behind plain BM25,
        # which offers a complaints system for a disclosure; ahead with the safety rule on both
        ("round17", 124, 0, 0, 18),  # 89.9% (90.6% when first run, and until a child's recruitment told raised a
        # disclosure: "where does this info go?" asks for no tool, and gets the alert, which names the MRM)
        ("round18", 127, 0, 0, 18),  # 92.0% (92.0% when first run; 92.8% until girls abducted by armed groups, told,
        # raised a disclosure: asked how the grave violations reporting works, it gets the steps, without the MRM)
        ("round19", 120, 0, 0, 17),  # 87.0% (84.8% when first run)
        ("test_round20", 129, 0, 0, 18),  # held out, never learnt from: 93.5% at its one run (plain BM25 89.1%)
        ("test_round21", 125, 0, 0, 18),  # held out, never learnt from: 90.6% at its run (plain BM25 87.7%)
    ],
)
def test_each_round_holds_what_it_reached(
    advise_for: Callable[[str], Advise],
    plain_bm25: Bm25,
    knowledge_base,
    name: str,
    reached: int,
    behind_bm25_safe: int,
    behind_bm25_plain: int,
    asked: int,
) -> None:
    """Issue 11 asks for 90%, never below BM25, and every vague situation asked: README "How tool suggestions work"
    reports where each round stands. These hold it, counted in situations (not listed: nobody working on pimbot
    reads the held-out round's items), so that nothing slips back."""
    ours_plain, ours_safe, bm25_safe, bm25_plain = held(advise_for, plain_bm25, knowledge_base, name)
    assert ours_plain >= reached
    assert ours_safe >= bm25_safe - behind_bm25_safe, (ours_safe, bm25_safe)
    assert ours_plain >= bm25_plain - behind_bm25_plain, (ours_plain, bm25_plain)
    vague = [s for s in split(name) if s.get("clarify")]
    assert len(vague) == 18
    assert sum(advise_for(name)(s["text"]).clarify for s in vague) >= asked
    if name in ("round1", "dev"):  # tuned on: which ones are missed is known
        missed = [s["text"] for s in vague if not advise_for(name)(s["text"]).clarify]
        assert missed == (["donor wants better data from us. what do we do?"] if name == "round1" else [])  # README


def test_the_held_out_round_meets_issue_11(advise_for: Callable[[str], Advise], plain_bm25: Bm25, knowledge_base) -> None:
    """Issue 11's test: on the held-out split, recall@3 of at least 90%, not below BM25 (computed here, with and
    without the safety rule on both), and every vague situation asked. Round 20 was written before the changes it
    judges, never read, and run once; earlier held-out rounds did not all meet it (README "How tool suggestions
    work" gives every fresh round's first run)."""
    name = TEST_SPLIT
    ours_plain, ours_safe, bm25_safe, bm25_plain = held(advise_for, plain_bm25, knowledge_base, name)
    assert ours_plain >= 0.9 * concrete(split(name)), ours_plain
    assert ours_plain >= bm25_plain and ours_safe >= bm25_safe, (ours_plain, bm25_plain, ours_safe, bm25_safe)
    assert all(advise_for(name)(s["text"]).clarify for s in split(name) if s.get("clarify"))


def test_the_askers_words_in_asked_as_do_not_pick_a_tool(advisor: Advisor) -> None:
    """Every tool has requests by a GBV coordinator, so "gbv" in them says nothing of the tool: a GBV coordinator's
    request for case management guidance gets the GBV guidelines, not the child protection ones, first."""
    top = [s.tool.id for s in advisor.advise("gbv case management guidance for new caseworkers in Maban").suggestions]
    assert top[0] == "gbv-case-management-guidelines", top


def test_counting_people_is_not_registration(advisor: Advisor) -> None:
    """A tool whose `not_for` describes the situation comes after the others."""
    situation = "we need to count people crossing the border each day"
    for category in (None, "population-data"):
        top3 = [s.tool.id for s in advisor.advise(situation, category).suggestions[:3]]
        assert top3[0] == "dtm-flow-monitoring", (category, top3)
        assert not {"bims", "progres-v4", "primes"} & set(top3), (category, top3)


def test_a_chosen_category_narrows_the_situation_instead_of_replacing_it(advisor: Advisor) -> None:
    narrowed = advisor.advise("we need to count people crossing the border each day", "population-data")
    plain = advisor.advise("help us with data", "population-data")
    assert narrowed.suggestions[0].tool.id != plain.suggestions[0].tool.id
    assert all("population-data" in s.tool.tool.categories or "cross-cutting" in s.tool.tool.categories
               for s in narrowed.suggestions)  # fmt: skip


@pytest.mark.parametrize(
    ("situation", "tool"),
    [
        ("we already use dtm data for the camps", "dtm"),
        ("our kobo forms keep crashing offline", "kobotoolbox"),
        ("where do I find the hdx datasets for this country", "hdx"),
        ("odk or something similar for our monitoring", "odk"),
    ],
)
def test_tool_names_in_lower_case_are_recognised(advisor: Advisor, situation: str, tool: str) -> None:
    suggestions = advisor.advise(situation).suggestions
    assert suggestions and suggestions[0].tool.id == tool


def test_english_words_are_not_read_as_acronyms(advisor: Advisor) -> None:
    for situation, tool, word in (
        ("we cannot reach the people in the north", "reach", "reach"),
        ("a deep analysis please", "deep", "deep"),
    ):
        named = [s for s in advisor.advise(situation).suggestions if s.tool.id == tool]
        assert all(word not in s.why for s in named), situation


@pytest.mark.parametrize(
    "situation",
    [
        "how many people live in the camp",
        "the municipal council wants figures",
        "we want to check whether our cash assistance reached the right people and whether they felt safe",
    ],
)
def test_a_reason_is_never_a_word_that_says_nothing(advisor: Advisor, situation: str) -> None:
    for suggestion in advisor.advise(situation).suggestions:
        for reason in suggestion.why:
            assert reason.lower() not in {"many", "council", "people", "many people", "each", "check"}, suggestion


def test_a_pronoun_is_never_the_reason(advisor: Advisor) -> None:
    """After a disclosure, "she doesnt want me to tell anyone" once got Restoring Family Links for "she"."""
    for category in (None, "case-management"):
        for suggestion in advisor.advise("she doesnt want me to tell anyone", category).suggestions:
            assert not {"she", "he", "his", "her"} & {w.lower() for w in suggestion.why}, suggestion


def test_a_tool_no_word_led_to_says_why_it_is_there(advisor: Advisor) -> None:
    """One suggestion in twenty had no "Why" line: tools found by likeness alone, and the data-sharing guidance."""
    alike = advisor.advise("landowner threatening evictions in 3 sites near dana, how to track this across sites?")
    assert any(not s.why and s.basis == ALIKE for s in alike.suggestions[:3]), alike.suggestions
    shared = advisor.advise("A uni researcher wants our case data for a study on separated kids")
    assert not shared.suggestions[0].why and shared.suggestions[0].basis == SAFE_COURSE
    situations = [s["text"] for name in ("round12", "round13") for s in split(name)]
    unexplained = [s for text in situations for s in advisor.advise(text).suggestions[:3] if not (s.why or s.basis)]
    assert len(unexplained) <= 2, unexplained


def test_a_number_or_an_asking_word_is_never_the_reason(advisor: Advisor) -> None:
    """A new user's trial saw "you mentioned '14'" for case management guidelines, and "'ask'" for a data request."""
    for category in (None, "case-management"):
        for suggestion in advisor.advise("girl 14 yrs abused by a teacher from the NGO school", category).suggestions:
            assert "14" not in suggestion.why, suggestion
    request = advisor.advise("gendarmerie ask our list of beneficiaries, what I do?")
    assert request.alerts and request.suggestions
    assert all(suggestion.why and "ask" not in suggestion.why for suggestion in request.suggestions), request.suggestions


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        ("we want to check whether our cash assistance reached the right people and whether they felt safe",
         "post-distribution-monitoring"),
        ("we want to know which organisations are doing what where in the protection sector", "who-does-what-where"),
        ("we are setting up a hotline for complaints from affected people", "complaints-feedback-hotline"),
        ("need to map which partners do GBV case management in each district", "who-does-what-where"),
        ("which partners do what in each province?", "who-does-what-where"),  # the 5W, as practitioners ask for it
    ],
)  # fmt: skip
def test_the_misses_the_issue_names(advisor: Advisor, situation: str, expected: str) -> None:
    assert expected in [s.tool.id for s in advisor.advise(situation).suggestions[:3]]


def test_violations_against_the_displaced_are_protection_monitoring(advisor: Advisor) -> None:
    """Arrests, detention and harassment of the people served are what protection monitoring follows; staff security
    tools are for incidents that hit aid workers."""
    top3 = [
        s.tool.id
        for s in advisor.advise("how do we document harassment and detention of displaced people by district").suggestions[
            :3
        ]
    ]
    assert "protection-monitoring-system" in top3 and "siim" not in top3, top3


@pytest.mark.parametrize(
    ("situation", "asked"),
    [
        ("got a tool for the refugees?", True),  # one word any tool's text uses: who, not what for
        ("something for the idps pls", True),
        ("anything useful for the girls in the settlement?", True),  # who and where, not what for
        ("what have you got for returnees", True),
        ("can you send me the stuff from yesterday's meeting", True),  # days, deixis and bosses name no need
        ("my boss says our data must improve before next month's review", True),
        ("kobo?", False),  # a tool named outright is enough
        ("flow monitoring at the border", False),
        ("idp figures by province please", False),  # who the figures are about says which figures
    ],
)
def test_a_situation_saying_only_who_it_is_for_is_asked_about(advisor: Advisor, situation: str, asked: bool) -> None:
    assert advisor.advise(situation).clarify is asked
