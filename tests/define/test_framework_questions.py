"""Questions about the PIM framework's numbered parts: judged on queries written before the rule (issue 10)."""

from __future__ import annotations

import pytest

from bot.define.framework_questions import MATRIX_CATEGORY, PRINCIPLE, PROCESS_STEP, FrameworkQuestion, framework_question
from bot.replies import CollectionReply, EntryReply, Responder
from tests.conftest import DATA, read_yaml

QUERIES = DATA / "define_queries.yaml"
COLLECTION_IDS = {PRINCIPLE: "pim-principles", MATRIX_CATEGORY: "pim-matrix", PROCESS_STEP: "pim-process"}


def framework_queries() -> list[dict]:
    queries = read_yaml(QUERIES)["queries"]
    return [q for q in queries if q["type"] in ("count_or_list", "ordinal")]


def test_every_count_list_and_ordinal_question_gets_its_answer(knowledge_base) -> None:
    responder = Responder(knowledge_base)
    wrong = []
    for query in framework_queries():
        reply = responder.reply(query["q"])
        if isinstance(reply, EntryReply):
            got = reply.entry.id
        elif isinstance(reply, CollectionReply):
            got = COLLECTION_IDS[reply.kind]
        else:
            got = type(reply).__name__
        if got != query["expect"]:
            wrong.append((query["q"], query["expect"], got))
    assert len(framework_queries()) >= 30
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how many PIM principles are there?", FrameworkQuestion(PRINCIPLE, None)),
        ("principle #6", FrameworkQuestion(PRINCIPLE, 6)),
        ("the 4 steps of the PIM process", FrameworkQuestion(PROCESS_STEP, None)),
        ("matrix cat 3", FrameworkQuestion(MATRIX_CATEGORY, 3)),
        ("humanitarian principles", None),
        ("GBV guiding principles", None),
        ("data protection principles", None),
        ("steps to register refugees", None),
        ("What are the steps to design a monitoring system?", FrameworkQuestion(PROCESS_STEP, None)),  # the facts' Q23
        ("steps to set up an IM system for the cluster", FrameworkQuestion(PROCESS_STEP, None)),
        ("what are the steps to design a survey", None),
        ("what is the pim process", None),
        ("principle", None),
        ("principle 9", FrameworkQuestion(PRINCIPLE, 9)),  # none has it: the collection says so
        ("the 9th principle", FrameworkQuestion(PRINCIPLE, 9)),
        ("principles 2023", None),
        # a data protection focal point's trial: tools, for a question about principle 5
        ("what does principle 5 say about data protection?", FrameworkQuestion(PRINCIPLE, 5)),
        ("what do humanitarian principles say about data", None),
        ("what does the matrix say about 5w", None),
    ],
)
def test_only_framework_words_numbers_and_question_words_count(text: str, expected) -> None:
    assert framework_question(text) == expected


def test_a_question_about_pim_itself_is_never_answered_with_tools(knowledge_base) -> None:
    responder = Responder(knowledge_base)
    for text in ("how many steps does the pim process have?", "list the pim principles", "PIM principle number 3"):
        assert isinstance(responder.reply(text), (EntryReply, CollectionReply)), text


@pytest.mark.parametrize(
    ("text", "kind", "count"), [("principle 9", "principle", 8), ("step 5 of the pim process", "process_step", 4)]
)
def test_a_number_past_the_last_shows_the_collection_saying_there_is_none(responder, text, kind, count) -> None:
    from bot.console.rendering import render_text
    from bot.slack.blocks import render

    reply = responder.reply(text)
    assert isinstance(reply, CollectionReply) and reply.kind == kind and len(reply.entries) == count
    number = text.split()[1]
    said = f"There is no {reply.entries[0].kind_label} {number}: there are {count}, all shown here."
    assert said in render_text(reply)
    assert said in str(render(reply)["blocks"])
    assert "There is no" not in render_text(responder.reply(f"{text.split()[0]} 2"))
