"""Build the requests Slack sends: signed slash commands and button presses, as raw HTTP bodies."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from slack_sdk.signature import SignatureVerifier

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
USER_ID = "U123ASKER"


@dataclass
class HttpResult:
    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> dict:
        return json.loads(self.body)


_triggers = itertools.count(1)


def _trigger_id() -> str:
    """Slack gives every command and button press its own trigger_id, so no two real bodies are the same."""
    return f"{next(_triggers)}.{time.time_ns()}.abc"


def slash_command(text: str, response_url: str, command: str = "/pim", user: str = USER_ID) -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": "T1",
            "team_domain": "pim-team",
            "channel_id": "C123",
            "channel_name": "protection-im",
            "user_id": user,
            "user_name": "asker",
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "response_url": response_url,
            "trigger_id": _trigger_id(),
        }
    )


def button_press(action_id: str, value: str, response_url: str, ephemeral: bool = True) -> str:
    payload = {
        "type": "block_actions",
        "user": {"id": USER_ID, "username": "asker", "team_id": "T1"},
        "api_app_id": "A1",
        "token": "legacy",
        "container": {"type": "message", "message_ts": "1.1", "channel_id": "C123", "is_ephemeral": ephemeral},
        "trigger_id": _trigger_id(),
        "team": {"id": "T1", "domain": "pim-team"},
        "channel": {"id": "C123", "name": "protection-im"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b1",
                "type": "button",
                "value": value,
                "text": {"type": "plain_text", "text": "x"},
                "action_ts": "1.2",
            }
        ],
    }
    return "payload=" + quote(json.dumps(payload))


def view_submission(callback_id: str, private_metadata: str, values: dict) -> str:
    """A form (modal) submitted: its callback id, the metadata it was opened with, what was typed in it."""
    payload = {
        "type": "view_submission",
        "team": {"id": "T1", "domain": "pim-team"},
        "user": {"id": USER_ID, "username": "asker", "team_id": "T1"},
        "api_app_id": "A1",
        "token": "legacy",
        "trigger_id": _trigger_id(),
        "view": {
            "id": "V1",
            "team_id": "T1",
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": values},
            "hash": "1.abc",
        },
        "response_urls": [],
    }
    return "payload=" + quote(json.dumps(payload))


def event_callback(event: dict, event_id: str) -> str:
    """The Events API envelope around one event, as JSON text."""
    return json.dumps(
        {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": "T1", "user_id": "UPIMBOT", "is_bot": True}],
        }
    )


def mention(text: str, ts: str = "1700000000.000100", user: str = USER_ID, **extra: str) -> dict:
    return {"type": "app_mention", "user": user, "text": f"<@UPIMBOT> {text}", "ts": ts, "channel": "C123", **extra}


def direct_message(text: str, ts: str = "1700000000.000200", **extra: str) -> dict:
    return {"type": "message", "channel_type": "im", "user": USER_ID, "text": text, "ts": ts, "channel": "D123", **extra}


def signed_headers(
    body: str, secret: str = SIGNING_SECRET, timestamp: int | None = None, content_type: str | None = None
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    if content_type is None:
        content_type = "application/json" if body.startswith("{") else "application/x-www-form-urlencoded"
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
    }


def http(method: str, url: str, body: str | None = None, headers: dict[str, str] | None = None) -> HttpResult:
    request = urllib.request.Request(
        url, data=body.encode() if body is not None else None, method=method, headers=headers or {}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return HttpResult(response.status, response.read().decode(), {k.lower(): v for k, v in response.headers.items()})
    except urllib.error.HTTPError as error:
        return HttpResult(error.code, error.read().decode(), {k.lower(): v for k, v in error.headers.items()})
