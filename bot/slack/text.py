"""Slack's text conventions: what arrives (HTML entities) and what we send back (mrkdwn, never a live ping)."""

from __future__ import annotations

import re
from datetime import datetime

from bot import messages
from bot.messages import say
from bot.reminders.events import Event, local_time
from bot.text.echo import one_line

_LIVE_MENTION = re.compile(r"@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)
ZERO_WIDTH_SPACE = "\u200b"


_MARKUP = re.compile(r"<([@#!])[^>]*>")
_SPACES = re.compile(r"[ \t]{2,}")
_LABELLED_LINK = re.compile(r"<(?:https?|mailto):[^|>]*\|([^>]*)>")


def from_slack(text: str) -> str:
    """The text a person typed: mentions of people, channels and groups (`<@U1>`, `<#C1|name>`, `<!here>`)
    removed, so they are never looked up as terms or kept; a labelled link reduced to its label; and the three
    entities Slack encodes decoded."""
    text = _LABELLED_LINK.sub(r"\1", _MARKUP.sub(" ", text))
    return _SPACES.sub(" ", text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")).strip()


def escape(text: str) -> str:
    """Make user text safe to echo in mrkdwn: no `<!channel>`, `<@U1>` or `<http://...>` can form.

    Slack only turns `<...>` sequences into mentions and links, so escaping `&`, `<` and `>` is enough;
    a bare `@channel` is also broken with a zero-width space in case a client links names.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LIVE_MENTION.sub("@" + ZERO_WIDTH_SPACE, text)


def quote_user_text(text: str, limit: int = 100) -> str:
    """User text shown back to them: one line, shortened, without phone numbers or emails, escaped."""
    return escape(one_line(text, limit))


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def slack_date(moment: datetime, event: Event, style: str | None = None) -> str:
    """Slack's date markup, which each reader sees in their own time zone; the fallback uses the event's.
    `style` is Slack's date format ("{date_long_pretty} at {time}" by default)."""
    style = style or say(messages.DATE_AT_TIME)
    return f"<!date^{int(moment.timestamp())}^{style}|{local_time(event, moment)}>"
