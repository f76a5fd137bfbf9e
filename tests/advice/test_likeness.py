"""Ranking tools by likeness to the requests practitioners made for them (knowledge/tool-examples.yaml)."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from bot.advice.likeness import Likeness, ToolExample, ahead, requests_of
from bot.advice.ranking import Advisor
from bot.config import SHIPPED_KNOWLEDGE
from bot.knowledge.loading import load_knowledge
from bot.knowledge.yamlfile import KnowledgeError

REQUESTS = [
    ("count the people crossing at the border post every day", {"flows"}),
    ("daily arrivals at the crossing point, by nationality", {"flows"}),
    ("a form on phones for household visits with no signal", {"forms"}),
    ("offline survey for enumerators in the camps", {"forms"}),
    ("arrivals survey at the crossing", {"flows", "forms"}),
]


def test_a_situation_scores_highest_the_tool_whose_requests_it_is_like() -> None:
    scores = Likeness.learn(REQUESTS).scores("how many arrivals cross at the border each day?")
    assert max(scores, key=scores.__getitem__) == "flows"
    scores = Likeness.learn(REQUESTS).scores("our enumerators need an offline form")
    assert max(scores, key=scores.__getitem__) == "forms"


def test_words_every_request_uses_tell_nothing() -> None:
    assert Likeness.learn([("the data please", {"a"}), ("the data now", {"b"})]).scores("the data") == {}


def test_the_same_requests_in_any_order_give_the_same_scores() -> None:
    shuffled = REQUESTS[:]
    random.Random(3).shuffle(shuffled)
    text = "arrivals survey at the border crossing with phones"
    assert Likeness.learn(REQUESTS).scores(text) == Likeness.learn(shuffled).scores(text)


def test_a_text_in_several_tools_requests_counts_once_for_each() -> None:
    merged = requests_of([("a", ["same text"]), ("b", ["same text", "other"])], [ToolExample("other", ("c",))])
    assert sorted(merged, key=lambda r: r[0]) == [("other", frozenset({"b", "c"})), ("same text", frozenset({"a", "b"}))]


def test_examples_added_by_a_coordinator_teach_a_phrasing(knowledge_base) -> None:
    situation = "tracking movements: pirogue landings on the beach each week, with a form on phones"
    before = [s.tool.id for s in Advisor(knowledge_base).advise(situation).suggestions]
    taught = (
        ToolExample("how many pirogues land on the beach each week", ("dtm-flow-monitoring",)),
        ToolExample("count the pirogue landings on the beach", ("dtm-flow-monitoring",)),
    )
    kb = dataclasses.replace(knowledge_base, tool_examples=knowledge_base.tool_examples + taught)
    after = Advisor(kb).advise(situation).suggestions
    assert before.index("dtm-flow-monitoring") > 0
    assert after[0].tool.id == "dtm-flow-monitoring"


def test_a_tool_found_by_likeness_quotes_the_words_its_requests_share(knowledge_base) -> None:
    """A word is a reason once two of the tool's requests use it; before that, nothing in the situation speaks
    for any tool, and pimbot asks instead of guessing."""
    situation = "pirogue landings on the beach: how many people arrive each week and from where"
    once = (ToolExample("how many pirogues land on the beach each week", ("dtm-flow-monitoring",)),)
    twice = (*once, ToolExample("count pirogue arrivals at the beach", ("dtm-flow-monitoring",)))
    advisor = Advisor(dataclasses.replace(knowledge_base, tool_examples=knowledge_base.tool_examples + once))
    assert advisor.advise(situation).clarify
    advisor = Advisor(dataclasses.replace(knowledge_base, tool_examples=knowledge_base.tool_examples + twice))
    first = advisor.advise(situation).suggestions[0]
    assert first.tool.id == "dtm-flow-monitoring" and {"pirogue", "beach"} <= set(first.why)


def _with_tool_examples(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for path in SHIPPED_KNOWLEDGE.glob("*.yaml"):
        if path.name != "tool-examples.yaml":
            (folder / path.name).write_bytes(path.read_bytes())
    (folder / "tool-examples.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_broken_tool_example_is_reported_by_line_and_field(tmp_path: Path) -> None:
    text = (
        "tool_examples:\n"
        '  - text: "count arrivals at the border"\n'
        "    tools: [dtm-flow-monitoring]\n"
        '  - text: "a form for household visits"\n'
        "    tools: [kobo-toolbox]\n"
        '  - text: "who does what where"\n'
        "    tools: [do-no-harm]\n"
        '  - text: "referral pathways"\n'
    )
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(_with_tool_examples(tmp_path, text))
    messages = [f"{Path(p.file).name}:{p.line}: {p.message}" for p in error.value.problems]
    assert messages == [
        "tool-examples.yaml:8: an example: missing required field 'tools' "
        "(the ids of the tools a practitioner would accept for it)",
        "tool-examples.yaml:4: an example's 'tools': no tool has the id 'kobo-toolbox'",
        "tool-examples.yaml:6: an example's 'tools': no tool has the id 'do-no-harm'",
    ]


def test_the_shipped_examples_name_only_tools(knowledge_base) -> None:
    assert len(knowledge_base.tool_examples) >= 900
    assert all(knowledge_base.by_id[t].tool for e in knowledge_base.tool_examples for t in e.tools)


def test_no_requests_make_a_likeness_that_finds_nothing() -> None:
    empty = Likeness.learn([])
    assert empty.tools == [] and empty.scores("count people at the border") == {} and not empty.knows("border")


def test_the_tool_ahead_and_by_how_much() -> None:
    assert ahead({}) == (None, 0.0)
    assert ahead({"dtm": 2.0}) == ("dtm", 2.0)
    assert ahead({"odk": 1.0, "dtm": 3.5, "hdx": 1.5}) == ("dtm", 2.0)
    assert ahead({"odk": 1.0, "dtm": 1.0}) == ("dtm", 0.0), "a tie leads by nothing; ties go by id, as in ranks"


def test_an_advisor_learning_from_other_examples_advises_as_one_built_from_them(knowledge_base) -> None:
    """The evaluation builds one advisor and swaps its likeness for each round it leaves out."""
    import dataclasses

    from bot.advice.ranking import Advisor

    kept = knowledge_base.tool_examples[::2]
    swapped = Advisor(knowledge_base).learning_from(kept)
    built = Advisor(dataclasses.replace(knowledge_base, tool_examples=tuple(kept)))
    assert swapped.kb.tool_examples == built.kb.tool_examples
    for example in knowledge_base.tool_examples[1:40:2]:  # left out: the likeness decides more of these
        assert swapped.advise(example.text) == built.advise(example.text), example.text
