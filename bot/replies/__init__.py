"""What pimbot answers to a line of `/pim ...`: the reply types (definitions and advice in `types`, reminders in
`reminder_types`, admins' in `admin_types`), the `/pim` grammar, the responder and the button-value codec (`refs`).
Nothing here knows about Slack."""

from bot.replies import refs
from bot.replies.admin_types import GapsReply, ReloadReply
from bot.replies.base import DATABASE_DOWN, BaseReply
from bot.replies.grammar import COLLECTIONS, Command, parse_command
from bot.replies.reminder_types import EventsReply, SubscriptionReply
from bot.replies.responder import Responder
from bot.replies.routing import SITUATION_MIN_WORDS
from bot.replies.types import (
    AdviceReply,
    ChoicesReply,
    CollectionReply,
    ComparisonReply,
    EnglishOnlyReply,
    EntryReply,
    FollowUpReply,
    GlossaryReply,
    HelpReply,
    NotFoundReply,
    Reply,
    ThanksReply,
)

__all__ = [
    "COLLECTIONS",
    "DATABASE_DOWN",
    "SITUATION_MIN_WORDS",
    "AdviceReply",
    "BaseReply",
    "ChoicesReply",
    "CollectionReply",
    "Command",
    "ComparisonReply",
    "EnglishOnlyReply",
    "EntryReply",
    "EventsReply",
    "FollowUpReply",
    "GapsReply",
    "GlossaryReply",
    "HelpReply",
    "NotFoundReply",
    "ReloadReply",
    "Reply",
    "Responder",
    "SubscriptionReply",
    "ThanksReply",
    "parse_command",
    "refs",
]
