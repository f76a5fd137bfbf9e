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
