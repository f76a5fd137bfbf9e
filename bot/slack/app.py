"""Build the Bolt app: one factory, so the server, Socket Mode and the tests all get the same app."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.config import Settings
from bot.replies import Responder
from bot.slack import listeners
from bot.slack.delivery import web_client
from bot.slack.redelivery import SeenOnce
from bot.storage.curation import Curation

log = logging.getLogger(__name__)
BOLT_LOG = logging.getLogger("bot.slack.bolt")


class _WithoutTokenUnusedWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and, given pimbot's client too, warns at every start that the token will be
    unused: the client carries that very token, and the warning only looks like a misconfiguration."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


BOLT_LOG.addFilter(_WithoutTokenUnusedWarning())


class PimbotMiddleware(Middleware):
    """Runs before every listener: drops an event Slack delivered again and a request replayed by someone else,
    and hands listeners the responder.

    A Middleware subclass rather than a decorated function: Bolt calls it directly, without working out
    which arguments to pass, which is a third of a request's time in a busy server.
    """

    def __init__(self, current_responder: Callable[[], Responder], seen: SeenOnce, curation: Curation | None) -> None:
        self.current_responder = current_responder
        self.seen = seen
        self.curation = curation

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        event_id = req.body.get("event_id")
        if event_id and not self.seen.event(event_id):
            log.info("event delivered again, already answered: %s", event_id)
            return BoltResponse(status=200, body="")
        signature = (req.headers.get("x-slack-signature") or [""])[0]
        if not event_id and signature and not self.seen.request(signature):
            log.warning("a signed request was sent again (a replay), not answered")
            return BoltResponse(status=200, body="")
        req.context["responder"] = self.current_responder()
        req.context["seen"] = self.seen
        req.context["curation"] = self.curation
        return next()


class TokenCheck:
    """Whether Slack refused the bot token when asked at start (not yet known: not refused)."""

    def __init__(self) -> None:
        self.refused = False
        self.thread: threading.Thread | None = None


def check_token_soon(client: WebClient) -> TokenCheck:
    """Ask Slack once, in the background, whether the bot token works: a refused token is said in the log at start,
    with what to do, rather than found by users as Bolt's "installation no longer available", and /readyz answers
    503; an unreachable Slack is a warning, and the app starts all the same (Bolt checks the token again on the first
    request)."""
    result = TokenCheck()

    def check() -> None:
        try:
            client.auth_test()
        except SlackApiError as error:
            result.refused = True
            reason = error.response.get("error") or f"HTTP {error.response.status_code}"
            log.error(
                "Slack refuses SLACK_BOT_TOKEN (%s): set it to the Bot User OAuth Token of the app's Install App page",
                reason,
            )
        except (SlackClientError, OSError) as error:
            log.warning("Slack's Web API at %s did not answer (%s): answers need it", client.base_url, type(error).__name__)

    result.thread = threading.Thread(target=check, name="token-check", daemon=True)
    result.thread.start()
    return result


def build_app(
    settings: Settings,
    current_responder: Callable[[], Responder],
    *,
    socket_mode: bool = False,
    client: WebClient | None = None,
    seen: SeenOnce | None = None,
    curation: Curation | None = None,
) -> App:
    """A Bolt app answering `/pim`, reaching Slack's Web API at `settings.slack_api_url`.

    `current_responder` is asked on every request, so a reloaded knowledge base takes effect at once.
    `seen` decides which events and votes are new; without one, this process's memory does.
    The token is checked on the first request rather than at start-up, so the server comes up (and
    answers /healthz) even while Slack is unreachable.
    """
    app = App(
        client=client or web_client(settings.bot_token, settings.slack_api_url),
        signing_secret=settings.signing_secret,
        request_verification_enabled=not socket_mode,
        token_verification_enabled=False,
        # Listeners answer within a millisecond or two and hand any sending to bot.slack.delivery's pool,
        # so they run in the request's own thread: no waiting on Bolt's 10 ms polling for ack().
        process_before_response=True,
        logger=BOLT_LOG,
    )

    secret = settings.signing_secret or settings.bot_token or ""
    app.use(PimbotMiddleware(current_responder, seen or SeenOnce(None, secret), curation))

    @app.error
    def log_error(error: Exception) -> None:
        # The request body holds what the user typed: log the failure, never the body.
        log.error("listener failed: %s", type(error).__name__, exc_info=error)

    listeners.register(app)
    return app
