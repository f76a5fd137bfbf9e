"""The baseline for the HTTP figures: a Bolt app that only acknowledges /pim, served exactly like pimbot."""

from __future__ import annotations

import os

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.web import WebApp, serve


def main() -> None:
    app = App(
        client=WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        token_verification_enabled=False,
        process_before_response=True,  # the same settings as pimbot's app: only the listener differs
    )
    app.command("/pim")(lambda ack: ack())
    serve(WebApp(app, None, os.environ["SLACK_SIGNING_SECRET"]), "127.0.0.1", int(os.environ["PORT"]))


if __name__ == "__main__":
    main()
