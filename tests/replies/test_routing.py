"""Which way a bare `/pim` text goes (bot/replies/routing.py): a term looked up, or a need advised on."""

from __future__ import annotations

import pytest

from bot.replies import AdviceReply, NotFoundReply


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
