"""The reminder as posted in a channel: start time in each reader's own time zone, links, and "late" when it is."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import messages
from bot.messages import say
from bot.reminders.events import Event, describe_length, describe_span, local_time
from bot.reminders.posting import LATE_AFTER, CannotCheck, NotPosted, OutcomeUnknown, Reminder
from bot.slack.block_kit import Message, fit_to_slack
from bot.slack.delivery import TIMEOUT_SECONDS, TOKEN_ERRORS
from bot.slack.text import escape, slack_date

ACTION_JOIN = "pim_event_join"
ACTION_CALENDAR = "pim_event_calendar"
"""Link buttons: Slack opens the address itself, and still tells the app of the click, which must be acknowledged."""
_TOKEN = "The bot token no longer works: reinstall the app and set SLACK_BOT_TOKEN again."
_NOT_ALLOWED = "The workspace does not let pimbot post there: ask a workspace admin."
NEEDS_A_PERSON = {
    "not_in_channel": "pimbot is not in that channel: invite it there (/invite @pimbot), or unsubscribe the channel.",
    "channel_not_found": "The channel is gone, or private without pimbot in it: invite pimbot, or unsubscribe it.",
    "is_archived": "The channel is archived: unsubscribe it, or take it out of PIM_REMINDER_CHANNEL.",
    **dict.fromkeys(TOKEN_ERRORS, _TOKEN),
    "missing_scope": "The app lacks a permission it needs: reinstall it from manifest.yml.",
    "restricted_action": _NOT_ALLOWED,
    "no_permission": _NOT_ALLOWED,
}
"""Slack's refusals that trying again cannot mend, with what an operator can do (logged once per reminder)."""


def calendar_link(event: Event, start: datetime) -> str:
    """An "add to Google Calendar" address; Outlook users can subscribe to /events.ics instead."""
    end = start + event.duration

    def stamp(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{stamp(start)}/{stamp(end)}",
        "details": f"{event.description}\n{event.url}",
    }
    if event.location:
        query["location"] = event.location
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def render_reminder(reminder: Reminder, now: datetime) -> Message:
    event, start = reminder.event, reminder.occurrence
    until = start - now
    if until.total_seconds() > 0:
        when = say(messages.REMINDER_STARTS_IN, date=slack_date(start, event), span=describe_span(until))
    else:
        when = say(messages.REMINDER_STARTS, date=slack_date(start, event))
    lasts = say(messages.REMINDER_LASTS, span=describe_length(event.duration))
    lines = [f"*{event.kind_label}* {when} ({lasts})"]
    if event.location:
        lines.append(f"*{say(messages.LABEL_WHERE)}:* {escape(event.location)}")
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": event.title}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": escape(event.description)}},
        {
            "type": "actions",
            "elements": [
                {"type": "button", "text": {"type": "plain_text", "text": say(messages.BUTTON_JOIN)}, "url": event.url,
                 "action_id": ACTION_JOIN, "style": "primary"},
                {"type": "button", "text": {"type": "plain_text", "text": say(messages.BUTTON_ADD_TO_CALENDAR)},
                 "url": calendar_link(event, start), "action_id": ACTION_CALENDAR},
            ],
        },
    ]  # fmt: skip
    late = now - reminder.due_at
    if late > LATE_AFTER:
        blocks.append(_late_note(late))
    fallback = local_time(event, start)
    # the fallback is what notifications show: the title is escaped like the description, so it pings nobody
    text = say(messages.REMINDER_TEXT, title=escape(event.title), kind=event.kind_label, when=fallback, url=event.url)
    if late > LATE_AFTER:
        text = say(messages.REMINDER_LATE_TEXT, text=text)
    return fit_to_slack({"text": text, "blocks": blocks})


def _late_note(late: timedelta) -> dict:
    note = say(messages.REMINDER_LATE, late=describe_span(late))
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": note}]}


REMINDER_EVENT_TYPE = "pim_reminder"
"""Slack message metadata on every reminder: its key, so a reminder can be found in the channel later."""
RATE_LIMIT_WAITS = 3
"""How many times a post waits out a 429 (each wait within the claim's deadline) before giving up for now."""
HISTORY_PAGES = 5


class SlackReminders:
    """Posts reminders with the bot token, and finds them again by their metadata.

    No automatic retry of a post: a retry after a timeout could post twice. Only a 429 (certainly not
    posted) is waited out, and only within the claim's deadline; a timeout, a dropped connection or a 5xx
    is reported as an unknown outcome, resolved by `find` before any new try (bot.reminders.posting).
    """

    def __init__(self, token: str | None, base_url: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.token = token
        self.base_url = base_url
        self.timeout = timeout

    def post(self, reminder: Reminder, now: datetime, within: timedelta) -> str | None:
        deadline = datetime.now(UTC) + within
        message = render_reminder(reminder, now)
        metadata = {"event_type": REMINDER_EVENT_TYPE, "event_payload": {"key": reminder.key}}
        for _ in range(RATE_LIMIT_WAITS + 1):
            left = (deadline - datetime.now(UTC)).total_seconds()
            if left < 1:
                break
            # retry_handlers=[]: the Slack client would otherwise post again after a dropped connection by itself
            client = WebClient(token=self.token, base_url=self.base_url, timeout=min(self.timeout, left), retry_handlers=[])
            try:
                response = client.chat_postMessage(
                    channel=reminder.channel, unfurl_links=False, metadata=metadata, **message
                )
                return response.get("ts")
            except SlackApiError as error:
                status = error.response.status_code
                if status >= 500:
                    raise OutcomeUnknown(f"HTTP {status}") from None
                if status != 429:
                    code = str(error.response.get("error") or f"HTTP {status}")
                    raise NotPosted(code, code in NEEDS_A_PERSON, NEEDS_A_PERSON.get(code, "")) from None
                wait = _retry_after(error.response.headers)
                if wait >= (deadline - datetime.now(UTC)).total_seconds() - 1:
                    raise NotPosted(f"rate limited for {wait:.0f} s, past this try's deadline") from None
                time.sleep(wait)
            except OSError as error:  # a timeout or a dropped connection: Slack may have posted it
                raise OutcomeUnknown(type(error).__name__) from None
        raise NotPosted("no time left before the claim's deadline")

    def find(self, reminder: Reminder) -> str | None:
        client = WebClient(token=self.token, base_url=self.base_url, timeout=self.timeout)
        oldest = f"{(reminder.due_at - timedelta(minutes=1)).timestamp():.6f}"
        cursor = None
        try:
            for _ in range(HISTORY_PAGES):
                page = client.conversations_history(
                    channel=reminder.channel, oldest=oldest, include_all_metadata=True, limit=200, cursor=cursor
                )
                for message in page.get("messages", []):
                    metadata = message.get("metadata") or {}
                    payload = metadata.get("event_payload") or {}
                    if metadata.get("event_type") == REMINDER_EVENT_TYPE and payload.get("key") == reminder.key:
                        return message.get("ts")
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return None
        except SlackApiError as error:
            raise CannotCheck(str(error.response.get("error") or error.response.status_code)) from None
        except OSError as error:
            raise CannotCheck(type(error).__name__) from None
        raise CannotCheck(f"more than {HISTORY_PAGES * 200} messages since it was due")


def _retry_after(headers: dict) -> float:
    for name, value in headers.items():
        if name.lower() == "retry-after":
            try:
                return max(float(value if isinstance(value, str) else value[0]), 0.0)
            except (TypeError, ValueError, IndexError):
                return 1.0
    return 1.0
