"""Sending to Slack with retries: a 429 waits for Retry-After, a 5xx or a dropped connection is tried again.

slack_sdk only retries connection errors by default; these handlers make the rest explicit, and are
shared by the Web API client and by replies sent to a command's `response_url`.

Sending happens in the background (`send_later`), after the request was acknowledged: a retry that
waits for Retry-After must never hold up Slack's 3-second acknowledgement. The pool's threads are
joined when the process exits, so a SIGTERM lets replies in flight finish.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

log = logging.getLogger(__name__)
MAX_RETRIES = 3
TIMEOUT_SECONDS = 10
TOKEN_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type"}
)
"""Slack's answers that say the bot token itself is wrong: no retry mends them, only a person with a new token."""
_senders = ThreadPoolExecutor(max_workers=16, thread_name_prefix="slack-send")


def retry_handlers() -> list[RetryHandler]:
    return [
        ConnectionErrorRetryHandler(max_retry_count=MAX_RETRIES),
        RateLimitErrorRetryHandler(max_retry_count=MAX_RETRIES),
        ServerErrorRetryHandler(max_retry_count=MAX_RETRIES),
    ]


def web_client(token: str | None, base_url: str) -> WebClient:
    return WebClient(token=token, base_url=base_url, timeout=TIMEOUT_SECONDS, retry_handlers=retry_handlers())


def post_to_response_url(url: str, payload: dict) -> bool:
    """Send a reply through a command's or button's `response_url`; True when Slack accepted it."""
    client = WebhookClient(url, timeout=TIMEOUT_SECONDS, retry_handlers=retry_handlers())
    try:
        response = client.send_dict(payload)
    except Exception:  # network failure after every retry: log without the payload, which holds user text
        log.exception("reply to response_url failed after retries")
        return False
    if response.status_code != 200:
        log.error("reply to response_url refused: HTTP %s", response.status_code)
        return False
    return True


def send_later(task: Callable[..., object], *args: object, **kwargs: object) -> Future:
    """Run a sending task in the background; its failure is logged (without the payload, which holds user text)."""

    def run() -> None:
        try:
            task(*args, **kwargs)
        except Exception as exc:
            log.error("sending to Slack failed after retries: %s", type(exc).__name__)

    return _senders.submit(run)


def reply_later(url: str, *payloads: dict) -> Future:
    """Send replies to a response_url in order, in the background; stop at the first Slack refuses."""

    def send_in_order() -> None:
        for payload in payloads:
            if not post_to_response_url(url, payload):
                return

    return send_later(send_in_order)
