"""`/pim`: answered straight in the acknowledgement, as an ephemeral message only the asker sees."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext

from bot.replies import EntryReply, Responder, SubscriptionReply
from bot.slack.blocks import render
from bot.slack.text import from_slack

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.command("/pim")(answer_pim_command)


def answer_pim_command(ack: Ack, command: dict, context: BoltContext) -> None:
    responder: Responder = context["responder"]
    reply = responder.reply(
        from_slack(command.get("text", "")), channel=command.get("channel_id"), user=command.get("user_id")
    )
    # A changed subscription concerns everyone in the channel, so it is announced there.
    visible = isinstance(reply, SubscriptionReply) and reply.changed
    ack(response_type="in_channel" if visible else "ephemeral", **render(reply, shareable=not visible))
    # What was asked stays out of the log: only the kind of answer, and which entry when one was shown.
    log.debug("/pim answered with %s %s", type(reply).__name__, reply.entry.id if isinstance(reply, EntryReply) else "")
