"""The reminder as posted in a channel: start time in each reader's own time zone, links, and "late" when it is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from slack_sdk import WebClient

from bot.events import Event, describe_span
from bot.reminders import LATE_AFTER, Post, Reminder
from bot.slack.blocks import Message, fit_to_slack
from bot.slack.text import escape


def slack_date(moment: datetime, event: Event, style: str = "{date_long_pretty} at {time}") -> str:
    """Slack shows this in each reader's time zone; the fallback text uses the event's own."""
    fallback = moment.astimezone(event.zone).strftime("%a %d %b %Y, %H:%M ") + event.zone_name
    return f"<!date^{int(moment.timestamp())}^{style}|{fallback}>"


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
    when = f"starts {slack_date(start, event)}" + (f", in {describe_span(until)}" if until.total_seconds() > 0 else "")
    lines = [f"*{event.kind_label}* {when} ({describe_span(event.duration)})"]
    if event.location:
        lines.append(f"*Where:* {escape(event.location)}")
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": event.title}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": escape(event.description)}},
        {
            "type": "actions",
            "elements": [
                {"type": "button", "text": {"type": "plain_text", "text": "Join or register"}, "url": event.url,
                 "action_id": "pim_event_join", "style": "primary"},
                {"type": "button", "text": {"type": "plain_text", "text": "Add to calendar"},
                 "url": calendar_link(event, start), "action_id": "pim_event_calendar"},
            ],
        },
    ]  # fmt: skip
    late = now - reminder.due_at
    if late > LATE_AFTER:
        blocks.append(_late_note(late))
    fallback = start.astimezone(event.zone).strftime("%a %d %b %Y, %H:%M ") + event.zone_name
    text = f"Reminder: {event.title} ({event.kind_label}) starts {fallback}. {event.url}"
    if late > LATE_AFTER:
        text = "[Late] " + text
    return fit_to_slack({"text": text, "blocks": blocks})


def _late_note(late: timedelta) -> dict:
    note = f"This reminder is {describe_span(late)} late: pimbot was not running when it was due."
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": note}]}


def slack_poster(client: WebClient) -> Post:
    """Post reminders with the app's Web API client, which retries 429 (after Retry-After), 5xx and network errors."""

    def post(reminder: Reminder, now: datetime) -> str | None:
        response = client.chat_postMessage(channel=reminder.channel, unfurl_links=False, **render_reminder(reminder, now))
        return response.get("ts")

    return post
