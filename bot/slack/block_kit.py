"""Block Kit's building blocks, and Slack's documented limits that every message is clipped to."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from bot import messages
from bot.messages import say
from bot.slack.text import escape, shorten

Message = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_FIELDS = 10
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_FALLBACK_TEXT = 3000
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTONS_PER_BLOCK = 25


def with_note(message: Message, note: str) -> Message:
    """Add a line of context at the end, e.g. who shared an answer."""
    return fit_to_slack({**message, "blocks": [*message["blocks"], context([note])]})


def fit_to_slack(message: Message) -> Message:
    """Clip every text and count to Slack's documented limits, keeping the message readable."""
    blocks = [fit_block(b) for b in message.get("blocks", [])]
    if len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 1], context([say(messages.MORE_IN_LIST)])]
    return {**message, "text": shorten(message.get("text", ""), MAX_FALLBACK_TEXT), "blocks": blocks}


def fit_block(block: dict) -> dict:
    block = dict(block)
    if block["type"] == "header":
        block["text"] = {**block["text"], "text": shorten(block["text"]["text"], MAX_HEADER_TEXT)}
    elif block["type"] == "section":
        if "text" in block:
            block["text"] = {**block["text"], "text": shorten(block["text"]["text"], MAX_SECTION_TEXT)}
        if "fields" in block:
            block["fields"] = [{**f, "text": shorten(f["text"], MAX_FIELD_TEXT)} for f in block["fields"][:MAX_FIELDS]]
    elif block["type"] == "context":
        block["elements"] = [
            {**e, "text": shorten(e["text"], MAX_SECTION_TEXT)} for e in block["elements"][:MAX_CONTEXT_ELEMENTS]
        ]
    elif block["type"] == "actions":
        block["elements"] = block["elements"][:MAX_BUTTONS_PER_BLOCK]
    return block


def link(url: str) -> str:
    host = urlparse(url).netloc.split(":")[0].removeprefix("www.") or url
    return f"<{url}|{escape(host)}>"


def chunks(items: list[str], limit: int) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    size = 0
    for item in items:
        if parts[-1] and size + len(item) + 3 > limit:
            parts.append([])
            size = 0
        parts[-1].append(item)
        size += len(item) + 3
    return parts


def section(text: str, accessory: dict | None = None) -> dict:
    block: dict = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if accessory:
        block["accessory"] = accessory
    return block


def header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def context(texts: list[str]) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": t} for t in texts]}


def actions(buttons: list[dict]) -> dict:
    return {"type": "actions", "elements": buttons}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    made = {
        "type": "button",
        "text": {"type": "plain_text", "text": shorten(text, MAX_BUTTON_TEXT)},
        "action_id": action_id,
        "value": value,
    }
    if style:
        made["style"] = style
    return made
