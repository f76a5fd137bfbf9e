"""HTTP mode: Slack's requests on POST /slack/events and a health check, served by gunicorn."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, jsonify, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler

from bot.ics import events_ics
from bot.replies import Responder


def create_web_app(bolt_app: App, current_responder: Callable[[], Responder]) -> Flask:
    web = Flask("pimbot")
    handler = SlackRequestHandler(bolt_app)

    @web.post("/slack/events")
    def slack_events() -> Response:
        return handler.handle(request)

    @web.get("/healthz")
    def health() -> tuple[Response, int]:
        responder = current_responder()
        return jsonify(status="ok", entries=len(responder.kb)), 200

    @web.get("/events.ics")
    def events_feed() -> Response:
        calendar = current_responder().calendar
        if calendar is not None:
            calendar.refresh()
        body = events_ics(calendar.events() if calendar else [])
        return Response(body, mimetype="text/calendar", headers={"Content-Disposition": "inline; filename=pim-events.ics"})

    return web


def serve(
    web: Flask,
    port: int,
    threads: int = 8,
    on_start: Callable[[], None] | None = None,
    on_stop: Callable[[], None] | None = None,
) -> None:
    """Run under gunicorn in this process: one worker (so in-process state stays single), several threads.

    `on_start` runs inside the worker once it is up (a scheduler's threads would not survive the fork),
    `on_stop` when the worker exits, after in-flight requests finished (SIGTERM is a graceful stop).
    """
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"0.0.0.0:{port}")
            self.cfg.set("workers", 1)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", threads)
            self.cfg.set("timeout", 30)
            self.cfg.set("graceful_timeout", 20)
            self.cfg.set("accesslog", None)
            if "control_socket_disable" in self.cfg.settings:  # gunicorn 25+: one shared socket path per user
                self.cfg.set("control_socket_disable", True)
            if on_start:
                self.cfg.set("post_worker_init", lambda worker: on_start())
            if on_stop:
                self.cfg.set("worker_exit", lambda server, worker: on_stop())

        def load(self) -> Flask:
            return web

    _Server().run()
