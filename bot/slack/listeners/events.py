"""Mentions in channels and direct messages: the same answers as `/pim`, posted in a thread.

Only people are answered: this bot's own messages are dropped by Bolt, other bots' here. A mention
reaches us as `app_mention` (and, if the app ever subscribes to channel messages, also as `message`);
only `app_mention` answers in channels, so one mention gets one reply.
"""

from __future__ import annotations

import logging
import re

from slack_bolt import App, BoltContext, Say

from bot.replies import Responder
from bot.slack.blocks import render
from bot.slack.delivery import send_later
from bot.slack.text import from_slack

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.event("app_mention")(answer_mention)
    app.event("message")(answer_direct_message)


def answer_mention(event: dict, say: Say, context: BoltContext) -> None:
    if _from_a_bot(event):
        return
    _answer(event, say, context, thread_ts=event.get("thread_ts") or event.get("ts"))


def answer_direct_message(event: dict, say: Say, context: BoltContext) -> None:
    if event.get("channel_type") != "im" or event.get("subtype") or _from_a_bot(event):
        return  # channel messages are answered through app_mention; edits and deletions are not questions
    _answer(event, say, context, thread_ts=event.get("thread_ts"))


def _answer(event: dict, say: Say, context: BoltContext, thread_ts: str | None) -> None:
    responder: Responder = context["responder"]
    text = from_slack(_without_mentions_of(context.bot_user_id, event.get("text", "")))
    reply = responder.reply(text, channel=event.get("channel"), user=event.get("user"))
    send_later(say, thread_ts=thread_ts, **render(reply, shareable=False))
    log.debug("%s answered with %s", event.get("type"), type(reply).__name__)


def _from_a_bot(event: dict) -> bool:
    return bool(event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message")


def _without_mentions_of(user_id: str | None, text: str) -> str:
    if not user_id:
        return text
    return re.sub(rf"<@{re.escape(user_id)}(?:\|[^>]*)?>", " ", text).strip()
