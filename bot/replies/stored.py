"""The `/pim` commands that read or write the database: gaps for admins, and channel subscriptions.

Each says plainly when the database is down instead of failing the whole reply.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot import messages
from bot.knowledge.entries import KnowledgeBase
from bot.knowledge.freshness import due_for_review
from bot.messages import say
from bot.replies.admin_types import GapsReply
from bot.replies.base import DATABASE_DOWN
from bot.replies.grammar import SUBSCRIPTION_KINDS
from bot.replies.reminder_types import SubscriptionReply
from bot.text.normalize import normalize

if TYPE_CHECKING:
    from bot.storage.curation import Curation
    from bot.storage.database import Store

log = logging.getLogger(__name__)


def gaps(kb: KnowledgeBase, curation: Curation | None, admin: bool) -> GapsReply:
    """The most-asked unanswered queries, the least helpful answers and the entries due for review."""
    if not admin:
        return GapsReply(None, say(messages.NOT_ADMIN))
    overdue = tuple(due_for_review(kb, datetime.now(UTC).date()))
    if curation is None:
        return GapsReply(None, say(messages.NO_CURATION), overdue)
    try:
        return GapsReply(curation.gaps(kb), overdue=overdue)
    except Exception as error:
        if not database_failed(error):
            raise
        log.warning("gaps not read, database unavailable: %s", type(error).__name__)
        return GapsReply(None, say(messages.DATABASE_DOWN), overdue)


def subscription(store: Store | None, subscribe: bool, argument: str, channel: str | None) -> SubscriptionReply:
    kind = SUBSCRIPTION_KINDS.get(normalize(argument))
    if kind is None:
        return SubscriptionReply(subscribe, argument, problem="unknown kind")
    if channel is None:
        return SubscriptionReply(subscribe, kind, problem="no channel")
    if store is None:
        return SubscriptionReply(subscribe, kind, problem="no database")
    try:
        if kind != "all" and (channel, "all") in store.subscriptions():  # every kind comes already
            if not subscribe:
                store.unsubscribe(channel, kind)  # a kind subscribed before "all" goes, as asked
            return SubscriptionReply(subscribe, kind, under_all=True)
        if subscribe:
            changed = store.subscribe(channel, kind, datetime.now(UTC))
        else:
            changed = store.unsubscribe(channel, None if kind == "all" else kind) > 0
    except Exception as error:
        if not database_failed(error):
            raise
        log.warning("subscription not changed, database unavailable: %s", type(error).__name__)
        return SubscriptionReply(subscribe, kind, problem=DATABASE_DOWN)
    return SubscriptionReply(subscribe, kind, changed)


def database_failed(error: Exception) -> bool:
    """Whether an error came from the database (SQLAlchemy is loaded whenever there is a database to fail)."""
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(error, SQLAlchemyError)
