"""A text is understood once: every step of an answer reads the same Query."""

from __future__ import annotations

import pytest

import bot.text.normalize
import bot.text.query
from bot.text.query import Query


def test_a_query_holds_its_forms() -> None:
    query = Query("What does DPIA mean?")
    assert (query.folded, query.asked, query.key) == ("what does dpia mean", "dpia", "dpia")
    assert query.words == ("what", "does", "dpia", "mean") and query.is_phrased_as_question
    assert Query.of(query) is query and str(query) == "What does DPIA mean?"


@pytest.mark.parametrize("text", ["define what are the humanitarian principles?", "ISP vs DSA", "principle 4",
                                  "who started the PIM initiative?", "define winterisation"])  # fmt: skip
def test_the_typed_text_is_folded_once_per_answer(responder, monkeypatch, text: str) -> None:
    argument = text.removeprefix("define ")
    calls = []

    def counting_fold(value: str) -> str:
        calls.append(value)
        return bot.text.normalize.fold(value)

    monkeypatch.setattr(bot.text.query, "fold", counting_fold)
    responder.reply(text)
    assert calls.count(argument) == 1, calls


def test_a_choice_of_entries_named_in_a_question_renders(responder) -> None:
    from bot.console.rendering import render_text
    from bot.replies import ChoicesReply
    from bot.slack.blocks import render

    reply = responder.reply("is PIM only for the protection cluster?")
    assert isinstance(reply, ChoicesReply) and isinstance(reply.query, str)
    assert "protection cluster" in render(reply)["text"] and "protection cluster" in render_text(reply)
