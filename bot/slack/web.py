"""HTTP mode: Slack's requests on POST /slack/events, health checks and the calendar feed, under uvicorn.

An asynchronous server, so that a slow or hostile client costs a coroutine, not a thread: a body is read in
full (at most `MAX_BODY` bytes, within `body_timeout` seconds) before any thread is involved, and its Slack
signature is checked before anything parses it. Only then does Bolt, which is synchronous, run in a small
pool of threads. Nothing a client sends can reach a traceback: malformed input gets 400, 401 or 413.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.reminders.calendar import Calendar
from bot.reminders.ics import events_ics
from bot.replies import Responder

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024
"""Slack's own payloads are a few KB; anything over this is refused with 413 before it is buffered."""
BOLT_THREADS = 16
"""Threads that run Bolt; only complete, signed requests reach them, so slow clients cannot hold them."""
SIGNATURE_AGE = 5 * 60
"""Slack's window: a request whose timestamp is further from now than this is refused."""

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class _Refused(Exception):
    """The request ends here with this status and a short plain-text reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class WebApp:
    """The ASGI application: routes, body limits, the signature check, and Bolt in a thread pool."""

    def __init__(
        self,
        bolt_app: App,
        current_responder: Callable[[], Responder] | None,
        signing_secret: str,
        *,
        ics_token: str | None = None,
        body_timeout: float = 10.0,
        calendar: Calendar | None = None,
        ready: Callable[[], bool] | None = None,
        on_start: Callable[[], None] | None = None,
        on_stop: Callable[[], None] | None = None,
    ) -> None:
        self.bolt_app = bolt_app
        self.current_responder = current_responder
        self.verifier = SignatureVerifier(signing_secret)
        self.ics_token = ics_token
        self.body_timeout = body_timeout
        """Seconds a client has to send its whole body; a trickle past this gets 408 and costs nothing meanwhile."""
        self.calendar = calendar
        self.ready = ready
        self.on_start = on_start
        self.on_stop = on_stop
        self.pool = ThreadPoolExecutor(max_workers=BOLT_THREADS, thread_name_prefix="bolt")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        try:
            status, content_type, body, headers = await self._route(scope, receive)
        except _Refused as refused:
            status, content_type, body, headers = refused.status, "text/plain; charset=utf-8", refused.reason.encode(), []
        except Exception as error:  # a bug of ours: say so in the log, never in the answer
            log.error("request failed: %s", type(error).__name__, exc_info=error)
            status, content_type, body, headers = 500, "text/plain; charset=utf-8", b"internal error", []
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", content_type.encode()), *headers],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def _route(self, scope: Scope, receive: Receive) -> tuple[int, str, bytes, list[tuple[bytes, bytes]]]:
        method, path = scope["method"], scope["path"]
        if path == "/slack/events":
            if method != "POST":
                raise _Refused(405, "POST only")
            return await self._slack(scope, receive)
        if method not in ("GET", "HEAD"):
            raise _Refused(405 if path in ("/healthz", "/readyz", "/events.ics") else 404, "not found")
        if path == "/healthz":
            entries = len(self.current_responder().kb) if self.current_responder else 0
            return 200, "application/json", json.dumps({"status": "ok", "entries": entries}).encode(), []
        if path == "/readyz":
            ready = await asyncio.get_running_loop().run_in_executor(self.pool, self.ready) if self.ready else True
            body = json.dumps({"status": "ready" if ready else "database unavailable"}).encode()
            return (200 if ready else 503), "application/json", body, []
        if path == "/events.ics" and self._ics_allowed(scope):
            feed = await asyncio.get_running_loop().run_in_executor(self.pool, self._calendar_feed)  # off the loop
            return 200, "text/calendar; charset=utf-8", feed, [(b"content-disposition", b"inline; filename=pim-events.ics")]
        raise _Refused(404, "not found")

    def _ics_allowed(self, scope: Scope) -> bool:
        """The feed holds meeting links: only with the secret token in the address, and never when none is set."""
        if not self.ics_token or self.calendar is None:
            return False
        given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
        return hmac.compare_digest(given.encode(), self.ics_token.encode())

    def _calendar_feed(self) -> bytes:
        if self.calendar is None:
            return events_ics([])
        self.calendar.refresh_soon()
        return events_ics(self.calendar.reminded())

    async def _slack(self, scope: Scope, receive: Receive) -> tuple[int, str, bytes, list[tuple[bytes, bytes]]]:
        headers = _headers(scope)
        raw = await _read_body(headers, receive, self.body_timeout)
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _Refused(400, "the body is not UTF-8") from None
        self._check_signature(body, headers)
        query = scope.get("query_string", b"").decode("latin-1")
        loop = asyncio.get_running_loop()
        response: BoltResponse = await loop.run_in_executor(self.pool, self._dispatch, body, query, headers)
        out_headers = [
            (name.encode("latin-1"), value.encode("latin-1"))
            for name, values in response.headers.items()
            if name.lower() != "content-type"
            for value in values
        ]
        content_type = response.headers.get("content-type", ["text/plain; charset=utf-8"])[0]
        payload = response.body.encode() if isinstance(response.body, str) else bytes(response.body or b"")
        return response.status, content_type, payload, out_headers

    def _check_signature(self, body: str, headers: dict[str, str]) -> None:
        """Slack's signature, checked before anything parses the body; a malformed timestamp is simply invalid."""
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not timestamp.isdigit() or not signature:
            raise _Refused(401, "invalid signature")
        if not self.verifier.is_valid(body=body, timestamp=timestamp, signature=signature):
            raise _Refused(401, "invalid signature")

    def _dispatch(self, body: str, query: str, headers: dict[str, str]) -> BoltResponse:
        try:
            request = BoltRequest(body=body, query=query, headers={k: [v] for k, v in headers.items()})
        except Exception:  # a signed but malformed body ("payload=notjson"): Slack never sends one
            return BoltResponse(status=400, body="malformed body")
        return self.bolt_app.dispatch(request)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if self.on_start:
                    self.on_start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.on_stop:
                    await asyncio.get_running_loop().run_in_executor(None, self.on_stop)
                self.pool.shutdown(wait=True)
                await send({"type": "lifespan.shutdown.complete"})
                return


def _headers(scope: Scope) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}


async def _read_body(headers: dict[str, str], receive: Receive, timeout: float) -> bytes:
    """The whole body, refused early when it is too big (by its announced length, or while it arrives) or too slow."""
    length = headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise _Refused(400, "invalid Content-Length")
        if int(length) > MAX_BODY:
            raise _Refused(413, f"body over {MAX_BODY // 1024} KB")

    async def read() -> bytes:
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Refused(400, "client went away")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                raise _Refused(413, f"body over {MAX_BODY // 1024} KB")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    try:
        return await asyncio.wait_for(read(), timeout)
    except TimeoutError:
        raise _Refused(408, "body too slow") from None


def serve(app: WebApp | str, host: str, port: int, workers: int = 1, max_connections: int = 1000) -> None:
    """Run uvicorn: `app` itself in this process, or, for several workers, an import string of a factory.
    Past `max_connections` open connections (idle ones included), a new request gets 503.

    SIGTERM is a graceful stop (requests in flight finish, the scheduler stops): uvicorn re-raises the signal
    once it is done, and the quiet handler set here makes that an exit with status 0, not a kill.
    """
    import signal

    import uvicorn

    signal.signal(signal.SIGTERM, lambda signum, frame: None)

    uvicorn.run(
        app,
        host=host,
        port=port,
        workers=workers if isinstance(app, str) else None,
        factory=isinstance(app, str),
        access_log=False,  # the address may carry the calendar token; requests are not worth a log line each
        log_config=None,  # pimbot's own logging setup (bot.logs) applies
        timeout_keep_alive=5,
        timeout_graceful_shutdown=20,
        limit_concurrency=max_connections,
        lifespan="on",
    )
