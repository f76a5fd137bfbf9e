"""The composition root: builds pimbot's services from the settings, and hands each its dependencies.

Every entry point (the command line, uvicorn's workers, the tests) builds through here, so the store, the
live knowledge, the responder, the scheduler and the Slack app are wired in one place. Slack modules are
imported only by the functions that need them: the terminal chat starts without Bolt.
"""

from __future__ import annotations

import atexit
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot import messages_cli
from bot.advice import model_cache
from bot.config import (
    ConfigError,
    Settings,
    default_database,
    default_database_url,
    load_settings,
    mask_credentials,
)
from bot.knowledge.entries import KnowledgeBase
from bot.knowledge.loading import load_knowledge
from bot.logs import setup_logging
from bot.messages import say
from bot.reminders.calendar import Calendar
from bot.replies import ReloadReply, Responder
from bot.snapshot import KnowledgeFolder

if TYPE_CHECKING:
    from slack_bolt import App

    from bot.knowledge.reloading import KnowledgeReloader
    from bot.reminders.scheduler import ReminderService
    from bot.slack.identity import BotIdentity
    from bot.slack.web import WebApp
    from bot.storage.curation import Curation
    from bot.storage.database import Store

log = logging.getLogger("bot")


def open_store(settings: Settings, create: bool = True) -> Store | None:
    """The database; with `create` False, only one that already exists (a command that only reads)."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage.database import Store

    is_default = settings.database_url == default_database_url(settings.data_dir)
    if not create and is_default and not default_database(settings.data_dir).exists():
        return None
    try:
        store = Store(settings.database_url, settings.database_timeout)
        log.info("database: %s", describe_database(settings.database_url))
        return store
    except SQLAlchemyError as error:  # one line naming the database, with its password masked, not a traceback
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        url = settings.database_url
        shown = say(messages_cli.SETTING_DATABASE, url=mask_credentials(url), reason=mask_credentials(reason))
        raise ConfigError(shown) from None


def describe_database(url: str) -> str:
    """Where the data is, for the log: a SQLite file's full path (`sqlite:///x` is relative to the folder pimbot
    started in, `sqlite:////x` absolute), else the address with its password masked."""
    from sqlalchemy.engine import make_url

    if url.startswith("sqlite"):
        database = make_url(url).database or ":memory:"
        return "SQLite, in memory" if database == ":memory:" else f"SQLite file {Path(database).resolve()}"
    return mask_credentials(url)


def build_calendar(settings: Settings, store: Store | None, folder: KnowledgeFolder | None = None) -> Calendar:
    """The events, from `folder` (the watcher shared with the knowledge base) or, without one, read alone."""
    source = folder if folder is not None else settings.knowledge_dir
    return Calendar(source, store, settings.reminder_channels, post_examples=settings.post_examples)


def local_responder(settings: Settings, calendar: Calendar | None = None) -> Responder:
    """A responder for one person at a terminal: no database, every command allowed."""
    model_cache.use(settings.cache_dir)
    return Responder(load_knowledge(settings.knowledge_dir), calendar)


def reminder_service(settings: Settings, calendar: Calendar, store: Store, blocking: bool = False) -> ReminderService:
    from bot.reminders.scheduler import ReminderService
    from bot.slack.reminder_message import SlackReminders

    poster = SlackReminders(settings.bot_token, settings.slack_api_url)
    return ReminderService(
        calendar, store, poster, settings.reminder_grace, blocking=blocking, check_every=settings.check_every
    )


@dataclass
class SlackServices:
    """What answering Slack needs, sharing one database."""

    bolt_app: App
    knowledge: KnowledgeReloader
    calendar: Calendar
    store: Store
    curation: Curation
    reminders: ReminderService | None
    """None when PIM_SCHEDULER=off (another process posts reminders)."""
    identity: BotIdentity | None = None
    """Who the bot is in Slack, and whether Slack refused its token (GET /readyz says so)."""


def slack_services(settings: Settings, socket_mode: bool = False, background: bool = True) -> SlackServices:
    """The Bolt app, the live knowledge and (unless PIM_SCHEDULER=off) the reminder service.

    `background` False builds them without starting their threads (watching the knowledge folder, writing counts,
    asking Slack who the bot is): the parent of several server workers builds them only to check the settings."""
    from bot.knowledge.reloading import KnowledgeReloader
    from bot.slack.app import build_app
    from bot.slack.delivery import web_client
    from bot.slack.identity import BotIdentity
    from bot.slack.redelivery import SeenOnce
    from bot.storage.curation import Curation

    setup_logging()
    model_cache.use(settings.cache_dir)
    store = open_store(settings)
    assert store is not None
    # One watcher over the knowledge folder: the knowledge base and the calendar are views of what it read.
    folder = KnowledgeFolder(settings.knowledge_dir, check_every=settings.reload_seconds)
    calendar = build_calendar(settings, store, folder)
    curation = Curation(store, settings.retention_days)
    if background:
        curation.start()
        atexit.register(curation.stop)  # the counts of the last seconds, on a clean stop (SIGTERM included)

    def make_responder(kb: KnowledgeBase, reload: Callable[[], ReloadReply]) -> Responder:
        return Responder(kb, calendar, curation, settings.admins, reload, subscriptions=store)

    knowledge = KnowledgeReloader(folder, make_responder)
    if background:
        folder.watch()
    log.info("knowledge base loaded: %d entries from %s", len(knowledge.current().kb), settings.knowledge_dir)
    seen = SeenOnce(store, settings.signing_secret or settings.bot_token or "")
    client = web_client(settings.bot_token, settings.slack_api_url)
    identity = BotIdentity(client)
    if background:
        identity.check_soon()  # a refused token is said in the log at start, not found by users
    bolt_app = build_app(
        settings, knowledge.current, socket_mode=socket_mode, client=client, seen=seen, curation=curation, identity=identity
    )
    reminders = reminder_service(settings, calendar, store) if settings.scheduler_enabled else None
    return SlackServices(bolt_app, knowledge, calendar, store, curation, reminders, identity)


def web_app(settings: Settings, background: bool = True) -> WebApp:
    """The HTTP application: Bolt, the live knowledge, the reminder scheduler (started with the server), health.
    `background`: as for `slack_services`."""
    from bot.slack.web import WebApp

    services = slack_services(settings, background=background)
    return WebApp(
        services.bolt_app,
        services.knowledge.current,
        settings.signing_secret or "",
        ics_token=settings.ics_token,
        body_timeout=settings.body_timeout,
        calendar=services.calendar,
        ready=lambda: services.store.reachable() and not (services.identity and services.identity.refused),
        on_start=services.reminders.start if services.reminders else None,
        on_stop=services.reminders.shutdown if services.reminders else None,
    )


def web_app_from_environment() -> WebApp:
    """What each uvicorn worker builds when WEB_CONCURRENCY is above 1."""
    return web_app(load_settings())
