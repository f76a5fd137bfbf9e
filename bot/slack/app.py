"""Build the Bolt app: one factory, so the server, Socket Mode and the tests all get the same app."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped, warning_token_skipped
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient

from bot.config import Settings
from bot.replies import Responder
from bot.slack import listeners
from bot.slack.delivery import web_client
from bot.slack.identity import BotIdentity
from bot.slack.redelivery import SeenOnce
from bot.storage.curation import Curation

log = logging.getLogger(__name__)
BOLT_LOG = logging.getLogger("bot.slack.bolt")


class _WithoutTokenUnusedWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and, given pimbot's client and `authorize` too, warns at every start that the
    token will be unused or ignored: the client carries that very token, and `authorize` hands it to every request,
    so the warnings only look like a misconfiguration."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in _TOKEN_WARNINGS


_TOKEN_WARNINGS = frozenset({warning_client_prioritized_and_token_skipped(), warning_token_skipped()})


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


def build_app(
    settings: Settings,
    current_responder: Callable[[], Responder],
    *,
    socket_mode: bool = False,
    client: WebClient | None = None,
    seen: SeenOnce | None = None,
    curation: Curation | None = None,
    identity: BotIdentity | None = None,
) -> App:
    """A Bolt app answering `/pim`, reaching Slack's Web API at `settings.slack_api_url`.

    `current_responder` is asked on every request, so a reloaded knowledge base takes effect at once.
    `seen` decides which events and votes are new; without one, this process's memory does.
    `identity` says who the bot is once Slack answered auth.test (asked in the background: the server comes up, and
    answers commands, even while Slack's Web API is unreachable); without one, the app asks on its first request.
    """
    client = client or web_client(settings.bot_token, settings.slack_api_url)
    known = identity or BotIdentity(client)

    def authorize(enterprise_id: str | None, team_id: str | None, user_id: str | None) -> AuthorizeResult | None:
        return known.authorize(enterprise_id, team_id, user_id)  # Bolt passes arguments by their names

    app = App(
        client=client,
        authorize=authorize,
        signing_secret=settings.signing_secret,
        request_verification_enabled=not socket_mode,
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
