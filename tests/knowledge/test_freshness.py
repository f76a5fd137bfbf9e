"""Each entry says when it was last checked against its source; curators see what is due for another check."""

from __future__ import annotations

import datetime

import pytest

from bot.console.rendering import render_text
from bot.knowledge.freshness import checked_label, due_for_review
from bot.knowledge.loading import load_knowledge
from bot.knowledge.yamlfile import KnowledgeError
from bot.replies import GapsReply, Responder
from bot.slack.blocks import render

TODAY = datetime.date(2026, 11, 29)

TERMS = """\
terms:
  - id: fresh
    term: Fresh term
    definition: Checked last month against its source.
    source: https://pim.guide/
    reviewed: 2026-10-30
  - id: stale
    term: Stale term
    definition: Checked more than six months ago, and due every six months.
    source: https://pim.guide/
    reviewed: 2026-03-01
    review_every: 6 months
  - id: unchecked
    term: Unchecked term
    definition: Nobody has written down when this was checked.
    source: https://pim.guide/
  - id: old
    term: Old term
    definition: Checked two years ago, with the default period of a year.
    source: https://pim.guide/
    reviewed: 2024-11-01
"""


@pytest.fixture
def dated_kb(make_knowledge):
    return load_knowledge(make_knowledge({"terms.yaml": TERMS}))


def test_every_shipped_entry_has_a_reviewed_date_not_in_the_future(knowledge_base) -> None:
    never = [e.id for e in knowledge_base.entries if e.reviewed is None or e.reviewed > datetime.date.today()]
    assert never == []


def test_due_entries_are_never_checked_first_then_longest_overdue(dated_kb) -> None:
    assert [e.id for e in due_for_review(dated_kb, TODAY)] == ["unchecked", "old", "stale"]
    assert [e.id for e in due_for_review(dated_kb, datetime.date(2026, 8, 1))] == ["unchecked", "old"]


def test_answers_say_when_the_entry_was_checked(dated_kb) -> None:
    responder = Responder(dated_kb)
    reply = responder.define("fresh term")
    assert checked_label(reply.entry) == "Checked Oct 2026"
    assert render_text(reply).splitlines()[-1].endswith("(Checked Oct 2026)")
    contexts = [b for b in render(reply)["blocks"] if b["type"] == "context"]
    assert "Checked Oct 2026" in [element["text"] for element in contexts[-1]["elements"]]
    unchecked = render_text(responder.define("unchecked term"))
    assert "Checked" not in unchecked


def test_gaps_list_the_entries_due_for_review_even_without_a_database(dated_kb) -> None:
    reply = Responder(dated_kb).reply("gaps", user="U1")
    assert isinstance(reply, GapsReply) and reply.gaps is None
    text = render_text(reply)
    assert "Due for review against their source (3):" in text
    assert "Stale term  (stale): checked 2026-03-01, due 2026-08-28" in text
    assert "Unchecked term  (unchecked): never checked" in text
    slack = str(render(reply)["blocks"])
    assert "*Old term* (`old`): checked 2024-11-01, due 2025-11-01" in slack


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("reviewed: 2026-13-01", "field 'reviewed': must be a date written YYYY-MM-DD"),
        ("reviewed: last week", "field 'reviewed': must be a date written YYYY-MM-DD"),
        ("review_every: often", "field 'review_every': must be a length of time like '6 months'"),
        ("review_every: 0 days", "field 'review_every': must be a length of time like '6 months'"),
    ],
)
def test_a_bad_date_or_period_names_the_line(make_knowledge, field: str, message: str) -> None:
    text = "terms:\n  - id: a\n    term: A\n    definition: something true\n    source: https://pim.guide/\n"
    folder = make_knowledge({"terms.yaml": text + f"    {field}\n"})
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    assert [p.line for p in caught.value.problems] == [6]
    assert f"entry 'a', {message}" in str(caught.value.problems[0])


def test_check_warns_about_each_entry_due_for_review(pimbot_cli, make_knowledge) -> None:
    last_month = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    folder = make_knowledge({"terms.yaml": TERMS.replace("2026-10-30", last_month)})
    result = pimbot_cli("check", str(folder))
    assert result.returncode == 0, result.stderr
    assert "terms.yaml:7: warning: entry 'stale' is due for review: checked 2026-03-01, due 2026-08-28" in result.stderr
    assert "terms.yaml:13: warning: entry 'unchecked' is due for review: never checked" in result.stderr
    assert "'fresh'" not in result.stderr
