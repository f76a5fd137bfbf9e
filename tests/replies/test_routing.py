"""Which way a bare `/pim` text goes (bot/replies/routing.py): a term looked up, or a need advised on."""

from __future__ import annotations

import pytest

from bot.replies import AdviceReply, EntryReply, NotFoundReply
from bot.replies.routing import asked_whether_needed, definition_then_need
from bot.text.query import Query


@pytest.mark.parametrize("text", ["standard operating procedures", "proxy means testing"])
def test_a_term_we_lack_is_not_found_rather_than_a_vague_need(responder, text: str) -> None:
    """A few words that ask for nothing and that no tool fits name something: looked up honestly, not a tools menu."""
    assert isinstance(responder.reply(text), NotFoundReply)


@pytest.mark.parametrize("text", ["need a tool for our partners", "returnees data please, we need it"])
def test_a_vague_need_still_gets_the_clarifying_question(responder, text: str) -> None:
    reply = responder.reply(text)
    assert isinstance(reply, AdviceReply) and reply.advice.clarify


def test_a_long_question_asking_what_to_use_gets_tools_even_naming_a_matrix_category(responder) -> None:
    """Found by a second new user's trial: this got the "Protection monitoring" entry, as a question about PIM."""
    text = (
        "We have five partners doing protection monitoring with different questionnaires and nobody can compare "
        "the results. What should we be using?"
    )
    reply = responder.reply(text)
    assert isinstance(reply, AdviceReply) and not reply.advice.clarify
    assert "protection-monitoring-toolkit" in [s.tool.id for s in reply.advice.suggestions[:3]]
    assert not isinstance(responder.reply("what is protection monitoring?"), AdviceReply), "a question about PIM"


def test_a_question_asking_which_sources_gets_tools_even_naming_several_entries(responder) -> None:
    """An everyday user's trial: this got "did you mean" Population data, IDP or DTM, as a question about PIM."""
    text = (
        "For the Sudan response we need reliable population figures for IDPs in Gedaref and Kassala by locality. "
        "Which sources are most reliable, and how should we reconcile DTM figures with the HAC figures?"
    )
    reply = responder.reply(text)
    assert isinstance(reply, AdviceReply) and "dtm" in [s.tool.id for s in reply.advice.suggestions[:3]]
    assert not isinstance(responder.reply("what is the source of the PIM principles?"), AdviceReply)


TWO_PART = "What is a DPIA, and when in a registration exercise should we do one?"


def test_a_term_asked_then_a_need_gets_the_term_in_short_then_tools(responder) -> None:
    """Found by an everyday user's trial: the question got tools and never said what a DPIA is."""
    reply = responder.reply(TWO_PART)
    assert isinstance(reply, AdviceReply) and not reply.advice.clarify and reply.advice.suggestions
    assert reply.defined is not None and reply.defined.id == "data-protection-impact-assessment"
    dtm = responder.reply("what is DTM and how do we get their data for Sudan")
    assert isinstance(dtm, AdviceReply) and dtm.defined is not None and dtm.defined.id == "dtm"
    assert dtm.advice.suggestions[0].tool.id == "dtm", "the term's words help choose the tools"


def test_the_safe_course_still_comes_before_the_term_of_a_two_part_question(responder) -> None:
    reply = responder.reply("what is a DSA? the police want our beneficiary list, should we sign one with them")
    assert isinstance(reply, AdviceReply) and reply.defined is not None and reply.defined.id == "data-sharing-agreement"
    assert [a.kind for a in reply.advice.alerts] == ["data-request"]


@pytest.mark.parametrize(
    "text",
    [
        "what is DTM, and who runs it?",  # more about the term: no need of the user's own
        "whats data minimisation and which tool helps with it",  # no tool fits: the term alone
        "what is a DPIA, and who signs it off?",  # a data protection focal point's trial: tools, no definition
    ],
)
def test_a_second_part_about_the_term_itself_gets_the_entry(responder, text: str) -> None:
    reply = responder.reply(text)
    assert isinstance(reply, EntryReply), type(reply).__name__


def test_an_explicit_define_never_gets_tools_for_a_second_part(responder) -> None:
    assert not isinstance(responder.reply(f"define {TWO_PART}"), AdviceReply)


@pytest.mark.parametrize(
    ("text", "splits"),
    [
        (TWO_PART, [("a DPIA", "when in a registration exercise should we do one?", True)]),
        ("whats do no harm and how do we use it in our work", [("do no harm", "how do we use it in our work", True)]),
        ("what is DTM, and who runs it?", [("DTM", "who runs it?", False)]),
        ("what is the best tool for registration", []),
        ("hello what is DTM", []),
    ],
)  # fmt: skip
def test_definition_then_need_splits_after_the_term(text: str, splits: list[tuple[str, str, bool]]) -> None:
    assert definition_then_need(Query(text)) == splits


def test_a_question_about_what_we_may_do_with_data_naming_a_matrix_category_gets_tools(responder) -> None:
    """Found by a cluster IMO's trial: "did you mean Protection monitoring / HDX", as if asked about PIM itself."""
    reply = responder.reply("can we put the protection monitoring dataset on HDX? its aggregated by locality")
    assert isinstance(reply, AdviceReply) and reply.advice.suggestions[0].tool.id == "hdx"
    about_pim = responder.reply("what does matrix category protection monitoring cover?")
    assert isinstance(about_pim, EntryReply) and about_pim.entry.kind == "matrix_category"


def test_a_term_asked_then_whether_we_need_it(responder) -> None:
    """Found by a cluster IMO's trial: "did you mean DPIA / MSNA"."""
    reply = responder.reply("what is a DPIA and do we need one for the MSNA?")
    assert isinstance(reply, AdviceReply) and reply.defined is not None
    assert reply.defined.id == "data-protection-impact-assessment"


def test_a_need_asking_whether_it_needs_a_term_gets_the_term_in_short_first(responder) -> None:
    """A data protection focal point's trial: "..., do we need a DPIA?" got UNHCR's systems and REACH, and no word
    on what a DPIA is."""
    text = "we are launching biometric registration for cash in Cox's Bazar, do we need a DPIA?"
    for reply in (responder.reply(text), responder.reply(f"tools {text}")):
        assert isinstance(reply, AdviceReply) and reply.defined is not None
        assert reply.defined.id == "data-protection-impact-assessment"
    consent = responder.reply("do we need informed consent from the kids too?")
    assert isinstance(consent, AdviceReply) and consent.defined is not None and consent.defined.id == "informed-consent"
    again = responder.reply("500 new arrivals in the camp this week, do we need to register them all again")
    assert isinstance(again, AdviceReply) and again.defined is None, "no term asked about"


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("should we sign a DSA before sharing?", "dsa"),
        ("do partners need consent forms", "consent forms"),
        ("we need a tool for registration", ""),
    ],
)
def test_asked_whether_needed(text: str, term: str) -> None:
    assert asked_whether_needed(Query(text)) == term


@pytest.mark.parametrize("text", ["how i start", "where do I start?", "getting started"])
def test_asking_where_to_start_gets_the_help(responder, text: str) -> None:
    from bot.replies import HelpReply

    assert isinstance(responder.reply(text), HelpReply)


def test_a_question_in_french_naming_only_common_words_is_told_pimbot_reads_english(responder) -> None:
    """A child protection coordinator's trial: this got three tools chosen from "information" and "protection"."""
    from bot.replies import EnglishOnlyReply, EntryReply

    assert isinstance(responder.reply("c'est quoi la gestion de l'information de protection"), EnglishOnlyReply)
    assert isinstance(responder.reply("c'est quoi DTM"), EntryReply)


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("is a DPIA needed for our proposal", "data-protection-impact-assessment"),
        ("do we have to notify a data breach within 72 hours?", "data-breach"),
    ],
)
def test_a_need_asking_about_a_term_the_other_way_round_gets_the_term_first(responder, text: str, entry_id: str) -> None:
    """A MEAL officer's trial: these got REACH ("you mentioned DPIA") and WFP SCOPE, and no word of the term."""
    reply = responder.reply(text)
    assert isinstance(reply, AdviceReply) and reply.defined is not None and reply.defined.id == entry_id


def test_a_question_in_arabic_naming_an_acronym_gets_its_entry(responder) -> None:
    """A donor liaison's trial: "what is PIM" in Arabic got tools, Primero among them."""
    from bot.replies import EnglishOnlyReply, EntryReply

    reply = responder.reply("ما هو PIM")
    assert isinstance(reply, EntryReply) and reply.entry.id == "pim"
    assert isinstance(responder.reply("ما هي الحماية"), EnglishOnlyReply)


def test_a_request_to_translate_is_told_pimbot_answers_in_english(responder) -> None:
    """A donor liaison's trial: "translate informed consent into Arabic" got referral forms, a system of records."""
    from bot.replies import EnglishOnlyReply

    assert isinstance(responder.reply("translate informed consent into Arabic"), EnglishOnlyReply)
    assert not isinstance(responder.reply("define translation"), EnglishOnlyReply)


def test_what_data_a_need_asks_for_is_no_question_about_the_word_data(responder) -> None:
    """A CCCM trial: "..., what data do we need?" got the definition of "Data"."""
    need = responder.reply("we want to relocate 300 households, what data do we need?")
    assert not (isinstance(need, EntryReply) and need.entry.id == "data")
    term = responder.reply("what is data?")
    assert isinstance(term, EntryReply) and term.entry.id == "data"


@pytest.mark.parametrize(
    "text",
    [
        "how long should we keep closed legal files?",
        "how long should we keep protection monitoring data?",
        "how long should we keep beneficiary data after the project ends",
    ],
)
def test_a_question_about_how_long_to_keep_data_gets_data_retention(responder, text: str) -> None:
    """Trials: the Matrix question, "did you mean Protection monitoring / Data", or WFP SCOPE."""
    reply = responder.reply(text)
    assert isinstance(reply, EntryReply) and reply.entry.id == "data-retention"


@pytest.mark.parametrize("text", ["Who runs PIM and how can I get trained?", "who made PIM", "who leads the PIM?"])
def test_who_runs_pim_gets_the_initiative_which_links_its_training(responder, text: str) -> None:
    """The fact sheet's example question 24 (and a CP coordinator's trial, "who made PIM") got the definition of PIM."""
    reply = responder.reply(text)
    assert isinstance(reply, EntryReply) and reply.entry.id == "pim-initiative"
    assert "pim-training-resource-pack" in [e.id for e in reply.related]


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("thank you habibi", "thanks"),
        ("merci beaucoup, très utile", "thanks"),
        ("ok merci, à bientôt", "thanks"),
        ("you are very useful", "okay"),
        ("who made you", "help"),
        ("what is a DSA", None),
    ],
)
def test_thanks_and_praise_in_other_words_are_small_talk(text: str, action: str | None) -> None:
    """Two trials: these were "not a PIM term"."""
    from bot.replies.grammar import small_talk

    assert small_talk(text) == action


@pytest.mark.parametrize(
    "text",
    [
        "when is the next GBV sub-cluster meeting",
        "y a-t-il une formation PIM ce mois-ci ?",
        "prochaine réunion PIM",
        "We are running a webinar on PIM next month, any upcoming events?",
    ],
)
def test_a_question_about_when_a_meeting_or_training_is_lists_events(responder, text: str) -> None:
    """Three trials: the first got GBVIMS tools, the second and the last the definition of PIM."""
    from bot.replies import EventsReply

    assert isinstance(responder.reply(text), EventsReply)


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("what should a data sharing agreement contain?", "data-sharing-agreement"),
        ("what should we put in a DSA with the ministry?", "data-sharing-agreement"),
    ],
)
def test_what_goes_in_a_term_gets_the_term_in_short_before_the_tools(responder, text: str, entry_id: str) -> None:
    """A Sahel cluster coordinator's trial: tools came, and the DSA entry was never shown."""
    from bot.replies import AdviceReply

    reply = responder.reply(text)
    assert isinstance(reply, AdviceReply) and reply.defined is not None and reply.defined.id == entry_id


def test_figures_about_gbv_asked_by_a_donor_get_the_sharing_pointer_not_a_question_first(responder) -> None:
    """The same trial: "the donor wants the number of rape cases per commune" got the Matrix question first, with
    the sharing pointer under it; "a donor asks for the number of rape cases per village" got the pointer and tools."""
    from bot.replies import AdviceReply

    reply = responder.reply("the donor wants the number of rape cases per commune in Tillabéri")
    assert isinstance(reply, AdviceReply) and not reply.advice.clarify and reply.advice.sharing
    assert reply.advice.suggestions


def test_a_message_about_something_else_ending_in_any_trainings_is_read_as_it_is(responder) -> None:
    """Only a message about an event is taken for a question about events by how it ends: a request for people's data
    keeps its alert."""
    from bot.replies import AdviceReply

    reply = responder.reply("the police want the list of participants, any upcoming trainings?")
    assert isinstance(reply, AdviceReply) and reply.advice.alerts
