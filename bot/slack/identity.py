"""Who the bot is in Slack (auth.test), asked in the background, so that answering never waits on Slack for it.

Bolt's own single-workspace check asks auth.test on the first request and, when Slack's Web API cannot be
reached, fails that request and every later one with a 500 after the client's timeout: a `/pim define` needs
nothing from Slack's Web API (its answer goes back in the HTTP response) and should still be answered. Here
the identity is asked at start and again at most every RETRY_SECONDS while unknown; a request waits for an ask in
flight only until WAIT_SECONDS after it began, and without an answer is authorised with the bot token alone.
"""

from __future__ import annotations

import logging
import threading
import time

from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web import SlackResponse

from bot.slack.delivery import TOKEN_ERRORS

log = logging.getLogger(__name__)
WAIT_SECONDS = 1.0
"""How long a request waits for an auth.test already asked: Slack drops a command not answered within 3 s."""
RETRY_SECONDS = 30.0
"""While Slack has not answered, auth.test is asked again at most this often (by requests that find it unknown)."""


class BotIdentity:
    """The bot's identity once Slack answered auth.test, or that Slack refused the token (`refused`)."""

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self.refused = False
        self.known: SlackResponse | None = None
        self._asking: threading.Thread | None = None
        self._asked_at = float("-inf")
        self._unreachable_said = False
        self._lock = threading.Lock()

    def check_soon(self) -> threading.Thread | None:
        """Ask auth.test in the background, unless an ask is in flight, the answer is known, or the last ask was
        under RETRY_SECONDS ago; the thread asking, if any."""
        with self._lock:
            if self.known is not None or self.refused:
                return None
            if self._asking is not None and self._asking.is_alive():
                return self._asking
            if time.monotonic() - self._asked_at < RETRY_SECONDS:
                return None
            self._asked_at = time.monotonic()
            self._asking = threading.Thread(target=self._ask, name="token-check", daemon=True)
            self._asking.start()
            return self._asking

    def _ask(self) -> None:
        try:
            answer = self.client.auth_test()
        except SlackApiError as error:
            reason = error.response.get("error") or f"HTTP {error.response.status_code}"
            if reason not in TOKEN_ERRORS:  # any other error (a 5xx, "fatal_error") is Slack not answering
                self._say_unreachable(reason)
                return
            self.refused = True
            log.error(
                "Slack refuses SLACK_BOT_TOKEN (%s): set it to the Bot User OAuth Token of the app's Install App page",
                reason,
            )
        except (SlackClientError, OSError) as error:
            self._say_unreachable(type(error).__name__)
        else:
            self.known = answer
            if self._unreachable_said:
                log.info("Slack's Web API answers again")

    def _say_unreachable(self, reason: str) -> None:
        if not self._unreachable_said:  # said once: it is asked again every RETRY_SECONDS while requests come
            self._unreachable_said = True
            log.warning(
                "Slack's Web API at %s did not answer (%s): commands are still answered, but replies that "
                "Slack must deliver wait for it",
                self.client.base_url,
                reason,
            )

    def authorize(self, enterprise_id: str | None, team_id: str | None, user_id: str | None) -> AuthorizeResult | None:
        """Bolt's `authorize`: the bot's identity, or only its token while Slack has not answered; None once Slack
        refused the token (Bolt then tells the user the app is not installed properly)."""
        if self.known is None and not self.refused:
            asking = self.check_soon()
            if asking is not None:  # at most WAIT_SECONDS after the ask began: later requests do not wait at all
                asking.join(max(0.0, self._asked_at + WAIT_SECONDS - time.monotonic()))
        if self.refused:
            return None
        known, token = self.known, self.client.token
        if known is None:
            return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token=token, user_id=user_id)
        return AuthorizeResult(  # as Bolt's single-workspace check makes it from the same answer
            enterprise_id=known.get("enterprise_id"),
            team_id=known.get("team_id"),
            bot_id=known.get("bot_id"),
            bot_user_id=known.get("user_id"),
            bot_token=token,
            user_id=user_id,
            bot_scopes=known.headers.get("x-oauth-scopes"),
        )
