"""Buttons: open an entry ("did you mean", related, acronym meanings) and share an answer in the channel."""

from __future__ import annotations

import logging
import re

from slack_bolt import Ack, App, BoltContext

from bot.replies import Responder
from bot.slack.blocks import ACTION_OPEN, ACTION_SHARE, render, with_note
from bot.slack.delivery import post_to_response_url

log = logging.getLogger(__name__)
GONE = {
    "text": "That entry is no longer in the knowledge base. Type `/pim list` to see what is.",
    "blocks": [],
}


def register(app: App) -> None:
    app.action(re.compile(rf"^{ACTION_OPEN}_\d+$"))(open_entry)
    app.action(ACTION_SHARE)(share_in_channel)


def open_entry(ack: Ack, body: dict, action: dict, context: BoltContext) -> None:
    """Replace the private answer with the entry the user picked."""
    ack()
    responder: Responder = context["responder"]
    reply = responder.from_ref(action.get("value", ""))
    message = render(reply) if reply else GONE
    post_to_response_url(body["response_url"], {"replace_original": True, "response_type": "ephemeral", **message})


def share_in_channel(ack: Ack, body: dict, action: dict, context: BoltContext) -> None:
    """Post the answer for everyone in the channel, then remove the private copy."""
    ack()
    responder: Responder = context["responder"]
    reply = responder.from_ref(action.get("value", ""))
    if reply is None:
        post_to_response_url(body["response_url"], {"replace_original": True, "response_type": "ephemeral", **GONE})
        return
    sharer = body.get("user", {}).get("id", "")
    message = with_note(
        render(reply, shareable=False), f"Shared by <@{sharer}> with `/pim`" if sharer else "Shared with `/pim`"
    )
    url = body["response_url"]
    if post_to_response_url(url, {"response_type": "in_channel", "replace_original": False, **message}):
        post_to_response_url(url, {"delete_original": True})
    log.info("answer shared in channel: %s", action.get("value", ""))
