"""Slack rendering: fallback text, limits and escaping hold for every kind of reply."""

from __future__ import annotations

import json

from bot.console.rendering import render_text
from bot.knowledge.loading import load_knowledge
from bot.replies import Responder
from bot.slack.block_kit import fit_to_slack
from bot.slack.blocks import render
from bot.slack.text import escape, from_slack, quote_user_text
from tests.conftest import MINI_TERMS


def test_escape_defuses_mentions_and_links() -> None:
    assert escape("<!channel> & <@U1> <http://x|y>") == "&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;http://x|y&gt;"
    assert "@channel" not in escape("hey @channel and @here")
    assert escape("@channel").replace("\u200b", "") == "@channel"


def test_from_slack_undoes_slack_entities() -> None:
    assert from_slack("M&amp;E &lt;x&gt;") == "M&E <x>"


def test_from_slack_drops_mentions_so_they_are_never_looked_up() -> None:
    """`/pim <!here>` once suggested "Who does What Where" ("here" ~ "where"); a mention is not a term."""
    assert from_slack("<!here>") == ""
    assert from_slack("what is <@U123|bob> ISP for <#C01ABC|protection-cluster>") == "what is ISP for"
    assert from_slack("see <https://pim.guide|the guide>") == "see the guide"
    assert from_slack("line one\nline  two") == "line one\nline two"


def test_quoted_user_text_is_short_and_on_one_line() -> None:
    quoted = quote_user_text("a\nb " + "c" * 500)
    assert "\n" not in quoted and len(quoted) <= 100


def test_every_reply_has_fallback_text_and_fits(responder) -> None:
    for text in ("define do no harm", "harm", "pizza", "principles", "matrix", "process", "list", "help", "x" * 10_000):
        message = render(responder.reply(text))
        assert message["text"].strip()
        assert len(message["blocks"]) <= 50
        for block in message["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= 3000
            if block["type"] == "actions":
                ids = [e["action_id"] for e in block["elements"]]
                assert len(ids) == len(set(ids)), "action ids must be unique within a block"
                assert all(len(e["text"]["text"]) <= 75 for e in block["elements"])


def test_ambiguous_acronym_shows_every_meaning_with_a_button(make_knowledge) -> None:
    responder = Responder(load_knowledge(make_knowledge({"terms.yaml": MINI_TERMS})))
    message = render(responder.reply("PM"))
    text = json.dumps(message)
    assert "can mean more than one thing" in message["text"]
    assert "Protection monitoring" in text and "Project management" in text
    values = [b["accessory"]["value"] for b in message["blocks"] if "accessory" in b]
    assert values == ["entry:protection-monitoring-term", "entry:project-management"]


def test_fit_to_slack_clips_oversized_messages() -> None:
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "y" * 5000}}
    message = fit_to_slack({"text": "z" * 50_000, "blocks": [section] * 80})
    assert len(message["blocks"]) == 50
    assert len(message["blocks"][0]["text"]["text"]) == 3000
    assert len(message["text"]) <= 3000


def test_shared_reply_has_no_share_button(responder) -> None:
    reply = responder.reply("define do no harm")
    assert "pim_share" in json.dumps(render(reply))
    assert "pim_share" not in json.dumps(render(reply, shareable=False))


def test_an_empty_define_or_tools_shows_one_clean_example(responder) -> None:
    """The lead once read "For example: `/pim define informed consent`/pim ." in the block and the fallback."""
    for command, example in (("define", "/pim define informed consent"), ("tools", "/pim tools we need to know")):
        message = render(responder.reply(command))
        lead = message["blocks"][0]["text"]["text"]
        assert f"`{example}" in lead and lead.count("/pim") == 1, lead
        assert f"For example: {example}" in message["text"] and message["text"].count("/pim") == 2, message["text"]


def test_not_found_is_no_dead_end(responder: Responder) -> None:
    """Found by a new user's trial: "help me write a proposal" got "not found" and nothing to do next."""
    text = render(responder.define("help me write a proposal"))["text"]
    assert "couldn't find" in text and "`/pim tools`" in text and "`/pim help`" in text


def test_a_tools_entry_says_who_runs_it_its_personal_data_and_what_it_is_not_for(responder: Responder) -> None:
    """Its "About" button once showed less than the list of suggestions it came from (a new user's trial)."""
    message = render(responder.entry(responder.kb.by_id["kobotoolbox"]))
    text = json.dumps(message["blocks"], ensure_ascii=False)
    assert "PIM Matrix:" in text and "Personal data:" in text and "Not for:" in text
    assert "Not for" not in json.dumps(render(responder.entry(responder.kb.by_id["do-no-harm"]))["blocks"])


def test_a_two_part_question_shows_the_safe_course_then_the_term_then_the_tools(responder) -> None:
    reply = responder.reply("what is a DSA? the police want our beneficiary list, should we sign one with them")
    blocks = render(reply)["blocks"]
    texts = [json.dumps(b) for b in blocks]
    alert = next(i for i, t in enumerate(texts) if ":warning:" in t)
    term = next(i for i, t in enumerate(texts) if "*Data sharing agreement*" in t)
    tools = next(i for i, b in enumerate(blocks) if b["type"] == "header")
    assert alert < term < tools
    assert blocks[term]["accessory"]["value"] == "entry:data-sharing-agreement", "the whole entry one press away"
    before_tools = " ".join(render_text(reply).split("Suggested tools")[0].split())  # the terminal wraps lines
    assert before_tools.startswith("!! BEFORE ANY PERSONAL DATA") and reply.defined is not None
    assert reply.defined.summary in before_tools


def test_the_sharing_pointer_comes_before_the_tools(responder) -> None:
    """A cluster IMO's trial: a donor asking GBV cases per village got it as a footnote under eight tools."""
    reply = responder.reply("UNFPA donor asks GBV AoR for the number of rape cases per village in Rakhine for their report")
    assert reply.advice.sharing and not reply.advice.alerts
    texts = [json.dumps(b) for b in render(reply)["blocks"]]
    sharing = next(i for i, t in enumerate(texts) if "small numbers or places" in t)
    assert sharing < next(i for i, b in enumerate(render(reply)["blocks"]) if b["type"] == "header")
    assert sum("small numbers or places" in t for t in texts) == 1, "said once"
    text = render_text(reply)
    assert text.index("small numbers or places") < text.index("Suggested tools") and text.count("small numbers") == 1
