"""Buttons: open what a button refers to (an entry, more tools, a clarifying answer) and share an answer."""

from __future__ import annotations

import json
import logging
import re

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot import messages
from bot.knowledge.entries import KnowledgeBase
from bot.knowledge.export import FORMATS, glossary, render_export
from bot.messages import say
from bot.replies import Responder, refs
from bot.slack.advice_blocks import ACTION_DESCRIBE, description_form
from bot.slack.block_kit import with_note
from bot.slack.blocks import (
    ACTION_EXPORT,
    ACTION_HELPFUL,
    ACTION_NOT_HELPFUL,
    ACTION_OPEN,
    ACTION_SHARE,
    render,
)
from bot.slack.delivery import reply_later, send_later
from bot.slack.redelivery import SeenOnce
from bot.slack.reminder_message import ACTION_CALENDAR, ACTION_JOIN
from bot.storage.curation import Curation

log = logging.getLogger(__name__)
MAX_FORM_SITUATION = 1500
"""The question's situation carried through the form (Slack keeps up to 3,000 characters of a form's metadata)."""


def _gone() -> dict:
    """The answer to a button whose entry was removed from the knowledge base since."""
    return {"text": say(messages.ENTRY_GONE), "blocks": []}


def register(app: App) -> None:
    app.action(re.compile(rf"^{ACTION_OPEN}_\w+$"))(open_ref)
    app.action(ACTION_DESCRIBE)(open_description_form)
    app.action(ACTION_SHARE)(share_in_channel)
    app.action(ACTION_HELPFUL)(count_feedback)
    app.action(ACTION_NOT_HELPFUL)(count_feedback)
    app.action(re.compile(rf"^{ACTION_EXPORT}_\w+$"))(send_glossary)
    app.action(re.compile(rf"^(?:{ACTION_JOIN}|{ACTION_CALENDAR})$"))(acknowledge_link)


def send_glossary(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext) -> None:
    """Send the glossary as a file in a direct message with the user who asked (never into the channel)."""
    ack()
    responder: Responder = context["responder"]
    fmt = action.get("value") if action.get("value") in FORMATS else "html"
    send_later(upload_glossary, client, responder.kb, body["user"]["id"], fmt, body["response_url"])


def upload_glossary(client: WebClient, kb: KnowledgeBase, user: str, fmt: str, response_url: str) -> None:
    content = render_export(glossary(kb), fmt)
    try:
        channel = client.conversations_open(users=user)["channel"]["id"]
        client.files_upload_v2(
            channel=channel,
            content=content,
            filename=f"pim-glossary.{fmt}",
            title=say(messages.EXPORT_TITLE),
            initial_comment=say(messages.GLOSSARY_COMMENT, count=len(kb)),
        )
    except (SlackClientError, OSError) as error:  # refused, or unreachable after the client's retries
        reason = error.response.get("error", "unknown") if isinstance(error, SlackApiError) else type(error).__name__
        log.error("glossary not sent: Slack answered %s", reason)
        text = say(messages.GLOSSARY_NOT_SENT, reason=reason)
        reply_later(response_url, {"response_type": "ephemeral", "replace_original": False, "text": text})
        return
    text = say(messages.GLOSSARY_SENT)
    reply_later(response_url, {"response_type": "ephemeral", "replace_original": False, "text": text})


def count_feedback(ack: Ack, body: dict, action: dict, context: BoltContext) -> None:
    """Count a vote for the answer's entries (no user is recorded) and thank the voter."""
    ack()
    responder: Responder = context["responder"]
    reply = responder.from_ref(action.get("value", ""))
    if reply is None:
        return
    helpful = action.get("action_id") == ACTION_HELPFUL
    container = body.get("container", {})
    private = container.get("is_ephemeral", True)
    url = body["response_url"]
    seen: SeenOnce = context["seen"]
    if not private and not seen.vote(str(container.get("message_ts")), str(body.get("user", {}).get("id")), reply.ref):
        reply_later(url, {"response_type": "ephemeral", "replace_original": False, "text": say(messages.ALREADY_RATED)})
        return
    curation: Curation | None = context["curation"]
    if curation is not None:
        curation.count_feedback(reply.rated_ids, helpful)
    thanks = say(messages.THANKS_HELPFUL) if helpful else say(messages.THANKS_NOT_HELPFUL)
    if private:
        message = with_note(render(reply, feedback=False), thanks)
        reply_later(url, {"replace_original": True, "response_type": "ephemeral", **message})
    else:
        reply_later(url, {"response_type": "ephemeral", "replace_original": False, "text": thanks})


def open_ref(ack: Ack, body: dict, action: dict, context: BoltContext) -> None:
    """Show what the button refers to.

    A private answer is replaced. A public one (a thread reply to a mention) is updated for everyone
    when the button continues it ("show more", a clarifying answer), while an entry the user wants to
    read opens privately, for them alone.
    """
    ack()
    responder: Responder = context["responder"]
    ref = action.get("value", "")
    reply = responder.from_ref(ref)
    private = body.get("container", {}).get("is_ephemeral", True)
    message = render(reply, shareable=private) if reply else _gone()
    replace = private or not isinstance(refs.decode(ref), refs.EntryRef)
    payload = {"replace_original": replace, "response_type": "ephemeral" if private or not replace else "in_channel"}
    reply_later(body["response_url"], {**payload, **message})


def open_description_form(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext) -> None:
    """Open a form to describe the need in; what is typed comes back to `views.answer_description` with the
    question's situation and where to answer. Slack's trigger lasts 3 seconds, so the form opens now, not later;
    if it cannot, the user gets the written prompt instead."""
    ack()
    ref = refs.decode(action.get("value", ""))
    situation = ref.situation if isinstance(ref, refs.DescribeRef) else ""
    url = body.get("response_url", "")
    private = body.get("container", {}).get("is_ephemeral", True)
    sent = {"situation": situation[:MAX_FORM_SITUATION], "response_url": url, "private": private}
    metadata = json.dumps(sent, ensure_ascii=False)  # Slack counts characters: "\u0627" would be six for one
    try:
        client.views_open(trigger_id=body.get("trigger_id", ""), view=description_form(metadata))
    except (SlackClientError, OSError) as error:
        reason = error.response.get("error", "unknown") if isinstance(error, SlackApiError) else type(error).__name__
        log.error("description form not opened: Slack answered %s", reason)
        responder: Responder = context["responder"]
        reply_later(url, {"replace_original": False, "response_type": "ephemeral", **render(responder.help("tools"))})


def share_in_channel(ack: Ack, body: dict, action: dict, context: BoltContext) -> None:
    """Post the answer for everyone in the channel, then remove the private copy."""
    ack()
    responder: Responder = context["responder"]
    reply = responder.from_ref(action.get("value", ""))
    if reply is None:
        reply_later(body["response_url"], {"replace_original": True, "response_type": "ephemeral", **_gone()})
        return
    sharer = body.get("user", {}).get("id", "")
    message = with_note(
        render(reply, shareable=False), say(messages.SHARED_BY, user=f"<@{sharer}>") if sharer else say(messages.SHARED)
    )
    # The private copy is deleted only once the public one was accepted.
    shared = {"response_type": "in_channel", "replace_original": False, **message}
    reply_later(body["response_url"], shared, {"delete_original": True})
    log.debug("answer shared in channel: %s", type(reply).__name__)  # not the button's value: it may hold a situation


def acknowledge_link(ack: Ack) -> None:
    """A reminder's *Join* or *Add to calendar*: Slack opened the link; unacknowledged, the click got a 404 and a
    warning in the log, and Slack may mark the button as failed."""
    ack()
