"""Forms (modals): the need a user describes after the clarifying question, answered where the question was."""

from __future__ import annotations

import json
import logging

from slack_bolt import Ack, App, BoltContext

from bot.replies import Responder
from bot.slack.advice_blocks import FORM_DESCRIBE
from bot.slack.blocks import render
from bot.slack.delivery import reply_later
from bot.slack.text import from_slack

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.view(FORM_DESCRIBE)(answer_description)


def answer_description(ack: Ack, view: dict, context: BoltContext) -> None:
    """Close the form and replace the question with tools for what was described: never the question again."""
    ack()
    responder: Responder = context["responder"]
    try:
        sent = json.loads(view.get("private_metadata") or "{}")
        typed = view["state"]["values"]["need"]["text"]["value"] or ""
    except (ValueError, KeyError, TypeError):
        log.warning("a description form came back without its fields")
        return
    if not isinstance(sent, dict) or not sent.get("response_url"):
        return
    reply = responder.described(str(sent.get("situation", "")), from_slack(typed))
    private = sent.get("private", True) is not False  # a thread reply to a mention is updated for everyone, as it was
    payload = {"replace_original": True, "response_type": "ephemeral" if private else "in_channel"}
    reply_later(sent["response_url"], {**payload, **render(reply, shareable=private)})
