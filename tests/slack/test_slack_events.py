"""Tool suggestions through /pim tools, mentions and direct messages: signed requests into pimbot's Slack
listeners, in this process (`slack_app`), with replies recorded by the fake Slack Web API."""

from __future__ import annotations

import json
import re
from itertools import count

import pytest

from bot.slack.reminder_message import ACTION_CALENDAR, ACTION_JOIN
from bot.testing.fake_slack import FakeSlack
from bot.testing.slack_requests import (
    button_press,
    direct_message,
    event_callback,
    mention,
    signed_headers,
    slash_command,
)
from tests.conftest import InProcessSlack, RunningServer, posts_outside_sentinels, settle

_ids = count(1)


def send_event(
    server: InProcessSlack | RunningServer, event: dict, event_id: str | None = None, retry: int | None = None
) -> int:
    body = event_callback(event, event_id or f"Ev{next(_ids):06d}")
    headers = signed_headers(body)
    if retry is not None:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    return server.post(body, headers).status


def posted(fake: FakeSlack, server: InProcessSlack | RunningServer, count: int = 1) -> list[dict]:
    """The chat.postMessage bodies, once `count` arrived and a sentinel request proved no other is coming."""
    fake.wait_for("/api/chat.postMessage", count=count)
    settle(server, fake)
    return posts_outside_sentinels(fake)


def test_slash_tools_suggests_tools_with_reasons_and_principles(slack_app, fake_slack, knowledge_base) -> None:
    text = "tools we need to know how many IDPs live in informal sites and their demographics"
    reply = slack_app.post(slash_command(text, fake_slack.response_url())).json()
    body = json.dumps(reply, ensure_ascii=False)
    assert reply["response_type"] == "ephemeral"
    assert "Displacement Tracking Matrix" in body
    assert "*Why:* you mentioned" in body
    assert "*PIM Matrix:* Population data" in body
    assert "*PIM Principles to mind:*" in body
    dtm = knowledge_base.by_id["dtm"]
    assert dtm.summary in body and dtm.definition not in body, "a summary in the list, the rest behind About"


def test_mention_gets_tool_suggestions_in_a_thread(slack_app, fake_slack) -> None:
    event = mention("what should we use to follow up individual child protection cases?", ts="1700000001.000001")
    assert send_event(slack_app, event) == 200
    [message] = posted(fake_slack, slack_app)
    assert message["channel"] == "C123"
    assert message["thread_ts"] == "1700000001.000001"
    assert "Primero" in message["text"] or "Child Protection" in message["text"]
    assert "Informed consent and confidentiality" in json.dumps(message["blocks"])
    assert "pim_share" not in json.dumps(message["blocks"]), "a public thread reply needs no share button"


def test_mention_that_asks_a_definition_gets_the_definition(slack_app, fake_slack) -> None:
    send_event(slack_app, mention("what is DPIA?"))
    [message] = posted(fake_slack, slack_app)
    assert message["text"].startswith("Data protection impact assessment (Term):")


def test_thanks_in_a_thread_gets_a_short_answer_not_a_lookup(slack_app, fake_slack) -> None:
    send_event(slack_app, mention("Thanks!", ts="1700000001.000009"))
    [message] = posted(fake_slack, slack_app)
    assert message["text"] == (
        "You're welcome. If you need more, ask me about a PIM term, or type /pim tools and describe your situation."
    )
    assert message["thread_ts"] == "1700000001.000009"


def test_a_follow_up_in_a_thread_is_told_pimbot_reads_each_message_on_its_own(slack_app, fake_slack) -> None:
    send_event(slack_app, mention("and for that?", ts="1700000001.000011"))
    [message] = posted(fake_slack, slack_app)
    assert message["text"].startswith("I read each message on its own, so I can't tell what “and for that?” refers to")
    assert "/pim tools" in message["text"] and "`" not in message["text"]


def test_a_phone_number_or_email_in_a_mention_is_not_posted_back(slack_app, fake_slack) -> None:
    situation = "a survivor disclosed rape during an interview, her number is +380 67 123 4567, mail olena@ngo.org"
    send_event(slack_app, mention(situation, ts="1700000001.000012"))
    [message] = posted(fake_slack, slack_app)
    everything = json.dumps(message, ensure_ascii=False)
    assert "Someone disclosed violence or abuse" in everything
    assert "123 4567" not in everything and "olena@ngo.org" not in everything
    assert "[phone number]" in everything


def test_a_message_in_french_is_told_pimbot_reads_english_only(slack_app, fake_slack) -> None:
    send_event(slack_app, direct_message("une fille de 14 ans a été violée par un enseignant", ts="1700000001.000010"))
    [message] = posted(fake_slack, slack_app)
    assert message["text"].startswith("For now I read English only, so I could not understand “une fille de 14 ans")


def test_direct_message_is_answered_in_the_conversation(slack_app, fake_slack) -> None:
    send_event(slack_app, direct_message("another agency asks for our beneficiary list with names and phone numbers"))
    [message] = posted(fake_slack, slack_app)
    assert message["channel"] == "D123"
    assert "thread_ts" not in message or message["thread_ts"] is None
    blocks = json.dumps(message["blocks"])
    assert message["blocks"][0]["text"]["text"].startswith(":warning: *Before any personal data leaves your hands*")
    assert "Information sharing protocol" in blocks


def test_redelivered_event_is_answered_once(slack_app, fake_slack) -> None:
    event = mention("what is SDR?", ts="1700000002.000001")
    assert send_event(slack_app, event, event_id="EvREPEAT1") == 200
    assert send_event(slack_app, event, event_id="EvREPEAT1", retry=1) == 200
    assert send_event(slack_app, event, event_id="EvREPEAT1", retry=2) == 200
    assert len(posted(fake_slack, slack_app)) == 1


def test_a_mention_that_also_arrives_as_a_channel_message_is_answered_once(slack_app, fake_slack) -> None:
    event = mention("what is FTR?", ts="1700000003.000001")
    send_event(slack_app, event)
    send_event(slack_app, {**event, "type": "message", "channel_type": "channel"})
    assert len(posted(fake_slack, slack_app)) == 1


def test_own_and_other_bots_messages_are_ignored(slack_app, fake_slack) -> None:
    send_event(slack_app, direct_message("what is DII?", user="UPIMBOT", bot_id="BPIMBOT"))
    send_event(slack_app, direct_message("what is DII?", user="UOTHERBOT", bot_id="B999"))
    send_event(slack_app, mention("what is DII?", bot_id="B999"))
    send_event(slack_app, direct_message("what is DII?", subtype="message_changed"))
    settle(slack_app, fake_slack)
    assert posts_outside_sentinels(fake_slack) == []


def test_rate_limited_post_is_retried_and_delivered_once(slack_app, fake_slack) -> None:
    fake_slack.fail_next("/api/chat.postMessage", 429, headers={"Retry-After": "1"})
    send_event(slack_app, mention("what is KII?"))
    calls = fake_slack.wait_for("/api/chat.postMessage", count=2, timeout=10)
    settle(slack_app, fake_slack)
    assert len(posts_outside_sentinels(fake_slack)) == 2
    assert calls[1].at - calls[0].at >= 0.9, "the retry waits for Retry-After"
    assert calls[0].body == calls[1].body


def test_vague_request_asks_and_a_category_button_gives_suggestions(slack_app, fake_slack) -> None:
    reply = slack_app.post(slash_command("tools help us with data", fake_slack.response_url())).json()
    buttons = [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]]
    labels = [b["text"]["text"] for b in buttons]
    assert "Case management" in labels and "Population data" in labels
    assert any(label.startswith("Something else") for label in labels)
    case = next(b for b in buttons if b["text"]["text"] == "Case management")
    slack_app.post(button_press(case["action_id"], case["value"], fake_slack.response_url("clarified")))
    [sent] = fake_slack.wait_for("/response/clarified")
    assert sent.body["replace_original"] is True
    assert sent.body["blocks"][0]["text"]["text"] == "Tools for: Case management"
    assert re.search(r"PIM Matrix:\* Case management", json.dumps(sent.body["blocks"])), "the category's own tools first"


def test_show_more_reveals_the_other_suggestions(slack_app, fake_slack) -> None:
    text = "tools household survey on protection risks with offline mobile forms in remote villages"
    reply = slack_app.post(slash_command(text, fake_slack.response_url())).json()
    more = next(
        e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == "pim_open_more"
    )
    slack_app.post(button_press(more["action_id"], more["value"], fake_slack.response_url("more")))
    [sent] = fake_slack.wait_for("/response/more")
    numbered = [b for b in sent.body["blocks"] if b["type"] == "section" and b["text"]["text"][:2] == "*4"]
    assert numbered, "the fourth suggestion is shown after 'show more'"


def test_a_mention_about_peoples_data_gets_a_thread_reply_that_leads_with_the_alert(slack_app, fake_slack) -> None:
    event = mention("the police want our GBV case files", ts="1700000009.000001")
    assert send_event(slack_app, event) == 200
    [message] = posted(fake_slack, slack_app)
    assert message["thread_ts"] == "1700000009.000001"
    first = message["blocks"][0]
    assert first["type"] == "section"
    assert first["text"]["text"].startswith(":warning: *Before any personal data leaves your hands*")
    assert message["text"].startswith("Before any personal data leaves your hands.")
    assert "Primero" not in json.dumps(message), "no system holding personal data is offered"


def test_a_bare_pim_disclosure_leads_with_safe_referral(slack_app, fake_slack) -> None:
    reply = slack_app.post(slash_command("a woman told me her husband beats her", fake_slack.response_url())).json()
    assert "Someone disclosed violence or abuse" in reply["blocks"][0]["text"]["text"]
    assert "Refer only with the person's informed consent" in reply["blocks"][0]["text"]["text"]


@pytest.mark.parametrize("action_id", [ACTION_JOIN, ACTION_CALENDAR])
def test_a_reminders_link_buttons_are_acknowledged(slack_app, fake_slack, action_id: str) -> None:
    """Slack opens the link itself and tells the app of the click: unhandled, that was a 404 and a log warning."""
    answer = slack_app.post(button_press(action_id, "", fake_slack.response_url("link"), ephemeral=False))
    assert answer.status == 200
    assert not fake_slack.calls_under("/response/link"), "nothing to say back"
