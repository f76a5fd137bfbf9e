"""Buttons: open what a button refers to (an entry, more tools, a clarifying answer) and share an answer."""

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
    app.action(re.compile(rf"^{ACTION_OPEN}_\w+$"))(open_ref)
    app.action(ACTION_SHARE)(share_in_channel)


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
    message = render(reply, shareable=private) if reply else GONE
    replace = private or not ref.startswith("entry:")
    payload = {"replace_original": replace, "response_type": "ephemeral" if private or not replace else "in_channel"}
    post_to_response_url(body["response_url"], {**payload, **message})


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
