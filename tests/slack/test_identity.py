"""The bot's identity in Slack (bot/slack/identity.py): asked in the background, never waited on for long."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient

from bot.slack import identity as identity_module
from bot.slack.identity import BotIdentity
from bot.testing.fake_slack import FakeSlack
from bot.testing.slack_requests import BOT_TOKEN


def identity_of(fake: FakeSlack) -> BotIdentity:
    return BotIdentity(WebClient(token=BOT_TOKEN, base_url=fake.url))  # no retries: one call per ask


def test_while_slack_fails_a_request_gets_the_token_alone_and_the_identity_once_slack_answers(
    fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_slack.fail_next("/api/auth.test", 503)
    identity = identity_of(fake_slack)
    first = identity.authorize("E1", "T1", "U1")
    assert first is not None and first.bot_token == BOT_TOKEN and first.bot_user_id is None and first.team_id == "T1"
    assert not identity.refused, "a 5xx is Slack not answering, not a refused token"
    assert identity.authorize("E1", "T1", "U1") is not None
    assert len(fake_slack.calls_to("/api/auth.test")) == 1, "not asked again before RETRY_SECONDS"
    monkeypatch.setattr(identity_module, "RETRY_SECONDS", 0.0)
    later = identity.authorize("E1", "T1", "U1")
    assert later is not None and later.bot_user_id and later.bot_id and later.user_id == "U1"
    identity.authorize("E1", "T1", "U1")
    assert len(fake_slack.calls_to("/api/auth.test")) == 2, "once known, never asked again"


def test_a_refused_token_authorises_nothing(fake_slack: FakeSlack) -> None:
    fake_slack.fail_next("/api/auth.test", 200, error="invalid_auth")
    identity = identity_of(fake_slack)
    assert identity.authorize(None, "T1", "U1") is None and identity.refused
