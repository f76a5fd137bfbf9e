"""Listeners grouped by the kind of Slack request they answer, each module with `register(app)`."""

from slack_bolt import App

from bot.slack.listeners import actions, commands, events, views


def register(app: App) -> None:
    commands.register(app)
    actions.register(app)
    events.register(app)
    views.register(app)
