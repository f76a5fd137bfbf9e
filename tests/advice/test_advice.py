"""Tool suggestions: the right tools for a described situation, with reasons, and a question when vague."""

from __future__ import annotations

import os

import pytest

from bot.advice.ranking import MIN_SCORE
from tests.conftest import DATA, read_yaml, safe_course

SITUATIONS = read_yaml(DATA / "tools_situations.yaml")["situations"]
REQUIRED_TOOLS = [
    "KoBoToolbox", "ODK", "proGres v4", "PRIMES", "BIMS", "DTM", "Primero", "CPIMS+", "GBVIMS", "GBVIMS+", "MRM",
    "ActivityInfo", "3W", "4W", "5W", "HDX", "HXL", "ACAPS", "DEEP", "JIPS profiling", "JET", "MIRA", "MSNA", "PAF",
    "protection monitoring system", "UNHCR Protection Assessment Toolkit", "IDMC", "UNHCR Refugee Data Finder",
    "INSO CHDC", "SIIM", "IASC Operational Guidance on Data Responsibility",
    "PIM Framework for Data Sharing in Practice", "WFP SCOPE", "information sharing protocol template",
]  # fmt: skip


def test_the_situation_data_set_is_big_and_varied_enough() -> None:
    concrete = [s for s in SITUATIONS if not s.get("clarify")]
    assert len(concrete) >= 60
    assert {s["voice"] for s in SITUATIONS} == {"coordinator", "field"}
    assert sum(1 for s in SITUATIONS if s.get("clarify")) >= 5


def test_an_accepted_tool_is_in_the_first_three_for_89_percent(advisor, knowledge_base) -> None:
    """The older "seen" set: tuned on, so a floor against slipping back, not a result (README)."""
    concrete = [s for s in SITUATIONS if not s.get("clarify")]
    for situation in concrete:
        assert all(knowledge_base.get(t) and knowledge_base.get(t).tool for t in situation["accept"]), situation
    misses = []
    for situation in concrete:
        top3 = [s.tool.id for s in advisor.advise(situation["text"]).suggestions[:3]]
        if not set(top3) & set(situation["accept"]):
            misses.append((situation["text"][:60], top3))
    assert 1 - len(misses) / len(concrete) >= 0.89, misses


def test_vague_situations_ask_instead_of_guessing(advisor) -> None:
    for situation in (s for s in SITUATIONS if s.get("clarify")):
        advice = advisor.advise(situation["text"])
        assert advice.clarify, situation["text"]
        assert advice.suggestions == ()
        assert [c.number for c in advice.options] == list(range(1, 9))


@pytest.mark.parametrize("name", REQUIRED_TOOLS)
def test_every_required_tool_is_an_entry_that_define_finds(responder, name: str) -> None:
    match = responder.matcher.match(name).match
    assert match is not None and match.entry.kind == "tool", name


def test_suggestions_quote_the_users_own_words(advisor) -> None:
    advice = advisor.advise("we need to know how many IDPs live in informal sites and their demographics")
    first = advice.suggestions[0]
    assert first.tool.id == "dtm"
    assert any("IDPs" in why or "informal sites" in why for why in first.why)
    assert "Population data" in first.categories


def test_typos_in_the_situation_are_forgiven(advisor) -> None:
    advice = advisor.advise("registation of new arivals with fingerprints")
    assert {"progres-v4", "bims", "primes"} & {s.tool.id for s in advice.suggestions[:3]}


def test_personal_data_brings_consent_and_do_no_harm(advisor) -> None:
    advice = advisor.advise("follow up individual child protection cases and referrals")
    assert [p.id for p in advice.principles][:2] == ["informed-consent-and-confidentiality", "do-no-harm"]
    assert advice.sharing == ()


def test_sharing_data_that_identifies_nobody_points_to_an_isp_or_dsa(advisor) -> None:
    advice = advisor.advise("we share our monthly data with the protection cluster")
    assert [e.id for e in advice.sharing] == ["information-sharing-protocol", "data-sharing-agreement"]
    assert advice.alerts == ()


def test_a_chosen_category_limits_suggestions_to_it(advisor) -> None:
    advice = advisor.advise("help us with data", category_id="case-management")
    assert not advice.clarify and advice.category.id == "case-management"
    assert advice.suggestions and all("case-management" in s.tool.tool.categories for s in advice.suggestions)


def test_odd_input_never_breaks_the_advisor(advisor) -> None:
    for text in ("", "   ", "x" * 100_000, "<!here> <@U1>", "🙂🙂", "data " * 10_000):
        advice = advisor.advise(text)
        assert advice.clarify or advice.suggestions


@pytest.mark.parametrize(
    "situation",
    [
        "the police asked for our list of IDPs in the camp",
        "another agency asks for our beneficiary list with names and phone numbers",
        "the ministry of interior asks for names of people who attended legal aid sessions",
        "we want to send our registration data to the government",
    ],
)
def test_a_request_for_peoples_data_brings_the_sharing_guidance(advisor, situation: str) -> None:
    advice = advisor.advise(situation)
    assert not advice.clarify
    assert "pim-framework-data-sharing" in [s.tool.id for s in advice.suggestions[:3]]
    assert [a.kind for a in advice.alerts] == ["data-request"]
    assert {"information-sharing-protocol", "data-sharing-agreement"} <= set(advice.alerts[0].entries)
    assert "informed-consent-and-confidentiality" in [p.id for p in advice.principles]


def test_with_an_alert_the_first_guidance_leads_and_the_tools_that_share_less_follow(advisor) -> None:
    """The alert says the safe course and names the guidance, so one guidance leads and the other two places go to
    what answers the need: here anonymising (sdcMicro handles personal data, to share less of it), never the
    system the data sits in."""
    advice = advisor.advise("the evaluator hired by the donor wants our raw kobo survey data, how do we anonymise it")
    assert [a.kind for a in advice.alerts] == ["data-request"]
    top3 = [s.tool.id for s in advice.suggestions[:3]]
    assert top3[0] == "pim-framework-data-sharing" and "sdcmicro" in top3, top3
    assert "kobotoolbox" not in [s.tool.id for s in advice.suggestions]


@pytest.mark.parametrize(
    "situation",
    [
        "any tool ideas for my team this quarter?",  # "quarter" was read as a typo of "charter" (Sphere's)
        "need something good for the field team before the mission next wk",
        "can you help with the data side for our sector",
    ],
)
def test_words_of_any_work_are_no_reason_and_no_typo(advisor, situation: str) -> None:
    """Words like "team", "field", "mission", "wk", "sector" say nothing of a tool: never quoted as the reason, never
    "corrected" into a tool's word; with nothing else to go on, pimbot asks."""
    advice = advisor.advise(situation)
    assert advice.clarify and advice.suggestions == ()


def test_a_word_of_any_request_is_never_the_reason_alone(advisor) -> None:
    """ "quick", "no", "without" once were the only reason given for a tool (a quick dashboard got the child
    protection rapid assessment, for "quick")."""
    advice = advisor.advise("need a quick dashboard of attendance at the safe spaces for the visit, without names")
    assert advice.suggestions[0].tool.id == "dashboards-bi"
    assert not {"quick", "without", "no"} & {why.lower() for s in advice.suggestions for why in s.why}


@pytest.mark.parametrize(
    "situation",
    [
        "a woman told our team that a volunteer asked her for sex in exchange for the food basket",
        "the police asked for our list of IDPs in the camp",
    ],
)
def test_after_an_alert_a_tool_needs_a_real_reason(advisor, situation: str) -> None:
    """After an alert, a tool that only shares a word with the situation ("exchange": the Humanitarian Data
    Exchange; "IDPs": global displacement figures) is noise: only the safe course and tools that score are shown."""
    advice = advisor.advise(situation)
    assert advice.alerts
    course = safe_course(advisor.kb)
    assert all(s.score >= MIN_SCORE or s.tool.id in course for s in advice.suggestions), advice.suggestions


@pytest.mark.parametrize(
    ("situation", "tool"),
    [
        ("3 kids recruited by cjtf in gwoza, where does that get reported", "mrm"),
        ("how much did echo put into protection in mali this yr? for a proposal", "fts"),
    ],
)
def test_a_clear_likeness_to_one_tool_is_enough_to_advise(advisor, situation: str, tool: str) -> None:
    """Short, with few words of any tool's description (it used to be asked about), but much more like the
    requests made for one tool than for any other, with words that speak for it."""
    advice = advisor.advise(situation)
    assert not advice.clarify
    assert advice.suggestions[0].tool.id == tool and advice.suggestions[0].why


@pytest.mark.parametrize(
    "situation",
    [
        "donor wants GBV incident numbers broken down by camp block and age",
        "UNICEF asked us for GBV figures by location for the sitrep",
        "the ministry wants statistics on separated children per camp",
    ],
)
def test_figures_about_survivors_or_children_asked_for_by_others_are_shared_data(advisor, situation: str) -> None:
    """No names, so no alert; but small counts can point to a person: the sharing guidance comes first, with the
    pointer on small numbers and an information sharing protocol."""
    advice = advisor.advise(situation)
    assert advice.suggestions[0].tool.id == "pim-framework-data-sharing"
    assert [e.id for e in advice.sharing] == ["information-sharing-protocol", "data-sharing-agreement"]


def test_figures_for_our_own_work_are_not_shared_data(advisor) -> None:
    for situation in ("we need GBV figures for our own planning", "the donor wants to see our results"):
        advice = advisor.advise(situation)
        assert advice.sharing == () and "pim-framework-data-sharing" not in [s.tool.id for s in advice.suggestions[:2]]


def test_sending_a_team_is_not_sharing_data(advisor) -> None:
    advice = advisor.advise("is it safe to send our team to the north next week")
    assert advice.sharing == ()
    assert advice.suggestions[0].tool.id == "inso-chdc"


def test_a_tool_named_outright_is_suggested(advisor) -> None:
    assert advisor.advise("we need a 5W for the protection cluster").suggestions[0].tool.id == "who-does-what-where"
    assert "who-does-what-where" in [s.tool.id for s in advisor.advise("who is doing what where").suggestions]
    for said in ("partners never tell us who does what where", "need a map of who does what in the district"):
        named = advisor.advise(said)  # the title without its "when", or its "where"
        assert not named.clarify and named.suggestions[0].tool.id == "who-does-what-where", said
    deep = [s for s in advisor.advise("a deep analysis of the situation").suggestions if s.tool.id == "deep"]
    assert all("deep" not in s.why for s in deep)  # "deep" in lower case is not "DEEP"


def test_a_survivors_disclosure_keeps_consent_in_view_even_before_tools(advisor) -> None:
    advice = advisor.advise("rape cases in the camp")
    assert "informed-consent-and-confidentiality" in [p.id for p in advice.principles]


def test_a_category_without_its_own_tools_offers_the_cross_cutting_ones(advisor) -> None:
    advice = advisor.advise("feedback hotline", category_id="communicating-with-affected-communities")
    assert advice.suggestions, "choosing a category never ends with nothing to suggest"


def test_the_same_situation_gets_the_same_advice_in_every_process(pimbot_cli, run_pimbot) -> None:
    """Python orders a set of words differently in each process (hash randomisation), and a float sum taken in
    another order can differ in its last bit: that once broke ties, and "is this whole phrase matched", one way
    in one worker and the other way in the next. Scores are now summed exactly.

    This process's answers against those of a process with another hash seed."""
    texts = [s["text"] for s in read_yaml(DATA / "tools_eval" / "dev.yaml")["situations"]]
    other_seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    here = pimbot_cli("tools", "--json", "-", stdin="\n".join(texts))
    runs = [here, run_pimbot("tools", "--json", "-", stdin="\n".join(texts), PYTHONHASHSEED=other_seed)]
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    assert len(runs[0].stdout.splitlines()) == len(texts) == 156
    assert runs[0].stdout == runs[1].stdout  # before: "gbv aor needs an info sharing protocol template" differed


def test_a_count_written_with_a_sign_is_a_count(advisor) -> None:
    """A child protection coordinator's trial: "# of GBV survivors per ward" lost the small-numbers pointer that
    "number of" gets, and led with GBVIMS, a system of survivors' records."""
    signed = advisor.advise("UNICEF asks for # of GBV survivors per ward for HNO")
    spelled = advisor.advise("UNICEF asks for number of GBV survivors per ward for HNO")
    assert signed.sharing and signed.sharing == spelled.sharing
    assert [s.tool.id for s in signed.suggestions] == [s.tool.id for s in spelled.suggestions]


def test_sharing_figures_about_gbv_brings_the_small_numbers_pointer_but_partners_reporting_numbers_does_not(advisor) -> None:
    """A data protection officer's trial: "share aggregate numbers of GBV incidents by village" got no word of small
    numbers; partners sending their 5W numbers is reporting, not sensitive figures."""
    assert advisor.advise("should we share aggregate numbers of GBV incidents by village with the donor?").sharing
    assert not advisor.advise("partners send their numbers in Excel with different column names every month").sharing


def test_ok_is_never_the_reason_for_a_tool(advisor) -> None:
    """A GBV coordinator's trial: "is that ok" put the IASC guidance there "because you mentioned 'ok'"."""
    advice = advisor.advise("our partner uses KoBo to register survivors, is that ok")
    assert advice.suggestions
    assert not any(word.lower() in ("ok", "okay") for s in advice.suggestions for word in s.why)
